"""``frontdesk costs``: usage and cost of model calls, grouped, as a table, JSON or CSV."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from frontdesk.config import Settings, load_settings
from frontdesk.gateway.usage.report import GROUPS, CostRow, parse_by, total_of
from frontdesk.gateway.usage.timespec import parse_since
from frontdesk.kit.clock import utcnow
from frontdesk.kit.errors import FrontdeskError, InvalidInput

console = Console(stderr=True)
BAR_WIDTH = 20
MIN_BAR_WIDTH = 8
MEASURES = ("requests", "input", "output", "cached", "hits", "saved", "cost")
DROP_FIRST = ("hits", "cached", "saved", "output", "input", "requests")
_EIGHTHS = " ▏▎▍▌▋▊▉"


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def costs(
    by: Annotated[
        str, typer.Option(help=f"Group by, comma-separated: {', '.join(GROUPS)}.")
    ] = "tenant,model",
    since: Annotated[
        str, typer.Option(help="From: 30m, 24h, 7d, 2w back from now, or a date (2026-11-01).")
    ] = "7d",
    until: Annotated[
        str | None, typer.Option(help="Until (not included), like --since. Default: now.")
    ] = None,
    tenant: Annotated[str | None, typer.Option(help="Only this tenant.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """Usage and cost of model calls, grouped: frontdesk costs --by tenant,model --since 7d"""
    try:
        groups = parse_by(by)
        start = parse_since(since)
        end = parse_since(until, name="until") if until else utcnow()
        settings: Settings = load_settings()
    except InvalidInput as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(2) from exc
    except FrontdeskError as exc:
        console.print(f"[red]configuration error:[/red] {exc.message}")
        raise typer.Exit(2) from exc
    try:
        rows = asyncio.run(_report(settings, groups, start, end, tenant))
    except InvalidInput as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(2) from exc
    except FrontdeskError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    if output_format is OutputFormat.json:
        from frontdesk.gateway.usage.export import report_body

        body = report_body(rows, by=groups, since=start, until=end)
        sys.stdout.write(json.dumps(body, indent=2) + "\n")
    elif output_format is OutputFormat.csv:
        from frontdesk.gateway.usage.export import report_csv

        sys.stdout.write(report_csv(rows, by=groups))
    else:
        render_table(rows, groups, start, tenant, Console())


async def _report(
    settings: Settings, by: list[str], since: datetime, until: datetime, tenant: str | None
) -> list[CostRow]:
    from sqlalchemy import inspect

    from frontdesk.gateway.tables import model_usage
    from frontdesk.gateway.usage.report import cost_report
    from frontdesk.storage.sql import create_database

    database = create_database(settings.database_url)
    try:
        async with database.read() as conn:
            migrated = await conn.run_sync(lambda c: inspect(c).has_table(model_usage.name))
        if not migrated:
            # A report only reads: it does not create the schema behind the operator's back.
            raise FrontdeskError("the database has no usage table yet: run `frontdesk migrate`")
        return await cost_report(database, by=by, since=since, until=until, tenant=tenant)
    finally:
        await database.dispose()


def render_table(
    rows: Sequence[CostRow], by: Sequence[str], since: datetime, tenant: str | None, out: Console
) -> None:
    if not rows:
        whose = f" for tenant {tenant}" if tenant else ""
        out.print(f"no usage recorded since {since:%Y-%m-%d %H:%M} UTC{whose}")
        return
    total = total_of(rows)
    lines = [{**{g: row.group[g] or "—" for g in by}, **_measures(row)} for row in rows]
    # Without groups the one row is the total already.
    footer = [{**{g: "" for g in by}, **_measures(total)}] if by else []
    if by:
        footer[0][by[0]] = "total"
    shown, bar_width = _fit(lines + footer, [*by, *MEASURES], out.width)
    table = Table(title=f"Model costs since {since:%Y-%m-%d %H:%M} UTC", title_justify="left")
    for name in shown:
        table.add_column(name, justify="left" if name in by else "right", no_wrap=True)
    table.add_column("share", no_wrap=True)
    for i, (row, line) in enumerate(zip(rows, lines, strict=True)):
        share = row.cost_micros / total.cost_micros if total.cost_micros else 0.0
        share_cell = f"{share:>4.0%} {bar(share, bar_width)}"
        table.add_row(*(line[c] for c in shown), share_cell, end_section=i == len(rows) - 1)
    for line in footer:
        table.add_row(*(line[c] for c in shown), "", style="bold")
    out.print(table)


def _fit(lines: list[dict[str, str]], columns: list[str], width: int) -> tuple[list[str], int]:
    """Which columns fit ``width`` and how long the bars can be: the bar shrinks first, then
    the least telling measures go; the groups, the cost and the share always stay."""
    # Each column costs its text plus two cells of padding and one of border.
    need = {c: max(len(c), *(len(line[c]) for line in lines)) + 3 for c in columns}
    shown = list(columns)

    def table_width(bar_width: int) -> int:
        return sum(need[c] for c in shown) + 1 + len("100% ") + bar_width + 3

    bar_width = max(MIN_BAR_WIDTH, min(BAR_WIDTH, width - table_width(0)))
    for name in DROP_FIRST:
        if table_width(bar_width) <= width:
            break
        shown.remove(name)
    return shown, bar_width


def _measures(row: CostRow) -> dict[str, str]:
    return {
        "requests": f"{row.requests:,}",
        "input": f"{row.input_tokens:,}",
        "output": f"{row.output_tokens:,}",
        "cached": f"{row.cached_input_tokens:,}",
        "hits": f"{row.cache_hits:,}",
        "saved": usd(row.saved_micros),
        "cost": usd(row.cost_micros),
    }


def bar(share: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar ``width`` cells long at 100%, drawn to an eighth of a cell."""
    eighths = round(max(0.0, min(share, 1.0)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(width)


def usd(micros: int) -> str:
    """Cents for large amounts, hundredths of a cent below; never a misleading $0.0000."""
    if 0 < micros < 100:
        return "<$0.0001"
    value = micros / 1_000_000
    return f"${value:,.2f}" if value >= 100 else f"${value:,.4f}"

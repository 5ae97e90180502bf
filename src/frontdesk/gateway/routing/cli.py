"""``frontdesk routes``: see every tenant's routes and canaries; restart a canary."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from frontdesk.config import Settings, load_settings
from frontdesk.gateway.routing.status import RouteStatus, TenantRouteStatus
from frontdesk.kit.errors import FrontdeskError

if TYPE_CHECKING:
    from frontdesk.runtime import Runtime

routes_app = typer.Typer(
    help="Inspect model routes and canary releases; restart a canary.", no_args_is_help=True
)
console = Console(stderr=True)
T = TypeVar("T")


def _within_runtime(use: Callable[[Runtime], Awaitable[T]]) -> T:
    """Open the runtime (database, tenants, stored canary states) and run ``use(runtime)``."""
    from frontdesk.ops.logging import configure_logging
    from frontdesk.runtime import open_runtime

    try:
        settings: Settings = load_settings()
    except FrontdeskError as exc:
        console.print(f"[red]configuration error:[/red] {exc.message}")
        raise typer.Exit(2) from exc
    configure_logging("WARNING", json_output=False)

    async def go() -> T:
        async with open_runtime(settings) as rt:
            return await use(rt)

    try:
        return asyncio.run(go())
    except FrontdeskError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc


def _canary_cells(route: RouteStatus) -> list[str]:
    canary = route.canary
    if canary is None:
        return ["-", "", "", "", ""]
    w = canary.window
    window = f"{w.calls} calls"
    if w.error_rate is not None:
        window += f", errors {w.error_rate:.0%}"
    if w.latency_p95_s is not None:
        window += f", p95 {w.latency_p95_s:.2f} s"
    if w.eval_score is not None:
        window += f", eval {w.eval_score:.2f} ({w.evaluations})"
    status = {"rolled_back": "[red]rolled back[/red]", "complete": "[green]complete[/green]"}
    return [
        canary.model,
        status.get(canary.status, canary.status),
        f"{canary.percent:g}% of {canary.max_percent:g}%",
        canary.reason,
        window,
    ]


def render(reports: list[TenantRouteStatus], out: Console) -> None:
    table = Table(title="Routes")
    for column in ("tenant", "route", "targets", "canary", "status", "traffic", "why", "window"):
        table.add_column(column)
    for report in reports:
        for route in report.routes:
            targets = "\n".join(f"{t.model} {t.share:.0%}" for t in route.targets)
            table.add_row(report.tenant, route.route, targets, *_canary_cells(route))
    out.print(table)
    for report in reports:
        if report.load_error:
            out.print(f"[red]{report.tenant}: routes file rejected[/red] {report.load_error}")
        elif not report.routes:
            out.print(f"[dim]{report.tenant}: no routes ({report.path})[/dim]")


@routes_app.command("status")
def status(
    tenant: Annotated[str | None, typer.Option(help="Only this tenant.")] = None,
) -> None:
    """Show routes, target weights, canary progress and guard windows."""

    async def use(rt: Runtime) -> list[TenantRouteStatus]:
        router = rt.router
        tenants = [tenant] if tenant else router.tenants
        return [await router.status(t) for t in tenants]

    render(_within_runtime(use), Console())


@routes_app.command("reset")
def reset(
    tenant: Annotated[str, typer.Argument(help="The tenant that owns the route.")],
    route: Annotated[str, typer.Argument(help="The route whose canary restarts.")],
) -> None:
    """Restart a route's canary from its first step (after a rollback, say)."""

    async def use(rt: Runtime) -> RouteStatus:
        return await rt.router.reset(tenant, route)

    result = _within_runtime(use)
    canary = result.canary
    percent = f"{canary.percent:g}%" if canary else "?"
    Console().print(f"[green]{tenant}/{route}: canary restarted at {percent}[/green]")

"""``frontdesk`` — run and operate the assistant platform."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from frontdesk.config import Settings, load_settings
from frontdesk.gateway.limits.model import LimitSpec
from frontdesk.gateway.routing.cli import routes_app
from frontdesk.gateway.usage.cli import costs
from frontdesk.guard.cli import privacy_app
from frontdesk.kit.errors import FrontdeskError
from frontdesk.ops.logging import configure_logging

app = typer.Typer(
    help="Frontdesk: run enterprise AI assistants on your own machines.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
audit_app = typer.Typer(help="Inspect the tamper-evident audit trail.", no_args_is_help=True)
keys_app = typer.Typer(help="Manage API keys.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
app.add_typer(keys_app, name="keys")
app.add_typer(routes_app, name="routes")
app.add_typer(privacy_app, name="privacy")
app.command("costs")(costs)
console = Console(stderr=True)
T = TypeVar("T")
# The sans-I/O websockets protocol: uvicorn's successor to the legacy implementation, with
# the same close codes for oversize frames (1009) and invalid UTF-8 (1007).
WS_IMPLEMENTATION = "websockets-sansio"


def load_cli_settings() -> Settings:
    """Settings for a command, or a clear configuration error and exit code 2."""
    return _settings()


def _settings() -> Settings:
    try:
        return load_settings()
    except FrontdeskError as exc:
        console.print(f"[red]configuration error:[/red] {exc.message}")
        raise typer.Exit(2) from exc


def _run(make: Callable[[], Awaitable[T]]) -> T:
    try:
        return asyncio.run(make())  # type: ignore[arg-type]
    except FrontdeskError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Interface to bind (default from settings).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
) -> None:
    """Serve the API, the chat WebSocket and the web page."""
    import uvicorn

    from frontdesk.app import create_app

    settings = _settings()
    configure_logging(settings.logging.level, json_output=settings.logging.json_output)
    uvicorn.run(
        create_app(settings),
        host=host or settings.server.host,
        port=port or settings.server.port,
        loop="uvloop",
        http="httptools",
        ws=WS_IMPLEMENTATION,
        ws_max_size=settings.server.max_frame_bytes,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,
        backlog=4096,
    )


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema."""
    from frontdesk.storage import migrate as migrations
    from frontdesk.storage.sql import create_database

    settings = _settings()

    async def go() -> None:
        db = create_database(settings.database_url)
        try:
            await migrations.upgrade(db)
        finally:
            await db.dispose()

    _run(go)
    console.print("[green]database is up to date[/green]")


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="A file or folder of knowledge to load.")],
    tenant: Annotated[str, typer.Option(help="Tenant that owns the knowledge.")] = "unaempresa",
) -> None:
    """Load documents (Markdown, HTML, PDF, text, FAQ CSV/JSON) into a tenant's knowledge.

    Unchanged files are skipped by content hash; changed files replace their old passages.
    """
    from frontdesk.knowledge.commands import run_ingest
    from frontdesk.runtime import open_runtime

    settings = _settings()
    configure_logging("WARNING", json_output=False)
    if not path.exists():
        console.print(f"[red]no such file or folder:[/red] {path}")
        raise typer.Exit(2)

    async def go() -> None:
        async with open_runtime(settings) as rt:
            owner = rt.tenants.get(tenant)
            root = owner.root if path.resolve().is_relative_to(owner.root) else path.resolve()
            if root.is_file():
                root = root.parent
            personal = tuple(owner.config.knowledge.personal_data)
            await run_ingest(
                rt.knowledge, tenant, root, path.resolve(), Console(), personal_data=personal
            )

    _run(go)


@audit_app.command("verify")
def audit_verify(
    chain: Annotated[str | None, typer.Option(help="Only this chain (a tenant id).")] = None,
) -> None:
    """Check every audit record against its hash chain; exit 1 on any problem."""
    from frontdesk.ops.audit import SqlAuditLog
    from frontdesk.storage.sql import create_database
    from frontdesk.storage.write_batcher import WriteBatcher

    settings = _settings()

    async def go() -> bool:
        db = create_database(settings.database_url)
        try:
            report = await SqlAuditLog(db, WriteBatcher(db)).verify(chain)
        finally:
            await db.dispose()
        out = Console()
        for problem in report.problems[:50]:
            out.print(f"[red]✗[/red] {problem}")
        if report.ok:
            out.print(
                f"[green]✓ {report.records} records in {report.chains} chain(s) verify[/green]"
            )
        else:
            out.print(f"[red]{len(report.problems)} problem(s) in {report.records} records[/red]")
        return report.ok

    if not _run(go):
        raise typer.Exit(1)


@keys_app.command("create")
def keys_create(
    tenant: Annotated[str, typer.Option(help="Tenant the key acts for.")],
    user: Annotated[str, typer.Option(help="User id the key acts as.")] = "api",
    name: Annotated[str, typer.Option(help="A label to recognise the key.")] = "default",
    admin: Annotated[bool, typer.Option(help="Grant the admin role.")] = False,
    models: Annotated[
        str | None,
        typer.Option(help="Comma-separated models the key may call (default: all)."),
    ] = None,
    budget_day: Annotated[
        Decimal | None, typer.Option(help="Spend limit per UTC day, in US dollars.")
    ] = None,
    budget_month: Annotated[
        Decimal | None, typer.Option(help="Spend limit per calendar month, in US dollars.")
    ] = None,
    rpm: Annotated[int | None, typer.Option(help="Requests per minute.")] = None,
    tpm: Annotated[int | None, typer.Option(help="Tokens (input + output) per minute.")] = None,
    streams: Annotated[int | None, typer.Option(help="Concurrent requests.")] = None,
) -> None:
    """Create an API key. The secret is printed once; only its hash is stored.

    Limits given here are the key's own; without any, the tenant's ``limits.per_key``
    apply. Example: [bold]frontdesk keys create --tenant unaempresa --budget-day 5 --rpm 60[/]
    """
    allowed = [m.strip() for m in models.split(",") if m.strip()] if models is not None else None
    spec = LimitSpec(
        cost_per_day_usd=budget_day,
        cost_per_month_usd=budget_month,
        requests_per_minute=rpm,
        tokens_per_minute=tpm,
        concurrent_streams=streams,
    )
    limits = spec if spec.limits() else None
    from frontdesk.runtime import open_runtime

    settings = _settings()

    async def go() -> str:
        async with open_runtime(settings) as rt:
            rt.tenants.get(tenant)
            roles = ["admin"] if admin else []
            return await rt.keys.create(tenant, user, name, roles, models=allowed, limits=limits)

    print(_run(go))


def main() -> None:
    app(prog_name="frontdesk")


if __name__ == "__main__":
    main()

"""``frontdesk privacy``: erase personal data by crypto-shredding."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console

privacy_app = typer.Typer(
    help="Personal data: erase a conversation's or a tenant's (GDPR erasure).",
    no_args_is_help=True,
)


@privacy_app.command("erase")
def erase(
    tenant: Annotated[str, typer.Option(help="The tenant whose data is erased.")],
    session: Annotated[
        str | None,
        typer.Option(help="Only this conversation (session id). Without it: the whole tenant."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete the keys that protect the personal data (crypto-shredding): the values behind
    the placeholders can no longer be recovered, while the audit trail still verifies.
    Example: [bold]frontdesk privacy erase --tenant unaempresa --session ses_…[/]"""
    from frontdesk.cli import load_cli_settings
    from frontdesk.runtime import open_runtime

    scope = f"conversation {session} of {tenant}" if session else f"ALL conversations of {tenant}"
    if not yes and not typer.confirm(f"Erase the personal data of {scope}? This cannot be undone"):
        raise typer.Exit(1)
    settings = load_cli_settings()

    async def go() -> int:
        async with open_runtime(settings) as rt:
            rt.tenants.get(tenant)
            return await rt.guard.erase(tenant, session)

    erased = asyncio.run(go())
    Console(stderr=True).print(f"[green]erased[/green] {erased} value(s) of {scope}")

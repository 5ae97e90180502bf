"""``frontdesk routes status`` renders what an operator needs at a glance."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from frontdesk.gateway.routing.cli import render
from tests.unit.gateway.routing.support import (
    CANARY_ROUTES,
    TENANT,
    ManualClock,
    make_router,
    write_routes,
)


async def test_the_table_shows_targets_canary_and_errors(
    tenant_root: Path, clock: ManualClock
) -> None:
    write_routes(tenant_root, CANARY_ROUTES)
    router = make_router(tenant_root, clock)
    router.record_evaluation(TENANT, "support", "openai:gpt-4.1-mini", 0.5)
    write_routes(tenant_root, "routes: [")
    clock.advance(1)
    out = Console(record=True, width=250)
    render([await router.status(TENANT)], out)
    text = out.export_text()
    assert "openai:gpt-4o-mini 50%" in text
    assert "rolled back" in text
    assert "eval score 0.50 < 0.80 over 1 evaluation" in text
    assert "0 calls, eval 0.50 (1)" in text
    assert "acme: routes file rejected" in text
    assert "invalid YAML" in text

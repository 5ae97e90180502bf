"""routes.yaml reloads without a restart; a broken edit keeps the routes in force."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from frontdesk.gateway.registry import ProviderRegistry
from tests.unit.gateway.routing.support import TENANT, ManualClock, make_router, write_routes

ONE = """
routes:
  support:
    targets:
      - {model: "openai:gpt-4o-mini", weight: 100}
"""
TWO = """
routes:
  support:
    targets:
      - {model: "anthropic:claude-3-5-haiku-latest", weight: 100}
  billing:
    targets:
      - {model: "local:extractive", weight: 1}
"""
BROKEN = """
routes:
  support:
    targets:
      - {model: "anthropic:claude-3-5-haiku-latest", weight: 100}
      - {model: "local:extractve", weight: 100}
"""


async def test_an_edit_is_picked_up_after_reload_s(
    tenant_root: Path, clock: ManualClock, registry: ProviderRegistry
) -> None:
    write_routes(tenant_root, ONE)
    router = make_router(tenant_root, clock, check=registry.resolve, reload_s=5)
    await router.load()
    assert router.decide(TENANT, "support", "s").target == "openai:gpt-4o-mini"
    write_routes(tenant_root, TWO)
    clock.advance(4)
    assert router.decide(TENANT, "support", "s").target == "openai:gpt-4o-mini"  # not yet
    clock.advance(1)
    assert router.decide(TENANT, "support", "s").target == "anthropic:claude-3-5-haiku-latest"
    assert router.decide(TENANT, "billing", "s").target == "local:extractive"


async def test_a_broken_edit_keeps_the_previous_routes(
    tenant_root: Path,
    clock: ManualClock,
    registry: ProviderRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    write_routes(tenant_root, ONE)
    router = make_router(tenant_root, clock, check=registry.resolve)
    await router.load()
    path = write_routes(tenant_root, BROKEN)
    clock.advance(1)
    with caplog.at_level(logging.ERROR):
        assert router.decide(TENANT, "support", "s").target == "openai:gpt-4o-mini"
    rejected = [r for r in caplog.records if r.getMessage().startswith("routes file rejected")]
    assert len(rejected) == 1
    assert (rejected[0].__dict__["path"], rejected[0].__dict__["line"]) == (str(path), 5)

    status = await router.status(TENANT)
    assert status.load_error is not None
    assert status.load_error.startswith(f"{path}:5: ")
    assert "did you mean 'local:extractive'" in status.load_error
    assert [r.route for r in status.routes] == ["support"]
    assert status.routes[0].targets[0].model == "openai:gpt-4o-mini"

    write_routes(tenant_root, TWO)
    clock.advance(1)
    assert router.decide(TENANT, "support", "s").target == "anthropic:claude-3-5-haiku-latest"
    assert (await router.status(TENANT)).load_error is None


async def test_a_broken_file_at_start_means_no_routes_and_a_visible_error(
    tenant_root: Path, clock: ManualClock, registry: ProviderRegistry
) -> None:
    write_routes(tenant_root, BROKEN)
    router = make_router(tenant_root, clock, check=registry.resolve)
    await router.load()
    assert router.decide(TENANT, "support", "s").variant == "direct"
    status = await router.status(TENANT)
    assert status.routes == []
    assert status.loaded_at is None
    assert status.load_error is not None and "routes.yaml:5" in status.load_error


async def test_removing_the_file_removes_the_routes(tenant_root: Path, clock: ManualClock) -> None:
    path = write_routes(tenant_root, ONE)
    router = make_router(tenant_root, clock)
    await router.load()
    assert router.decide(TENANT, "support", "s").variant == "weighted"
    path.unlink()
    clock.advance(1)
    assert router.decide(TENANT, "support", "s").variant == "direct"
    status = await router.status(TENANT)
    assert (status.routes, status.load_error) == ([], None)

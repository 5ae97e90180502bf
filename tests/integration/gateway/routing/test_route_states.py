"""Canary state survives restarts: a rollback stays rolled back, the ramp keeps its start."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.gateway.routing.canary import RouteEvent
from frontdesk.gateway.routing.repository import RouteStateRepository
from frontdesk.gateway.routing.router import RouteRouter
from frontdesk.storage.sql import Database
from tests.unit.gateway.routing.support import (
    CANARY_ROUTES,
    TENANT,
    ManualClock,
    make_router,
    write_routes,
)

CANARY = "openai:gpt-4.1-mini"


@pytest.fixture
def tenant_root(tmp_path: Path) -> Path:
    root = tmp_path / "acme"
    root.mkdir()
    write_routes(root, CANARY_ROUTES)
    return root


async def started(root: Path, clock: ManualClock, database: Database) -> RouteRouter:
    router = make_router(root, clock, states=RouteStateRepository(database))
    await router.load()
    return router


async def break_canary(router: RouteRouter) -> None:
    decision = next(
        d
        for d in (router.decide(TENANT, "support", f"s{i}") for i in range(500))
        if d.variant == "canary"
    )
    for _ in range(20):
        router.observe(decision, ok=False, latency_s=0.3)
    await router.flush()


async def test_a_canary_that_breaks_its_guard_stays_rolled_back(
    database: Database, tenant_root: Path
) -> None:
    clock = ManualClock()
    events: list[RouteEvent] = []
    first = make_router(tenant_root, clock, states=RouteStateRepository(database), events=events)
    await first.load()
    await break_canary(first)
    assert [e.kind for e in events] == ["canary_started", "canary_rolled_back"]

    stored = await RouteStateRepository(database).load_all()
    assert [(s.model, s.status, s.weight) for s in stored] == [(CANARY, "rolled_back", 0.0)]
    assert stored[0].reason == "error rate 1.00 > 0.20 over 20 calls"

    clock.advance(3600)
    second = await started(tenant_root, clock, database)  # a restart, or another process
    (route,) = (await second.status(TENANT)).routes
    assert route.canary is not None
    assert (route.canary.status, route.canary.percent) == ("rolled_back", 0)
    assert route.canary.reason == "error rate 1.00 > 0.20 over 20 calls"
    decisions = [second.decide(TENANT, "support", f"s{i}") for i in range(500)]
    assert {d.variant for d in decisions} == {"weighted"}
    await second.aclose()


async def test_the_ramp_continues_from_its_stored_start(
    database: Database, tenant_root: Path
) -> None:
    clock = ManualClock()
    first = await started(tenant_root, clock, database)
    await first.aclose()
    began = clock.now()
    clock.advance(650)  # two steps later: 10 -> 30
    second = await started(tenant_root, clock, database)
    (route,) = (await second.status(TENANT)).routes
    assert route.canary is not None
    assert (route.canary.percent, route.canary.started_at) == (30, began)
    await second.aclose()
    (stored,) = await RouteStateRepository(database).load_all()
    assert (stored.status, stored.weight, stored.started_at) == ("ramping", 30.0, began)


async def test_reset_and_new_models_are_stored(database: Database, tenant_root: Path) -> None:
    clock = ManualClock()
    router = await started(tenant_root, clock, database)
    await break_canary(router)
    clock.advance(60)
    await router.reset(TENANT, "support")
    other = await started(tenant_root, clock, database)
    (route,) = (await other.status(TENANT)).routes
    assert route.canary is not None
    assert (route.canary.status, route.canary.percent) == ("ramping", 10)
    assert route.canary.started_at == clock.now()

    write_routes(tenant_root, CANARY_ROUTES.replace(CANARY, "openai:gpt-4o"))
    clock.advance(1)
    router.decide(TENANT, "support", "s")
    await router.flush()
    stored = {s.model: s.status for s in await RouteStateRepository(database).load_all()}
    assert stored == {CANARY: "ramping", "openai:gpt-4o": "ramping"}


async def test_load_again_picks_up_a_rollback_made_elsewhere(
    database: Database, tenant_root: Path
) -> None:
    clock = ManualClock()
    watcher = await started(tenant_root, clock, database)
    breaker = await started(tenant_root, clock, database)
    await break_canary(breaker)
    await watcher.load()
    (route,) = (await watcher.status(TENANT)).routes
    assert route.canary is not None and route.canary.status == "rolled_back"

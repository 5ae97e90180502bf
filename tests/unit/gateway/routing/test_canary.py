"""Canary releases: the ramp, sessions moving only into the canary, and the guard."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from frontdesk.gateway.call import RouteDecision
from frontdesk.gateway.routing.canary import RouteEvent
from frontdesk.gateway.routing.router import RouteRouter
from frontdesk.gateway.routing.status import CanaryView
from frontdesk.kit.errors import InvalidInput, NotFound
from tests.unit.gateway.routing.support import (
    CANARY_ROUTES,
    TENANT,
    ManualClock,
    make_router,
    write_routes,
)

CANARY = "openai:gpt-4.1-mini"
KEYS = [f"session-{i}" for i in range(2000)]


@pytest.fixture
def events() -> list[RouteEvent]:
    return []


@pytest.fixture
def router(tenant_root: Path, clock: ManualClock, events: list[RouteEvent]) -> RouteRouter:
    write_routes(tenant_root, CANARY_ROUTES)
    return make_router(tenant_root, clock, events=events)


def canary_decision(router: RouteRouter) -> RouteDecision:
    for key in KEYS:
        decision = router.decide(TENANT, "support", key)
        if decision.variant == "canary":
            return decision
    raise AssertionError("no session landed in the canary")


async def canary_view(router: RouteRouter) -> CanaryView:
    (route,) = (await router.status(TENANT)).routes
    assert route.canary is not None
    return route.canary


def share_in_canary(router: RouteRouter) -> float:
    variants = Counter(router.decide(TENANT, "support", key).variant for key in KEYS)
    return variants["canary"] / len(KEYS)


async def test_the_ramp_follows_the_clock(
    router: RouteRouter, clock: ManualClock, events: list[RouteEvent]
) -> None:
    # start 10, +10 every 300 s, max 40
    expected = [(0, 10, "ramping"), (299, 10, "ramping"), (1, 20, "ramping")]
    expected += [(599, 30, "ramping"), (1, 40, "complete"), (86_400, 40, "complete")]
    for elapsed, percent, status in expected:
        clock.advance(elapsed)
        (route,) = (await router.status(TENANT)).routes
        assert route.canary is not None
        assert (route.canary.percent, route.canary.status) == (percent, status), elapsed
    assert [(e.kind, e.percent) for e in events] == [
        ("canary_started", 10),
        ("canary_step", 20),
        ("canary_step", 30),
        ("canary_complete", 40),
    ]
    assert events[-1].reason == "reached 40% (max)"


async def test_traffic_follows_the_percent(router: RouteRouter, clock: ManualClock) -> None:
    assert share_in_canary(router) == pytest.approx(0.10, abs=0.02)
    decision = canary_decision(router)
    assert decision.target == CANARY
    assert decision.reason.startswith("canary 10% ramping (bucket 0.0")
    clock.advance(900)
    assert share_in_canary(router) == pytest.approx(0.40, abs=0.03)


def test_sessions_only_move_into_the_canary(router: RouteRouter, clock: ManualClock) -> None:
    first = {key: router.decide(TENANT, "support", key) for key in KEYS}
    previous = first
    for _ in range(4):
        clock.advance(300)
        now = {key: router.decide(TENANT, "support", key) for key in KEYS}
        for key in KEYS:
            if previous[key].variant == "canary":
                assert now[key].variant == "canary", key
            elif now[key].variant != "canary":
                assert now[key].target == first[key].target, key
        previous = now
    moved = sum(first[k].variant != previous[k].variant for k in KEYS)
    assert moved > 0


async def test_errors_roll_the_canary_back_after_min_calls(
    router: RouteRouter, events: list[RouteEvent]
) -> None:
    decision = canary_decision(router)
    outcomes = [True] * 11 + [False] * 9  # 0.45 errors, judged only at the 20th call
    for ok in outcomes[:-1]:
        router.observe(decision, ok=ok, latency_s=0.1)
    (route,) = (await router.status(TENANT)).routes
    assert route.canary is not None and route.canary.status == "ramping"
    assert route.canary.window.calls == 19
    router.observe(decision, ok=outcomes[-1], latency_s=0.1)

    (route,) = (await router.status(TENANT)).routes
    assert route.canary is not None
    assert route.canary.status == "rolled_back"
    assert route.canary.percent == 0
    assert route.canary.reason == "error rate 0.45 > 0.20 over 20 calls"
    assert events[-1] == RouteEvent(
        "canary_rolled_back", TENANT, "support", CANARY, 0.0, route.canary.reason
    )
    assert share_in_canary(router) == 0
    after = router.decide(TENANT, "support", "anyone")
    assert after.variant == "weighted"
    assert f"canary {CANARY} rolled back: error rate 0.45" in after.reason


async def test_slow_calls_roll_the_canary_back(router: RouteRouter) -> None:
    decision = canary_decision(router)
    for _ in range(19):
        router.observe(decision, ok=True, latency_s=0.2)
    router.observe(decision, ok=True, latency_s=5.0)  # 1 slow call of 20: p95 is still fast
    assert (await canary_view(router)).status == "ramping"
    router.observe(decision, ok=True, latency_s=2.5)  # 2 of 21: the p95 is a slow call
    canary = await canary_view(router)
    assert canary.status == "rolled_back"
    assert canary.reason == "p95 latency 2.50 s > 1.00 s over 21 calls"


async def test_a_low_evaluation_score_rolls_the_canary_back(router: RouteRouter) -> None:
    held = router.record_evaluation(TENANT, "support", CANARY, 0.9)
    assert held.canary is not None and held.canary.status == "ramping"
    rolled = router.record_evaluation(TENANT, "support", CANARY, 0.6)
    assert rolled.canary is not None
    assert rolled.canary.status == "rolled_back"
    assert rolled.canary.reason == "eval score 0.75 < 0.80 over 2 evaluations"
    assert rolled.canary.window.evaluations == 2


def test_evaluations_name_a_real_canary(router: RouteRouter) -> None:
    with pytest.raises(NotFound, match="no route 'nope'"):
        router.record_evaluation(TENANT, "nope", CANARY, 0.5)
    with pytest.raises(NotFound, match="has no canary 'openai:gpt-4o-mini'"):
        router.record_evaluation(TENANT, "support", "openai:gpt-4o-mini", 0.5)
    with pytest.raises(InvalidInput):
        router.record_evaluation(TENANT, "support", CANARY, 1.5)


async def test_only_canary_outcomes_count(router: RouteRouter) -> None:
    weighted = next(
        d for d in (router.decide(TENANT, "support", k) for k in KEYS) if d.variant == "weighted"
    )
    for _ in range(50):
        router.observe(weighted, ok=False, latency_s=9.0)
    direct = router.decide(TENANT, "openai:gpt-4.1-mini", "s")
    router.observe(direct, ok=False, latency_s=9.0)
    canary = await canary_view(router)
    assert canary.status == "ramping" and canary.window.calls == 0


async def test_a_new_canary_model_starts_a_new_canary(
    router: RouteRouter, tenant_root: Path, clock: ManualClock, events: list[RouteEvent]
) -> None:
    decision = canary_decision(router)
    for _ in range(20):
        router.observe(decision, ok=False, latency_s=0.1)
    write_routes(tenant_root, CANARY_ROUTES.replace(CANARY, "openai:gpt-4o"))
    clock.advance(1)
    (route,) = (await router.status(TENANT)).routes
    assert route.canary is not None
    assert (route.canary.model, route.canary.status, route.canary.percent) == (
        "openai:gpt-4o",
        "ramping",
        10,
    )
    assert events[-1].kind == "canary_started" and events[-1].model == "openai:gpt-4o"
    router.observe(decision, ok=False, latency_s=0.1)  # a late outcome of the old canary
    assert (await canary_view(router)).window.calls == 0


async def test_reset_restarts_a_rolled_back_canary(
    router: RouteRouter, clock: ManualClock, events: list[RouteEvent]
) -> None:
    decision = canary_decision(router)
    for _ in range(20):
        router.observe(decision, ok=False, latency_s=0.1)
    clock.advance(700)
    restarted = await router.reset(TENANT, "support")
    assert restarted.canary is not None
    assert (restarted.canary.status, restarted.canary.percent) == ("ramping", 10)
    assert restarted.canary.window.calls == 0
    assert restarted.canary.started_at == clock.now()
    assert events[-1].kind == "canary_started"
    assert events[-1].reason == "restarted by an operator"
    assert share_in_canary(router) == pytest.approx(0.10, abs=0.02)
    with pytest.raises(NotFound):
        await router.reset(TENANT, "missing")


async def test_a_failing_listener_does_not_fail_routing(
    tenant_root: Path, clock: ManualClock
) -> None:
    write_routes(tenant_root, CANARY_ROUTES)

    def broken(_: RouteEvent) -> None:
        raise RuntimeError("metrics are down")

    router = RouteRouter(
        tenant_roots={TENANT: tenant_root},
        check_model=None,
        states=None,
        on_event=broken,
        now=clock.now,
        ticks=clock.ticks,
    )
    assert router.decide(TENANT, "support", "s").route == "support"

"""Weighted, sticky decisions: how traffic spreads and that a session keeps its target."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from frontdesk.gateway.call import RouteDecision
from frontdesk.gateway.routing.router import sticky_numbers
from tests.unit.gateway.routing.support import TENANT, ManualClock, make_router, write_routes

AB_ROUTES = """
routes:
  support-ab:
    targets:
      - {model: "openai:gpt-4o-mini", weight: 70}
      - {model: "anthropic:claude-3-5-haiku-latest", weight: 20}
      - {model: "local:extractive", weight: 10}
      - {model: "openai:gpt-4o", weight: 0}
"""
KEYS = [f"session-{i}" for i in range(10_000)]


def test_a_name_that_is_not_a_route_goes_direct(tenant_root: Path, clock: ManualClock) -> None:
    write_routes(tenant_root, AB_ROUTES)
    router = make_router(tenant_root, clock)
    decision = router.decide(TENANT, "openai:gpt-4o-mini", "s1")
    assert decision == RouteDecision(
        logical="openai:gpt-4o-mini", target="openai:gpt-4o-mini", variant="direct", reason="direct"
    )
    assert router.decide("other-tenant", "support-ab", "s1").variant == "direct"


def test_a_tenant_without_routes_file_goes_direct(tenant_root: Path, clock: ManualClock) -> None:
    router = make_router(tenant_root, clock)
    assert router.decide(TENANT, "support-ab", "s1").target == "support-ab"


def test_weights_spread_ten_thousand_sessions(tenant_root: Path, clock: ManualClock) -> None:
    write_routes(tenant_root, AB_ROUTES)
    router = make_router(tenant_root, clock)
    shares = Counter(router.decide(TENANT, "support-ab", key).target for key in KEYS)
    assert shares["openai:gpt-4o"] == 0  # weight 0 gets nothing
    assert shares["openai:gpt-4o-mini"] / len(KEYS) == pytest.approx(0.70, abs=0.02)
    assert shares["anthropic:claude-3-5-haiku-latest"] / len(KEYS) == pytest.approx(0.20, abs=0.02)
    assert shares["local:extractive"] / len(KEYS) == pytest.approx(0.10, abs=0.02)


def test_a_session_keeps_its_target(tenant_root: Path, clock: ManualClock) -> None:
    write_routes(tenant_root, AB_ROUTES)
    router = make_router(tenant_root, clock)
    first = {key: router.decide(TENANT, "support-ab", key).target for key in KEYS[:500]}
    clock.advance(3600)
    again = make_router(tenant_root, clock)  # another process, later: the same answer
    for key in KEYS[:500]:
        assert router.decide(TENANT, "support-ab", key).target == first[key]
        assert again.decide(TENANT, "support-ab", key).target == first[key]


def test_the_decision_says_which_route_target_and_why(
    tenant_root: Path, clock: ManualClock
) -> None:
    write_routes(tenant_root, AB_ROUTES)
    decision = make_router(tenant_root, clock).decide(TENANT, "support-ab", "s-42")
    _, number = sticky_numbers(TENANT, "support-ab", "s-42")
    assert decision.route == "support-ab"
    assert decision.logical == "support-ab"
    assert decision.variant == "weighted"
    assert decision.reason.startswith(f"weighted {decision.target} ")
    assert f"/100 (bucket {number:.3f})" in decision.reason


def test_sticky_numbers_are_uniform_and_independent_per_route() -> None:
    canary = [sticky_numbers(TENANT, "a", k)[0] for k in KEYS]
    other_route = [sticky_numbers(TENANT, "b", k)[0] for k in KEYS]
    assert all(0 <= n < 1 for n in canary)
    assert sum(n < 0.25 for n in canary) / len(KEYS) == pytest.approx(0.25, abs=0.02)
    both_low = sum(a < 0.5 and b < 0.5 for a, b in zip(canary, other_route, strict=True))
    assert both_low / len(KEYS) == pytest.approx(0.25, abs=0.02)

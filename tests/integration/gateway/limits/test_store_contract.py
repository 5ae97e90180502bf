"""The contract every limit store keeps, run against each adapter on its real backend."""

from __future__ import annotations

import asyncio

import pytest

from frontdesk.gateway.limits.model import Claim, Scope
from frontdesk.gateway.limits.port import LimitStore
from frontdesk.kit.errors import LimitExceeded
from tests.integration.gateway.limits.conftest import DAY_ENDS_IN, KEY, NOW, TENANT, USER


async def test_reserve_within_limit_adds_to_the_counter(store: LimitStore) -> None:
    reservation = await store.reserve([Claim(TENANT, "cost_day", 100, 30)], now=NOW)
    again = await store.reserve([Claim(TENANT, "cost_day", 100, 70)], now=NOW)

    assert [h.used_after for h in reservation.held + again.held] == [30, 100]
    assert reservation.held[0].window == "2026-11-22"
    assert reservation.id != again.id
    assert await store.used(TENANT, "cost_day", now=NOW) == 100
    assert await store.used(USER, "cost_day", now=NOW) == 0


async def test_refusal_names_limit_scope_and_retry_after(store: LimitStore) -> None:
    await store.reserve([Claim(TENANT, "cost_day", 100, 90)], now=NOW)
    with pytest.raises(LimitExceeded) as refused:
        await store.reserve([Claim(TENANT, "cost_day", 100, 20)], now=NOW)

    assert (refused.value.limit, refused.value.scope) == ("cost_day", "tenant:acme")
    assert refused.value.retry_after == DAY_ENDS_IN
    assert refused.value.limit_value == 100
    assert await store.used(TENANT, "cost_day", now=NOW) == 90

    await store.reserve([Claim(KEY, "requests_minute", 1, 1)], now=NOW)
    with pytest.raises(LimitExceeded) as per_minute:
        await store.reserve([Claim(KEY, "requests_minute", 1, 1)], now=NOW)
    assert (per_minute.value.scope, per_minute.value.retry_after) == ("key:key_1", 30)


@pytest.mark.parametrize("failing", [KEY, TENANT], ids=["sorts-first", "sorts-last"])
async def test_all_or_none(store: LimitStore, failing: Scope) -> None:
    # The failing claim sorts first or last among the scopes: either way nothing sticks.
    claims = [
        Claim(scope, "requests_minute", 0 if scope == failing else 10, 1)
        for scope in (KEY, TENANT, USER)
    ]
    with pytest.raises(LimitExceeded) as refused:
        await store.reserve(claims, now=NOW)

    assert refused.value.scope == failing.label
    for scope in (KEY, TENANT, USER):
        assert await store.used(scope, "requests_minute", now=NOW) == 0


async def test_settle_replaces_reserved_amounts_by_actual_ones(store: LimitStore) -> None:
    first = await store.reserve(
        [Claim(TENANT, "cost_day", 1000, 500), Claim(TENANT, "tokens_minute", 1000, 400)],
        now=NOW,
    )
    totals = await store.settle(first, {"cost_day": 120, "tokens_minute": 650}, now=NOW + 1)

    assert totals == {
        ("acme/tenant/acme", "cost_day"): 120,
        ("acme/tenant/acme", "tokens_minute"): 650,
    }
    assert await store.used(TENANT, "cost_day", now=NOW) == 120
    second = await store.reserve([Claim(TENANT, "cost_day", 1000, 100)], now=NOW)
    assert await store.settle(second, {}, now=NOW) == {("acme/tenant/acme", "cost_day"): 220}


async def test_settle_releases_streams(store: LimitStore) -> None:
    streams = [Claim(KEY, "streams", 2, 1)]
    first = await store.reserve(streams, now=NOW)
    await store.reserve(streams, now=NOW)
    with pytest.raises(LimitExceeded) as refused:
        await store.reserve(streams, now=NOW)
    assert (refused.value.limit, refused.value.retry_after) == ("streams", 1)

    assert await store.settle(first, {"streams": 1}, now=NOW + 5) == {
        ("acme/key/key_1", "streams"): 1
    }
    await store.reserve(streams, now=NOW + 5)
    assert await store.used(KEY, "streams", now=NOW + 5) == 2


async def test_windows_roll_over(store: LimitStore) -> None:
    minute = [Claim(KEY, "requests_minute", 1, 1)]
    day = [Claim(TENANT, "cost_day", 10, 10)]
    held = await store.reserve(minute + day, now=NOW)
    with pytest.raises(LimitExceeded):
        await store.reserve(minute, now=NOW + 29)
    with pytest.raises(LimitExceeded):
        await store.reserve(day, now=NOW + DAY_ENDS_IN - 1)

    await store.reserve(minute, now=NOW + 30)
    tomorrow = NOW + DAY_ENDS_IN
    await store.reserve(day, now=tomorrow)
    # A settle after the rollover corrects the window it reserved in, not the new one.
    await store.settle(held, {"cost_day": 4, "requests_minute": 1}, now=tomorrow)
    assert await store.used(TENANT, "cost_day", now=tomorrow) == 10
    assert await store.used(TENANT, "cost_day", now=NOW) == 4


async def test_settle_is_idempotent(store: LimitStore) -> None:
    reservation = await store.reserve(
        [Claim(TENANT, "cost_day", 100, 50), Claim(KEY, "streams", 5, 1)], now=NOW
    )
    first = await store.settle(reservation, {"cost_day": 10}, now=NOW)
    second = await store.settle(reservation, {"cost_day": 10}, now=NOW)

    assert (
        first == second == {("acme/tenant/acme", "cost_day"): 10, ("acme/key/key_1", "streams"): 0}
    )
    assert await store.used(TENANT, "cost_day", now=NOW) == 10


async def test_parallel_reserves_never_overspend(store: LimitStore) -> None:
    budget = [Claim(TENANT, "cost_month", 10, 1)]

    async def attempt() -> bool:
        try:
            await store.reserve(budget, now=NOW)
        except LimitExceeded:
            return False
        return True

    outcomes = await asyncio.gather(*(attempt() for _ in range(1000)))

    assert sum(outcomes) == 10
    assert await store.used(TENANT, "cost_month", now=NOW) == 10


async def test_limit_zero_refuses_everything(store: LimitStore) -> None:
    with pytest.raises(LimitExceeded):
        await store.reserve([Claim(TENANT, "cost_day", 0, 0)], now=NOW)
    with pytest.raises(LimitExceeded):
        await store.reserve([Claim(KEY, "streams", 0, 1)], now=NOW)
    # A counter already at its limit refuses even a claim of nothing.
    await store.reserve([Claim(USER, "tokens_minute", 5, 5)], now=NOW)
    with pytest.raises(LimitExceeded):
        await store.reserve([Claim(USER, "tokens_minute", 5, 0)], now=NOW)


async def test_nothing_claimed_reserves_nothing(store: LimitStore) -> None:
    reservation = await store.reserve([], now=NOW)

    assert reservation.held == ()
    assert await store.settle(reservation, {}, now=NOW) == {}

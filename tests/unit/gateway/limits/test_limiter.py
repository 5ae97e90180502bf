"""The limiter: claims from specs and demands, alerts at 80% and 100%, refusals.

It runs on the local store over a real SQLite file; where a test must prove the store is
never called, the store is a Redis one pointed at a closed port, so any call would fail.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from frontdesk.gateway.limits.factory import connect_redis
from frontdesk.gateway.limits.limiter import Limiter
from frontdesk.gateway.limits.local_store import LocalLimitStore
from frontdesk.gateway.limits.model import Alert, Claim, Demand, LimitSpec, Scope
from frontdesk.gateway.limits.redis_store import RedisLimitStore
from frontdesk.kit.errors import LimitExceeded
from frontdesk.storage import migrate
from frontdesk.storage.sql import create_database

TENANT = Scope("acme", "tenant", "acme")
KEY = Scope("acme", "key", "key_1")
NOW = datetime(2026, 11, 22, 10, 0, 30, tzinfo=UTC).timestamp()
TEN_MICROS = Decimal("0.00001")  # a budget of 10 micro-dollars


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[LocalLimitStore]:
    database = create_database(f"sqlite+aiosqlite:///{tmp_path / 'limits.db'}")
    await migrate.upgrade(database)
    local = LocalLimitStore(database)
    yield local
    await local.aclose()
    await database.dispose()


@pytest.fixture
async def unreachable_store() -> AsyncIterator[RedisLimitStore]:
    unreachable = RedisLimitStore(connect_redis("redis://127.0.0.1:1/0"), owns_client=True)
    yield unreachable
    await unreachable.aclose()


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


def test_claims_take_each_set_limit_and_its_share_of_the_demand(
    unreachable_store: RedisLimitStore,
) -> None:
    limiter = Limiter(unreachable_store)
    tenant_spec = LimitSpec(cost_per_day_usd=Decimal("1.5"), cost_per_month_usd=Decimal(20))
    key_spec = LimitSpec(requests_per_minute=60, tokens_per_minute=1000, concurrent_streams=2)
    demand = Demand(cost_micros=4200, tokens=700)

    claims = limiter.claims([(TENANT, tenant_spec), (KEY, key_spec), (KEY, LimitSpec())], demand)

    assert claims == [
        Claim(TENANT, "cost_day", 1_500_000, 4200),
        Claim(TENANT, "cost_month", 20_000_000, 4200),
        Claim(KEY, "requests_minute", 60, 1),
        Claim(KEY, "tokens_minute", 1000, 700),
        Claim(KEY, "streams", 2, 1),
    ]


async def test_nothing_limited_never_calls_the_store(unreachable_store: RedisLimitStore) -> None:
    limiter = Limiter(unreachable_store)

    reservation = await limiter.reserve([(TENANT, LimitSpec()), (KEY, LimitSpec())], Demand())
    await limiter.settle(reservation, Demand(cost_micros=5))

    assert reservation.held == ()


async def test_alerts_fire_once_when_a_counter_crosses_80_and_100_percent(
    store: LocalLimitStore,
) -> None:
    alerts: list[Alert] = []
    clock = Clock()
    limiter = Limiter(store, clock=clock, on_alert=alerts.append)
    budget = [(TENANT, LimitSpec(cost_per_day_usd=TEN_MICROS))]

    first = await limiter.reserve(budget, Demand(cost_micros=7))
    assert alerts == []
    await limiter.settle(first, Demand(cost_micros=8))  # 7 → 8 crosses 80% on settle
    assert [(a.threshold, a.used, a.limit, a.window) for a in alerts] == [
        (0.8, 8, 10, "2026-11-22")
    ]

    second = await limiter.reserve(budget, Demand(cost_micros=2))  # 10: crosses 100%
    await limiter.settle(second, Demand(cost_micros=0))  # back to 8
    third = await limiter.reserve(budget, Demand(cost_micros=2))  # 10 again: no repeat
    await limiter.settle(third, Demand(cost_micros=2))

    assert [(a.threshold, a.used, a.scope, a.kind) for a in alerts] == [
        (0.8, 8, TENANT, "cost_day"),
        (1.0, 10, TENANT, "cost_day"),
    ]
    clock.now += 86_400  # a new day re-arms them
    await limiter.reserve(budget, Demand(cost_micros=9))
    assert [(a.threshold, a.window) for a in alerts[2:]] == [(0.8, "2026-11-23")]


async def test_refusal_alerts_at_100_percent_once(store: LocalLimitStore) -> None:
    alerts: list[Alert] = []
    limiter = Limiter(store, clock=Clock(), on_alert=alerts.append)
    quota = [(KEY, LimitSpec(requests_per_minute=10))]
    await limiter.reserve(quota, Demand(requests=5))

    for _ in range(3):
        with pytest.raises(LimitExceeded) as refused:
            await limiter.reserve(quota, Demand(requests=6))

    assert (refused.value.limit, refused.value.scope) == ("requests_minute", "key:key_1")
    assert [(a.threshold, a.used, a.limit, a.kind) for a in alerts] == [
        (1.0, 5, 10, "requests_minute")
    ]


async def test_streams_alert_only_when_full_and_are_released_by_settle(
    store: LocalLimitStore,
) -> None:
    alerts: list[Alert] = []
    limiter = Limiter(store, clock=Clock(), on_alert=alerts.append)
    streams = [(KEY, LimitSpec(concurrent_streams=5))]

    held = [await limiter.reserve(streams, Demand()) for _ in range(5)]
    assert [(a.threshold, a.used) for a in alerts] == [(1.0, 5)]
    for reservation in held:
        await limiter.settle(reservation, Demand())
        await limiter.settle(reservation, Demand())  # twice is harmless
    assert await store.used(KEY, "streams", now=NOW) == 0


async def test_a_failing_alert_handler_does_not_fail_the_request(store: LocalLimitStore) -> None:
    def broken(alert: Alert) -> None:
        raise RuntimeError("pager is down")

    limiter = Limiter(store, clock=Clock(), on_alert=broken)
    reservation = await limiter.reserve(
        [(TENANT, LimitSpec(tokens_per_minute=10))], Demand(tokens=10)
    )
    assert reservation.held[0].used_after == 10

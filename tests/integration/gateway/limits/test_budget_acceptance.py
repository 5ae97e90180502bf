"""The issue's acceptance: 1,000 parallel requests against a budget that pays for 10."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from frontdesk.gateway.limits.limiter import Limiter
from frontdesk.gateway.limits.model import Alert, Demand, LimitSpec
from frontdesk.gateway.limits.port import LimitStore
from frontdesk.kit.errors import LimitExceeded
from tests.integration.gateway.limits.conftest import KEY, NOW, TENANT

REQUEST_MAX = Demand(cost_micros=25_000, tokens=2000)  # at most 2.5 cents a request


async def test_a_budget_for_ten_requests_admits_at_most_ten(store: LimitStore) -> None:
    alerts: list[Alert] = []
    limiter = Limiter(store, clock=lambda: NOW, on_alert=alerts.append)
    scoped = [
        (TENANT, LimitSpec(cost_per_day_usd=Decimal("0.25"))),  # pays for 10 at the maximum
        (KEY, LimitSpec(requests_per_minute=10_000, concurrent_streams=1000)),
    ]
    refusals: list[LimitExceeded] = []

    async def request() -> None:
        try:
            reservation = await limiter.reserve(scoped, REQUEST_MAX)
        except LimitExceeded as refused:
            refusals.append(refused)
            return
        await asyncio.sleep(0)  # the model call
        await limiter.settle(reservation, REQUEST_MAX)

    await asyncio.gather(*(request() for _ in range(1000)))

    assert len(refusals) == 990
    assert {(r.limit, r.scope) for r in refusals} == {("cost_day", "tenant:acme")}
    assert await store.used(TENANT, "cost_day", now=NOW) == 250_000
    assert await store.used(KEY, "streams", now=NOW) == 0
    # One of each, in whichever order the store let the crossings and refusals happen.
    assert sorted((a.kind, a.threshold) for a in alerts) == [("cost_day", 0.8), ("cost_day", 1.0)]

"""Budgets and quotas for one request: reserve its maximum before the call, settle after.

The limiter turns each scope's :class:`LimitSpec` and the request's :class:`Demand` into
claims, asks the store to take them all or none, and raises alerts when a counter crosses
80% or 100% of its limit (or a reserve is refused at it). Each alert fires once per scope,
kind, window and threshold in this process; streams have no window, so theirs repeat at most
hourly, and they have no 80% alert (a stream count near its limit is normal, not news).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence

from frontdesk.gateway.limits.model import (
    Alert,
    Claim,
    Demand,
    LimitKind,
    LimitSpec,
    Reservation,
    Scope,
)
from frontdesk.gateway.limits.port import LimitStore
from frontdesk.gateway.limits.recent_keys import RecentKeys
from frontdesk.gateway.limits.windows import NO_WINDOW, current_window
from frontdesk.kit.errors import FrontdeskError, LimitExceeded

log = logging.getLogger(__name__)

# How much of a demand each kind of counter takes.
AMOUNTS: dict[LimitKind, Callable[[Demand], int]] = {
    "cost_day": lambda demand: demand.cost_micros,
    "cost_month": lambda demand: demand.cost_micros,
    "requests_minute": lambda demand: demand.requests,
    "tokens_minute": lambda demand: demand.tokens,
    "streams": lambda demand: demand.streams,
}
# Alert thresholds as exact fractions (numerator, denominator) of the limit.
WARNING = (4, 5)
EXHAUSTED = (1, 1)
THRESHOLDS: dict[LimitKind, tuple[tuple[int, int], ...]] = {
    kind: (EXHAUSTED,) if kind == "streams" else (WARNING, EXHAUSTED) for kind in AMOUNTS
}
# Nothing was limited, so nothing was reserved and there is nothing to settle.
NOTHING_RESERVED = Reservation("", ())

AlertKey = tuple[Scope, LimitKind, str, tuple[int, int]]


class Limiter:
    def __init__(
        self,
        store: LimitStore,
        *,
        clock: Callable[[], float] = time.time,
        on_alert: Callable[[Alert], None] | None = None,
        alert_memory: int = 10_000,
    ) -> None:
        self._store = store
        self._clock = clock
        self._on_alert = on_alert
        self._alerted: RecentKeys[AlertKey] = RecentKeys(alert_memory)

    def claims(self, scoped: Sequence[tuple[Scope, LimitSpec]], demand: Demand) -> list[Claim]:
        """One claim per limit each scope's spec sets; kinds a spec leaves unset are free."""
        return [
            Claim(scope, kind, limit, AMOUNTS[kind](demand))
            for scope, spec in scoped
            for kind, limit in spec.limits().items()
        ]

    async def reserve(
        self, scoped: Sequence[tuple[Scope, LimitSpec]], demand: Demand
    ) -> Reservation:
        """Takes ``demand`` from every limit of every scope, or raises
        :class:`LimitExceeded` naming the first limit it does not fit."""
        claims = self.claims(scoped, demand)
        if not claims:
            return NOTHING_RESERVED
        now = self._clock()
        try:
            reservation = await self._store.reserve(claims, now=now)
        except LimitExceeded as refused:
            await self._alert_refusal(claims, refused, now)
            raise
        for held in reservation.held:
            after = held.used_after
            self._alert_crossings(held.claim, held.window, after - held.claim.amount, after, now)
        return reservation

    async def settle(self, reservation: Reservation, actual: Demand) -> None:
        """Replaces what ``reservation`` held by what the request consumed (and releases
        its streams). Safe to call twice."""
        if not reservation.held:
            return
        amounts: Mapping[LimitKind, int] = {
            held.claim.kind: AMOUNTS[held.claim.kind](actual) for held in reservation.held
        }
        now = self._clock()
        totals = await self._store.settle(reservation, amounts, now=now)
        for held in reservation.held:
            total = totals.get((held.claim.scope.key, held.claim.kind))
            if total is not None:
                before = total - held.settle_delta(amounts)
                self._alert_crossings(held.claim, held.window, before, total, now)

    def _alert_crossings(
        self, claim: Claim, window: str, before: int, after: int, now: float
    ) -> None:
        for threshold in THRESHOLDS[claim.kind]:
            numerator, denominator = threshold
            if before * denominator < numerator * claim.limit <= after * denominator:
                self._emit(claim, window, threshold, after, now)

    async def _alert_refusal(
        self, claims: Sequence[Claim], refused: LimitExceeded, now: float
    ) -> None:
        claim = next(
            (c for c in claims if c.kind == refused.limit and c.scope.label == refused.scope),
            None,
        )
        if claim is None:
            return
        window = current_window(claim.kind, now).id
        # Remembered before the await, so a burst of refusals asks for the figure only once.
        if self._on_alert is None or not self._alerted.add(
            self._alert_key(claim, window, EXHAUSTED, now)
        ):
            return
        try:
            used = await self._store.used(claim.scope, claim.kind, now=now)
        except FrontdeskError:
            used = claim.limit  # the alert matters more than its exact figure
        self._deliver(Alert(claim.scope, claim.kind, window, 1.0, used, claim.limit))

    def _alert_key(
        self, claim: Claim, window: str, threshold: tuple[int, int], now: float
    ) -> AlertKey:
        if window == NO_WINDOW:
            window = f"{NO_WINDOW}@{int(now // 3600)}"  # streams: at most hourly
        return (claim.scope, claim.kind, window, threshold)

    def _emit(
        self, claim: Claim, window: str, threshold: tuple[int, int], used: int, now: float
    ) -> None:
        if self._on_alert is None:
            return
        if not self._alerted.add(self._alert_key(claim, window, threshold, now)):
            return
        numerator, denominator = threshold
        self._deliver(
            Alert(claim.scope, claim.kind, window, numerator / denominator, used, claim.limit)
        )

    def _deliver(self, alert: Alert) -> None:
        if self._on_alert is None:
            return
        try:
            self._on_alert(alert)
        except Exception:
            log.exception("a limit alert handler failed")

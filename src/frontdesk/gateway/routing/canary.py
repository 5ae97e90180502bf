"""Canary releases: a weight that ramps with time and a guard that rolls it back.

A canary is identified by (tenant, route, canary model), so naming another model in the
YAML starts a new canary, and a model that was rolled back stays rolled back (across
restarts and for every process that loads the state) until an operator resets it.

The ramp is a function of the start time, not a counter: ``percent = min(max, start +
step * floor(elapsed / step_every_s))``. Any process that knows ``started_at`` agrees on
the percent, and a restart neither resets nor skips the ramp.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from frontdesk.gateway.routing.guard import GuardWindow
from frontdesk.gateway.routing.repository import (
    CanaryStatus,
    StateKey,
    StateWriter,
    StoredCanary,
)
from frontdesk.gateway.routing.spec import CanarySpec

log = logging.getLogger(__name__)

EventKind = Literal["canary_started", "canary_step", "canary_complete", "canary_rolled_back"]

_EVENT_OF: dict[CanaryStatus, EventKind] = {
    "ramping": "canary_step",
    "complete": "canary_complete",
    "rolled_back": "canary_rolled_back",
}


@dataclass(frozen=True, slots=True)
class RouteEvent:
    kind: EventKind
    tenant: str
    route: str
    model: str
    percent: float
    reason: str


EventSink = Callable[[RouteEvent], None]


def ramp_percent(spec: CanarySpec, started_at: datetime, now: datetime) -> float:
    elapsed = max(0.0, (now - started_at).total_seconds())
    steps = math.floor(elapsed / spec.step_every_s)
    return float(min(spec.max_percent, spec.start_percent + spec.step_percent * steps))


@dataclass(slots=True)
class CanaryState:
    tenant: str
    route: str
    model: str
    status: CanaryStatus
    percent: float
    reason: str
    started_at: datetime
    changed_at: datetime
    window: GuardWindow

    def stored(self) -> StoredCanary:
        return StoredCanary(
            tenant=self.tenant,
            route=self.route,
            model=self.model,
            status=self.status,
            weight=self.percent,
            reason=self.reason,
            started_at=self.started_at,
            changed_at=self.changed_at,
        )


class CanaryBook:
    """Every canary's state, advanced lazily whenever a caller looks at it."""

    def __init__(
        self, writer: StateWriter | None, on_event: EventSink | None, now: Callable[[], datetime]
    ) -> None:
        self._writer = writer
        self._on_event = on_event
        self._now = now
        self._states: dict[StateKey, CanaryState] = {}

    def adopt(self, stored: Iterable[StoredCanary]) -> None:
        """Take the stored states as the truth (keeping the in-memory windows)."""
        for row in stored:
            state = self._states.get(row.key)
            window = state.window if state is not None else GuardWindow(1)
            self._states[row.key] = CanaryState(
                tenant=row.tenant,
                route=row.route,
                model=row.model,
                status=row.status,
                percent=row.weight,
                reason=row.reason,
                started_at=row.started_at,
                changed_at=row.changed_at,
                window=window,
            )

    def get(self, tenant: str, route: str, model: str) -> CanaryState | None:
        return self._states.get((tenant, route, model))

    def current(self, tenant: str, route: str, spec: CanarySpec) -> CanaryState:
        """The canary's state now: started on first sight, its ramp advanced to the clock."""
        state = self._states.get((tenant, route, spec.model))
        if state is None:
            return self.start(tenant, route, spec, "canary started")
        state.window.resize(spec.guard.window_calls)
        if state.status == "rolled_back":
            return state
        percent = ramp_percent(spec, state.started_at, self._now())
        if percent != state.percent:
            if percent >= spec.max_percent:
                self._change(state, "complete", percent, f"reached {percent:g}% (max)")
            else:
                self._change(state, "ramping", percent, f"ramped to {percent:g}%")
        return state

    def start(self, tenant: str, route: str, spec: CanarySpec, reason: str) -> CanaryState:
        now = self._now()
        percent = ramp_percent(spec, now, now)
        state = CanaryState(
            tenant=tenant,
            route=route,
            model=spec.model,
            status="complete" if percent >= spec.max_percent else "ramping",
            percent=percent,
            reason=reason,
            started_at=now,
            changed_at=now,
            window=GuardWindow(spec.guard.window_calls),
        )
        self._states[(tenant, route, spec.model)] = state
        self._emit(state, "canary_started")
        return state

    def observe(
        self, tenant: str, route: str, spec: CanarySpec, *, ok: bool, latency_s: float
    ) -> None:
        state = self.current(tenant, route, spec)
        if state.status == "rolled_back":
            return
        state.window.add_call(ok, latency_s)
        verdict = state.window.call_verdict(spec.guard)
        if verdict is not None:
            self._change(state, "rolled_back", 0.0, verdict)

    def evaluate(self, tenant: str, route: str, spec: CanarySpec, score: float) -> CanaryState:
        state = self.current(tenant, route, spec)
        if state.status == "rolled_back":
            return state
        state.window.add_score(score)
        verdict = state.window.eval_verdict(spec.guard)
        if verdict is not None:
            self._change(state, "rolled_back", 0.0, verdict)
        return state

    def _change(self, state: CanaryState, status: CanaryStatus, percent: float, why: str) -> None:
        state.status = status
        state.percent = percent
        state.reason = why
        state.changed_at = self._now()
        self._emit(state, _EVENT_OF[status])

    def _emit(self, state: CanaryState, kind: EventKind) -> None:
        if self._writer is not None:
            self._writer.submit(state.stored())
        if self._on_event is None:
            return
        event = RouteEvent(
            kind=kind,
            tenant=state.tenant,
            route=state.route,
            model=state.model,
            percent=state.percent,
            reason=state.reason,
        )
        try:
            self._on_event(event)
        except Exception:
            # A failing listener (metrics, audit) must not fail the call being routed.
            log.exception("route event listener failed", extra={"kind": kind})

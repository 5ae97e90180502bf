"""``RouteRouter``: the tenant's routes decide which target serves a logical model.

Assignment is sticky: a caller's key (the session) hashes to two fixed numbers in [0, 1),
one for the canary and one for the targets. The canary takes the keys whose canary number
is below its percent; the others go to the target whose slice of the weights holds their
target number. Because neither number depends on the percent, a session keeps its variant
while the weights are constant, and as the canary ramps up sessions only move INTO the
canary (a number below 5% is also below 10%); nobody is reshuffled between the targets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from frontdesk.gateway.call import RouteDecision, Variant
from frontdesk.gateway.routing.canary import CanaryBook, EventSink
from frontdesk.gateway.routing.repository import RouteStateRepository, StateWriter
from frontdesk.gateway.routing.spec import ModelCheck, RouteSpec, TargetSpec
from frontdesk.gateway.routing.status import RouteStatus, TenantRouteStatus, route_status
from frontdesk.gateway.routing.table import RouteFiles
from frontdesk.kit.clock import monotonic, utcnow
from frontdesk.kit.errors import InvalidInput, NotFound

MAX_REASON = 300  # the width of ``model_usage.reason``


@dataclass(frozen=True, slots=True)
class RoutedDecision(RouteDecision):
    """A decision a route made; it remembers the tenant so ``observe`` finds the canary."""

    tenant: str = ""


def sticky_numbers(tenant: str, route: str, sticky_key: str) -> tuple[float, float]:
    """(canary number, target number), each uniform in [0, 1) and fixed for the key."""
    digest = hashlib.sha256(f"{tenant}/{route}/{sticky_key}".encode()).digest()
    scale = float(2**64)
    return int.from_bytes(digest[:8], "big") / scale, int.from_bytes(digest[8:16], "big") / scale


def pick_target(spec: RouteSpec, number: float) -> TargetSpec:
    point = number * spec.total_weight
    weighted = [t for t in spec.targets if t.weight > 0]
    reached = 0.0
    for target in weighted:
        reached += target.weight
        if point < reached:
            return target
    return weighted[-1]  # float rounding at the very top of the range


class RouteRouter:
    def __init__(
        self,
        *,
        tenant_roots: Mapping[str, Path],
        check_model: ModelCheck | None,
        states: RouteStateRepository | None,
        on_event: EventSink | None = None,
        reload_s: float = 5.0,
        now: Callable[[], datetime] = utcnow,
        ticks: Callable[[], float] = monotonic,
    ) -> None:
        self._repository = states
        self._writer = StateWriter(states) if states is not None else None
        self._canaries = CanaryBook(self._writer, on_event, now)
        self._files = RouteFiles(
            tenant_roots, check_model, reload_s=reload_s, ticks=ticks, on_reload=self._reloaded
        )

    @property
    def tenants(self) -> list[str]:
        return self._files.tenants

    def route_names(self, tenant: str) -> list[str]:
        """The tenant's logical model names (its routes), as currently loaded."""
        if self._files.state(tenant) is None:
            return []
        return sorted(self._files.routes(tenant))

    async def load(self) -> None:
        """Read the stored canary states, then every tenant's routes file. Call at start;
        calling again picks up states other processes stored (a rollback, a reset)."""
        if self._writer is not None and self._repository is not None:
            await self._writer.flush()
            self._canaries.adopt(await self._repository.load_all())
        self._files.load_all()

    def decide(self, tenant: str, logical: str, sticky_key: str) -> RouteDecision:
        spec = self._files.routes(tenant).get(logical)
        if spec is None:
            return RouteDecision(logical=logical, target=logical, variant="direct", reason="direct")
        canary_number, target_number = sticky_numbers(tenant, logical, sticky_key)
        aside = ""
        if spec.canary is not None:
            state = self._canaries.current(tenant, logical, spec.canary)
            if canary_number < state.percent / 100:
                why = f"canary {state.percent:g}% {state.status} (bucket {canary_number:.3f})"
                return self._decision(tenant, logical, spec.canary.model, "canary", why)
            if state.status == "rolled_back":
                aside = f"; canary {state.model} rolled back: {state.reason}"
        target = pick_target(spec, target_number)
        why = (
            f"weighted {target.model} {target.weight:g}/{spec.total_weight:g} "
            f"(bucket {target_number:.3f}){aside}"
        )
        return self._decision(tenant, logical, target.model, "weighted", why)

    def observe(self, decision: RouteDecision, *, ok: bool, latency_s: float) -> None:
        if not isinstance(decision, RoutedDecision) or decision.variant != "canary":
            return
        route = decision.route or decision.logical
        spec = self._files.routes(decision.tenant).get(route)
        canary = spec.canary if spec is not None else None
        if canary is None or canary.model != decision.target:
            return  # the route changed since the decision: its canary is not this one
        self._canaries.observe(decision.tenant, route, canary, ok=ok, latency_s=latency_s)

    def record_evaluation(self, tenant: str, route: str, model: str, score: float) -> RouteStatus:
        """Judge the canary on an evaluation score in [0, 1] (an offline evaluation run, the
        eval gate); a rolling mean below the guard's ``min_eval_score`` rolls it back."""
        if not 0.0 <= score <= 1.0:
            raise InvalidInput(f"score must be between 0 and 1, got {score}")
        spec = self._route(tenant, route)
        if spec.canary is None or spec.canary.model != model:
            raise NotFound(f"route {route!r} has no canary {model!r}")
        state = self._canaries.evaluate(tenant, route, spec.canary, score)
        return route_status(route, spec, state)

    async def reset(self, tenant: str, route: str) -> RouteStatus:
        """Restart the route's canary from its first step, with an empty guard window."""
        spec = self._route(tenant, route)
        if spec.canary is None:
            raise NotFound(f"route {route!r} has no canary to reset")
        state = self._canaries.start(tenant, route, spec.canary, "restarted by an operator")
        await self.flush()
        return route_status(route, spec, state)

    async def status(self, tenant: str) -> TenantRouteStatus:
        entry = self._files.state(tenant)
        if entry is None:
            raise NotFound(f"unknown tenant {tenant!r}")
        entry = self._files.refresh(tenant, force=True)
        routes = [
            route_status(
                name,
                spec,
                self._canaries.current(tenant, name, spec.canary) if spec.canary else None,
            )
            for name, spec in sorted(entry.routes.items())
        ]
        return TenantRouteStatus(tenant, str(entry.path), entry.loaded_at, entry.error, routes)

    async def flush(self) -> None:
        """Wait until every canary state change is stored."""
        if self._writer is not None:
            await self._writer.flush()

    async def aclose(self) -> None:
        await self.flush()

    def _route(self, tenant: str, route: str) -> RouteSpec:
        if self._files.state(tenant) is None:
            raise NotFound(f"unknown tenant {tenant!r}")
        spec = self._files.routes(tenant).get(route)
        if spec is None:
            raise NotFound(f"tenant {tenant!r} has no route {route!r}")
        return spec

    def _reloaded(self, tenant: str, routes: dict[str, RouteSpec]) -> None:
        # A new canary's ramp starts when a process first loads it, not at its first call.
        for name, spec in routes.items():
            if spec.canary is not None:
                self._canaries.current(tenant, name, spec.canary)

    @staticmethod
    def _decision(
        tenant: str, route: str, target: str, variant: Variant, reason: str
    ) -> RoutedDecision:
        return RoutedDecision(
            logical=route,
            target=target,
            variant=variant,
            reason=reason[:MAX_REASON],
            route=route,
            tenant=tenant,
        )

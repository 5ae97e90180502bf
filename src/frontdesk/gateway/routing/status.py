"""What operators see of a tenant's routes: targets, canary progress, guard window."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from frontdesk.gateway.routing.canary import CanaryState
from frontdesk.gateway.routing.guard import WindowStats
from frontdesk.gateway.routing.spec import RouteSpec


@dataclass(frozen=True, slots=True)
class TargetStatus:
    model: str
    weight: float
    share: float  # of the traffic the canary leaves, 0..1


@dataclass(frozen=True, slots=True)
class CanaryView:
    model: str
    status: str  # ramping | complete | rolled_back
    percent: float
    max_percent: float
    reason: str
    started_at: datetime
    changed_at: datetime
    window: WindowStats


@dataclass(frozen=True, slots=True)
class RouteStatus:
    route: str
    targets: list[TargetStatus]
    canary: CanaryView | None

    def to_dict(self) -> dict[str, Any]:
        body = asdict(self)
        if self.canary is not None:
            body["canary"]["started_at"] = self.canary.started_at.isoformat()
            body["canary"]["changed_at"] = self.canary.changed_at.isoformat()
        return body


@dataclass(frozen=True, slots=True)
class TenantRouteStatus:
    """``load_error`` is the last rejected edit of the file (the routes shown are the ones
    still in force); None when the file in place is the one loaded."""

    tenant: str
    path: str
    loaded_at: datetime | None
    load_error: str | None
    routes: list[RouteStatus] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tenant": self.tenant,
            "path": self.path,
            "loaded_at": self.loaded_at.isoformat() if self.loaded_at else None,
            "load_error": self.load_error,
            "routes": [r.to_dict() for r in self.routes],
        }


def route_status(name: str, spec: RouteSpec, canary: CanaryState | None) -> RouteStatus:
    total = spec.total_weight
    targets = [TargetStatus(t.model, t.weight, t.weight / total) for t in spec.targets]
    view = None
    if canary is not None and spec.canary is not None:
        view = CanaryView(
            model=canary.model,
            status=canary.status,
            percent=canary.percent,
            max_percent=spec.canary.max_percent,
            reason=canary.reason,
            started_at=canary.started_at,
            changed_at=canary.changed_at,
            window=canary.window.stats(),
        )
    return RouteStatus(route=name, targets=targets, canary=view)

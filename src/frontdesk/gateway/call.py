"""What the gateway knows about a call besides the request: who makes it and how it went.

:class:`CallContext` carries the identities limits and routes key on (never message text);
:class:`CallRecord` is filled while the call runs and is what usage rows, audit records and
metrics are made from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from frontdesk.gateway.limits.model import LimitSpec
from frontdesk.gateway.model import Usage

Surface = Literal["chat", "api"]
CacheOutcome = Literal["miss", "exact", "semantic", "off"]
Variant = Literal["direct", "weighted", "canary", "degraded"]


@dataclass(frozen=True, slots=True)
class CallContext:
    tenant: str
    request_id: str
    surface: Surface = "chat"
    user: str | None = None
    api_key: str | None = None
    session: str | None = None  # the sticky A/B key; the request id when absent
    turn: str | None = None
    # The API key's own limits (set when it was created); None: the tenant's ``per_key``.
    key_limits: LimitSpec | None = None

    @property
    def sticky_key(self) -> str:
        return self.session or self.request_id


@dataclass(frozen=True, slots=True)
class RouteDecision:
    """Which target serves a call and why (``reason`` is short, human-readable, stored)."""

    logical: str  # the model name the caller asked for
    target: str  # the ``provider:model`` chosen
    variant: Variant
    reason: str
    route: str | None = None  # the route's name when the logical model is a route


@dataclass(slots=True)
class CallRecord:
    decision: RouteDecision
    answered_by: str = ""
    usage: Usage = field(default_factory=Usage)
    cost_micros: int = 0
    saved_micros: int = 0
    cache: CacheOutcome = "off"
    ttft_s: float | None = None
    latency_s: float = 0.0
    outcome: str = "pending"  # ok | abstained | error:<code> | cancelled
    switched: bool = False
    tool_calls: int = 0  # how many the model made (never their arguments)
    limited: str | None = None  # the limit that refused or degraded the call (``cost_day``)

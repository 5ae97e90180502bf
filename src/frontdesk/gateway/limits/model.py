"""Budgets and quotas as values: what a limit spec says, and the claims a request makes.

Money is integer micro-dollars (1 USD = 1_000_000) so counters add exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

LimitKind = Literal["cost_day", "cost_month", "requests_minute", "tokens_minute", "streams"]
ScopeKind = Literal["tenant", "user", "key"]
MICROS_PER_USD = 1_000_000


class LimitSpec(BaseModel):
    """The limits of one scope; a missing value means no limit of that kind."""

    model_config = {"extra": "forbid"}

    cost_per_day_usd: Decimal | None = Field(None, ge=0)
    cost_per_month_usd: Decimal | None = Field(None, ge=0)
    requests_per_minute: int | None = Field(None, ge=0)
    tokens_per_minute: int | None = Field(None, ge=0)
    concurrent_streams: int | None = Field(None, ge=0)

    def limits(self) -> dict[LimitKind, int]:
        """Each set limit in counter units (micro-dollars, requests, tokens, streams)."""
        found: dict[LimitKind, int] = {}
        if self.cost_per_day_usd is not None:
            found["cost_day"] = int(self.cost_per_day_usd * MICROS_PER_USD)
        if self.cost_per_month_usd is not None:
            found["cost_month"] = int(self.cost_per_month_usd * MICROS_PER_USD)
        if self.requests_per_minute is not None:
            found["requests_minute"] = self.requests_per_minute
        if self.tokens_per_minute is not None:
            found["tokens_minute"] = self.tokens_per_minute
        if self.concurrent_streams is not None:
            found["streams"] = self.concurrent_streams
        return found


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose limit: always inside a tenant, so user ids of two tenants never share one."""

    tenant: str
    kind: ScopeKind
    id: str

    @property
    def key(self) -> str:
        return f"{self.tenant}/{self.kind}/{self.id}"

    @property
    def label(self) -> str:
        """Shown to the caller in a refusal (``tenant:acme``, ``key:key_1``)."""
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True, slots=True)
class Demand:
    """What a request may consume at most (reserved before the call) or did consume."""

    cost_micros: int = 0
    tokens: int = 0
    requests: int = 1
    streams: int = 1


@dataclass(frozen=True, slots=True)
class Claim:
    """One counter a request adds to: ``amount`` must fit under ``limit`` in its window."""

    scope: Scope
    kind: LimitKind
    limit: int
    amount: int


@dataclass(frozen=True, slots=True)
class Held:
    """A claim as reserved: the window it went into and the counter's total after it."""

    claim: Claim
    window: str
    used_after: int

    def settle_delta(self, actual: Mapping[LimitKind, int]) -> int:
        """What settling adds to the counter: the actual amount minus the reserved one.
        Streams are released (actual 0); a kind missing from ``actual`` keeps its amount."""
        if self.claim.kind == "streams":
            return -self.claim.amount
        return actual.get(self.claim.kind, self.claim.amount) - self.claim.amount


@dataclass(frozen=True, slots=True)
class Reservation:
    id: str
    held: tuple[Held, ...]


@dataclass(frozen=True, slots=True)
class Alert:
    """A counter crossed 80% or 100% of its limit in its current window."""

    scope: Scope
    kind: LimitKind
    window: str
    threshold: float  # 0.8 or 1.0
    used: int
    limit: int

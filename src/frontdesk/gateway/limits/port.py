"""The port every limit store implements (SQL for the embedded mode, Redis at scale)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from frontdesk.gateway.limits.model import Claim, LimitKind, Reservation, Scope


class LimitStore(Protocol):
    async def reserve(self, claims: Sequence[Claim], *, now: float) -> Reservation:
        """Add every claim's amount to its counter in the current window, all or none,
        atomically with respect to every other reserve and settle (across processes for
        shared stores). Raises :class:`frontdesk.kit.errors.LimitExceeded` for the first
        claim that would pass its limit, with ``retry_after`` until its window ends."""
        ...

    async def settle(
        self, reservation: Reservation, actual: Mapping[LimitKind, int], *, now: float
    ) -> dict[tuple[str, LimitKind], int]:
        """Replace each held amount by the actual one (``streams`` are released: actual 0;
        a kind missing from ``actual`` keeps its reservation). Returns each counter's total
        after settling, keyed by ``(scope.key, kind)``. Idempotent per reservation."""
        ...

    async def used(self, scope: Scope, kind: LimitKind, *, now: float) -> int:
        """The counter's value in the current window."""
        ...

    async def aclose(self) -> None: ...

"""Limit counters in Redis, shared by every node: one Lua script per reserve and per settle.

A reserve checks every claim and, only if all fit, adds every amount, inside one script
(:data:`redis_scripts.RESERVE`), so no other client's command runs in between. A settle
applies the deltas once per reservation id (a ``SET NX`` marker that expires after a day).
Streams are sorted-set leases that go stale after ``stale_streams_after_s``: a node that
dies mid-stream leaks its streams only until then. A stream open longer than the horizon
stops counting, so the horizon should exceed the longest stream.

A reserve whose reply is lost (a timeout) may still have been applied; its amounts then
count until their window ends, erring towards refusing rather than overspending.

Every key of a scope carries its tenant as a hash tag (``{acme}``), so the keys a request
touches (tenant, user and key of one tenant) live in one Redis Cluster slot.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import redis.asyncio
from redis.exceptions import RedisError

from frontdesk.gateway.limits import redis_scripts
from frontdesk.gateway.limits.model import Claim, Held, LimitKind, Reservation, Scope
from frontdesk.gateway.limits.windows import Window, current_window, refusal
from frontdesk.kit.errors import Unavailable

# A counter key outlives its window by this much, so a late settle still finds it.
KEY_GRACE_S = 3600
SETTLED_MARKER_TTL_S = 86_400


class RedisLimitStore:
    def __init__(
        self,
        client: redis.asyncio.Redis,
        prefix: str = "fd:lim:",
        *,
        stale_streams_after_s: float = 900.0,
        timeout_s: float = 2.0,
        max_in_flight: int = 32,
        owns_client: bool = False,
    ) -> None:
        """``max_in_flight`` commands at most run at once, the others queue in order: keep
        it below the client's pool size (redis-py refuses rather than waits when its pool
        is exhausted, and its blocking pool can starve a waiter past any timeout)."""
        self._client = client
        self._prefix = prefix
        self._stale_after = stale_streams_after_s
        self._timeout = timeout_s
        self._owns_client = owns_client
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self._reserve = client.register_script(redis_scripts.RESERVE)
        self._settle = client.register_script(redis_scripts.SETTLE)

    def _key(self, scope: Scope, kind: LimitKind, window: str) -> str:
        return f"{self._prefix}{{{scope.tenant}}}|{scope.key}|{kind}|{window}"

    def _ttl(self, window: Window, now: float) -> int:
        ends_at = window.ends_at if window.ends_at is not None else now + self._stale_after
        return max(1, math.ceil(ends_at - now)) + KEY_GRACE_S

    async def reserve(self, claims: Sequence[Claim], *, now: float) -> Reservation:
        reservation_id = uuid.uuid4().hex
        if not claims:
            return Reservation(reservation_id, ())
        windows = [current_window(claim.kind, now) for claim in claims]
        keys: list[str] = []
        args: list[str | float | int] = [now, now - self._stale_after, reservation_id]
        for claim, window in zip(claims, windows, strict=True):
            keys.append(self._key(claim.scope, claim.kind, window.id))
            args += [_kind_flag(claim.kind), claim.amount, claim.limit, self._ttl(window, now)]
        reply = await self._run(self._reserve, keys, args)
        failed = int(reply[0])
        if failed:
            raise refusal(claims[failed - 1], windows[failed - 1])
        held = tuple(
            Held(claim, window.id, int(total))
            for claim, window, total in zip(claims, windows, reply[1:], strict=True)
        )
        return Reservation(reservation_id, held)

    async def settle(
        self, reservation: Reservation, actual: Mapping[LimitKind, int], *, now: float
    ) -> dict[tuple[str, LimitKind], int]:
        if not reservation.held:
            return {}
        tenant = reservation.held[0].claim.scope.tenant
        keys = [f"{self._prefix}{{{tenant}}}|settled|{reservation.id}"]
        args: list[str | float | int] = [SETTLED_MARKER_TTL_S, reservation.id]
        for held in reservation.held:
            claim = held.claim
            keys.append(self._key(claim.scope, claim.kind, held.window))
            args += [_kind_flag(claim.kind), held.settle_delta(actual), claim.amount]
        reply = await self._run(self._settle, keys, args)
        return {
            (held.claim.scope.key, held.claim.kind): int(total)
            for held, total in zip(reservation.held, reply, strict=True)
        }

    async def used(self, scope: Scope, kind: LimitKind, *, now: float) -> int:
        key = self._key(scope, kind, current_window(kind, now).id)
        try:
            async with asyncio.timeout(self._timeout), self._in_flight:
                if kind == "streams":
                    fresh = f"({now - self._stale_after}"
                    return int(await self._client.zcount(key, fresh, "+inf"))
                value = await self._client.get(key)
        except (RedisError, TimeoutError) as exc:
            raise Unavailable("the limit counters in Redis cannot be reached") from exc
        return int(value) if value is not None else 0

    async def _run(self, script: Any, keys: list[str], args: list[str | float | int]) -> Any:
        try:
            # The timeout covers the wait for a turn too: an overloaded Redis says so.
            async with asyncio.timeout(self._timeout), self._in_flight:
                return await script(keys=keys, args=args)
        except (RedisError, TimeoutError) as exc:
            raise Unavailable("the limit counters in Redis cannot be reached") from exc

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()


def _kind_flag(kind: LimitKind) -> str:
    return "s" if kind == "streams" else "c"

"""Limit counters in the database, atomic on SQLite and on Postgres (across processes).

A reserve is one transaction with one statement per claim: insert the counter row if it is
absent, or raise it, only while ``used + amount <= limit`` (``INSERT ... SELECT ... ON
CONFLICT DO UPDATE ... WHERE ... RETURNING used``; see :mod:`.counter_table`). The row lock
that takes (Postgres) or the single writer (SQLite) makes check-and-add one step; no row
back means the claim does not fit, and the whole transaction rolls back, so a request takes
all of its claims or none. Claims go in one fixed order (:func:`lock_order`), so two reserves
never wait on each other's rows in opposite orders: no deadlocks on Postgres. The order puts
the most shared scope last, because a row stays locked until commit and the tenant's row is
the one every request of the tenant waits for. On SQLite the reserves and settles of this
process also queue on an ``asyncio.Lock``: one writer at a time instead of a storm of
SQLITE_BUSY retries.

Concurrent streams have no window, so a stream held by a process that dies is never
released. With one process on the database (SQLite) that is solved at start-up: no stream
can be live before the process starts, so the runtime calls :meth:`SqlLimitStore.reset_streams`
(the embedded default, :class:`LocalLimitStore`, does the same when it loads). On a shared
Postgres one node cannot tell another's live streams from leaked ones, so nothing resets
them there; a fleet that limits streams should use the Redis store, whose stream leases go
stale on their own.

Settle is idempotent per reservation within this process (a bounded memory of settled ids):
a reservation never leaves the process that made it.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

from frontdesk.gateway.limits.counter_table import counter_statements, row_expires_at
from frontdesk.gateway.limits.model import (
    Claim,
    Held,
    LimitKind,
    Reservation,
    Scope,
    ScopeKind,
)
from frontdesk.gateway.limits.recent_keys import RecentKeys
from frontdesk.gateway.limits.windows import current_window, refusal
from frontdesk.kit.errors import Unavailable
from frontdesk.storage.sql import Database

log = logging.getLogger(__name__)

_DATABASE_ERRORS = (SQLAlchemyError, OSError)


# Least shared first: a key is one client's, a user's is one person's, a tenant's is everyone's.
_SHARING: dict[ScopeKind, int] = {"key": 0, "user": 1, "tenant": 2}


def lock_order(claim: Claim) -> tuple[int, str, str]:
    return (_SHARING[claim.scope.kind], claim.scope.key, claim.kind)


def _writer_gate(dialect: str) -> AbstractAsyncContextManager[Any]:
    # SQLite has one writer per file; Postgres row locks do the serialising themselves.
    return asyncio.Lock() if dialect == "sqlite" else nullcontext()


class SqlLimitStore:
    def __init__(
        self,
        database: Database,
        *,
        prune_every_s: float = 300.0,
        settled_memory: int = 100_000,
    ) -> None:
        self._db = database
        self._sql = counter_statements(database.dialect)
        self._gate = _writer_gate(database.dialect)
        self._settled: RecentKeys[str] = RecentKeys(settled_memory)
        self._prune_every_s = prune_every_s
        self._next_prune = 0.0

    async def reserve(self, claims: Sequence[Claim], *, now: float) -> Reservation:
        reservation_id = uuid.uuid4().hex
        if not claims:
            return Reservation(reservation_id, ())
        await self._prune_if_due(now)
        held: dict[int, Held] = {}
        order = sorted(range(len(claims)), key=lambda i: lock_order(claims[i]))
        try:
            async with self._gate, self._db.transaction() as conn:
                for index in order:
                    held[index] = await self._add(conn, claims[index], now)
        except _DATABASE_ERRORS as exc:
            raise Unavailable("the limit counters cannot be reached") from exc
        return Reservation(reservation_id, tuple(held[i] for i in range(len(claims))))

    async def _add(self, conn: AsyncConnection, claim: Claim, now: float) -> Held:
        window = current_window(claim.kind, now)
        result = await conn.execute(
            self._sql.add_within_limit,
            {
                "p_scope": claim.scope.key,
                "p_kind": claim.kind,
                "p_window": window.id,
                "p_amount": claim.amount,
                "p_limit": claim.limit,
                "p_expires": row_expires_at(window, now),
            },
        )
        total = result.scalar_one_or_none()
        if total is None:
            raise refusal(claim, window)  # rolls the whole transaction back
        return Held(claim, window.id, int(total))

    async def settle(
        self, reservation: Reservation, actual: Mapping[LimitKind, int], *, now: float
    ) -> dict[tuple[str, LimitKind], int]:
        if not reservation.held:
            return {}
        if not self._settled.add(reservation.id):
            return await self._totals(reservation.held)
        ordered = sorted(reservation.held, key=lambda held: lock_order(held.claim))
        totals: dict[tuple[str, LimitKind], int] = {}
        try:
            async with self._gate, self._db.transaction() as conn:
                for held in ordered:
                    result = await conn.execute(
                        self._sql.adjust,
                        {**_row_key(held), "p_delta": held.settle_delta(actual)},
                    )
                    # No row: it expired and was pruned, so its window is over anyway.
                    totals[(held.claim.scope.key, held.claim.kind)] = int(
                        result.scalar_one_or_none() or 0
                    )
        except BaseException as exc:
            self._settled.discard(reservation.id)  # rolled back: let a retry apply it
            if isinstance(exc, _DATABASE_ERRORS):
                raise Unavailable("the limit counters cannot be reached") from exc
            raise
        return totals

    async def _totals(self, held: Sequence[Held]) -> dict[tuple[str, LimitKind], int]:
        try:
            async with self._db.read() as conn:
                return {
                    (h.claim.scope.key, h.claim.kind): int(
                        (await conn.execute(self._sql.read, _row_key(h))).scalar_one_or_none() or 0
                    )
                    for h in held
                }
        except _DATABASE_ERRORS as exc:
            raise Unavailable("the limit counters cannot be reached") from exc

    async def used(self, scope: Scope, kind: LimitKind, *, now: float) -> int:
        key = {"p_scope": scope.key, "p_kind": kind, "p_window": current_window(kind, now).id}
        try:
            async with self._db.read() as conn:
                return int((await conn.execute(self._sql.read, key)).scalar_one_or_none() or 0)
        except _DATABASE_ERRORS as exc:
            raise Unavailable("the limit counters cannot be reached") from exc

    async def reset_streams(self) -> None:
        """Forget every stream held: call at start-up of a single-process (embedded) node."""
        try:
            async with self._gate, self._db.transaction() as conn:
                await conn.execute(self._sql.reset_streams)
        except _DATABASE_ERRORS as exc:
            raise Unavailable("the limit counters cannot be reached") from exc

    async def _prune_if_due(self, now: float) -> None:
        if now < self._next_prune:
            return
        self._next_prune = now + self._prune_every_s
        # Its own transaction, so deleting many rows never holds locks a reserve waits on.
        try:
            async with self._gate, self._db.transaction() as conn:
                await conn.execute(self._sql.prune, {"p_now": now})
        except _DATABASE_ERRORS:
            log.warning("pruning expired limit counters failed; will retry", exc_info=True)

    async def aclose(self) -> None:
        """The database belongs to the runtime; nothing of ours to close."""


def _row_key(held: Held) -> dict[str, str]:
    return {"p_scope": held.claim.scope.key, "p_kind": held.claim.kind, "p_window": held.window}

"""Limit counters in this process's memory, written through to ``limit_counters``.

The embedded mode is one process, so the counters it holds in memory are the authority:
a reserve checks every claim and adds every amount with no ``await`` in between, which makes
it atomic on the event loop without a lock or a database round trip. Each reserve and settle
then hands the new totals to the :class:`WriteBatcher` and returns once they are committed,
so a restart resumes from what was acknowledged; group commit folds the writes of many
concurrent requests into one transaction. The SQL store's conditional UPDATEs, by contrast,
cost a transaction per request and top out around a hundred reserve+settle pairs a second on
SQLite (see ``bench/limits.py``).

Counters are loaded from the table on first use. Streams are not: no stream can be live
before this process started, so their rows are deleted at load (the reset the SQL store
needs :meth:`reset_streams` for) and never written. Not for several processes on one
database: each would trust its own memory. Use :class:`SqlLimitStore` or Redis there.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from frontdesk.gateway.limits.counter_table import counter_statements, row_expires_at
from frontdesk.gateway.limits.model import Claim, Held, LimitKind, Reservation, Scope
from frontdesk.gateway.limits.recent_keys import RecentKeys
from frontdesk.gateway.limits.windows import current_window, refusal
from frontdesk.gateway.tables import limit_counters
from frontdesk.kit.errors import Unavailable
from frontdesk.storage.sql import Database
from frontdesk.storage.write_batcher import WriteBatcher, WriteJob

CounterKey = tuple[str, LimitKind, str]  # scope key, kind, window


@dataclass(slots=True)
class _Counter:
    used: int
    expires_at: float


class LocalLimitStore:
    def __init__(
        self,
        database: Database,
        *,
        batcher: WriteBatcher | None = None,
        prune_every_s: float = 300.0,
        settled_memory: int = 100_000,
    ) -> None:
        self._db = database
        self._sql = counter_statements(database.dialect)
        # A shared batcher joins the application's group commit; otherwise we run our own.
        self._owns_batcher = batcher is None
        self._batcher = batcher or WriteBatcher(database)
        self._counters: dict[CounterKey, _Counter] = {}
        self._settled: RecentKeys[str] = RecentKeys(settled_memory)
        self._loaded = False
        self._loading = asyncio.Lock()
        self._prune_every_s = prune_every_s
        self._next_prune = 0.0

    async def reserve(self, claims: Sequence[Claim], *, now: float) -> Reservation:
        if not self._loaded:
            await self._load(now)
        windows = [current_window(claim.kind, now) for claim in claims]
        # Check all, then add all: no await between the two, so nothing interleaves.
        totals: dict[CounterKey, int] = {}
        for claim, window in zip(claims, windows, strict=True):
            key = (claim.scope.key, claim.kind, window.id)
            used = totals[key] if key in totals else self._used(key)
            if used >= claim.limit or used + claim.amount > claim.limit:
                raise refusal(claim, window)
            totals[key] = used + claim.amount
        held: list[Held] = []
        added: list[tuple[_Counter, int]] = []
        for claim, window in zip(claims, windows, strict=True):
            key = (claim.scope.key, claim.kind, window.id)
            counter = self._counters.get(key)
            if counter is None:
                counter = self._counters[key] = _Counter(0, row_expires_at(window, now))
            counter.used += claim.amount
            added.append((counter, claim.amount))
            held.append(Held(claim, window.id, counter.used))
        try:
            await self._persist(self._write_job(totals, now))
        except BaseException:
            # Not durable (or the caller gave up waiting), so not granted.
            for counter, amount in added:
                counter.used = max(0, counter.used - amount)
            raise
        return Reservation(uuid.uuid4().hex, tuple(held))

    async def settle(
        self, reservation: Reservation, actual: Mapping[LimitKind, int], *, now: float
    ) -> dict[tuple[str, LimitKind], int]:
        if not reservation.held:
            return {}
        first_time = self._settled.add(reservation.id)
        changed: dict[CounterKey, int] = {}
        result: dict[tuple[str, LimitKind], int] = {}
        for held in reservation.held:
            key = (held.claim.scope.key, held.claim.kind, held.window)
            counter = self._counters.get(key)
            if counter is not None and first_time:
                counter.used = max(0, counter.used + held.settle_delta(actual))
                changed[key] = counter.used
            # No counter: its window ended and was pruned, so there is nothing to correct.
            result[(held.claim.scope.key, held.claim.kind)] = counter.used if counter else 0
        if changed:
            await self._persist(self._write_job(changed, now))
        return result

    async def used(self, scope: Scope, kind: LimitKind, *, now: float) -> int:
        if not self._loaded:
            await self._load(now)
        return self._used((scope.key, kind, current_window(kind, now).id))

    async def reset_streams(self) -> None:
        """Forget every stream held (the load at start-up already does this)."""
        for key in [key for key in self._counters if key[1] == "streams"]:
            del self._counters[key]

    def _used(self, key: CounterKey) -> int:
        counter = self._counters.get(key)
        return counter.used if counter is not None else 0

    def _write_job(self, totals: Mapping[CounterKey, int], now: float) -> WriteJob:
        rows = [
            {
                "scope": key[0],
                "kind": key[1],
                "window": key[2],
                "used": used,
                "expires_at": self._counters[key].expires_at,
            }
            for key, used in totals.items()
            if key[1] != "streams"  # reset at every start, so never worth a write
        ]
        job = WriteJob()
        if rows:
            job.add(self._sql.upsert, *rows)
        if now >= self._next_prune:
            self._next_prune = now + self._prune_every_s
            self._counters = {
                key: counter
                for key, counter in self._counters.items()
                if counter.expires_at >= now or (key[1] == "streams" and counter.used > 0)
            }
            job.add(self._sql.prune, {"p_now": now})
        return job

    async def _persist(self, job: WriteJob) -> None:
        if not job.statements:
            return
        try:
            await self._batcher.submit(job)
        except (SQLAlchemyError, OSError) as exc:
            raise Unavailable("the limit counters cannot be written") from exc

    async def _load(self, now: float) -> None:
        async with self._loading:
            if self._loaded:
                return
            try:
                async with self._db.transaction() as conn:
                    await conn.execute(self._sql.reset_streams)
                    await conn.execute(self._sql.prune, {"p_now": now})
                    rows = await conn.execute(select(limit_counters))
                    for row in rows:
                        key = (row.scope, row.kind, row.window)
                        self._counters[key] = _Counter(int(row.used), float(row.expires_at))
            except (SQLAlchemyError, OSError) as exc:
                raise Unavailable("the limit counters cannot be loaded") from exc
            if self._owns_batcher:
                await self._batcher.start()
            self._next_prune = now + self._prune_every_s
            self._loaded = True

    async def aclose(self) -> None:
        if self._owns_batcher:
            await self._batcher.stop()

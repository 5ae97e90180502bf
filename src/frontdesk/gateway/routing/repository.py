"""Canary state rows in ``route_states``, and the background writer that stores them.

Routing decisions are made synchronously on the request path, so they never wait for the
database: a state change is handed to :class:`StateWriter`, which upserts it from a task.
``flush`` waits for what is pending (tests, shutdown, operator commands).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite

from frontdesk.gateway.tables import route_states
from frontdesk.storage.sql import Database

log = logging.getLogger(__name__)

CanaryStatus = Literal["ramping", "complete", "rolled_back"]
StateKey = tuple[str, str, str]  # (tenant, route, canary model)

# Both backends speak INSERT ... ON CONFLICT DO UPDATE, through their own dialect's insert.
_UPSERT_INSERTS: dict[str, Callable[..., Any]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}


@dataclass(frozen=True, slots=True)
class StoredCanary:
    tenant: str
    route: str
    model: str
    status: CanaryStatus
    weight: float  # the percent of traffic at the last change
    reason: str
    started_at: datetime
    changed_at: datetime

    @property
    def key(self) -> StateKey:
        return (self.tenant, self.route, self.model)


def _aware(value: datetime) -> datetime:
    # SQLite keeps no time zone; everything we write is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class RouteStateRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def load_all(self) -> list[StoredCanary]:
        async with self._db.read() as conn:
            rows = (await conn.execute(select(route_states))).all()
        return [
            StoredCanary(
                tenant=row.tenant_id,
                route=row.route,
                model=row.target,
                status=row.status,
                weight=row.weight,
                reason=row.reason or "",
                started_at=_aware(row.started_at),
                changed_at=_aware(row.changed_at),
            )
            for row in rows
        ]

    async def save(self, states: Iterable[StoredCanary]) -> None:
        values = [
            {
                "tenant_id": s.tenant,
                "route": s.route,
                "target": s.model,
                "status": s.status,
                "weight": s.weight,
                "reason": s.reason,
                "started_at": s.started_at,
                "changed_at": s.changed_at,
            }
            for s in states
        ]
        if not values:
            return
        stmt = _UPSERT_INSERTS[self._db.dialect](route_states)
        stored = route_states.c
        stmt = stmt.on_conflict_do_update(
            index_elements=["tenant_id", "route", "target"],
            set_={
                name: stmt.excluded[name]
                for name in ("status", "weight", "reason", "started_at", "changed_at")
            },
            # A rollback sticks: another process's late "ramping" write must not revive
            # the canary. Only a newer start (an operator's reset) replaces it.
            where=or_(stored.status != "rolled_back", stmt.excluded.started_at > stored.started_at),
        )
        async with self._db.transaction() as conn:
            await conn.execute(stmt, values)


class StateWriter:
    """Stores state changes from a background task; the newest state of a key wins."""

    def __init__(self, repository: RouteStateRepository) -> None:
        self._repository = repository
        self._pending: dict[StateKey, StoredCanary] = {}
        self._task: asyncio.Task[None] | None = None

    def submit(self, state: StoredCanary) -> None:
        self._pending[state.key] = state
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (a synchronous caller): ``flush`` will write it
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._drain(), name="route-states-writer")

    async def _drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, {}
            try:
                await self._repository.save(batch.values())
            except Exception:
                log.exception("storing canary states failed; will retry on the next change")
                # Put them back unless a newer state of the same key arrived meanwhile.
                self._pending = {**batch, **self._pending}
                return

    async def flush(self) -> None:
        """Wait until every submitted state is stored (one attempt if the database fails)."""
        if self._task is not None and not self._task.done():
            await asyncio.shield(self._task)
        if self._pending:
            self._task = asyncio.create_task(self._drain(), name="route-states-writer")
            await asyncio.shield(self._task)

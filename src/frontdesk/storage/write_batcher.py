"""Group commit: many small writes from many sessions share one transaction.

Streaming 1,000 answers at once means thousands of tiny writes a second; one transaction
each would make SQLite's single writer the bottleneck. Callers hand a :class:`WriteJob` to
:meth:`WriteBatcher.submit` and wait; one loop commits everything queued in a single
transaction and only then wakes the callers, so "written" always means "on disk". Rows for
the same statement are merged into one ``executemany``. If a batch fails, each job is retried
alone so one bad job cannot fail its neighbours.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.expression import Executable

from frontdesk.kit.errors import Unavailable
from frontdesk.storage.sql import Database

log = logging.getLogger(__name__)

Callback = Callable[[AsyncConnection], Awaitable[None]]
# Receives, once per batch, the items every job of the batch filed under its name, in order.
BatchHandler = Callable[[AsyncConnection, list[Any]], Awaitable[None]]


@dataclass(slots=True)
class WriteJob:
    """Statements (each with its parameter rows) and optional callbacks, applied atomically."""

    statements: list[tuple[Executable, list[dict[str, Any]]]] = field(default_factory=list)
    callbacks: list[Callback] = field(default_factory=list)
    # Run synchronously right after the commit, in submission order: publishing events here
    # keeps live delivery in the same order as the commits.
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    # Items for a batch handler (see ``WriteBatcher.handle``): one call per batch, not per job.
    batched: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, statement: Executable, *rows: dict[str, Any]) -> WriteJob:
        self.statements.append((statement, list(rows)))
        return self

    def extend(self, other: WriteJob) -> WriteJob:
        self.statements.extend(other.statements)
        self.callbacks.extend(other.callbacks)
        self.after_commit.extend(other.after_commit)
        for name, items in other.batched.items():
            self.batched.setdefault(name, []).extend(items)
        return self


@dataclass(slots=True)
class _Pending:
    job: WriteJob
    done: asyncio.Future[None]


class WriteBatcher:
    def __init__(self, database: Database, *, max_batch: int = 1024) -> None:
        self._db = database
        self._max_batch = max_batch
        self._queue: asyncio.Queue[_Pending | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._handlers: dict[str, BatchHandler] = {}
        self.batches = 0
        self.jobs = 0

    def handle(self, name: str, handler: BatchHandler) -> None:
        """Register the handler for jobs' ``batched[name]`` items."""
        self._handlers[name] = handler

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="write-batcher")

    async def stop(self) -> None:
        if self._task is not None:
            await self._queue.put(None)
            await self._task
            self._task = None

    async def submit(self, job: WriteJob) -> None:
        """Returns once the job is committed; raises what the job raised otherwise."""
        if self._task is None or self._task.done():
            raise Unavailable("the database writer is not running")
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        await self._queue.put(_Pending(job, done))
        await done

    async def _run(self) -> None:
        stopping = False
        while not stopping:
            first = await self._queue.get()
            if first is None:
                break
            batch = [first]
            while len(batch) < self._max_batch and not self._queue.empty():
                item = self._queue.get_nowait()
                if item is None:
                    stopping = True
                    break
                batch.append(item)
            await self._commit(batch)

    async def _commit(self, batch: Sequence[_Pending]) -> None:
        try:
            async with self._db.transaction() as conn:
                await _apply(conn, [p.job for p in batch], self._handlers)
        except Exception:
            if len(batch) == 1:
                log.exception("write job failed")
                exc = sys.exc_info()[1]
                if not batch[0].done.done() and exc is not None:
                    batch[0].done.set_exception(exc)
                return
            log.warning("batch of %d writes failed; retrying one by one", len(batch))
            for pending in batch:
                await self._commit([pending])
            return
        self.batches += 1
        self.jobs += len(batch)
        for pending in batch:
            for hook in pending.job.after_commit:
                try:
                    hook()
                except Exception:
                    log.exception("after-commit hook failed")
            if not pending.done.done():
                pending.done.set_result(None)


async def _apply(
    conn: AsyncConnection, jobs: Sequence[WriteJob], handlers: dict[str, BatchHandler]
) -> None:
    # Rows of the same statement object become one executemany, statements run in order of
    # first appearance. Repositories build each statement once, so an insert always precedes
    # the updates of the rows it creates and parents precede children.
    merged: dict[int, tuple[Executable, list[dict[str, Any]]]] = {}
    for job in jobs:
        for statement, rows in job.statements:
            slot = merged.setdefault(id(statement), (statement, []))
            slot[1].extend(rows)
    for statement, rows in merged.values():
        if rows:
            await conn.execute(statement, rows)
        else:
            await conn.execute(statement)
    for job in jobs:
        for callback in job.callbacks:
            await callback(conn)
    gathered: dict[str, list[Any]] = {}
    for job in jobs:
        for name, items in job.batched.items():
            gathered.setdefault(name, []).extend(items)
    for name, items in gathered.items():
        handler = handlers.get(name)
        if handler is None:
            raise RuntimeError(f"no batch handler registered for {name!r}")
        await handler(conn, items)

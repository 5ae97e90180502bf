"""Sequencing and committing session events, then handing them to live delivery.

Sequence numbers are allocated in memory per session (seeded from storage the first time a
session is touched by this process) and every event is committed before anyone sees it.
Answer text is coalesced: while one delta is being committed, the text that arrives is
gathered into the next one, so the write rate adapts to load instead of one row per token.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from frontdesk.conversation.live import LiveEvents
from frontdesk.conversation.model import Event
from frontdesk.conversation.repository import INSERT_EVENT, ConversationRepository, event_row
from frontdesk.kit.clock import monotonic
from frontdesk.storage.write_batcher import WriteBatcher, WriteJob


class EventEmitter:
    def __init__(
        self, repository: ConversationRepository, batcher: WriteBatcher, live: LiveEvents
    ) -> None:
        self._repo = repository
        self._batcher = batcher
        self._live = live
        self._next_seq: dict[str, int] = {}
        self._seeding: dict[str, asyncio.Future[int]] = {}

    async def _seed(self, session_id: str) -> None:
        if session_id in self._next_seq:
            return
        pending = self._seeding.get(session_id)
        if pending is None:
            pending = asyncio.get_running_loop().create_future()
            self._seeding[session_id] = pending
            try:
                pending.set_result(await self._repo.max_seq(session_id) + 1)
            except Exception as exc:
                pending.set_exception(exc)
                del self._seeding[session_id]
                raise
            self._next_seq.setdefault(session_id, pending.result())
            del self._seeding[session_id]
        else:
            self._next_seq.setdefault(session_id, await pending)

    def forget(self, session_id: str) -> None:
        self._next_seq.pop(session_id, None)

    async def emit(
        self,
        session_id: str,
        items: Sequence[tuple[str, dict[str, Any]]],
        job: WriteJob | None = None,
        *,
        build: Callable[[list[Event]], WriteJob] | None = None,
    ) -> list[Event]:
        """Commit ``items`` as consecutive events, atomically with ``job`` (or the job that
        ``build`` makes once the events have their seqs); then publish them."""
        await self._seed(session_id)
        start = self._next_seq[session_id]
        self._next_seq[session_id] = start + len(items)
        events = [Event(session_id, start + i, t, p) for i, (t, p) in enumerate(items)]
        if build is not None:
            job = build(events)
        job = job or WriteJob()
        job.add(INSERT_EVENT, *(event_row(e) for e in events))
        job.after_commit.extend(lambda e=e: self._live.publish(e) for e in events)  # type: ignore[misc]
        await self._batcher.submit(job)
        return events


class DeltaStream:
    """Feeds answer text into ``delta`` events, one commit in flight at a time.

    The first piece goes out at once (time to first token is what people feel); after that a
    stream writes at most one delta per ``interval`` seconds, so a model emitting 50 tokens a
    second costs a handful of rows and frames rather than fifty.
    """

    def __init__(
        self,
        emitter: EventEmitter,
        session_id: str,
        turn_id: str,
        interval: float = 0.05,
        first_job: WriteJob | None = None,
    ) -> None:
        self._interval = interval
        self._first_job = first_job  # committed with the first delta (the turn's status)
        self._emitter = emitter
        self._session_id = session_id
        self._turn_id = turn_id
        self._buffer: list[str] = []
        self._flusher: asyncio.Task[None] | None = None
        self._last_flush: float | None = None
        self.first_commit_at: float | None = None
        self.text_parts: list[str] = []

    def feed(self, text: str) -> None:
        if not text:
            return
        self._buffer.append(text)
        self.text_parts.append(text)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_loop())

    async def _flush_loop(self) -> None:
        while self._buffer:
            if self._last_flush is not None:
                wait = self._interval - (monotonic() - self._last_flush)
                if wait > 0:
                    await asyncio.sleep(wait)  # gather what arrives meanwhile
            text = "".join(self._buffer)
            self._buffer.clear()
            self._last_flush = monotonic()
            job, self._first_job = self._first_job, None
            await self._emitter.emit(
                self._session_id, [("delta", {"turn_id": self._turn_id, "text": text})], job
            )
            if self.first_commit_at is None:
                self.first_commit_at = monotonic()

    async def close(self) -> None:
        """Wait until every fed piece is committed and published."""
        while self._flusher is not None and not self._flusher.done():
            await self._flusher
        if self._flusher is not None:
            self._flusher.result()
        if self._buffer:
            self._flusher = asyncio.create_task(self._flush_loop())
            await self._flusher

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

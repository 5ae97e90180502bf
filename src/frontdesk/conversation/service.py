"""Sessions and turns: create, authorise, accept user messages, run turns in order.

A user message is committed together with its turn and its ``ack`` event before the ack is
sent, so an acknowledged message survives a crash. Turns of one session run one at a time in
arrival order; they run in background tasks, so a client that disconnects does not cancel
its answer, and a reconnecting client picks it up from its last seq.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from frontdesk.conversation.emitter import EventEmitter
from frontdesk.conversation.model import Event, PendingTurn, Principal, Session
from frontdesk.conversation.repository import (
    INSERT_MESSAGE,
    INSERT_SESSION,
    INSERT_TURN,
    ConversationRepository,
    update_turn,
)
from frontdesk.conversation.transcript_privacy import (
    PlainTranscripts,
    TranscriptPrivacy,
    readable_event,
)
from frontdesk.kit.clock import monotonic, utcnow
from frontdesk.kit.errors import Forbidden, InvalidInput, NotFound, RateLimited
from frontdesk.kit.ids import new_id
from frontdesk.storage.write_batcher import WriteBatcher, WriteJob
from frontdesk.tenants import TenantDirectory

log = logging.getLogger(__name__)

TurnRunner = Callable[[PendingTurn], Awaitable[None]]


@dataclass(frozen=True)
class Accepted:
    """The outcome of submitting a user message: its ack event (new or the original one)."""

    ack: Event
    duplicate: bool


class ConversationService:
    def __init__(
        self,
        *,
        repository: ConversationRepository,
        batcher: WriteBatcher,
        emitter: EventEmitter,
        tenants: TenantDirectory,
        max_queued_turns: int,
        max_message_chars: int,
        privacy: TranscriptPrivacy | None = None,
    ) -> None:
        self.repository = repository
        self._batcher = batcher
        self._emitter = emitter
        self._tenants = tenants
        self._max_queued = max_queued_turns
        self._max_chars = max_message_chars
        self._queues: dict[str, asyncio.Queue[PendingTurn]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._runner: TurnRunner | None = None
        self.privacy: TranscriptPrivacy = privacy or PlainTranscripts()

    def set_runner(self, runner: TurnRunner) -> None:
        self._runner = runner

    async def create_session(self, principal: Principal, language: str | None) -> Session:
        tenant = self._tenants.get(principal.tenant_id)
        if language is not None and language not in tenant.config.languages:
            raise InvalidInput(
                f"language must be one of {tenant.config.languages}", details={"field": "language"}
            )
        now = utcnow()
        session = Session(
            id=new_id("ses"),
            tenant_id=tenant.id,
            user_id=principal.user_id,
            language=language or tenant.config.default_language,
            title=None,
            created_at=now,
            updated_at=now,
        )
        row = {
            "id": session.id,
            "tenant_id": session.tenant_id,
            "user_id": session.user_id,
            "language": session.language,
            "title": None,
            "created_at": now,
            "updated_at": now,
        }
        await self._batcher.submit(WriteJob().add(INSERT_SESSION, row))
        return session

    async def session_for(self, principal: Principal, session_id: str) -> Session:
        session = await self.repository.get_session(session_id)
        if session is None:
            raise NotFound(f"unknown session {session_id!r}")
        if session.tenant_id != principal.tenant_id or (
            session.user_id != principal.user_id and not principal.is_admin
        ):
            raise Forbidden("this session belongs to someone else")
        return session

    async def submit(
        self, session: Session, *, client_id: str, text: str, language: str | None
    ) -> Accepted:
        if not text.strip():
            raise InvalidInput("text must not be empty", details={"field": "text"})
        if len(text) > self._max_chars:
            raise InvalidInput(
                f"text is longer than {self._max_chars} characters", details={"field": "text"}
            )
        existing = await self.repository.find_by_client_id(session.id, client_id)
        if existing is not None:
            return Accepted(await self._original_ack(session.id, existing.ack_seq), True)
        queue = self._queues.setdefault(session.id, asyncio.Queue())
        if queue.qsize() >= self._max_queued:
            raise RateLimited(f"at most {self._max_queued} messages may wait for an answer")
        # Masked before it is stored: the database never holds the values in clear.
        stored = await self.privacy.for_storage(session.tenant_id, session.id, text, language)
        now = utcnow()
        message_id, turn_id = new_id("msg"), new_id("turn")

        def build(events: list[Event]) -> WriteJob:
            # The ack's seq is stored on the message so a retry can be answered with it.
            return (
                WriteJob()
                .add(
                    INSERT_MESSAGE,
                    {
                        "id": message_id,
                        "session_id": session.id,
                        "role": "user",
                        "text": stored,
                        "client_id": client_id,
                        "ack_seq": events[0].seq,
                        "turn_id": turn_id,
                        "language": language,
                        "citations": None,
                        "created_at": now,
                    },
                )
                .add(INSERT_TURN, _turn_row(turn_id, session.id, message_id, now))
            )

        ack_payload = {"client_id": client_id, "message_id": message_id, "turn_id": turn_id}
        (ack,) = await self._emitter.emit(session.id, [("ack", ack_payload)], build=build)
        self._enqueue(
            PendingTurn(
                turn_id,
                session.id,
                session.tenant_id,
                message_id,
                text,
                language,
                monotonic(),
                user_id=session.user_id,
                stored_text=stored,
            )
        )
        return Accepted(ack, False)

    async def readable_transcript(self, session: Session) -> list[dict[str, Any]]:
        """The session's messages with real values back in their text."""
        messages = await self.repository.transcript(session.id)
        for message in messages:
            message["text"] = await self.privacy.for_reader(
                session.tenant_id, session.id, message["text"]
            )
        return messages

    async def readable(self, session: Session, event: Event) -> dict[str, Any]:
        """A stored event's wire form, with real values back in its text."""
        return await readable_event(self.privacy, session.tenant_id, event)

    async def _original_ack(self, session_id: str, ack_seq: int | None) -> Event:
        events = await self.repository.events_after(session_id, (ack_seq or 1) - 1, limit=1)
        if not events or events[0].type != "ack":
            raise NotFound("the original acknowledgement is missing")
        return events[0]

    def _enqueue(self, turn: PendingTurn) -> None:
        queue = self._queues.setdefault(turn.session_id, asyncio.Queue())
        queue.put_nowait(turn)
        worker = self._workers.get(turn.session_id)
        if worker is None or worker.done():
            self._workers[turn.session_id] = asyncio.create_task(
                self._work(turn.session_id), name=f"turns-{turn.session_id}"
            )

    async def _work(self, session_id: str) -> None:
        queue = self._queues[session_id]
        while not queue.empty():
            turn = queue.get_nowait()
            if self._runner is None:
                raise RuntimeError("no turn runner configured")
            try:
                await self._runner(turn)
            except Exception:
                log.exception("turn crashed", extra={"turn_id": turn.turn_id})
        self._workers.pop(session_id, None)
        if queue.empty():
            self._queues.pop(session_id, None)

    async def recover(self) -> int:
        """Re-run turns that a stopped process left unfinished. Streaming ones first tell
        the client to drop the partial text (``turn_interrupted``)."""
        recovered = 0
        for turn, status in await self.repository.unfinished_turns():
            new_turn_id = new_id("turn")
            job = update_turn(turn.turn_id, status="interrupted", finished_at=utcnow())
            job.add(
                INSERT_TURN, _turn_row(new_turn_id, turn.session_id, turn.user_message_id, utcnow())
            )
            items = [
                (
                    "turn_interrupted",
                    {
                        "turn_id": turn.turn_id,
                        "reason": "server_restart",
                        "new_turn_id": new_turn_id,
                    },
                )
            ]
            if status == "queued":
                items = [
                    (
                        "turn_interrupted",
                        {"turn_id": turn.turn_id, "reason": "requeued", "new_turn_id": new_turn_id},
                    )
                ]
            await self._emitter.emit(turn.session_id, items, job)
            self._enqueue(
                PendingTurn(
                    new_turn_id,
                    turn.session_id,
                    turn.tenant_id,
                    turn.user_message_id,
                    turn.text,
                    turn.language,
                    user_id=turn.user_id,
                    stored_text=turn.text,  # as stored: already masked
                )
            )
            recovered += 1
        return recovered

    async def drain(self) -> None:
        """Cancel running turns (shutdown); they are recovered by the next start."""
        for task in list(self._workers.values()):
            task.cancel()
        await asyncio.gather(*self._workers.values(), return_exceptions=True)
        self._workers.clear()


def _turn_row(turn_id: str, session_id: str, message_id: str, now: object) -> dict[str, object]:
    return {
        "id": turn_id,
        "session_id": session_id,
        "user_message_id": message_id,
        "status": "queued",
        "model": None,
        "prompt_version": None,
        "abstained": None,
        "input_tokens": None,
        "output_tokens": None,
        "ttft_ms": None,
        "latency_ms": None,
        "error": None,
        "created_at": now,
        "finished_at": None,
    }

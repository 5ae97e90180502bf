"""All SQL of the conversation domain. Reads run here; writes are returned as jobs for the
group-commit writer so a message, its turn and its events commit together."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import bindparam, func, insert, select, update

from frontdesk.conversation.model import Event, PendingTurn, Session
from frontdesk.conversation.tables import messages, session_events, sessions, turns
from frontdesk.kit.clock import utcnow
from frontdesk.storage.sql import Database
from frontdesk.storage.write_batcher import WriteJob

# Built once: the writer merges rows of the same statement object into one executemany.
INSERT_EVENT = insert(session_events)
INSERT_MESSAGE = insert(messages)
INSERT_TURN = insert(turns)
INSERT_SESSION = insert(sessions)


def event_row(event: Event) -> dict[str, Any]:
    return {
        "session_id": event.session_id,
        "seq": event.seq,
        "type": event.type,
        "payload": orjson.dumps(event.payload).decode(),
        "created_at": utcnow(),
    }


def _session(row: Any) -> Session:
    return Session(
        id=row.id,
        tenant_id=row.tenant_id,
        user_id=row.user_id,
        language=row.language,
        title=row.title,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class ConversationRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def get_session(self, session_id: str) -> Session | None:
        async with self._db.read() as conn:
            row = (await conn.execute(select(sessions).where(sessions.c.id == session_id))).first()
        return _session(row) if row else None

    async def list_sessions(
        self, tenant_id: str, user_id: str | None, *, limit: int, before: str | None
    ) -> list[Session]:
        query = select(sessions).where(sessions.c.tenant_id == tenant_id)
        if user_id is not None:
            query = query.where(sessions.c.user_id == user_id)
        if before:
            query = query.where(sessions.c.id < before)
        query = query.order_by(sessions.c.id.desc()).limit(limit)
        async with self._db.read() as conn:
            return [_session(r) for r in await conn.execute(query)]

    async def max_seq(self, session_id: str) -> int:
        query = select(func.max(session_events.c.seq)).where(
            session_events.c.session_id == session_id
        )
        async with self._db.read() as conn:
            value = (await conn.execute(query)).scalar()
        return int(value or 0)

    async def events_after(self, session_id: str, after: int, limit: int = 10_000) -> list[Event]:
        query = (
            select(session_events)
            .where(session_events.c.session_id == session_id, session_events.c.seq > after)
            .order_by(session_events.c.seq)
            .limit(limit)
        )
        async with self._db.read() as conn:
            rows = await conn.execute(query)
            return [Event(r.session_id, r.seq, r.type, orjson.loads(r.payload)) for r in rows]

    async def transcript(self, session_id: str) -> list[dict[str, Any]]:
        query = (
            select(messages)
            .where(messages.c.session_id == session_id)
            .order_by(messages.c.created_at, messages.c.id)
        )
        async with self._db.read() as conn:
            return [
                {
                    "id": r.id,
                    "role": r.role,
                    "text": r.text,
                    "turn_id": r.turn_id,
                    "client_id": r.client_id,
                    "language": r.language,
                    "citations": r.citations or [],
                    "created_at": r.created_at.isoformat(),
                }
                for r in await conn.execute(query)
            ]

    async def find_by_client_id(self, session_id: str, client_id: str) -> Any | None:
        query = select(messages.c.id, messages.c.ack_seq, messages.c.turn_id).where(
            messages.c.session_id == session_id, messages.c.client_id == client_id
        )
        async with self._db.read() as conn:
            return (await conn.execute(query)).first()

    async def unfinished_turns(self) -> list[tuple[PendingTurn, str]]:
        """Turns a stopped process left queued or streaming, with their status."""
        query = (
            select(
                turns.c.id,
                turns.c.session_id,
                turns.c.status,
                turns.c.user_message_id,
                sessions.c.tenant_id,
                sessions.c.user_id,
                messages.c.text,
                messages.c.language,
            )
            .join(sessions, sessions.c.id == turns.c.session_id)
            .join(messages, messages.c.id == turns.c.user_message_id)
            .where(turns.c.status.in_(("queued", "streaming")))
            .order_by(turns.c.created_at)
        )
        async with self._db.read() as conn:
            return [
                (
                    PendingTurn(
                        r.id,
                        r.session_id,
                        r.tenant_id,
                        r.user_message_id,
                        r.text,
                        r.language,
                        user_id=r.user_id,
                    ),
                    r.status,
                )
                for r in await conn.execute(query)
            ]


_TURN_COLUMNS = (
    "status",
    "model",
    "prompt_version",
    "abstained",
    "input_tokens",
    "output_tokens",
    "ttft_ms",
    "latency_ms",
    "error",
    "finished_at",
)
# One statement object per set of columns, built once, so the group-commit writer merges the
# updates of many turns into one executemany instead of one round trip each.
_TURN_UPDATES: dict[tuple[str, ...], Any] = {}


def update_turn(turn_id: str, **values: Any) -> WriteJob:
    columns = tuple(sorted(values))
    unknown = set(columns) - set(_TURN_COLUMNS)
    if unknown:
        raise ValueError(f"not turn columns: {sorted(unknown)}")
    statement = _TURN_UPDATES.get(columns)
    if statement is None:
        statement = (
            update(turns)
            .where(turns.c.id == bindparam("b_turn_id"))
            .values({c: bindparam(f"b_{c}") for c in columns})
        )
        _TURN_UPDATES[columns] = statement
    row = {"b_turn_id": turn_id, **{f"b_{c}": v for c, v in values.items()}}
    return WriteJob().add(statement, row)

"""Tickets: the customer asks for a person to follow up (offered when the assistant
abstains). Opening one is idempotent per answer and is an audit event."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from frontdesk.conversation.model import Principal, Session
from frontdesk.conversation.tables import tickets, turns
from frontdesk.kit.clock import utcnow
from frontdesk.kit.errors import NotFound
from frontdesk.kit.ids import new_id
from frontdesk.ops.audit import AuditLog
from frontdesk.storage.sql import Database
from frontdesk.storage.write_batcher import WriteBatcher, WriteJob

INSERT_TICKET = insert(tickets)


class TicketService:
    def __init__(self, database: Database, batcher: WriteBatcher, audit: AuditLog) -> None:
        self._db = database
        self._batcher = batcher
        self._audit = audit

    async def open(
        self, principal: Principal, session: Session, turn_id: str | None
    ) -> tuple[dict[str, Any], bool]:
        """Returns the ticket and whether it was created now (False: it already existed)."""
        async with self._db.read() as conn:
            if turn_id is not None:
                owner = (
                    await conn.execute(select(turns.c.session_id).where(turns.c.id == turn_id))
                ).scalar()
                if owner != session.id:
                    raise NotFound(f"no turn {turn_id!r} in this session")
            existing = (
                await conn.execute(
                    select(tickets).where(
                        tickets.c.session_id == session.id,
                        tickets.c.turn_id.is_(None)
                        if turn_id is None
                        else tickets.c.turn_id == turn_id,
                    )
                )
            ).first()
        if existing is not None:
            return _ticket(existing._mapping), False
        row = {
            "id": new_id("tkt"),
            "tenant_id": session.tenant_id,
            "session_id": session.id,
            "turn_id": turn_id,
            "status": "open",
            "created_at": utcnow(),
        }
        job = WriteJob().add(INSERT_TICKET, row)
        job.extend(
            self._audit.job_callback(
                session.tenant_id,
                "ticket_opened",
                {
                    "ticket": row["id"],
                    "session": session.id,
                    "turn": turn_id,
                    "actor": principal.user_id,
                },
            )
        )
        await self._batcher.submit(job)
        return _ticket(row), True


def _ticket(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"],
        "session_id": row["session_id"],
        "turn_id": row["turn_id"],
        "status": row["status"],
        "created_at": row["created_at"].isoformat(),
    }

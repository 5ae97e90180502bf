"""Values of the conversation domain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: resolved from an API key, a token, or an anonymous widget visitor."""

    tenant_id: str
    user_id: str
    roles: frozenset[str] = frozenset()

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    tenant_id: str
    user_id: str
    language: str
    title: str | None
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "tenant": self.tenant_id,
            "language": self.language,
            "title": self.title,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class Event:
    """A sequenced server event, as stored and as sent."""

    session_id: str
    seq: int
    type: str
    payload: dict[str, Any]

    def to_wire(self) -> dict[str, Any]:
        return {"type": self.type, "seq": self.seq, **self.payload}


@dataclass(frozen=True, slots=True)
class PendingTurn:
    turn_id: str
    session_id: str
    tenant_id: str
    user_message_id: str
    text: str
    language: str | None
    accepted_at: float = 0.0  # monotonic clock when the user message was committed
    user_id: str = ""  # who asked: recorded in the audit trail
    # The text as stored (personal data as placeholders); None when it equals ``text``.
    stored_text: str | None = None

"""How personal data is kept in stored transcripts.

Transcripts are stored the way a third-party model sees them: personal data as the
conversation's placeholders (``<EMAIL_1>``). Readers — the live socket, a reconnecting
client's replay, the transcript endpoint — get the real values back on the way out. So the
database never holds a customer's values in clear, and erasing a conversation's key
(crypto-shredding) leaves a transcript whose placeholders can no longer be resolved, while
every other column and the audit chain stay as they were.
"""

from __future__ import annotations

from typing import Any, Protocol

from frontdesk.conversation.model import Event

# Event types whose payload carries answer or user text.
TEXT_EVENTS = frozenset({"delta"})


class TranscriptPrivacy(Protocol):
    async def for_storage(
        self, tenant: str, conversation: str, text: str, language: str | None
    ) -> str:
        """``text`` as it may be stored (personal data replaced by placeholders)."""
        ...

    async def for_reader(self, tenant: str, conversation: str, text: str) -> str:
        """Stored ``text`` as its conversation's participants may read it."""
        ...


class PlainTranscripts:
    """No guard configured: text is stored and read as it is."""

    async def for_storage(
        self, tenant: str, conversation: str, text: str, language: str | None
    ) -> str:
        return text

    async def for_reader(self, tenant: str, conversation: str, text: str) -> str:
        return text


async def readable_event(privacy: TranscriptPrivacy, tenant: str, event: Event) -> dict[str, Any]:
    """The wire form of a stored event, with real values back in its text."""
    wire = event.to_wire()
    if event.type in TEXT_EVENTS and isinstance(text := wire.get("text"), str):
        wire["text"] = await privacy.for_reader(tenant, event.session_id, text)
    return wire

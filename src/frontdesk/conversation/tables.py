"""Tables of the conversation domain."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from frontdesk.storage.sql import metadata

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("tenant_id", String(64), nullable=False, index=True),
    Column("user_id", String(128), nullable=False),
    Column("name", String(200), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("roles", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    # The models the key may call (``provider:model`` names); NULL allows every model.
    Column("models", JSON),
    # Budgets and quotas of the key (a ``LimitSpec`` as JSON); NULL: only tenant limits.
    Column("limits", JSON),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("language", String(8), nullable=False),
    Column("title", String(200)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

messages = Table(
    "messages",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("session_id", String(40), ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("client_id", String(64)),
    Column("ack_seq", BigInteger),  # the ack event of a user message, re-sent on retries
    Column("turn_id", String(40)),
    Column("language", String(8)),
    Column("citations", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_id", "client_id"),
)

turns = Table(
    "turns",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("session_id", String(40), ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("user_message_id", String(40), ForeignKey("messages.id"), nullable=False),
    # queued → streaming → done | failed | interrupted
    Column("status", String(16), nullable=False),
    Column("model", String(200)),
    Column("prompt_version", String(64)),
    Column("abstained", Boolean),
    Column("input_tokens", Integer),
    Column("output_tokens", Integer),
    Column("ttft_ms", Integer),
    Column("latency_ms", Integer),
    Column("error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)

session_events = Table(
    "session_events",
    metadata,
    Column(
        "session_id", String(40), ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("type", String(32), nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

Index("ix_sessions_owner", sessions.c.tenant_id, sessions.c.user_id, sessions.c.created_at)
Index("ix_messages_session", messages.c.session_id, messages.c.created_at)
Index("ix_turns_status", turns.c.status)

# A request for a human to follow up; the handoff workflow (queues, agents) builds on it.
tickets = Table(
    "tickets",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("session_id", String(40), ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("turn_id", String(40)),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_id", "turn_id"),
)
Index("ix_tickets_tenant_status", tickets.c.tenant_id, tickets.c.status)

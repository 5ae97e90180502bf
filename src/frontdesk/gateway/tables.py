"""Tables of the gateway: usage per model call, limit counters, canary state."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from frontdesk.storage.sql import metadata

# One row per gateway call (a chat turn's model call or an API completion): who, which route
# and target and why, the model that answered, tokens, cost, cache and timing. Costs are
# integer micro-dollars so sums are exact.
model_usage = Table(
    "model_usage",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("tenant_id", String(64), nullable=False),
    Column("user_id", String(128)),
    Column("api_key_id", String(40)),
    Column("session_id", String(40)),
    Column("turn_id", String(40)),
    Column("request_id", String(64), nullable=False),
    Column("surface", String(8), nullable=False),  # chat | api
    Column("logical_model", String(200), nullable=False),
    Column("route", String(200)),
    Column("target", String(200), nullable=False),
    Column("variant", String(16), nullable=False),
    Column("reason", String(300), nullable=False),
    Column("model", String(200), nullable=False),  # the model that answered
    Column("input_tokens", Integer, nullable=False),
    Column("output_tokens", Integer, nullable=False),
    Column("cached_input_tokens", Integer, nullable=False),
    Column("cost_micros", BigInteger, nullable=False),
    Column("saved_micros", BigInteger, nullable=False),  # what a cache hit did not spend
    Column("cache", String(10), nullable=False),  # miss | exact | semantic | off
    Column("ttft_ms", Integer),
    Column("latency_ms", Integer, nullable=False),
    Column("outcome", String(60), nullable=False),
    Index("ix_model_usage_tenant_at", "tenant_id", "at"),
    Index("ix_model_usage_at", "at"),  # reports across every tenant
)

# Counters for budgets and quotas in the embedded (SQL) limit store. ``window`` is the
# period the amount belongs to (``2026-11-22`` for a day, ``2026-11`` for a month, the epoch
# minute for per-minute limits, ``-`` for concurrent streams).
limit_counters = Table(
    "limit_counters",
    metadata,
    Column("scope", String(300), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("window", String(20), primary_key=True),
    Column("used", BigInteger, nullable=False),
    Column("expires_at", Float, nullable=False),  # epoch seconds; rows past it are pruned
)

# The state of each canary release: when its ramp started, its weight, and whether it was
# rolled back (and why). Persisted so a restart or another node does not resurrect a canary
# that failed its guard.
route_states = Table(
    "route_states",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("route", String(200), primary_key=True),
    Column("target", String(200), primary_key=True),
    Column("status", String(20), nullable=False),  # ramping | complete | rolled_back
    Column("weight", Float, nullable=False),
    Column("reason", Text),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

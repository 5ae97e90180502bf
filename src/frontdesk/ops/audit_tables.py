"""Tables of the audit trail: the records, and the head of each hash chain."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, String, Table, Text, UniqueConstraint

from frontdesk.storage.sql import metadata

audit_records = Table(
    "audit_records",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("chain", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("body", Text, nullable=False),  # canonical JSON; what the hash covers
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("chain", "seq"),
)

# One row per chain: the last sequence number and hash. Verification compares the records
# with it, so deleting the newest records is detected, not only edits in the middle.
audit_heads = Table(
    "audit_heads",
    metadata,
    Column("chain", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
)

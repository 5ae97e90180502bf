"""Tables of the knowledge domain.

Chunk ids are integers on purpose: the SQLite full-text index is an external-content FTS5
table keyed by the chunk's rowid, and the in-process vector indexes key vectors by integer.
``sqlite_autoincrement`` stops SQLite from reusing the ids of deleted chunks, so a stale
citation or a vector index in another process can never point at a different passage.

The lexical index itself (FTS5 on SQLite, a generated ``tsvector`` on Postgres) is
dialect-specific and lives only in migration ``0002_knowledge`` and in the repository.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from frontdesk.storage.sql import metadata

# BIGSERIAL on Postgres; INTEGER PRIMARY KEY (a rowid alias, stable across VACUUM) on SQLite.
ChunkId = BigInteger().with_variant(Integer(), "sqlite")

knowledge_sources = Table(
    "knowledge_sources",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("uri", String(1024), nullable=False),  # POSIX path relative to the tenant root
    Column("title", String(512), nullable=False),
    Column("language", String(8), nullable=True),
    Column("format", String(16), nullable=False),
    Column("content_hash", String(64), nullable=False),  # sha256 hex of the file's bytes
    Column("bytes", BigInteger, nullable=False),
    Column("chunk_count", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("tenant_id", "uri"),
)

knowledge_chunks = Table(
    "knowledge_chunks",
    metadata,
    Column("id", ChunkId, primary_key=True, autoincrement=True),
    Column("tenant_id", String(64), nullable=False),
    Column(
        "source_id",
        String(40),
        ForeignKey("knowledge_sources.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("ordinal", Integer, nullable=False),
    Column("title", String(512), nullable=False),
    Column("heading", Text, nullable=False),
    Column("anchor", String(256), nullable=False),
    Column("language", String(8), nullable=True),
    Column("text", Text, nullable=False),
    Column("embedding", LargeBinary, nullable=False),  # float32, little-endian, L2-normalised
    Column("embedder", String(64), nullable=False),
    Index(None, "tenant_id"),
    Index(None, "source_id", "ordinal"),
    sqlite_autoincrement=True,
)

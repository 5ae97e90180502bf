"""Knowledge: sources, chunks and the lexical index of each backend.

SQLite gets an external-content FTS5 table over the chunks, kept in sync by triggers so any
writer (the service, a shell, a later migration) keeps it right. Postgres gets a generated
``tsvector`` column with a GIN index; the ``simple`` configuration because the corpus is
multilingual (it/es/en) and a language-specific stemmer would mangle the other two.

Revision ID: 0002_knowledge
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_knowledge"
down_revision = "0001_core"
branch_labels = None
depends_on = None

_SQLITE_UP = (
    # Columns named as in knowledge_chunks: FTS5 reads them back from there by rowid.
    """
    CREATE VIRTUAL TABLE knowledge_chunks_fts USING fts5(
        title, heading, text,
        content='knowledge_chunks', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER knowledge_chunks_fts_insert AFTER INSERT ON knowledge_chunks BEGIN
        INSERT INTO knowledge_chunks_fts(rowid, title, heading, text)
        VALUES (new.id, new.title, new.heading, new.text);
    END
    """,
    """
    CREATE TRIGGER knowledge_chunks_fts_delete AFTER DELETE ON knowledge_chunks BEGIN
        INSERT INTO knowledge_chunks_fts(knowledge_chunks_fts, rowid, title, heading, text)
        VALUES ('delete', old.id, old.title, old.heading, old.text);
    END
    """,
    """
    CREATE TRIGGER knowledge_chunks_fts_update AFTER UPDATE ON knowledge_chunks BEGIN
        INSERT INTO knowledge_chunks_fts(knowledge_chunks_fts, rowid, title, heading, text)
        VALUES ('delete', old.id, old.title, old.heading, old.text);
        INSERT INTO knowledge_chunks_fts(rowid, title, heading, text)
        VALUES (new.id, new.title, new.heading, new.text);
    END
    """,
)

_SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS knowledge_chunks_fts_update",
    "DROP TRIGGER IF EXISTS knowledge_chunks_fts_delete",
    "DROP TRIGGER IF EXISTS knowledge_chunks_fts_insert",
    "DROP TABLE IF EXISTS knowledge_chunks_fts",
)

# Weights: heading A, title B, body D; the repository passes matching weights to ts_rank_cd.
_POSTGRES_UP = (
    """
    ALTER TABLE knowledge_chunks ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(heading, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(title, '')), 'B') ||
        setweight(to_tsvector('simple', coalesce(text, '')), 'D')
    ) STORED
    """,
    "CREATE INDEX ix_knowledge_chunks_search_vector ON knowledge_chunks USING gin (search_vector)",
)

_POSTGRES_DOWN = (
    "DROP INDEX IF EXISTS ix_knowledge_chunks_search_vector",
    "ALTER TABLE knowledge_chunks DROP COLUMN IF EXISTS search_vector",
)

_LEXICAL_UP = {"sqlite": _SQLITE_UP, "postgresql": _POSTGRES_UP}
_LEXICAL_DOWN = {"sqlite": _SQLITE_DOWN, "postgresql": _POSTGRES_DOWN}


def upgrade() -> None:
    op.create_table(
        "knowledge_sources",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("uri", sa.String(length=1024), nullable=False),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("chunk_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_sources")),
        sa.UniqueConstraint("tenant_id", "uri", name=op.f("uq_knowledge_sources_tenant_id_uri")),
    )
    op.create_table(
        "knowledge_chunks",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.String(length=40), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("anchor", sa.String(length=256), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=False),
        sa.Column("embedder", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["knowledge_sources.id"],
            name=op.f("fk_knowledge_chunks_source_id_knowledge_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_chunks")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_knowledge_chunks_tenant_id"), "knowledge_chunks", ["tenant_id"], unique=False
    )
    op.create_index(
        op.f("ix_knowledge_chunks_source_id_ordinal"),
        "knowledge_chunks",
        ["source_id", "ordinal"],
        unique=False,
    )
    for statement in _LEXICAL_UP.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def downgrade() -> None:
    for statement in _LEXICAL_DOWN.get(op.get_bind().dialect.name, ()):
        op.execute(statement)
    op.drop_index(op.f("ix_knowledge_chunks_source_id_ordinal"), table_name="knowledge_chunks")
    op.drop_index(op.f("ix_knowledge_chunks_tenant_id"), table_name="knowledge_chunks")
    op.drop_table("knowledge_chunks")
    op.drop_table("knowledge_sources")

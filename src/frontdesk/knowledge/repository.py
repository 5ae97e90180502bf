"""All SQL of the knowledge domain.

Writes of one source happen in one transaction: a reader sees either the old chunks or the
new ones, never a mix and never none. The lexical query is the only dialect-specific SQL
(FTS5 on SQLite, ``tsvector`` on Postgres) and is chosen from a table, not an if-chain.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby

import numpy as np
from sqlalchemy import RowMapping, case, delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from frontdesk.kit.clock import utcnow
from frontdesk.kit.ids import new_id
from frontdesk.knowledge import lexical
from frontdesk.knowledge.chunking import Chunk
from frontdesk.knowledge.model import Vectors
from frontdesk.knowledge.tables import knowledge_chunks as chunks
from frontdesk.knowledge.tables import knowledge_sources as sources
from frontdesk.storage.sql import Database


@dataclass(frozen=True, slots=True)
class SourceState:
    """What ingestion needs to decide whether a file must be processed again."""

    id: str
    uri: str
    content_hash: str
    foreign_chunks: int  # chunks embedded by another embedder than the current one


@dataclass(frozen=True, slots=True)
class NewSource:
    uri: str
    title: str
    language: str | None
    format: str
    content_hash: str
    bytes: int


@dataclass(frozen=True, slots=True)
class SourceRecord:
    id: str
    uri: str
    title: str
    language: str | None
    format: str
    content_hash: str
    bytes: int
    chunk_count: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ChunkRecord:
    id: int
    source_id: str
    uri: str
    ordinal: int
    title: str
    heading: str
    anchor: str
    language: str | None
    text: str
    embedding: Vectors
    embedder: str


@dataclass(frozen=True, slots=True)
class Replaced:
    source_id: str
    removed_ids: list[int]
    added_ids: list[int]


LexicalSearch = Callable[[AsyncConnection, str, str, int], Awaitable[list[tuple[int, float]]]]


class KnowledgeRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def source_states(self, tenant_id: str, embedder: str) -> dict[str, SourceState]:
        foreign = func.coalesce(func.sum(case((chunks.c.embedder != embedder, 1), else_=0)), 0)
        query = (
            select(sources.c.id, sources.c.uri, sources.c.content_hash, foreign)
            .select_from(sources.outerjoin(chunks, chunks.c.source_id == sources.c.id))
            .where(sources.c.tenant_id == tenant_id)
            .group_by(sources.c.id, sources.c.uri, sources.c.content_hash)
        )
        async with self._db.read() as conn:
            rows = (await conn.execute(query)).all()
        return {r.uri: SourceState(r.id, r.uri, r.content_hash, int(r[3])) for r in rows}

    async def replace_source(
        self,
        tenant_id: str,
        source: NewSource,
        new_chunks: Sequence[Chunk],
        vectors: Vectors,
        embedder: str,
    ) -> Replaced:
        """Create or update the source and swap all its chunks, atomically."""
        now = utcnow()
        values = {
            "title": source.title[:512],
            "language": source.language,
            "format": source.format,
            "content_hash": source.content_hash,
            "bytes": source.bytes,
            "chunk_count": len(new_chunks),
            "updated_at": now,
        }
        async with self._db.transaction() as conn:
            source_id = await conn.scalar(
                select(sources.c.id).where(
                    sources.c.tenant_id == tenant_id, sources.c.uri == source.uri
                )
            )
            removed: list[int] = []
            if source_id is None:
                source_id = new_id("ksrc")
                await conn.execute(
                    insert(sources).values(
                        id=source_id, tenant_id=tenant_id, uri=source.uri, created_at=now, **values
                    )
                )
            else:
                await conn.execute(update(sources).where(sources.c.id == source_id).values(values))
                removed = await _delete_chunks(conn, source_id)
            added = await _insert_chunks(
                conn, tenant_id, source_id, source.title[:512], new_chunks, vectors, embedder
            )
        return Replaced(source_id, removed, added)

    async def delete_sources(self, tenant_id: str, source_ids: Sequence[str]) -> list[int]:
        """Delete sources and their chunks; returns the removed chunk ids."""
        removed: list[int] = []
        async with self._db.transaction() as conn:
            for source_id in source_ids:
                removed += await _delete_chunks(conn, source_id)
            await conn.execute(
                delete(sources).where(
                    sources.c.tenant_id == tenant_id, sources.c.id.in_(list(source_ids))
                )
            )
        return removed

    async def list_sources(self, tenant_id: str) -> list[SourceRecord]:
        query = select(*_SOURCE_COLUMNS).where(sources.c.tenant_id == tenant_id)
        async with self._db.read() as conn:
            rows = (await conn.execute(query.order_by(sources.c.uri))).all()
        return [_source(row._mapping) for row in rows]

    async def lexical_search(
        self, tenant_id: str, query: str, limit: int
    ) -> list[tuple[int, float]]:
        """Chunk ids of the tenant ranked by the backend's full-text score, best first."""
        search = _LEXICAL.get(self._db.dialect)
        if search is None:
            raise NotImplementedError(f"no lexical search for {self._db.dialect}")
        async with self._db.read() as conn:
            return await search(conn, tenant_id, query, limit)

    async def fetch_chunks(self, tenant_id: str, ids: Sequence[int]) -> list[ChunkRecord]:
        if not ids:
            return []
        query = (
            select(*_CHUNK_COLUMNS)
            .join(sources, sources.c.id == chunks.c.source_id)
            .where(chunks.c.tenant_id == tenant_id, chunks.c.id.in_([int(i) for i in ids]))
        )
        async with self._db.read() as conn:
            rows = (await conn.execute(query)).all()
        return [_chunk(row._mapping) for row in rows]

    async def iter_embeddings(
        self, embedder: str, batch: int = 2000
    ) -> AsyncIterator[tuple[str, list[int], Vectors]]:
        """Every chunk vector made by ``embedder``, as (tenant, ids, vectors) batches."""
        query = (
            select(chunks.c.tenant_id, chunks.c.id, chunks.c.embedding)
            .where(chunks.c.embedder == embedder)
            .order_by(chunks.c.tenant_id, chunks.c.id)
        )
        async with self._db.read() as conn:
            result = await conn.stream(query)
            async for rows in result.partitions(batch):
                for tenant_id, group in groupby(rows, key=lambda r: str(r.tenant_id)):
                    members = list(group)
                    vectors = np.vstack([_vector(r.embedding) for r in members])
                    yield tenant_id, [int(r.id) for r in members], vectors

    async def count_foreign_chunks(self, embedder: str) -> int:
        query = select(func.count()).select_from(chunks).where(chunks.c.embedder != embedder)
        async with self._db.read() as conn:
            return int(await conn.scalar(query) or 0)


async def _delete_chunks(conn: AsyncConnection, source_id: str) -> list[int]:
    result = await conn.execute(
        delete(chunks).where(chunks.c.source_id == source_id).returning(chunks.c.id)
    )
    return [int(i) for i in result.scalars()]


async def _insert_chunks(
    conn: AsyncConnection,
    tenant_id: str,
    source_id: str,
    title: str,
    new_chunks: Sequence[Chunk],
    vectors: Vectors,
    embedder: str,
) -> list[int]:
    if not new_chunks:
        return []
    rows = [
        {
            "tenant_id": tenant_id,
            "source_id": source_id,
            "ordinal": chunk.ordinal,
            "title": title,
            "heading": chunk.heading,
            "anchor": chunk.anchor[:256],
            "language": chunk.language,
            "text": chunk.text,
            "embedding": np.asarray(vector, dtype="<f4").tobytes(),
            "embedder": embedder,
        }
        for chunk, vector in zip(new_chunks, vectors, strict=True)
    ]
    statement = insert(chunks).returning(chunks.c.id, sort_by_parameter_order=True)
    result = await conn.execute(statement, rows)
    return [int(i) for i in result.scalars()]


async def _sqlite_lexical(
    conn: AsyncConnection, tenant_id: str, query: str, limit: int
) -> list[tuple[int, float]]:
    terms = lexical.query_terms(query)
    if not terms:
        return []
    # bm25() is lower-is-better; column weights title 1, heading 2, text 1, because a
    # heading is a short summary of its section and the words a question tends to echo.
    sql = text(
        """
        SELECT c.id, -bm25(knowledge_chunks_fts, 1.0, 2.0, 1.0) AS score
        FROM knowledge_chunks_fts JOIN knowledge_chunks AS c ON c.id = knowledge_chunks_fts.rowid
        WHERE knowledge_chunks_fts MATCH :match AND c.tenant_id = :tenant
        ORDER BY score DESC, c.id LIMIT :limit
        """
    )
    params = {"match": lexical.fts5_match(terms), "tenant": tenant_id, "limit": limit}
    rows = (await conn.execute(sql, params)).all()
    return [(int(r[0]), float(r[1])) for r in rows]


async def _postgres_lexical(
    conn: AsyncConnection, tenant_id: str, query: str, limit: int
) -> list[tuple[int, float]]:
    terms = lexical.query_terms(query, drop_stopwords=True)
    if not terms:
        return []
    # plainto_tsquery parses and quotes the words safely; its '&'s become '|' so any word
    # may match. Weights {D, C, B, A} mirror SQLite's: text 0.5, title 0.5, heading 1.0;
    # normalisation 1 divides by 1 + log(length) so long chunks do not win by size alone.
    sql = text(
        """
        WITH q AS (
            SELECT replace(plainto_tsquery('simple', :words)::text, ' & ', ' | ')::tsquery AS query
        )
        SELECT c.id, ts_rank_cd('{0.5, 0.5, 0.5, 1.0}', c.search_vector, q.query, 1) AS score
        FROM knowledge_chunks AS c, q
        WHERE c.tenant_id = :tenant AND c.search_vector @@ q.query
        ORDER BY score DESC, c.id LIMIT :limit
        """
    )
    params = {"words": lexical.tsquery_words(terms), "tenant": tenant_id, "limit": limit}
    rows = (await conn.execute(sql, params)).all()
    return [(int(r[0]), float(r[1])) for r in rows]


_LEXICAL: dict[str, LexicalSearch] = {
    "sqlite": _sqlite_lexical,
    "postgresql": _postgres_lexical,
}

_SOURCE_COLUMNS = (
    sources.c.id,
    sources.c.uri,
    sources.c.title,
    sources.c.language,
    sources.c.format,
    sources.c.content_hash,
    sources.c.bytes,
    sources.c.chunk_count,
    sources.c.created_at,
    sources.c.updated_at,
)

_CHUNK_COLUMNS = (
    chunks.c.id,
    chunks.c.source_id,
    sources.c.uri,
    chunks.c.ordinal,
    chunks.c.title,
    chunks.c.heading,
    chunks.c.anchor,
    chunks.c.language,
    chunks.c.text,
    chunks.c.embedding,
    chunks.c.embedder,
)


def _vector(blob: bytes) -> Vectors:
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; every value we wrote was UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _source(m: RowMapping) -> SourceRecord:
    return SourceRecord(
        id=m["id"],
        uri=m["uri"],
        title=m["title"],
        language=m["language"],
        format=m["format"],
        content_hash=m["content_hash"],
        bytes=int(m["bytes"]),
        chunk_count=int(m["chunk_count"]),
        created_at=_aware(m["created_at"]),
        updated_at=_aware(m["updated_at"]),
    )


def _chunk(m: RowMapping) -> ChunkRecord:
    return ChunkRecord(
        id=int(m["id"]),
        source_id=m["source_id"],
        uri=m["uri"],
        ordinal=int(m["ordinal"]),
        title=m["title"],
        heading=m["heading"],
        anchor=m["anchor"],
        language=m["language"],
        text=m["text"],
        embedding=_vector(m["embedding"]),
        embedder=m["embedder"],
    )

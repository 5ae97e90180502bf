"""The knowledge repository on SQLite and on Postgres."""

from __future__ import annotations

import numpy as np
import pytest

from frontdesk.knowledge.chunking import Chunk
from frontdesk.knowledge.repository import KnowledgeRepository, NewSource
from frontdesk.storage.sql import Database


def source(uri: str, digest: str = "h1") -> NewSource:
    return NewSource(uri, f"Title of {uri}", "it", "markdown", digest, 10)


def chunks(*texts: str, heading: str = "Sezione") -> list[Chunk]:
    return [Chunk(i, heading, f"a{i}", "it", t, t) for i, t in enumerate(texts)]


def vectors(n: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, 8)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture
def repo(database: Database) -> KnowledgeRepository:
    return KnowledgeRepository(database)


async def test_replacing_a_source_swaps_all_its_chunks(repo):
    first = await repo.replace_source(
        "t", source("kb/a.md"), chunks("il modem lampeggia", "la bolletta arriva"), vectors(2), "e"
    )
    assert first.removed_ids == [] and len(first.added_ids) == 2
    second = await repo.replace_source(
        "t", source("kb/a.md", "h2"), chunks("la fibra ottica"), vectors(1), "e"
    )
    assert second.source_id == first.source_id
    assert sorted(second.removed_ids) == sorted(first.added_ids)
    assert set(second.added_ids).isdisjoint(first.added_ids)  # ids are never reused
    [record] = await repo.list_sources("t")
    assert (record.uri, record.content_hash, record.chunk_count) == ("kb/a.md", "h2", 1)
    assert record.created_at.tzinfo is not None
    assert await repo.lexical_search("t", "modem", 10) == []
    assert [i for i, _ in await repo.lexical_search("t", "fibra", 10)] == second.added_ids


async def test_lexical_search_ranks_and_isolates_tenants(repo):
    added = await repo.replace_source(
        "t",
        source("kb/guida.md"),
        chunks(
            "per il reset del router premi il tasto",
            "il router si riavvia da solo",
            "la bolletta arriva il primo del mese",
        ),
        vectors(3),
        "e",
    )
    await repo.replace_source("other", source("kb/x.md"), chunks("reset router"), vectors(1), "e")
    hits = await repo.lexical_search("t", "reset router", 10)
    ids = [i for i, _ in hits]
    assert ids[0] == added.added_ids[0]
    assert added.added_ids[2] not in ids
    assert set(ids) <= set(added.added_ids)  # never the other tenant's chunk
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


async def test_headings_are_searchable_too(repo):
    added = await repo.replace_source(
        "t",
        source("kb/f.md"),
        chunks("premi il tasto", heading="Ripristino di fabbrica"),
        vectors(1),
        "e",
    )
    assert [i for i, _ in await repo.lexical_search("t", "fabbrica", 5)] == added.added_ids


@pytest.mark.parametrize(
    "query", ['"unbalanced', "NEAR(router reset)", "router*", "-router OR AND", "a:b", "''", "?!"]
)
async def test_search_syntax_in_user_input_is_just_text(repo, query):
    await repo.replace_source("t", source("kb/a.md"), chunks("router reset"), vectors(1), "e")
    await repo.lexical_search("t", query, 5)  # no syntax error on either backend


async def test_accents(repo, database):
    added = await repo.replace_source(
        "t", source("kb/a.md"), chunks("perché così"), vectors(1), "e"
    )
    ids = added.added_ids
    assert [i for i, _ in await repo.lexical_search("t", "perché così", 5)] == ids
    folded = [i for i, _ in await repo.lexical_search("t", "perche cosi", 5)]
    # FTS5's unicode61 tokenizer folds diacritics; Postgres' 'simple' configuration keeps them
    # (folding there needs the unaccent extension; the vector search covers the gap).
    assert folded == (ids if database.dialect == "sqlite" else [])


async def test_delete_sources_removes_chunks_and_their_index_entries(repo):
    a = await repo.replace_source(
        "t", source("kb/a.md"), chunks("alpha uno", "alpha due"), vectors(2), "e"
    )
    await repo.replace_source("t", source("kb/b.md"), chunks("beta"), vectors(1), "e")
    removed = await repo.delete_sources("t", [a.source_id])
    assert sorted(removed) == sorted(a.added_ids)
    assert [s.uri for s in await repo.list_sources("t")] == ["kb/b.md"]
    assert await repo.lexical_search("t", "alpha", 5) == []
    assert await repo.fetch_chunks("t", a.added_ids) == []


async def test_embeddings_round_trip_for_the_index_rebuild(repo):
    v = vectors(3, seed=5)
    a = await repo.replace_source("t1", source("kb/a.md"), chunks("x", "y"), v[:2], "model-a")
    b = await repo.replace_source("t2", source("kb/b.md"), chunks("z"), v[2:], "model-a")
    await repo.replace_source("t2", source("kb/c.md"), chunks("w"), vectors(1), "model-b")
    batches = [item async for item in repo.iter_embeddings("model-a", batch=2)]
    loaded = {i: vec for _, ids, vecs in batches for i, vec in zip(ids, vecs, strict=True)}
    assert {t for t, _, _ in batches} == {"t1", "t2"}
    for chunk_id, expected in zip(a.added_ids + b.added_ids, v, strict=True):
        np.testing.assert_array_equal(loaded[chunk_id], expected)
    assert await repo.count_foreign_chunks("model-a") == 1
    states = await repo.source_states("t2", "model-a")
    assert (states["kb/b.md"].foreign_chunks, states["kb/c.md"].foreign_chunks) == (0, 1)


async def test_fetch_chunks_is_scoped_to_the_tenant(repo):
    a = await repo.replace_source("t1", source("kb/a.md"), chunks("x"), vectors(1), "e")
    assert await repo.fetch_chunks("t2", a.added_ids) == []
    [row] = await repo.fetch_chunks("t1", a.added_ids)
    assert (row.uri, row.heading, row.anchor, row.language, row.text) == (
        "kb/a.md",
        "Sezione",
        "a0",
        "it",
        "x",
    )

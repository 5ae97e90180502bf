"""One contract for every vector index adapter."""

from __future__ import annotations

import numpy as np
import pytest

from frontdesk.kit.errors import ConfigError
from frontdesk.knowledge.vectors import VECTOR_INDEXES, VectorIndex, create_vector_index

DIM = 16


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture(params=sorted(VECTOR_INDEXES))
def index(request: pytest.FixtureRequest) -> VectorIndex:
    return create_vector_index(request.param, DIM)


async def test_search_finds_nearest_first(index):
    rng = np.random.default_rng(1)
    vectors = unit(rng, 50)
    await index.add("t", list(range(100, 150)), vectors)
    hits = await index.search("t", vectors[7], 5)
    assert hits[0][0] == 107
    assert hits[0][1] == pytest.approx(1.0, abs=1e-4)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert index.count("t") == 50


async def test_tenants_are_isolated(index):
    rng = np.random.default_rng(2)
    await index.add("a", [1, 2], unit(rng, 2))
    await index.add("b", [3], unit(rng, 1))
    assert {i for i, _ in await index.search("a", unit(rng, 1)[0], 10)} == {1, 2}
    assert await index.search("nobody", unit(rng, 1)[0], 10) == []


async def test_replace_and_remove(index):
    rng = np.random.default_rng(3)
    first, second = unit(rng, 2)
    await index.add("t", [1, 2], np.vstack([first, second]))
    await index.add("t", [1], second[None, :])  # replace key 1
    hits = dict(await index.search("t", second, 2))
    assert hits[1] == pytest.approx(1.0, abs=1e-4)
    await index.remove("t", [1, 99])
    assert [i for i, _ in await index.search("t", second, 5)] == [2]
    assert index.count("t") == 1
    await index.clear()
    assert index.count("t") == 0


async def test_wrong_shapes_are_refused(index):
    with pytest.raises(ValueError, match="expected 2 vectors"):
        await index.add("t", [1, 2], np.zeros((1, DIM), dtype=np.float32))


async def test_usearch_agrees_with_exact_search():
    rng = np.random.default_rng(4)
    vectors, queries = unit(rng, 300), unit(rng, 20)
    exact, approx = create_vector_index("exact", DIM), create_vector_index("usearch", DIM)
    for idx in (exact, approx):
        await idx.add("t", list(range(300)), vectors)
    agree = 0
    for q in queries:
        agree += (await exact.search("t", q, 1))[0][0] == (await approx.search("t", q, 1))[0][0]
    assert agree >= 19


def test_unknown_index_name():
    with pytest.raises(ConfigError, match="did you mean 'exact'"):
        create_vector_index("exakt", DIM)

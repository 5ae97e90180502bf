"""The per-tenant ring buffer of question vectors."""

from __future__ import annotations

import numpy as np

from frontdesk.gateway.cache.embedder import Vector
from frontdesk.gateway.cache.semantic import SemanticIndex


def unit(*values: float) -> Vector:
    vector = np.asarray(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_finds_the_most_similar_live_row_of_its_space_best_first() -> None:
    index = SemanticIndex(capacity=10)
    index.add("space", "close", unit(1, 0.1, 0), expires_at=100)
    index.add("space", "closer", unit(1, 0.01, 0), expires_at=100)
    index.add("space", "far", unit(0, 1, 0), expires_at=100)
    index.add("other", "identical-elsewhere", unit(1, 0, 0), expires_at=100)
    found = index.search("space", unit(1, 0, 0), threshold=0.9, now=0)
    assert [key for key, _ in found] == ["closer", "close"]
    assert found[0][1] > found[1][1] >= 0.9


def test_expired_rows_are_not_candidates() -> None:
    index = SemanticIndex(capacity=10)
    index.add("space", "old", unit(1, 0), expires_at=50)
    assert index.has_candidates("space", now=49)
    assert not index.has_candidates("space", now=50)
    assert index.search("space", unit(1, 0), threshold=0.5, now=50) == []


def test_threshold_one_still_matches_an_identical_vector() -> None:
    index = SemanticIndex(capacity=4)
    vector = unit(0.3, 0.7, 0.1, 0.2)
    index.add("space", "same", vector, expires_at=10)
    assert [k for k, _ in index.search("space", vector.copy(), threshold=1.0, now=0)] == ["same"]
    nearly = unit(0.3, 0.7, 0.1, 0.24)  # cosine 0.999
    assert index.search("space", nearly, threshold=1.0, now=0) == []


def test_ring_overwrites_the_oldest_row_when_full_and_grows_past_its_first_block() -> None:
    index = SemanticIndex(capacity=100)
    rng = np.random.default_rng(7)
    vectors = [unit(*rng.normal(size=8)) for _ in range(130)]
    for i, vector in enumerate(vectors):
        index.add("space", f"q{i}", vector, expires_at=10)
    assert len(index) == 100
    assert "q29" not in index and "q30" in index and "q129" in index
    assert index.search("space", vectors[0], threshold=0.999, now=0) == []
    assert index.search("space", vectors[129], threshold=0.999, now=0)[0][0] == "q129"


def test_adding_a_key_again_replaces_its_row() -> None:
    index = SemanticIndex(capacity=3)
    index.add("space", "q", unit(1, 0), expires_at=10)
    index.add("space", "q", unit(1, 0), expires_at=20)
    assert len(index) == 1
    assert index.has_candidates("space", now=15)


def test_a_discarded_row_leaves_no_space_behind() -> None:
    index = SemanticIndex(capacity=3)
    index.add("space", "q", unit(1, 0), expires_at=10)
    index.discard("q")
    assert len(index) == 0
    assert not index.has_candidates("space", now=0)
    assert index.search("space", unit(1, 0), threshold=0.5, now=0) == []


def test_a_vector_of_another_dimension_finds_nothing() -> None:
    index = SemanticIndex(capacity=3)
    index.add("space", "q", unit(1, 0), expires_at=10)
    assert index.search("space", unit(1, 0, 0), threshold=0.5, now=0) == []

"""The vector index port and its registry of in-process adapters.

Vectors are keyed by chunk id and partitioned by tenant, so a search can never return
another tenant's passage. The in-process indexes are caches: the database holds every
embedding, and :meth:`KnowledgeService.load_index` rebuilds them at start-up.
"""

from __future__ import annotations

import asyncio
import difflib
import threading
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from frontdesk.kit.errors import ConfigError
from frontdesk.knowledge.model import Vectors

Hit = tuple[int, float]  # (chunk id, cosine similarity)
VectorIndexFactory = Callable[[int], "VectorIndex"]  # dimension → index
R = TypeVar("R")


class VectorIndex(Protocol):
    @property
    def name(self) -> str: ...

    async def add(self, tenant_id: str, ids: Sequence[int], vectors: Vectors) -> None:
        """Insert or replace; ``vectors`` are L2-normalised rows, one per id."""

    async def remove(self, tenant_id: str, ids: Sequence[int]) -> None: ...

    async def search(self, tenant_id: str, vector: Vectors, k: int) -> list[Hit]:
        """The ``k`` nearest chunks of the tenant by cosine, best first."""

    async def clear(self) -> None: ...

    def count(self, tenant_id: str) -> int: ...


class Guarded:
    """Runs index work in a worker thread under one lock: a search over a large index never
    stalls the event loop, and never sees a half-applied update."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._lock = threading.Lock()

    async def locked(self, work: Callable[[], R]) -> R:
        def run() -> R:
            with self._lock:
                return work()

        return await asyncio.to_thread(run)

    def check(self, ids: Sequence[int], vectors: Vectors) -> None:
        if vectors.ndim != 2 or vectors.shape != (len(ids), self.dim):
            raise ValueError(f"expected {len(ids)} vectors of {self.dim}, got {vectors.shape}")


def _exact(dim: int) -> VectorIndex:
    from frontdesk.knowledge.vectors_exact import ExactIndex

    return ExactIndex(dim)


def _usearch(dim: int) -> VectorIndex:
    from frontdesk.knowledge.vectors_usearch import UsearchIndex

    return UsearchIndex(dim)


VECTOR_INDEXES: dict[str, VectorIndexFactory] = {"exact": _exact, "usearch": _usearch}


def create_vector_index(name: str, dim: int) -> VectorIndex:
    factory = VECTOR_INDEXES.get(name)
    if factory is None:
        close = difflib.get_close_matches(name, VECTOR_INDEXES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known: {sorted(VECTOR_INDEXES)}"
        raise ConfigError(f"knowledge.vector_index: unknown index {name!r}{hint}")
    return factory(dim)

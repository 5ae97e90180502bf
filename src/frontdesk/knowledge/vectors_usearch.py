"""Approximate search with usearch's HNSW graph (cosine), one graph per tenant.

usearch refuses a key that is already present, so an update removes it first; removals
leave tombstones that the start-up rebuild (``KnowledgeService.load_index``) compacts away.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from usearch.index import Index

from frontdesk.knowledge.model import Vectors
from frontdesk.knowledge.vectors import Guarded, Hit


class _Partition:
    def __init__(self, dim: int) -> None:
        self.graph: Any = Index(ndim=dim, metric="cos", dtype="f32")
        self.keys: set[int] = set()


class UsearchIndex:
    name = "usearch"

    def __init__(self, dim: int) -> None:
        self._guard = Guarded(dim)
        self._parts: dict[str, _Partition] = {}

    def _part(self, tenant_id: str) -> _Partition:
        part = self._parts.get(tenant_id)
        if part is None:
            part = self._parts[tenant_id] = _Partition(self._guard.dim)
        return part

    async def add(self, tenant_id: str, ids: Sequence[int], vectors: Vectors) -> None:
        self._guard.check(ids, vectors)
        if not ids:
            return
        keys = np.asarray(ids, dtype=np.uint64)

        def work() -> None:
            part = self._part(tenant_id)
            present = [int(key) for key in keys if int(key) in part.keys]
            if present:
                part.graph.remove(np.asarray(present, dtype=np.uint64))
            part.graph.add(keys, np.ascontiguousarray(vectors, dtype=np.float32))
            part.keys.update(int(key) for key in keys)

        await self._guard.locked(work)

    async def remove(self, tenant_id: str, ids: Sequence[int]) -> None:
        def work() -> None:
            part = self._parts.get(tenant_id)
            if part is None:
                return
            present = [int(key) for key in ids if int(key) in part.keys]
            if present:
                part.graph.remove(np.asarray(present, dtype=np.uint64))
                part.keys.difference_update(present)

        await self._guard.locked(work)

    async def search(self, tenant_id: str, vector: Vectors, k: int) -> list[Hit]:
        def work() -> list[Hit]:
            part = self._parts.get(tenant_id)
            if part is None or not part.keys or k < 1:
                return []
            query = np.ascontiguousarray(vector.reshape(-1), dtype=np.float32)
            matches = part.graph.search(query, min(k, len(part.keys)))
            # usearch reports cosine *distance*; callers want similarity.
            return [
                (int(key), 1.0 - float(distance))
                for key, distance in zip(matches.keys, matches.distances, strict=True)
            ]

        return await self._guard.locked(work)

    async def clear(self) -> None:
        await self._guard.locked(self._parts.clear)

    def count(self, tenant_id: str) -> int:
        part = self._parts.get(tenant_id)
        return len(part.keys) if part is not None else 0

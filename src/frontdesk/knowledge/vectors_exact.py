"""Exact search: one matrix product per query. Right up to ~10^5 chunks per tenant, and the
reference the approximate index is tested against."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from frontdesk.knowledge.model import Vectors
from frontdesk.knowledge.vectors import Guarded, Hit


class _Partition:
    def __init__(self) -> None:
        self.rows: dict[int, Vectors] = {}
        # Stacked lazily on the next search, so a run of small adds costs O(n) once.
        self.ids: np.ndarray | None = None
        self.matrix: Vectors | None = None


class ExactIndex:
    name = "exact"

    def __init__(self, dim: int) -> None:
        self._guard = Guarded(dim)
        self._parts: dict[str, _Partition] = {}

    def _part(self, tenant_id: str) -> _Partition:
        return self._parts.setdefault(tenant_id, _Partition())

    async def add(self, tenant_id: str, ids: Sequence[int], vectors: Vectors) -> None:
        self._guard.check(ids, vectors)

        def work() -> None:
            part = self._part(tenant_id)
            part.rows.update(zip((int(i) for i in ids), np.array(vectors), strict=True))
            part.matrix = None

        await self._guard.locked(work)

    async def remove(self, tenant_id: str, ids: Sequence[int]) -> None:
        def work() -> None:
            part = self._part(tenant_id)
            for chunk_id in ids:
                part.rows.pop(int(chunk_id), None)
            part.matrix = None

        await self._guard.locked(work)

    async def search(self, tenant_id: str, vector: Vectors, k: int) -> list[Hit]:
        def work() -> list[Hit]:
            part = self._parts.get(tenant_id)
            if part is None or not part.rows or k < 1:
                return []
            if part.matrix is None or part.ids is None:
                part.ids = np.fromiter(part.rows, dtype=np.int64, count=len(part.rows))
                part.matrix = np.vstack(list(part.rows.values()))
            scores = part.matrix @ vector.reshape(-1).astype(np.float32)
            top = min(k, len(scores))
            best = np.argpartition(-scores, top - 1)[:top]
            best = best[np.argsort(-scores[best], kind="stable")]
            return [(int(part.ids[i]), float(scores[i])) for i in best]

        return await self._guard.locked(work)

    async def clear(self) -> None:
        await self._guard.locked(self._parts.clear)

    def count(self, tenant_id: str) -> int:
        part = self._parts.get(tenant_id)
        return len(part.rows) if part is not None else 0

"""Hybrid retrieval: lexical top-N and vector top-N, fused, with a calibrated confidence."""

from __future__ import annotations

import asyncio
from typing import Literal

import numpy as np

from frontdesk.kit.errors import NotFound
from frontdesk.kit.language import detect_language
from frontdesk.knowledge.embedding import CosineCalibration
from frontdesk.knowledge.fusion import (
    FusionWeights,
    boost_language,
    confidence,
    reciprocal_rank_fusion,
)
from frontdesk.knowledge.model import Embedder, Passage, ScoredPassage, Vectors
from frontdesk.knowledge.parsing.language import LANGUAGES
from frontdesk.knowledge.repository import ChunkRecord, KnowledgeRepository
from frontdesk.knowledge.vectors import VectorIndex

Mode = Literal["hybrid", "lexical", "vector"]

# Each list contributes this many candidates to fusion; deep enough that a passage ranked
# modestly by both searches can still surface, cheap enough to fetch in one query.
CANDIDATES = 50
DEFAULT_WEIGHTS = FusionWeights()


class Retriever:
    def __init__(
        self,
        repository: KnowledgeRepository,
        embedder: Embedder,
        index: VectorIndex,
        calibration: CosineCalibration,
        *,
        weights: FusionWeights = DEFAULT_WEIGHTS,
        candidates: int = CANDIDATES,
    ) -> None:
        self._repo = repository
        self._embedder = embedder
        self._index = index
        self._calibration = calibration
        self._weights = weights
        self._candidates = candidates

    async def retrieve(
        self,
        tenant_id: str,
        query: str,
        *,
        language: str | None = None,
        k: int = 4,
        mode: Mode = "hybrid",
        query_vector: Vectors | None = None,
    ) -> list[ScoredPassage]:
        """The ``k`` best passages for ``query``, best first.

        ``mode`` ranks by the fusion of both searches (``hybrid``) or by one alone (for
        benchmarks). ``language`` (detected from the query when not given) favours passages
        in that language when the tenant has any. Every passage's ``score`` is the
        calibrated confidence of :func:`frontdesk.knowledge.fusion.confidence`, whatever the
        mode, so a caller can abstain on ``passages[0].score``. ``query_vector`` is the
        query as :meth:`embed_query` gives it, when the caller has it already.
        """
        if not query.strip() or k < 1:
            return []
        # The lexical search needs no vector: it runs while the query is being embedded.
        lexical_ids, (qvec, vector_hits) = await asyncio.gather(
            self._lexical(tenant_id, query, mode),
            self._vector(tenant_id, query, mode, query_vector),
        )
        vector_ids = [chunk_id for chunk_id, _ in vector_hits]
        fused = reciprocal_rank_fusion(
            [(lexical_ids, self._weights.lexical), (vector_ids, self._weights.vector)],
            k=self._weights.k,
        )
        rows = {r.id: r for r in await self._repo.fetch_chunks(tenant_id, list(fused))}
        fused = {i: s for i, s in fused.items() if i in rows}  # gone since the index saw them
        hits = dict(vector_hits)
        cosines = {i: hits[i] if i in hits else self._cosine(row, qvec) for i, row in rows.items()}
        if mode == "hybrid":  # the single-signal modes stay pure, for the benchmark
            fused = boost_language(
                fused,
                {i: r.language for i, r in rows.items()},
                cosines,
                language or detect_language(query, LANGUAGES, default="") or None,
            )
        lexical_rank = {chunk_id: rank for rank, chunk_id in enumerate(lexical_ids, start=1)}
        vector_rank = {chunk_id: rank for rank, chunk_id in enumerate(vector_ids, start=1)}
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        return [
            self._passage(rows[i], cosines[i], lexical_rank.get(i), vector_rank.get(i))
            for i in best
        ]

    async def get_passage(self, tenant_id: str, chunk_id: str) -> Passage:
        """One chunk, for the citation viewer; :class:`NotFound` for an unknown id."""
        rows = []
        if chunk_id.isascii() and chunk_id.isdigit() and len(chunk_id) < 19:  # a BIGINT
            rows = await self._repo.fetch_chunks(tenant_id, [int(chunk_id)])
        if not rows:
            raise NotFound(f"no passage {chunk_id!r}")
        r = rows[0]
        return Passage(
            chunk_id=str(r.id),
            source_id=r.source_id,
            source=r.uri,
            title=r.title,
            heading=r.heading,
            anchor=r.anchor,
            text=r.text,
            language=r.language,
            ordinal=r.ordinal,
        )

    async def _lexical(self, tenant_id: str, query: str, mode: Mode) -> list[int]:
        if mode == "vector":
            return []
        hits = await self._repo.lexical_search(tenant_id, query, self._candidates)
        return [chunk_id for chunk_id, _ in hits]

    async def embed_query(self, query: str) -> Vectors:
        """The unit-norm query embedding retrieval uses (guards reuse it)."""
        vectors = await self._embedder.embed_queries([query])
        first: Vectors = vectors[0]
        return first

    async def _vector(
        self, tenant_id: str, query: str, mode: Mode, query_vector: Vectors | None
    ) -> tuple[Vectors, list[tuple[int, float]]]:
        # Embedded in every mode: the confidence of a lexical hit needs its cosine too.
        qvec = query_vector if query_vector is not None else await self.embed_query(query)
        if mode == "lexical":
            return qvec, []
        return qvec, await self._index.search(tenant_id, qvec, self._candidates)

    def _cosine(self, row: ChunkRecord, qvec: Vectors) -> float | None:
        """Cosine of a passage only the lexical search found, from its stored vector."""
        if row.embedder != self._embedder.name or row.embedding.shape != qvec.shape:
            return None
        return float(np.dot(row.embedding, qvec))

    def _passage(
        self,
        row: ChunkRecord,
        cosine: float | None,
        lexical_rank: int | None,
        vector_rank: int | None,
    ) -> ScoredPassage:
        return ScoredPassage(
            chunk_id=str(row.id),
            source_id=row.source_id,
            source=row.uri,
            title=row.title,
            anchor=row.anchor,
            text=row.text,
            language=row.language,
            score=round(confidence(cosine, lexical_rank, self._calibration), 6),
            vector_score=cosine,
            lexical_rank=lexical_rank,
            vector_rank=vector_rank,
            heading=row.heading,
        )

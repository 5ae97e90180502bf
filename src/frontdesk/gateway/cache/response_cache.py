"""``GatewayCache``: the :class:`ResponseCache` the gateway asks before calling a model.

Lookup tries the exact key (:mod:`.keys`) in the store, then, for a first question, the
tenant's semantic index (:mod:`.semantic`): the most similar earlier question of the same
key-space at or above ``semantic_threshold`` whose answer is still in the store. The tenant
is part of every store call, index and counter: no path leads from one tenant's request to
another tenant's answer.

Embedding costs tens of milliseconds, so it happens only when it can pay off: a lookup
embeds only if the tenant's index has live questions in the request's key-space, and keeps
the vector for the :meth:`store` that follows its miss; a store embeds only if the lookup
did not. An exact hit on a question this process has not indexed (stored by another node,
or pushed out of the ring) is indexed in the background, so the hit stays fast.

A cache is an optimisation: a store that is down, or an embedder that fails, turns into a
miss (counted as an error, logged at most every 30 s), never into a failed call.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Literal

from frontdesk.config import CacheSettings
from frontdesk.gateway.cache.embedder import QueryEmbedder, Vector
from frontdesk.gateway.cache.keys import RequestKeys, request_keys
from frontdesk.gateway.cache.model import CacheHit
from frontdesk.gateway.cache.semantic import SemanticIndex
from frontdesk.gateway.cache.stats import CacheStats, TenantCacheStats
from frontdesk.gateway.cache.store import CachedAnswer, CacheStore
from frontdesk.gateway.model import ChatRequest, Usage
from frontdesk.kit.errors import Unavailable

log = logging.getLogger(__name__)

Clock = Callable[[], float]
_PENDING_VECTORS = 1024  # lookups whose store has not come (yet, or ever: an error)
_BACKGROUND_LIMIT = 8  # concurrent background indexings; beyond that, skip (best effort)
_WARN_EVERY_S = 30.0


class GatewayCache:
    def __init__(
        self,
        store: CacheStore,
        settings: CacheSettings,
        *,
        embedder: QueryEmbedder | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self._store = store
        self._ttl = settings.ttl_s
        self._exact = settings.exact
        self._threshold = settings.semantic_threshold
        self._embedder = embedder if settings.semantic else None
        self._capacity = settings.max_entries_per_tenant
        self._clock = clock
        self._indexes: dict[str, SemanticIndex] = {}
        self._pending: OrderedDict[tuple[str, str], Vector] = OrderedDict()
        self._background: dict[tuple[str, str], asyncio.Task[None]] = {}
        self._stats = CacheStats()
        self._warned_at = -_WARN_EVERY_S

    def stats(self) -> dict[str, TenantCacheStats]:
        return self._stats.snapshot()

    async def lookup(self, tenant: str, model: str, request: ChatRequest) -> CacheHit | None:
        keys = request_keys(model, request)
        try:
            hit = await self._find(tenant, keys)
        except Unavailable:
            self._failed(tenant, "lookup")
            hit = None
        if hit is None:
            self._stats.miss(tenant)
        else:
            self._stats.hit(tenant, hit.kind, hit.usage)
        return hit

    async def store(
        self, tenant: str, model: str, request: ChatRequest, text: str, usage: Usage, by: str
    ) -> None:
        if not text.strip():
            return  # an empty answer is a failure, not something to repeat
        keys = request_keys(model, request)
        try:
            await self._store.set(tenant, keys.exact, CachedAnswer(text, usage, by), self._ttl)
        except Unavailable:
            self._failed(tenant, "store")
            return
        self._stats.stored(tenant)
        if self._embedder is None or keys.space is None:
            return
        vector = self._pending.pop((tenant, keys.exact), None)
        if vector is None:
            vector = await self._embed(tenant, keys.question)
        if vector is not None:
            self._index(tenant).add(keys.space, keys.exact, vector, self._clock() + self._ttl)

    async def drain(self) -> None:
        """Wait for background indexing (tests, benchmarks, shutdown)."""
        while self._background:
            await asyncio.gather(*self._background.values(), return_exceptions=True)

    async def aclose(self) -> None:
        for task in self._background.values():
            task.cancel()
        await self.drain()
        await self._store.aclose()

    async def _find(self, tenant: str, keys: RequestKeys) -> CacheHit | None:
        if self._exact:
            answer = await self._store.get(tenant, keys.exact)
            if answer is not None:
                self._index_later(tenant, keys)
                return _hit(answer, "exact")
        index = self._indexes.get(tenant)
        if self._embedder is None or keys.space is None or index is None:
            return None
        if not index.has_candidates(keys.space, self._clock()):
            return None
        vector = await self._embed(tenant, keys.question)
        if vector is None:
            return None
        self._remember(tenant, keys.exact, vector)
        for key, similarity in index.search(keys.space, vector, self._threshold, self._clock()):
            answer = await self._store.get(tenant, key)
            if answer is not None:
                return _hit(answer, "semantic", similarity)
            index.discard(key)  # the store let it go: so does the index
        return None

    def _index(self, tenant: str) -> SemanticIndex:
        index = self._indexes.get(tenant)
        if index is None:
            index = self._indexes[tenant] = SemanticIndex(self._capacity)
        return index

    def _index_later(self, tenant: str, keys: RequestKeys) -> None:
        if self._embedder is None or keys.space is None:
            return
        job = (tenant, keys.exact)
        if job in self._background or len(self._background) >= _BACKGROUND_LIMIT:
            return
        index = self._indexes.get(tenant)
        if index is not None and keys.exact in index:
            return
        task = asyncio.create_task(self._index_seen(tenant, keys), name="cache-index")
        self._background[job] = task
        task.add_done_callback(lambda _: self._background.pop(job, None))

    async def _index_seen(self, tenant: str, keys: RequestKeys) -> None:
        assert keys.space is not None  # checked by _index_later
        vector = await self._embed(tenant, keys.question)
        if vector is not None:
            # The stored entry's own expiry is unknown here; a row that outlives its answer
            # is dropped by the first search that finds the store empty.
            self._index(tenant).add(keys.space, keys.exact, vector, self._clock() + self._ttl)

    async def _embed(self, tenant: str, text: str) -> Vector | None:
        assert self._embedder is not None
        try:
            return await self._embedder.embed(text)
        except Exception:  # any embedder failure: answer without the semantic cache
            self._failed(tenant, "embed")
            return None

    def _remember(self, tenant: str, key: str, vector: Vector) -> None:
        self._pending[(tenant, key)] = vector
        while len(self._pending) > _PENDING_VECTORS:
            self._pending.popitem(last=False)

    def _failed(self, tenant: str, step: str) -> None:
        self._stats.error(tenant)
        now = self._clock()
        if now - self._warned_at >= _WARN_EVERY_S:
            self._warned_at = now
            log.warning(
                "response cache %s failed; answering without the cache",
                step,
                extra={"tenant": tenant},
                exc_info=True,
            )


def _hit(
    answer: CachedAnswer, kind: Literal["exact", "semantic"], similarity: float = 1.0
) -> CacheHit:
    return CacheHit(answer.text, answer.usage, answer.model, kind, similarity)

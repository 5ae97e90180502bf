"""``create_response_cache``: the cache the settings ask for, or ``None``.

Stores are picked by ``settings.backend`` from :data:`CACHE_STORES`, a name -> factory
registry: a new backend is one entry, not another branch. ``memory`` keeps answers in this
process; ``redis`` shares them between nodes (each node still has its own semantic index).
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable

from frontdesk.config import CacheSettings
from frontdesk.gateway.cache.embedder import KnowledgeQueryEmbedder
from frontdesk.gateway.cache.memory_store import MemoryCacheStore
from frontdesk.gateway.cache.redis_store import RedisCacheStore
from frontdesk.gateway.cache.response_cache import Clock, GatewayCache
from frontdesk.gateway.cache.store import CacheStore
from frontdesk.kit.errors import ConfigError
from frontdesk.knowledge.model import Embedder

StoreFactory = Callable[[CacheSettings, str | None, Clock], CacheStore]


def _memory(settings: CacheSettings, redis_url: str | None, clock: Clock) -> CacheStore:
    return MemoryCacheStore(settings.max_entries_per_tenant, clock=clock)


def _redis(settings: CacheSettings, redis_url: str | None, clock: Clock) -> CacheStore:
    if not redis_url:
        raise ConfigError("gateway.cache.backend is 'redis' but no redis.url is set")
    return RedisCacheStore.from_url(redis_url)


CACHE_STORES: dict[str, StoreFactory] = {"memory": _memory, "redis": _redis}


def create_response_cache(
    settings: CacheSettings,
    embedder: Embedder | None,
    redis_url: str | None,
    *,
    clock: Clock = time.monotonic,
) -> GatewayCache | None:
    """``None`` when caching is off. Without an embedder the cache is exact only."""
    if not settings.enabled or not (settings.exact or settings.semantic):
        return None
    factory = CACHE_STORES.get(settings.backend)
    if factory is None:
        close = difflib.get_close_matches(settings.backend, list(CACHE_STORES), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known: {sorted(CACHE_STORES)}"
        raise ConfigError(f"gateway.cache.backend: unknown store {settings.backend!r}{hint}")
    return GatewayCache(
        factory(settings, redis_url, clock),
        settings,
        embedder=KnowledgeQueryEmbedder(embedder) if embedder is not None else None,
        clock=clock,
    )

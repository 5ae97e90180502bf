"""``RedisCacheStore``: answers shared by every node, in Redis.

Keys are ``{prefix}:{tenant}:{exact key}`` (``fd:cache:acme:3f2a...``), values JSON
(orjson), written with ``SET ... PX`` so the TTL is Redis's to enforce (milliseconds: the
configured TTL is a float). There is no per-tenant entry bound here: Redis bounds memory
with its ``maxmemory-policy`` (``allkeys-lru`` or ``volatile-lru`` suit a cache) and every
key expires. Only the answers are shared; each node keeps its own semantic index (see
:mod:`frontdesk.gateway.cache.semantic`).

A cache must never make a call slower than no cache: the client does not retry, and every
command has a short deadline. Failures surface as :class:`Unavailable`, which the cache
turns into a miss.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from frontdesk.gateway.cache.store import CachedAnswer, decode_answer, encode_answer
from frontdesk.kit.errors import Unavailable

DEFAULT_PREFIX = "fd:cache"


class RedisCacheStore:
    def __init__(
        self, client: aioredis.Redis, *, prefix: str = DEFAULT_PREFIX, timeout_s: float = 0.25
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._timeout = timeout_s

    @classmethod
    def from_url(
        cls, url: str, *, prefix: str = DEFAULT_PREFIX, timeout_s: float = 0.25
    ) -> RedisCacheStore:
        client = aioredis.Redis.from_url(
            url,
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
            retry=Retry(NoBackoff(), 0),
        )
        return cls(client, prefix=prefix, timeout_s=timeout_s)

    def redis_key(self, tenant: str, key: str) -> str:
        return f"{self._prefix}:{tenant}:{key}"

    async def get(self, tenant: str, key: str) -> CachedAnswer | None:
        async with self._deadline():
            raw = await self._client.get(self.redis_key(tenant, key))
        return None if raw is None else decode_answer(raw)

    async def set(self, tenant: str, key: str, answer: CachedAnswer, ttl_s: float) -> None:
        async with self._deadline():
            await self._client.set(
                self.redis_key(tenant, key), encode_answer(answer), px=max(1, round(ttl_s * 1000))
            )

    async def delete(self, tenant: str, key: str) -> None:
        async with self._deadline():
            await self._client.delete(self.redis_key(tenant, key))

    async def aclose(self) -> None:
        await self._client.aclose()

    @asynccontextmanager
    async def _deadline(self) -> AsyncIterator[None]:
        try:
            async with asyncio.timeout(self._timeout):
                yield
        except (RedisError, OSError, TimeoutError) as exc:
            raise Unavailable(
                "the response cache store is unreachable", details={"backend": "redis"}
            ) from exc

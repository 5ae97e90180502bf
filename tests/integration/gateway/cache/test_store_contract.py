"""The CacheStore contract, run against the memory store and the real Redis."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis

from frontdesk.gateway.cache.memory_store import MemoryCacheStore
from frontdesk.gateway.cache.redis_store import RedisCacheStore
from frontdesk.gateway.cache.store import CachedAnswer
from frontdesk.gateway.model import Usage
from frontdesk.kit.errors import Unavailable
from tests.integration.gateway.cache.conftest import REDIS_URL, StoreUnderTest

ANSWER = CachedAnswer("Hold the reset button [1].", Usage(900, 120, 64), "openai:gpt-4o")
KEY = "a" * 64


async def test_returns_what_was_set(store_under_test: StoreUnderTest) -> None:
    store = store_under_test.store
    assert await store.get("acme", KEY) is None
    await store.set("acme", KEY, ANSWER, ttl_s=60)
    assert await store.get("acme", KEY) == ANSWER


async def test_set_replaces(store_under_test: StoreUnderTest) -> None:
    store = store_under_test.store
    await store.set("acme", KEY, ANSWER, ttl_s=60)
    newer = CachedAnswer("Unplug it.", Usage(1, 2), "local:extractive")
    await store.set("acme", KEY, newer, ttl_s=60)
    assert await store.get("acme", KEY) == newer


async def test_tenants_never_share_a_key(store_under_test: StoreUnderTest) -> None:
    store = store_under_test.store
    await store.set("acme", KEY, ANSWER, ttl_s=60)
    assert await store.get("globex", KEY) is None
    await store.delete("globex", KEY)
    assert await store.get("acme", KEY) == ANSWER


async def test_delete(store_under_test: StoreUnderTest) -> None:
    store = store_under_test.store
    await store.set("acme", KEY, ANSWER, ttl_s=60)
    await store.delete("acme", KEY)
    assert await store.get("acme", KEY) is None
    await store.delete("acme", KEY)  # deleting what is not there is fine


async def test_entries_expire(store_under_test: StoreUnderTest) -> None:
    store = store_under_test.store
    await store.set("acme", KEY, ANSWER, ttl_s=0.2)
    await store.set("acme", "b" * 64, ANSWER, ttl_s=60)
    await store_under_test.advance(0.05)
    assert await store.get("acme", KEY) == ANSWER
    await store_under_test.advance(0.25)
    assert await store.get("acme", KEY) is None
    assert await store.get("acme", "b" * 64) == ANSWER


async def test_memory_store_is_bounded_per_tenant_least_recently_used_first() -> None:
    # Memory only: Redis bounds memory with its maxmemory-policy (allkeys-lru), not per tenant.
    bound = 3
    store = MemoryCacheStore(bound)
    keys = [f"{i:064x}" for i in range(bound + 1)]
    for key in keys[:bound]:
        await store.set("acme", key, ANSWER, ttl_s=60)
    await store.set("globex", keys[0], ANSWER, ttl_s=60)
    assert await store.get("acme", keys[0]) == ANSWER  # used: now the most recent
    await store.set("acme", keys[bound], ANSWER, ttl_s=60)
    assert await store.get("acme", keys[1]) is None
    assert await store.get("acme", keys[0]) == ANSWER
    assert await store.get("globex", keys[0]) == ANSWER  # another tenant's bound


async def test_redis_layout_and_ttl(redis_prefix: str) -> None:
    store = RedisCacheStore.from_url(REDIS_URL, prefix=redis_prefix)
    await store.set("acme", KEY, ANSWER, ttl_s=30)
    client = aioredis.Redis.from_url(REDIS_URL)
    key = f"{redis_prefix}:acme:{KEY}"
    assert 29_000 < await client.pttl(key) <= 30_000
    raw = await client.get(key)
    assert isinstance(raw, bytes) and raw.startswith(b'{"v":1,')
    await client.set(key, b"not json")
    assert await store.get("acme", KEY) is None  # unreadable: a miss, not an error
    await client.aclose()
    await store.aclose()


async def test_unreachable_redis_is_unavailable() -> None:
    store = RedisCacheStore.from_url("redis://127.0.0.1:1/0", timeout_s=0.2)
    with pytest.raises(Unavailable):
        await store.get("acme", KEY)
    with pytest.raises(Unavailable):
        await store.set("acme", KEY, ANSWER, ttl_s=1)
    await store.aclose()

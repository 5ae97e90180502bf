"""Stores for the cache tests: in memory, and in the real Redis at 127.0.0.1:6379."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
import redis.asyncio as aioredis

from frontdesk.gateway.cache.memory_store import MemoryCacheStore
from frontdesk.gateway.cache.redis_store import RedisCacheStore
from frontdesk.gateway.cache.store import CacheStore
from tests.unit.gateway.cache.cases import FakeClock

REDIS_URL = "redis://127.0.0.1:6379/0"


@dataclass
class StoreUnderTest:
    store: CacheStore
    # Lets time pass: the memory store's clock moves, Redis's real clock is waited for.
    advance: Callable[[float], Awaitable[None]]
    max_entries_per_tenant: int | None  # None: not bounded per tenant (Redis)


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    """A key prefix of this test's own, and no key left under it afterwards."""
    prefix = f"fd:test:cache:{uuid.uuid4().hex}"
    yield prefix
    client = aioredis.Redis.from_url(REDIS_URL)
    keys = [key async for key in client.scan_iter(match=f"{prefix}:*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


@pytest.fixture(params=["memory", "redis"])
async def store_under_test(
    request: pytest.FixtureRequest, redis_prefix: str
) -> AsyncIterator[StoreUnderTest]:
    if request.param == "memory":
        clock = FakeClock()

        async def move(seconds: float) -> None:
            clock.advance(seconds)

        store: CacheStore = MemoryCacheStore(3, clock=clock)
        under_test = StoreUnderTest(store, move, 3)
    else:
        store = RedisCacheStore.from_url(REDIS_URL, prefix=redis_prefix)
        under_test = StoreUnderTest(store, asyncio.sleep, None)
    yield under_test
    await store.aclose()

"""``MemoryCacheStore``: one LRU per tenant, in this process.

Each tenant has its own ordered map bounded by ``max_entries_per_tenant``, so a busy tenant
evicts only its own answers, never another's. Expiry is checked on read against an
injectable clock (tests move time instead of sleeping); an expired entry is dropped when
it is read or pushed out by the LRU bound, which also bounds the memory expired entries
can hold.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from frontdesk.gateway.cache.store import CachedAnswer

Clock = Callable[[], float]


class MemoryCacheStore:
    def __init__(self, max_entries_per_tenant: int, *, clock: Clock = time.monotonic) -> None:
        if max_entries_per_tenant < 1:
            raise ValueError("max_entries_per_tenant must be at least 1")
        self._max = max_entries_per_tenant
        self._clock = clock
        # tenant -> key -> (expires_at, answer), least recently used first
        self._tenants: dict[str, OrderedDict[str, tuple[float, CachedAnswer]]] = {}

    async def get(self, tenant: str, key: str) -> CachedAnswer | None:
        entries = self._tenants.get(tenant)
        if entries is None or (entry := entries.get(key)) is None:
            return None
        expires_at, answer = entry
        if expires_at <= self._clock():
            self._remove(tenant, entries, key)
            return None
        entries.move_to_end(key)
        return answer

    async def set(self, tenant: str, key: str, answer: CachedAnswer, ttl_s: float) -> None:
        entries = self._tenants.setdefault(tenant, OrderedDict())
        entries[key] = (self._clock() + ttl_s, answer)
        entries.move_to_end(key)
        while len(entries) > self._max:
            entries.popitem(last=False)

    async def delete(self, tenant: str, key: str) -> None:
        entries = self._tenants.get(tenant)
        if entries is not None and key in entries:
            self._remove(tenant, entries, key)

    async def aclose(self) -> None:
        self._tenants.clear()

    def _remove(
        self, tenant: str, entries: OrderedDict[str, tuple[float, CachedAnswer]], key: str
    ) -> None:
        del entries[key]
        if not entries:
            del self._tenants[tenant]

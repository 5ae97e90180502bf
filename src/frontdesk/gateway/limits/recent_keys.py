"""A set that remembers only its most recent entries, so "seen before?" costs bounded memory.

Used for settled reservation ids (settle is idempotent) and for alerts already sent.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class RecentKeys(Generic[K]):
    def __init__(self, max_entries: int) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._max = max_entries
        self._keys: OrderedDict[K, None] = OrderedDict()

    def add(self, key: K) -> bool:
        """Remember ``key``; False if it was already remembered."""
        if key in self._keys:
            return False
        self._keys[key] = None
        if len(self._keys) > self._max:
            self._keys.popitem(last=False)
        return True

    def discard(self, key: K) -> None:
        self._keys.pop(key, None)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

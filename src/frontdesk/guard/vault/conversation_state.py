"""The decrypted vault of a conversation in memory, and the bounded cache that holds them.

The hot path (a message whose values already have placeholders, every re-identification)
is answered from here without a database round trip. The cache is bounded in entries
(least recently used out first) and in age: another process may have shredded or added to
a conversation, and the age bound is how long this one can take to notice. Decrypted values
live only here, in this process's memory, never in logs or on disk.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from frontdesk.guard.vault.envelope import ConversationCipher
from frontdesk.guard.vault.placeholders import number_of
from frontdesk.kit.clock import monotonic

ConversationKey = tuple[str, str]  # (tenant, conversation)


@dataclass(slots=True)
class ConversationVault:
    # None until the conversation's first personal data (no data key yet), or when its key
    # is destroyed (``erased``).
    cipher: ConversationCipher | None
    loaded_at: float = field(default_factory=monotonic)
    placeholders: dict[bytes, str] = field(default_factory=dict)  # value digest -> placeholder
    values: dict[str, str] = field(default_factory=dict, repr=False)  # placeholder -> value
    highest: dict[str, int] = field(default_factory=dict)  # entity type -> highest number used
    # The tenant key is gone but rows remain (a shred interrupted half way): nothing can be
    # read back, and nothing new may be added under the dead key.
    erased: bool = False

    def remember(self, placeholder: str, digest: bytes, value: str | None) -> None:
        self.placeholders[digest] = placeholder
        if value is not None:
            self.values[placeholder] = value
        entity_type, number = number_of(placeholder)
        if number > self.highest.get(entity_type, 0):
            self.highest[entity_type] = number


class ConversationCache:
    def __init__(self, *, max_conversations: int, ttl_s: float) -> None:
        self._max = max_conversations
        self._ttl_s = ttl_s
        self._items: OrderedDict[ConversationKey, ConversationVault] = OrderedDict()

    def get(self, key: ConversationKey) -> ConversationVault | None:
        vault = self._items.get(key)
        if vault is None:
            return None
        if monotonic() - vault.loaded_at > self._ttl_s:
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return vault

    def put(self, key: ConversationKey, vault: ConversationVault) -> None:
        self._items[key] = vault
        self._items.move_to_end(key)
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    def drop(self, key: ConversationKey) -> None:
        self._items.pop(key, None)

    def drop_tenant(self, tenant: str) -> None:
        for key in [k for k in self._items if k[0] == tenant]:
            del self._items[key]

    def __len__(self) -> int:
        return len(self._items)

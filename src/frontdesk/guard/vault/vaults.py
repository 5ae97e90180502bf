"""The vaults of all conversations: load and decrypt, give values placeholders, shred.

Giving placeholders is serialised per conversation in this process (a lock), and made safe
across processes by the store's read-back: a proposal that lost a race is reloaded and
proposed again, so two values never share a placeholder and one value never gets two.
"""

from __future__ import annotations

import weakref
from asyncio import Lock
from collections.abc import Sequence

from frontdesk.guard.vault.conversation_state import (
    ConversationCache,
    ConversationKey,
    ConversationVault,
)
from frontdesk.guard.vault.envelope import ConversationCipher, data_key_context, new_data_key
from frontdesk.guard.vault.keys import KeyDestroyed, KeyProvider
from frontdesk.guard.vault.placeholders import numbered
from frontdesk.guard.vault.store import StoredDataKey, VaultEntry, VaultStore
from frontdesk.kit.errors import Unavailable
from frontdesk.kit.ids import new_id

# Only concurrent writers from other processes make a proposal lose; a few rounds suffice.
_MAX_ROUNDS = 5

Found = tuple[str, str]  # (placeholder type, value) in text order


class ConversationVaults:
    def __init__(
        self, store: VaultStore, keys: KeyProvider, *, max_conversations: int, ttl_s: float
    ) -> None:
        self._store = store
        self._keys = keys
        self.cache = ConversationCache(max_conversations=max_conversations, ttl_s=ttl_s)
        self._locks: weakref.WeakValueDictionary[ConversationKey, Lock] = (
            weakref.WeakValueDictionary()
        )

    def lock(self, key: ConversationKey) -> Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = Lock()
        return lock

    async def get(self, key: ConversationKey) -> ConversationVault:
        vault = self.cache.get(key)
        if vault is None:
            # Loads wait for writes in progress, so a load never misses an entry this
            # process is committing right now.
            async with self.lock(key):
                vault = self.cache.get(key) or await self._load(key)
        return vault

    async def reload(self, key: ConversationKey) -> ConversationVault:
        async with self.lock(key):
            return await self._load(key)

    async def _load(self, key: ConversationKey) -> ConversationVault:
        tenant, conversation = key
        data_key, entries = await self._store.load(tenant, conversation)
        if data_key is None:
            vault = ConversationVault(cipher=None)
        else:
            context = data_key_context(tenant, conversation, data_key.key_id)
            try:
                raw = await self._keys.unwrap(tenant, data_key.wrapped, context)
            except KeyDestroyed:
                vault = ConversationVault(cipher=None, erased=True)
                for entry in entries:
                    vault.remember(entry.placeholder, entry.value_digest, None)
            else:
                cipher = ConversationCipher(
                    raw, tenant=tenant, conversation=conversation, key_id=data_key.key_id
                )
                vault = ConversationVault(cipher=cipher)
                for entry in entries:
                    value = cipher.decrypt(entry.placeholder, entry.nonce, entry.ciphertext)
                    vault.remember(entry.placeholder, entry.value_digest, value)
        self.cache.put(key, vault)
        return vault

    async def placeholders_for(self, key: ConversationKey, found: Sequence[Found]) -> list[str]:
        """The placeholder of each value, giving new values new ones (persisted first)."""
        if not found:
            return []
        vault = self.cache.get(key)
        if vault is not None and vault.cipher is not None:
            known = _known(vault, vault.cipher, found)
            if known is not None:
                return known
        async with self.lock(key):
            for _ in range(_MAX_ROUNDS):
                vault = self.cache.get(key) or await self._load(key)
                placeholders = await self._assign(key, vault, found)
                if placeholders is not None:
                    return placeholders
                self.cache.drop(key)  # lost a race with another process: reload, retry
        raise Unavailable("the vault kept changing under this conversation; try again")

    async def _assign(
        self, key: ConversationKey, vault: ConversationVault, found: Sequence[Found]
    ) -> list[str] | None:
        tenant, conversation = key
        if vault.erased:
            raise KeyDestroyed(f"conversation {conversation!r} was erased; its key is gone")
        new_key = None
        cipher = vault.cipher
        if cipher is None:
            new_key, cipher = await self._new_data_key(tenant, conversation)
        digests = [cipher.digest(kind, value) for kind, value in found]
        highest = dict(vault.highest)
        proposed: dict[bytes, tuple[VaultEntry, str]] = {}
        for (kind, value), digest in zip(found, digests, strict=True):
            if digest in vault.placeholders or digest in proposed:
                continue
            highest[kind] = highest.get(kind, 0) + 1
            placeholder = numbered(kind, highest[kind])
            nonce, ciphertext = cipher.encrypt(placeholder, value)
            entry = VaultEntry(placeholder, kind, digest, nonce, ciphertext)
            proposed[digest] = (entry, value)
        if proposed:
            outcome = await self._store.add(
                tenant,
                conversation,
                key_id=cipher.key_id,
                entries=[entry for entry, _ in proposed.values()],
                new_key=new_key,
            )
            if outcome.data_key is None or outcome.data_key.key_id != cipher.key_id:
                return None
            if any(outcome.placeholders.get(d) != e.placeholder for d, (e, _) in proposed.items()):
                return None
            vault.cipher = cipher
            for digest, (entry, value) in proposed.items():
                vault.remember(entry.placeholder, digest, value)
        return [vault.placeholders[digest] for digest in digests]

    async def _new_data_key(
        self, tenant: str, conversation: str
    ) -> tuple[StoredDataKey, ConversationCipher]:
        key_id = new_id("dek")
        raw = new_data_key()
        context = data_key_context(tenant, conversation, key_id)
        wrapped = await self._keys.wrap(tenant, raw, context)
        cipher = ConversationCipher(raw, tenant=tenant, conversation=conversation, key_id=key_id)
        return StoredDataKey(key_id, wrapped), cipher


def _known(
    vault: ConversationVault, cipher: ConversationCipher, found: Sequence[Found]
) -> list[str] | None:
    placeholders = []
    for kind, value in found:
        placeholder = vault.placeholders.get(cipher.digest(kind, value))
        if placeholder is None:
            return None
        placeholders.append(placeholder)
    return placeholders

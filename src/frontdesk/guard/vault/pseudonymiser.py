"""Reversible pseudonymisation: personal data becomes ``<PERSON_1>`` before any third-party
model, log or trace sees it, and the answer shown to the user gets the real values back.

* **Consistent.** A value gets the same placeholder everywhere in its conversation, across
  messages and restarts (looked up by its keyed digest); other conversations number their
  own, so placeholders say nothing across conversations.
* **Persist before use.** A new placeholder is committed to the vault before the text that
  carries it is returned: whatever a model was shown can be re-identified after a restart.
* **Cheap when there is nothing to hide.** A message without personal data costs its
  detection and nothing else: no key, no database, no cache entry.
* **Erasure.** :meth:`shred_conversation` deletes the conversation's data key and
  :meth:`shred_tenant` the tenant key: the values are unrecoverable from then on, and their
  placeholders stay placeholders. Audit records name only ids and counts, so the hash
  chain needs no change and still verifies.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field

from frontdesk.guard.model import PiiDetector, PiiEntity
from frontdesk.guard.vault.irreversible import irreversible
from frontdesk.guard.vault.keys import KeyProvider
from frontdesk.guard.vault.placeholders import NUMBERED, placeholder_type, replace_known, spans
from frontdesk.guard.vault.placeholders import substitute as substitute_spans
from frontdesk.guard.vault.store import Shredded, VaultStore
from frontdesk.guard.vault.stream import ReidentifyingStream
from frontdesk.guard.vault.vaults import ConversationVaults
from frontdesk.kit.clock import monotonic
from frontdesk.ops.audit import AuditLog
from frontdesk.storage.sql import Database
from frontdesk.storage.write_batcher import WriteBatcher

# Longer texts are scanned in a worker thread so a big paste cannot stall the event loop;
# shorter ones inline, where a thread hop would cost more than the scan.
INLINE_DETECT_CHARS = 2_000
# A placeholder this conversation does not know sends us back to the database at most this
# often: another process may have just created it.
_RELOAD_UNKNOWN_AFTER_S = 2.0


@dataclass(frozen=True, slots=True)
class Pseudonymised:
    text: str
    entities_count: int
    # Placeholder -> real value for this text. In memory only: never log it.
    mapping: Mapping[str, str] = field(default_factory=dict, repr=False)


class Pseudonymiser:
    def __init__(
        self,
        database: Database,
        batcher: WriteBatcher,
        *,
        detector: PiiDetector,
        keys: KeyProvider,
        audit: AuditLog | None = None,
        max_conversations: int = 10_000,
        cache_ttl_s: float = 300.0,
        inline_detect_chars: int = INLINE_DETECT_CHARS,
    ) -> None:
        self._detector = detector
        self._keys = keys
        self._audit = audit
        self._store = VaultStore(database, batcher)
        self._inline_detect_chars = inline_detect_chars
        self.vaults = ConversationVaults(
            self._store, keys, max_conversations=max_conversations, ttl_s=cache_ttl_s
        )

    async def pseudonymise(
        self, tenant: str, conversation: str, text: str, *, language: str | None = None
    ) -> Pseudonymised:
        found = await self._detect(text, language, tenant)
        if not found:
            return Pseudonymised(text, 0)
        kinds = [placeholder_type(entity.type) for entity in found]
        values = [text[entity.start : entity.end] for entity in found]
        placeholders = await self.vaults.placeholders_for(
            (tenant, conversation), list(zip(kinds, values, strict=True))
        )
        result = substitute_spans(text, found, placeholders.__getitem__)
        mapping: dict[str, str] = {}
        for placeholder, value in zip(placeholders, values, strict=True):
            mapping.setdefault(placeholder, value)  # "Mario Rossi" ... "mario rossi": the first
        return Pseudonymised(result, len(found), mapping)

    async def reidentify(self, tenant: str, conversation: str, text: str) -> str:
        """Known placeholders become real values; unknown ones stay as they are."""
        if "<" not in text:
            return text
        key = (tenant, conversation)
        vault = await self.vaults.get(key)
        if (
            not vault.erased
            and monotonic() - vault.loaded_at > _RELOAD_UNKNOWN_AFTER_S
            and any(p not in vault.values for p in NUMBERED.findall(text))
        ):
            vault = await self.vaults.reload(key)
        return replace_known(text, vault.values)

    async def reidentifying_stream(self, tenant: str, conversation: str) -> ReidentifyingStream:
        """A re-identifier for one streamed answer of the conversation."""
        vault = await self.vaults.get((tenant, conversation))
        return ReidentifyingStream(vault.values)

    def irreversible(
        self, text: str, language: str | None = None, tenant: str | None = None
    ) -> str:
        """``<PERSON>``, ``<EMAIL>``: for text that is indexed, never mapped back."""
        return irreversible(self._detector, text, language, tenant)

    async def shred_conversation(self, tenant: str, conversation: str) -> int:
        """Delete the conversation's data key (and its now useless entries); returns how
        many values became unrecoverable."""
        key = (tenant, conversation)
        shredded = Shredded()
        job = self._store.shred_job(tenant, conversation, shredded)
        if self._audit is not None:
            body = {"scope": "conversation", "conversation": conversation}
            job.extend(self._audit.job_callback(tenant, "pii_shredded", body))
        async with self.vaults.lock(key):
            await self._store.submit(job)
            self.vaults.cache.drop(key)
        return shredded.entries

    async def shred_tenant(self, tenant: str) -> int:
        """Destroy the tenant key first (from that moment nothing is recoverable, even if
        what follows fails), then delete its data keys and entries."""
        await self._keys.destroy_tenant(tenant)
        self.vaults.cache.drop_tenant(tenant)
        shredded = Shredded()
        job = self._store.shred_job(tenant, None, shredded)
        if self._audit is not None:
            job.extend(self._audit.job_callback(tenant, "pii_shredded", {"scope": "tenant"}))
        await self._store.submit(job)
        self.vaults.cache.drop_tenant(tenant)
        return shredded.entries

    async def _detect(self, text: str, language: str | None, tenant: str) -> list[PiiEntity]:
        if not text:
            return []
        if len(text) > self._inline_detect_chars:
            entities = await asyncio.to_thread(
                self._detector.detect, text, language=language, tenant=tenant
            )
        else:
            entities = self._detector.detect(text, language=language, tenant=tenant)
        return spans(entities, len(text)) if entities else []

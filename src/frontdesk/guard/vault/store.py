"""SQL for the vault: what is stored about a conversation, adding entries, shredding.

Writes go through the group-commit writer (one writer for SQLite, shared transactions under
load) and return only once committed: the caller uses a placeholder only after it is on
disk, so a restart can always re-identify what a model was shown.

Several processes may add to one conversation at once (a fleet on Postgres). Inserts ignore
conflicts and read back, in the same transaction, what is actually stored: the data key that
won and the placeholder each value digest got. The caller compares that with what it
proposed and, on any difference, reloads and tries again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from frontdesk.guard.tables import guard_data_keys, guard_vault
from frontdesk.guard.vault.conflict_insert import insert_ignoring_conflicts
from frontdesk.guard.vault.keys import WrappedKey
from frontdesk.kit.clock import utcnow
from frontdesk.storage.sql import Database
from frontdesk.storage.write_batcher import WriteBatcher, WriteJob

_k = guard_data_keys.c
_v = guard_vault.c


@dataclass(frozen=True, slots=True)
class StoredDataKey:
    key_id: str
    wrapped: WrappedKey


@dataclass(frozen=True, slots=True)
class VaultEntry:
    """One placeholder and its encrypted value, as stored."""

    placeholder: str
    entity_type: str
    value_digest: bytes
    nonce: bytes
    ciphertext: bytes


@dataclass(slots=True)
class AddOutcome:
    data_key: StoredDataKey | None = None  # the conversation's key after the write
    placeholders: dict[bytes, str] = field(default_factory=dict)  # digest -> stored placeholder


@dataclass(slots=True)
class Shredded:
    entries: int = 0
    data_keys: int = 0


class VaultStore:
    def __init__(self, database: Database, batcher: WriteBatcher) -> None:
        self._db = database
        self._batcher = batcher
        self._insert_key = insert_ignoring_conflicts(database.dialect, guard_data_keys)
        self._insert_entry = insert_ignoring_conflicts(database.dialect, guard_vault)

    async def load(
        self, tenant: str, conversation: str
    ) -> tuple[StoredDataKey | None, list[VaultEntry]]:
        async with self._db.read() as conn:
            data_key = await _data_key(conn, tenant, conversation)
            if data_key is None:
                return None, []
            rows = await conn.execute(
                select(_v.placeholder, _v.entity_type, _v.value_digest, _v.nonce, _v.ciphertext)
                .where(_v.tenant_id == tenant, _v.conversation_id == conversation)
                .where(_v.key_id == data_key.key_id)
            )
            return data_key, [_entry(row) for row in rows]

    async def add(
        self,
        tenant: str,
        conversation: str,
        *,
        key_id: str,
        entries: Sequence[VaultEntry],
        new_key: StoredDataKey | None = None,
    ) -> AddOutcome:
        """Store ``entries`` (encrypted under ``key_id``), creating the conversation's data
        key first if ``new_key`` is given. Nothing is added if the stored key is not
        ``key_id``; the outcome tells what is stored either way."""
        outcome = AddOutcome()
        now = utcnow()

        async def write(conn: AsyncConnection) -> None:
            # Runs again from the start if its batch is retried, so it only assigns.
            if new_key is not None:
                await conn.execute(self._insert_key, _key_row(tenant, conversation, new_key, now))
            outcome.data_key = await _data_key(conn, tenant, conversation)
            outcome.placeholders = {}
            if outcome.data_key is None or outcome.data_key.key_id != key_id:
                return
            rows = [_entry_row(tenant, conversation, key_id, e, now) for e in entries]
            await conn.execute(self._insert_entry, rows)
            stored = await conn.execute(
                select(_v.value_digest, _v.placeholder).where(
                    _v.tenant_id == tenant,
                    _v.conversation_id == conversation,
                    _v.value_digest.in_([e.value_digest for e in entries]),
                )
            )
            outcome.placeholders = {bytes(row[0]): row[1] for row in stored}

        await self._batcher.submit(WriteJob(callbacks=[write]))
        return outcome

    def shred_job(self, tenant: str, conversation: str | None, shredded: Shredded) -> WriteJob:
        """A job deleting the data keys and entries of one conversation (or, with
        ``conversation=None``, of the whole tenant), counting them into ``shredded``."""

        async def shred(conn: AsyncConnection) -> None:
            entries, keys = delete(guard_vault), delete(guard_data_keys)
            entries = entries.where(_v.tenant_id == tenant)
            keys = keys.where(_k.tenant_id == tenant)
            if conversation is not None:
                entries = entries.where(_v.conversation_id == conversation)
                keys = keys.where(_k.conversation_id == conversation)
            # Entries go with their key by cascade too; deleting them first states it here
            # and keeps them out of the next backup even where cascades were switched off.
            shredded.entries = (await conn.execute(entries)).rowcount
            shredded.data_keys = (await conn.execute(keys)).rowcount

        return WriteJob(callbacks=[shred])

    async def submit(self, job: WriteJob) -> None:
        await self._batcher.submit(job)


async def _data_key(conn: AsyncConnection, tenant: str, conversation: str) -> StoredDataKey | None:
    query = select(_k.key_id, _k.wrapped_key, _k.key_version).where(
        _k.tenant_id == tenant, _k.conversation_id == conversation
    )
    row = (await conn.execute(query)).first()
    if row is None:
        return None
    return StoredDataKey(row.key_id, WrappedKey(bytes(row.wrapped_key), row.key_version))


def _entry(row: Any) -> VaultEntry:
    placeholder, entity_type, digest, nonce, ciphertext = row
    return VaultEntry(placeholder, entity_type, bytes(digest), bytes(nonce), bytes(ciphertext))


def _key_row(
    tenant: str, conversation: str, key: StoredDataKey, now: datetime
) -> dict[str, object]:
    return {
        "tenant_id": tenant,
        "conversation_id": conversation,
        "key_id": key.key_id,
        "wrapped_key": key.wrapped.blob,
        "key_version": key.wrapped.key_version,
        "created_at": now,
    }


def _entry_row(
    tenant: str, conversation: str, key_id: str, entry: VaultEntry, now: datetime
) -> dict[str, object]:
    return {
        "tenant_id": tenant,
        "conversation_id": conversation,
        "placeholder": entry.placeholder,
        "key_id": key_id,
        "entity_type": entry.entity_type,
        "value_digest": entry.value_digest,
        "nonce": entry.nonce,
        "ciphertext": entry.ciphertext,
        "created_at": now,
    }

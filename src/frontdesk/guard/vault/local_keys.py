"""The local key provider: tenant keys stored wrapped by a master key file.

Each tenant gets a random 256-bit key-encryption key (KEK), wrapped with AES-GCM by the
master key (``data_dir/guard/master.key``, see :mod:`.master_key`) and kept in
``guard_tenant_keys``. We store random keys rather than derive them from the master key
with HKDF because a derived key cannot be deleted: it can be derived again for as long as
the master key exists. A stored one can, which is what erasing a tenant needs
(:meth:`destroy_tenant`), and it can be rotated without touching the master key.

Destroying erases the wrapped key and keeps a tombstone row, so version numbers are never
reused: a data key restored from an old backup then reads as destroyed, not as a fault.

Key rows are read on every wrap and unwrap, never cached: both happen once per conversation
(its first personal data, or its first load into a process), and re-reading means a tenant
shredded by one process is shredded for every process at once.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from frontdesk.guard.tables import guard_tenant_keys
from frontdesk.guard.vault.conflict_insert import insert_ignoring_conflicts
from frontdesk.guard.vault.envelope import NONCE_BYTES, bound_context
from frontdesk.guard.vault.keys import KeyDestroyed, VaultKeyError, WrappedKey
from frontdesk.guard.vault.master_key import load_or_create_master_key
from frontdesk.kit.clock import utcnow
from frontdesk.storage.sql import Database

_c = guard_tenant_keys.c


@dataclass(frozen=True, slots=True)
class _KekRow:
    key_version: int
    wrapped_key: bytes | None  # None: destroyed


class LocalKeyProvider:
    def __init__(self, database: Database, master_key_path: Path) -> None:
        self._db = database
        self._path = master_key_path
        self._master: AESGCM | None = None
        self._loading = asyncio.Lock()
        self._insert = insert_ignoring_conflicts(database.dialect, guard_tenant_keys)

    async def wrap(self, tenant: str, data_key: bytes, context: Mapping[str, str]) -> WrappedKey:
        version, wrapped_kek = await self._live_kek(tenant)
        kek = await self._open_kek(tenant, version, wrapped_kek)
        nonce = os.urandom(NONCE_BYTES)
        blob = nonce + kek.encrypt(nonce, data_key, bound_context(context))
        return WrappedKey(blob=blob, key_version=version)

    async def unwrap(self, tenant: str, wrapped: WrappedKey, context: Mapping[str, str]) -> bytes:
        async with self._db.read() as conn:
            row = await _kek_row(conn, tenant, wrapped.key_version)
        if row is None or row.wrapped_key is None:
            raise KeyDestroyed(f"tenant {tenant!r} key version {wrapped.key_version} is destroyed")
        kek = await self._open_kek(tenant, row.key_version, row.wrapped_key)
        nonce, sealed = wrapped.blob[:NONCE_BYTES], wrapped.blob[NONCE_BYTES:]
        try:
            return kek.decrypt(nonce, sealed, bound_context(context))
        except InvalidTag as exc:
            raise VaultKeyError(
                f"a data key of tenant {tenant!r} does not open with its tenant key"
            ) from exc

    async def destroy_tenant(self, tenant: str) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                update(guard_tenant_keys)
                .where(_c.tenant_id == tenant, _c.wrapped_key.is_not(None))
                .values(wrapped_key=None, destroyed_at=utcnow())
            )

    async def _live_kek(self, tenant: str) -> tuple[int, bytes]:
        """The tenant's newest key, created (as the next version) if none is live."""
        async with self._db.read() as conn:
            row = await _kek_row(conn, tenant, None)
        if row is not None and row.wrapped_key is not None:
            return row.key_version, row.wrapped_key
        return await self._create_kek(tenant, 1 if row is None else row.key_version + 1)

    async def _create_kek(self, tenant: str, version: int) -> tuple[int, bytes]:
        master = await self._master_key()
        nonce = os.urandom(NONCE_BYTES)
        kek = AESGCM.generate_key(bit_length=256)
        wrapped = nonce + master.encrypt(nonce, kek, _kek_context(tenant, version))
        row = {"tenant_id": tenant, "key_version": version, "wrapped_key": wrapped}
        async with self._db.transaction() as conn:
            await conn.execute(self._insert, {**row, "created_at": utcnow()})
            # Another process may have created this version first: all use the stored one.
            stored = await _kek_row(conn, tenant, version)
        if stored is None or stored.wrapped_key is None:
            raise KeyDestroyed(f"tenant {tenant!r} key was destroyed while it was created")
        return version, stored.wrapped_key

    async def _open_kek(self, tenant: str, version: int, wrapped: bytes) -> AESGCM:
        master = await self._master_key()
        try:
            kek = master.decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _kek_context(tenant, version)
            )
        except InvalidTag as exc:
            raise VaultKeyError(
                f"the master key does not open tenant {tenant!r}'s key (another master key"
                " file, or a tampered key row)"
            ) from exc
        return AESGCM(kek)

    async def _master_key(self) -> AESGCM:
        if self._master is None:
            async with self._loading:
                if self._master is None:
                    key = await asyncio.to_thread(load_or_create_master_key, self._path)
                    self._master = AESGCM(key)
        return self._master


def _kek_context(tenant: str, version: int) -> bytes:
    return bound_context(
        {"purpose": "frontdesk.guard.tenant_key", "tenant": tenant, "version": str(version)}
    )


async def _kek_row(conn: AsyncConnection, tenant: str, version: int | None) -> _KekRow | None:
    """The given version of the tenant's key, or its newest one (live or destroyed)."""
    query = select(_c.key_version, _c.wrapped_key).where(_c.tenant_id == tenant)
    if version is None:
        query = query.order_by(_c.key_version.desc()).limit(1)
    else:
        query = query.where(_c.key_version == version)
    row = (await conn.execute(query)).first()
    if row is None:
        return None
    wrapped = None if row.wrapped_key is None else bytes(row.wrapped_key)
    return _KekRow(row.key_version, wrapped)

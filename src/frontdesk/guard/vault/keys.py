"""The key provider port: tenant key-encryption keys (KEKs) that wrap conversation data keys.

The port is shaped after a KMS rather than a key store: callers hand a data key in and get
a wrapped blob back, and the tenant key itself never has to leave the provider. An AWS KMS
adapter maps ``wrap`` to ``Encrypt`` (one customer key or alias per tenant, ``context`` as
the ``EncryptionContext``), ``unwrap`` to ``Decrypt`` and ``destroy_tenant`` to
``ScheduleKeyDeletion``; ``key_version`` can stay 0 there, since a KMS blob names its key.

Two failures are told apart, because they mean opposite things to the vault:

* :class:`KeyDestroyed` — the key material is gone (shredded). The data it protected is
  unrecoverable by design; placeholders stay placeholders.
* :class:`VaultKeyError` — the key exists but does not open the blob (another master key,
  a tampered row). That is a fault: it raises, it never yields garbage or silently drops PII.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from frontdesk.kit.errors import FrontdeskError


@dataclass(frozen=True, slots=True)
class WrappedKey:
    blob: bytes
    key_version: int


class VaultKeyError(FrontdeskError):
    """Key material is present but does not decrypt: wrong key or tampered data."""

    code = "vault_key_error"
    status = 500


class KeyDestroyed(FrontdeskError):
    """The key that protected this data has been deleted (crypto-shredded)."""

    code = "vault_key_destroyed"
    status = 410


class KeyProvider(Protocol):
    async def wrap(self, tenant: str, data_key: bytes, context: Mapping[str, str]) -> WrappedKey:
        """Encrypt ``data_key`` under the tenant's current KEK (created on first use).
        ``context`` is bound to the result: unwrapping needs the same mapping."""
        ...

    async def unwrap(self, tenant: str, wrapped: WrappedKey, context: Mapping[str, str]) -> bytes:
        """The data key; :class:`KeyDestroyed` if the tenant key is gone,
        :class:`VaultKeyError` if it does not open ``wrapped`` with ``context``."""
        ...

    async def destroy_tenant(self, tenant: str) -> None:
        """Delete every version of the tenant's key. Irreversible."""
        ...

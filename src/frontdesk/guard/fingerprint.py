"""Keyed fingerprints of guarded text for audit records.

A guard decision is audited with ``HMAC-SHA256(key_tenant, text)``, never the text: the same
input can be correlated across records (was this exact message blocked before?), but the
text cannot be recovered, nor confirmed by hashing guesses without the key. Each tenant's
key is derived (HKDF) from the installation's master key, so fingerprints of two tenants
never match and neither can be computed outside the installation.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class InputFingerprints:
    def __init__(self, master_key: bytes) -> None:
        self._master = master_key

    def of(self, tenant: str, text: str) -> str:
        """``hmac-sha256:<hex>`` of ``text`` under the tenant's fingerprint key."""
        digest = hmac.new(self._key(tenant), text.encode("utf-8"), hashlib.sha256)
        return "hmac-sha256:" + digest.hexdigest()

    @lru_cache(maxsize=1024)  # noqa: B019 - one instance per process, bounded
    def _key(self, tenant: str) -> bytes:
        return derive_key(self._master, f"audit-fingerprint/{tenant}")


def derive_key(master_key: bytes, purpose: str) -> bytes:
    """A 256-bit key for one purpose (HKDF): keys for different purposes are unrelated, and
    none reveals the master key."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"frontdesk-guard-fingerprint",
        info=purpose.encode(),
    ).derive(master_key)

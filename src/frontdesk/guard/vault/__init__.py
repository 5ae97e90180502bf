"""Reversible pseudonymisation with an encrypted vault and crypto-shredding.

Envelope encryption: each conversation that meets personal data gets a data key
(AES-256-GCM), wrapped by its tenant's key from a :class:`KeyProvider` (the local one keeps
tenant keys wrapped by a master key file; a KMS can take its place). Deleting a data key
erases a conversation's values; deleting a tenant key erases the tenant's. See
docs/privacy.md.
"""

from frontdesk.guard.vault.irreversible import IrreversibleRedactor, irreversible
from frontdesk.guard.vault.keys import KeyDestroyed, KeyProvider, VaultKeyError, WrappedKey
from frontdesk.guard.vault.local_keys import LocalKeyProvider
from frontdesk.guard.vault.pseudonymiser import Pseudonymised, Pseudonymiser
from frontdesk.guard.vault.stream import ReidentifyingStream

__all__ = [
    "IrreversibleRedactor",
    "KeyDestroyed",
    "KeyProvider",
    "LocalKeyProvider",
    "Pseudonymised",
    "Pseudonymiser",
    "ReidentifyingStream",
    "VaultKeyError",
    "WrappedKey",
    "irreversible",
]

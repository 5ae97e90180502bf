"""The cryptography of one conversation's vault, around its data key (DEK).

Two keys are derived from the DEK with HKDF-SHA256, one per purpose, so the key that
encrypts values is never also used as an HMAC key:

* values are AES-256-GCM with a random 96-bit nonce; the associated data binds each
  ciphertext to its tenant, conversation, data key id and placeholder, so a row copied to
  another conversation or placeholder fails to decrypt instead of revealing the wrong value;
* the value digest is HMAC-SHA256 of the entity type and the normalised value. It finds "the
  placeholder this value already has" without decrypting, and since its key dies with the
  DEK, a shredded conversation's digests cannot be used to test a guessed name either.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from frontdesk.guard.vault.keys import VaultKeyError

DATA_KEY_BYTES = 32
NONCE_BYTES = 12
_VALUE_KEY_INFO = b"frontdesk.guard.vault/value-encryption/v1"
_DIGEST_KEY_INFO = b"frontdesk.guard.vault/value-digest/v1"


def new_data_key() -> bytes:
    return os.urandom(DATA_KEY_BYTES)


def bound_context(context: Mapping[str, str]) -> bytes:
    """Canonical bytes of a key context, for AES-GCM associated data."""
    return orjson.dumps(dict(context), option=orjson.OPT_SORT_KEYS)


def data_key_context(tenant: str, conversation: str, key_id: str) -> dict[str, str]:
    """What a wrapped data key is bound to (a KMS ``EncryptionContext``)."""
    return {
        "purpose": "frontdesk.guard.vault",
        "tenant": tenant,
        "conversation": conversation,
        "key_id": key_id,
    }


def normalised_value(value: str) -> str:
    """ "Mario  Rossi" and "mario rossi" are one person: case and spacing do not count."""
    return " ".join(value.split()).casefold()


def _derive(data_key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(data_key)


class ConversationCipher:
    """Encrypts, decrypts and digests the values of one conversation under its data key."""

    __slots__ = ("_aad_base", "_aead", "_digest_key", "key_id")

    def __init__(self, data_key: bytes, *, tenant: str, conversation: str, key_id: str) -> None:
        if len(data_key) != DATA_KEY_BYTES:
            raise VaultKeyError("a conversation data key must be 32 bytes")
        self.key_id = key_id
        self._aead = AESGCM(_derive(data_key, _VALUE_KEY_INFO))
        self._digest_key = _derive(data_key, _DIGEST_KEY_INFO)
        self._aad_base = bound_context(data_key_context(tenant, conversation, key_id)) + b"\0"

    def encrypt(self, placeholder: str, value: str) -> tuple[bytes, bytes]:
        nonce = os.urandom(NONCE_BYTES)
        aad = self._aad_base + placeholder.encode()
        return nonce, self._aead.encrypt(nonce, value.encode(), aad)

    def decrypt(self, placeholder: str, nonce: bytes, ciphertext: bytes) -> str:
        aad = self._aad_base + placeholder.encode()
        try:
            return self._aead.decrypt(nonce, ciphertext, aad).decode()
        except (InvalidTag, ValueError) as exc:
            # Fail closed: a value that does not authenticate is never returned.
            raise VaultKeyError(
                f"vault entry {placeholder} does not decrypt under its conversation key"
            ) from exc

    def digest(self, entity_type: str, value: str) -> bytes:
        message = f"{entity_type}\0{normalised_value(value)}".encode()
        return hmac.new(self._digest_key, message, hashlib.sha256).digest()

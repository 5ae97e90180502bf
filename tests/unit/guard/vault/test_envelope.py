"""Value encryption fails closed, binds each value to its row, and digests forget case."""

from __future__ import annotations

import pytest

from frontdesk.guard.vault import VaultKeyError
from frontdesk.guard.vault.envelope import ConversationCipher, new_data_key


def cipher(key: bytes, conversation: str = "c1") -> ConversationCipher:
    return ConversationCipher(key, tenant="acme", conversation=conversation, key_id="dek_1")


def test_round_trip() -> None:
    c = cipher(new_data_key())
    nonce, sealed = c.encrypt("<PERSON_1>", "Mario Rossi")
    assert b"Mario" not in sealed
    assert c.decrypt("<PERSON_1>", nonce, sealed) == "Mario Rossi"


def test_another_key_raises_instead_of_returning_garbage() -> None:
    nonce, sealed = cipher(new_data_key()).encrypt("<PERSON_1>", "Mario Rossi")
    with pytest.raises(VaultKeyError):
        cipher(new_data_key()).decrypt("<PERSON_1>", nonce, sealed)


def test_a_value_moved_to_another_row_does_not_decrypt() -> None:
    key = new_data_key()
    nonce, sealed = cipher(key).encrypt("<PERSON_1>", "Mario Rossi")
    with pytest.raises(VaultKeyError):
        cipher(key).decrypt("<PERSON_2>", nonce, sealed)
    with pytest.raises(VaultKeyError):
        cipher(key, conversation="c2").decrypt("<PERSON_1>", nonce, sealed)


def test_a_tampered_value_raises() -> None:
    c = cipher(new_data_key())
    nonce, sealed = c.encrypt("<PERSON_1>", "Mario Rossi")
    with pytest.raises(VaultKeyError):
        c.decrypt("<PERSON_1>", nonce, bytes([sealed[0] ^ 1]) + sealed[1:])


def test_digests_ignore_case_and_spacing_but_not_type_or_key() -> None:
    key = new_data_key()
    c = cipher(key)
    assert c.digest("PERSON", "Mario  Rossi") == c.digest("PERSON", "mario rossi")
    assert c.digest("PERSON", "Mario Rossi") != c.digest("ORG", "Mario Rossi")
    assert c.digest("PERSON", "Mario Rossi") != cipher(new_data_key()).digest(
        "PERSON", "Mario Rossi"
    )


def test_a_data_key_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(VaultKeyError):
        cipher(b"short")

"""Audit fingerprints: stable per tenant, different across tenants and keys, never the text."""

from __future__ import annotations

from frontdesk.guard.fingerprint import InputFingerprints

MESSAGE = "My IBAN is IT60X0542811101000000123456"


def test_the_same_text_has_the_same_fingerprint_within_a_tenant() -> None:
    fingerprints = InputFingerprints(b"k" * 32)
    assert fingerprints.of("acme", MESSAGE) == fingerprints.of("acme", MESSAGE)
    assert fingerprints.of("acme", MESSAGE) != fingerprints.of("acme", MESSAGE + ".")


def test_tenants_and_installations_never_share_fingerprints() -> None:
    one, other = InputFingerprints(b"k" * 32), InputFingerprints(b"x" * 32)
    assert one.of("acme", MESSAGE) != one.of("globex", MESSAGE)
    assert one.of("acme", MESSAGE) != other.of("acme", MESSAGE)


def test_a_fingerprint_carries_no_part_of_the_text() -> None:
    value = InputFingerprints(b"k" * 32).of("acme", MESSAGE)
    assert value.startswith("hmac-sha256:") and len(value) == len("hmac-sha256:") + 64
    assert "IT60" not in value and "0542811101" not in value

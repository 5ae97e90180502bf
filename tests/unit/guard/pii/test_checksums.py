"""Check-digit validators on synthetic values in the real formats."""

from __future__ import annotations

import pytest

from frontdesk.guard.pii.checksums import (
    codice_fiscale_valid,
    iban_valid,
    luhn_valid,
    partita_iva_valid,
    spanish_id_valid,
)


@pytest.mark.parametrize(
    "value",
    [
        "IT60X0542811101000000123456",
        "IT60 X054 2811 1010 0000 0123 456",
        "ES9121000418450200051332",
        "GB82WEST12345698765432",
        "gb82 west 1234 5698 7654 32",
        "DE89370400440532013000",
    ],
)
def test_iban_valid(value: str) -> None:
    assert iban_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "IT60X0542811101000000123457",  # one digit changed
        "ES9121000418450200051333",
        "GB82WEST1234569876543",  # one character short for GB
        "XX82WEST12345698765432",  # no such country
        "IT60X05428111010000001234",
    ],
)
def test_iban_invalid(value: str) -> None:
    assert not iban_valid(value)


@pytest.mark.parametrize(
    "value", ["4111111111111111", "4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005"]
)
def test_luhn_valid(value: str) -> None:
    assert luhn_valid(value)


@pytest.mark.parametrize("value", ["4111111111111112", "5555555555554445", "12ab", "7"])
def test_luhn_invalid(value: str) -> None:
    assert not luhn_valid(value)


@pytest.mark.parametrize(
    "value",
    ["RSSMRA85T10A562S", "rssmra85t10a562s", "RSSMRA85T10A56NH"],  # last: omocodia
)
def test_codice_fiscale_valid(value: str) -> None:
    assert codice_fiscale_valid(value)


@pytest.mark.parametrize(
    "value", ["RSSMRA85T10A562T", "RSSMRA85Z10A562S", "RSSMRA85T10A562", "1SSMRA85T10A562S"]
)
def test_codice_fiscale_invalid(value: str) -> None:
    assert not codice_fiscale_valid(value)


@pytest.mark.parametrize("value", ["12345670017", "IT12345670017", "00743110157", "00488410010"])
def test_partita_iva_valid(value: str) -> None:
    assert partita_iva_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "12345670018",  # check digit wrong
        "12345674561",  # office code 456 does not exist
        "00000000000",
        "1234567001",
    ],
)
def test_partita_iva_invalid(value: str) -> None:
    assert not partita_iva_valid(value)


@pytest.mark.parametrize(
    "value", ["12345678Z", "12345678-z", "X1234567L", "Y1234567X", "Z1234567R", "00000000T"]
)
def test_spanish_id_valid(value: str) -> None:
    assert spanish_id_valid(value)


@pytest.mark.parametrize("value", ["12345678A", "X1234567A", "X12345678L", "1234567Z", "W1234567L"])
def test_spanish_id_invalid(value: str) -> None:
    assert not spanish_id_valid(value)

"""Check digits of the identifiers the recognizers look for.

A pattern alone matches any run of digits of the right length; the check digit is what tells
an IBAN or a card number from an order number, so every validator here is strict: it takes
the value as written (spaces and dashes allowed) and answers only whether it is well formed.
"""

from __future__ import annotations

import re

__all__ = [
    "codice_fiscale_valid",
    "iban_valid",
    "luhn_valid",
    "partita_iva_valid",
    "spanish_id_valid",
]

_SEPARATORS = re.compile(r"[\s\-.]")

# Length of the IBAN of each country (SWIFT IBAN registry); an unknown country is invalid.
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", value).upper()


def luhn_valid(value: str) -> bool:
    """The Luhn (mod 10) check used by payment cards: ``4111 1111 1111 1111`` is valid."""
    digits = _compact(value)
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def iban_valid(value: str) -> bool:
    """ISO 13616: the country's length and ISO 7064 mod 97-10 over the rearranged value."""
    iban = _compact(value)
    if len(iban) < 15 or not iban.isalnum() or not iban.isascii():
        return False
    if _IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban[2:4].isdigit():
        return False
    rearranged = iban[4:] + iban[:4]
    as_number = "".join(str(int(char, 36)) for char in rearranged)
    return int(as_number) % 97 == 1


# Codice fiscale: the value of each character in an odd (1st, 3rd, ...) or even position.
_CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25,
           24, 23]  # fmt: skip
_CF_SHAPE = re.compile(r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z]"
                       r"[0-9LMNPQRSTUV]{3}[A-Z]")  # fmt: skip


def _cf_value(char: str) -> int:
    # Digits weigh as the letters A-J; omocodia letters (L-V standing for digits) weigh as
    # themselves, which is how the check letter of an omocodic code is defined.
    return int(char) if char.isdigit() else ord(char) - ord("A")


def codice_fiscale_valid(value: str) -> bool:
    """Italian personal fiscal code (16 characters, omocodia allowed) with its check letter."""
    code = _compact(value)
    if len(code) != 16 or not _CF_SHAPE.fullmatch(code):
        return False
    total = 0
    for index, char in enumerate(code[:15]):
        # Index 0, 2, ... are the law's "odd" positions (1st, 3rd, ...).
        total += _CF_ODD[_cf_value(char)] if index % 2 == 0 else _cf_value(char)
    return chr(ord("A") + total % 26) == code[15]


def partita_iva_valid(value: str) -> bool:
    """Italian VAT number: 11 digits, a real provincial office code and the Luhn check digit."""
    digits = _compact(value)
    if digits.startswith("IT"):
        digits = digits[2:]
    if len(digits) != 11 or not digits.isdigit() or digits[:7] == "0000000":
        return False
    office = int(digits[7:10])
    if not (1 <= office <= 100 or office in (120, 121, 888, 999)):
        return False
    return luhn_valid(digits)


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_SPANISH_ID_SHAPE = re.compile(r"([XYZKLM]?)(\d{7,8})([A-Z])")
_NIE_PREFIX = {"X": "0", "Y": "1", "Z": "2"}


def spanish_id_valid(value: str) -> bool:
    """Spanish DNI/NIF (8 digits + letter) or NIE (X, Y or Z + 7 digits + letter)."""
    match = _SPANISH_ID_SHAPE.fullmatch(_compact(value))
    if match is None:
        return False
    prefix, number, letter = match.groups()
    if prefix in _NIE_PREFIX:
        if len(number) != 7:
            return False
        number = _NIE_PREFIX[prefix] + number
    elif prefix:  # K, L, M: NIF of people without a DNI, 7 digits
        if len(number) != 7:
            return False
    elif len(number) != 8:
        return False
    return _DNI_LETTERS[int(number) % 23] == letter

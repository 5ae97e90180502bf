"""IBANs (mod 97) and payment cards (Luhn)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from frontdesk.guard.model import PiiEntity
from frontdesk.guard.pii import entity_types as t
from frontdesk.guard.pii.checksums import iban_valid, luhn_valid
from frontdesk.guard.pii.patterns import PatternRecognizer, PatternRule
from frontdesk.guard.pii.registry import register_recognizer

# The start of an IBAN: country, check digits, then letters, digits and single spaces.
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?=[ ]?[A-Za-z0-9])")
_IBAN_MAX_CHARS = 34


class IbanRecognizer:
    """Takes exactly as many characters as the country's IBAN has, so "IT60 X054 ... 456
    grazie" does not swallow the next word, then checks mod 97."""

    name = "iban"

    def find(self, text: str, language: str) -> Iterable[PiiEntity]:
        found: list[PiiEntity] = []
        for match in _IBAN_START.finditer(text):
            end, compact = match.end(), match.group()
            while end < len(text) and len(compact) < _IBAN_MAX_CHARS:
                char = text[end]
                if char.isascii() and char.isalnum():
                    compact += char
                elif not (char == " " and end + 1 < len(text) and text[end + 1].isalnum()):
                    break
                end += 1
                if iban_valid(compact) and not _continues(text, end):
                    found.append(PiiEntity(t.IBAN, match.start(), end, 0.95, self.name))
                    break
        return found


def _continues(text: str, end: int) -> bool:
    return end < len(text) and text[end].isalnum()


_CARD_CONTEXT = frozenset({
    "card", "cc", "credit", "debit", "visa", "mastercard", "amex", "maestro", "carta",
    "tarjeta", "bancomat", "postepay", "pan", "expir", "scad", "caduc",
})  # fmt: skip
# 12 to 19 digits, grouped by single spaces or dashes as printed on cards.
_CARD = re.compile(r"(?<![\d\w+-])\d(?:[ -]?\d){11,18}(?![\d\w])")
# Issuer prefixes: Mir, Mastercard 2-series, Amex, Diners, JCB, Visa, Mastercard, Discover,
# Maestro, and the 15-digit JCB ranges 1800 and 2131.
_CARD_PREFIXES = ("2", "3", "4", "5", "6", "1800")


def _card_valid(value: str) -> bool:
    digits = value.replace(" ", "").replace("-", "")
    return digits.startswith(_CARD_PREFIXES) and luhn_valid(digits)


def _full_length_card(value: str) -> bool:
    return _card_valid(value) and len(value.replace(" ", "").replace("-", "")) >= 13


@register_recognizer("iban")
def iban_recognizer() -> IbanRecognizer:
    return IbanRecognizer()


@register_recognizer("credit_card")
def credit_card_recognizer() -> PatternRecognizer:
    # A Luhn-valid number of card length is a card even without context (1 in 10 random
    # numbers passes Luhn, but few 13-19 digit numbers in a chat are anything else); a
    # 12-digit one (some Maestro cards) needs the word "card" nearby.
    return PatternRecognizer(
        "credit_card",
        (
            PatternRule(t.CREDIT_CARD, _CARD, 0.8, 0.95, _CARD_CONTEXT, _full_length_card),
            PatternRule(t.CREDIT_CARD, _CARD, 0.0, 0.85, _CARD_CONTEXT, _card_valid),
        ),
    )

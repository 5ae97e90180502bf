"""Is a piece of personal data in an answer something the conversation already held?

Personal data in an answer is a leak unless it came from one of three places:

* the user, in this conversation (their own phone number read back to them);
* the passages the model was given, cited or not: that is the tenant's published
  knowledge (the support line, the shop's e-mail), and customer files are redacted
  before they are indexed (``knowledge.personal_data``), so a value found there is
  company contact data, not someone's secret;
* values the tenant publishes anyway (``public_values``: the support phone of
  ``tenant.yaml``, which the system prompt may carry).

Values compare by their words, case and accents aside ("Ana García" = "ana garcia"), and
numbers by their digits, so "+34 600 12 34 56" matches "600123456" the user typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from frontdesk.guard.policy.terms import fold

_WORD = re.compile(r"[^\W_]+")
# Runs of digits with the separators phone numbers and IBANs are written with.
_NUMBER_RUN = re.compile(r"\+?\d[\d\s().\-/]{4,}\d")
_NOT_DIGIT = re.compile(r"\D+")
MIN_DIGITS = 6  # shorter numbers (a price, a year) are not compared by digits
_MAX_PREFIX_DIGITS = 4  # "0039", "+34": what one side may add in front of the other


def _words(text: str) -> str:
    return " ".join(_WORD.findall(fold(text)))


def _digits(text: str) -> str:
    return _NOT_DIGIT.sub("", text)


class KnownValues:
    """Everything the answer may repeat without leaking anything."""

    __slots__ = ("_numbers", "_text")

    def __init__(self, texts: Iterable[str]) -> None:
        texts = list(texts)
        # One padded string of words: a value is known when its words appear in a row.
        self._text = " " + " ".join(_words(t) for t in texts) + " "
        self._numbers = {
            digits
            for text in texts
            for run in _NUMBER_RUN.findall(text)
            if len(digits := _digits(run)) >= MIN_DIGITS
        }

    def knows(self, value: str) -> bool:
        words = _words(value)
        if words and f" {words} " in self._text:
            return True
        digits = _digits(value)
        if len(digits) < MIN_DIGITS:
            return False
        # A country prefix or a leading zero on one side only still names the same number.
        return any(
            (known.endswith(digits) or digits.endswith(known))
            and abs(len(known) - len(digits)) <= _MAX_PREFIX_DIGITS
            for known in self._numbers
        )

"""Dates of birth: a date is personal data only next to "born", "nato il", "fecha de
nacimiento" and the like, so every rule here needs a context word."""

from __future__ import annotations

import re

from frontdesk.guard.pii import entity_types as t
from frontdesk.guard.pii.patterns import PatternRecognizer, PatternRule
from frontdesk.guard.pii.registry import register_recognizer

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|"
    "dicembre|enero|febrero|abril|mayo|junio|julio|septiembre|setiembre|octubre|noviembre|"
    "diciembre"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:19|20)\d\d"
_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    rf"{_DAY}[/.\-]{_DAY}[/.\-](?:{_YEAR}|\d\d)"  # 14/07/1995, 7/14/1995, 14.07.95
    rf"|{_YEAR}[/.\-]{_MONTH_NUMBER}[/.\-]{_DAY}"  # 1995-07-14
    rf"|{_DAY}(?:st|nd|rd|th|º)?(?:\s+de)?\s+(?:{_MONTHS})\.?,?(?:\s+de(?:l)?)?\s+{_YEAR}"
    rf"|(?:{_MONTHS})\.?\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}"  # July 14, 1995
    r")(?![\w/]|\.\d)",
    re.IGNORECASE,
)
_BIRTH_CONTEXT = frozenset({
    "born", "birth", "dob", "d.o.b", "b-day", "nato", "nata", "nascita", "nacid",
    "nacimiento", "cumpleaños", "compleanno",
})  # fmt: skip


@register_recognizer("date_of_birth")
def date_of_birth_recognizer() -> PatternRecognizer:
    rule = PatternRule(t.DATE_OF_BIRTH, _DATE, 0.0, 0.85, _BIRTH_CONTEXT)
    return PatternRecognizer("date_of_birth", (rule,))

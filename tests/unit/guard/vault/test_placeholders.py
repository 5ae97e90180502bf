"""Placeholder names, replacement of known ones only, and spans a faulty detector gave."""

from __future__ import annotations

import pytest

from frontdesk.guard.model import PiiEntity
from frontdesk.guard.vault.placeholders import (
    number_of,
    numbered,
    placeholder_type,
    replace_known,
    spans,
)


@pytest.mark.parametrize(
    ("entity_type", "expected"),
    [
        ("PERSON", "PERSON"),
        ("credit card", "CREDIT_CARD"),
        ("codice-fiscale", "CODICE_FISCALE"),
        ("1099", "PII_1099"),
        ("???", "PII"),
    ],
)
def test_entity_types_become_identifiers(entity_type: str, expected: str) -> None:
    assert placeholder_type(entity_type) == expected


def test_numbers_parse_back_even_with_underscores_in_the_type() -> None:
    assert number_of(numbered("CREDIT_CARD", 12)) == ("CREDIT_CARD", 12)


def test_only_known_numbered_placeholders_are_replaced() -> None:
    text = "<PERSON_1> <PERSON_2> <PERSON> <person_1> <PERSON_01>"
    assert (
        replace_known(text, {"<PERSON_1>": "Ann"})
        == "Ann <PERSON_2> <PERSON> <person_1> <PERSON_01>"
    )


def test_overlapping_or_out_of_range_spans_are_dropped() -> None:
    def entity(start: int, end: int) -> PiiEntity:
        return PiiEntity("X", start, end, 1.0, "t")

    given = [entity(5, 9), entity(0, 4), entity(2, 6), entity(9, 9), entity(8, 30)]
    assert [(e.start, e.end) for e in spans(given, 20)] == [(0, 4), (5, 9)]

"""Term lists: one compiled pattern, case and accents ignored, words matched whole."""

from __future__ import annotations

import pytest

from frontdesk.guard.policy.terms import TermSet, normalise_term

TERMS = TermSet(["perché", "idiot*", "consulenza legale", "ass", "dell'avvocato", "idiota", "ñu"])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Perche no?", ["Perche"]),
        ("PERCHÉ no?", ["PERCHÉ"]),
        ("Sei un IDIOTA!", ["IDIOTA"]),
        ("idiots and idiotic", ["idiots", "idiotic"]),
        ("serve una Consulenza   Legale", ["Consulenza   Legale"]),
        ("first class passage", []),  # "ass" only as a word
        ("kiss my ass.", ["ass"]),
        ("il numero dell’avvocato", ["dell’avvocato"]),
        ("un Ñu en el zoo", ["Ñu"]),
        ("nothing here", []),
    ],
)
def test_finds_whole_words_whatever_the_case_and_accents(text: str, found: list[str]) -> None:
    assert [text[s:e] for s, e in TERMS.finditer(text)] == found


def test_a_term_that_is_a_prefix_of_another() -> None:
    terms = TermSet(["tont", "tonto", "tontos"])
    assert [m for m in terms.finditer("tont tonto tontos tontas")] == [(0, 4), (5, 10), (11, 17)]


def test_empty_set_matches_nothing() -> None:
    terms = TermSet([])
    assert not terms
    assert not terms.search("anything")
    assert list(terms.finditer("anything")) == []


def test_normalised_forms() -> None:
    assert normalise_term("  Consulenza  LEGALE ") == "consulenza legale"
    assert normalise_term("Idiot*") == "idiot*"
    assert normalise_term("***") == ""
    assert TermSet(["a", "A", "á"]).size == 1


def test_regex_characters_are_literal() -> None:
    terms = TermSet(["c++", "a.b"])
    assert not terms.search("axb")
    assert terms.search("I like a.b here")

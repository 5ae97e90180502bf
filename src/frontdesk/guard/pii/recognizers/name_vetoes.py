"""Evidence against a weak name guess (gazetteer, NER, lists): where a capitalised word is
part of something other than a person's name.

* a company named after its founders: "Jones, Smith and Davis Orchestra", "Lopez, Santos and
  Coleman is a design agency", "a year at Jones, Mitchell and Williams": a list of surnames
  that is the subject of a singular verb, is followed by a company word, or comes after
  "at", "for", "from" with three members or more;
* a title in Title Case, which capitalises its small words too: "Carry Me Back To Canada",
  "Guilty Pleasures: 5 Musicians Of The 70s";
* spaCy putting the word inside a longer place, company or event name ("San Bernardino",
  "Credit Karma"), or calling it a nationality ("German"): it weighs against a
  first-name-list guess only. The small model calls many lone first names a place or a
  company ("Brandon", "Rebecca"), so a one-word GPE or ORG is no evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from frontdesk.guard.model import PiiEntity
from frontdesk.guard.pii.recognizers import name_words as vocab
from frontdesk.guard.pii.recognizers.spacy_ner import NamedEntity

__all__ = ["Span", "company_lists", "headlines", "not_a_person_spans", "vetoed"]

Span = tuple[int, int]

_CAP = r"[^\W\d_a-z][^\W\d_]+(?:-[^\W\d_a-z][^\W\d_]+)?"
_COMPANY_LIST = re.compile(
    rf"(?<![\w])(?P<before>\w+)?[ ]?(?P<list>{_CAP}(?:,[ ]{_CAP})*,?[ ](?:and|&|e|y)[ ]{_CAP})"
    r"(?P<after>[ ]+[\w.&]+)?"
)
_SINGULAR_VERBS = frozenset({"is", "was", "has", "è", "era", "ha", "es", "fue"})
_COMPANY_WORDS = vocab.ORG_SUFFIXES | frozenset({"agency", "firm", "studio", "llp", "&"})
_LIST_PREPOSITIONS = frozenset({"at", "for", "from", "presso", "per", "para", "en"})
_SMALL_WORDS = frozenset({
    "of", "the", "to", "and", "a", "an", "in", "for", "on", "with", "at", "by", "from", "me",
    "you", "my", "your", "is", "are", "or", "but", "so",
})  # fmt: skip
_HEADLINE_TOKEN = re.compile(r"[^\W_][\w'’]*")
_HEADLINE_GAP = frozenset(" :,-–\"“”'()&")
_MIN_HEADLINE_WORDS = 4
# spaCy labels of names of several words that a first name can be part of.
_LONGER_NAME_LABELS = frozenset({"GPE", "LOC", "ORG", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"})
_WEAK_GUESSES = frozenset({"person.gazetteer", "person.list"})


def company_lists(text: str) -> list[Span]:
    spans = []
    for match in _COMPANY_LIST.finditer(text):
        before = (match.group("before") or "").lower()
        after = (match.group("after") or "").strip().lower().rstrip(".")
        members = len(re.split(r",[ ]|[ ](?:and|&|e|y)[ ]", match.group("list")))
        if (
            after in _SINGULAR_VERBS
            or after in _COMPANY_WORDS
            or (before in _LIST_PREPOSITIONS and members >= 3)
        ):
            spans.append(match.span("list"))
    return spans


def headlines(text: str) -> list[Span]:
    """Runs of capitalised words (numbers and light punctuation between) with a capitalised
    small word inside: "Carry Me Back To Canada"."""
    spans: list[Span] = []
    run: list[re.Match[str]] = []
    for token in [*_HEADLINE_TOKEN.finditer(text), None]:
        joined = (
            token is not None
            and bool(run)
            and all(c in _HEADLINE_GAP for c in text[run[-1].end() : token.start()])
        )
        if token is not None and (token.group()[0].isupper() or token.group()[0].isdigit()):
            if not joined:
                _close(run, spans)
                run = []
            run.append(token)
            continue
        _close(run, spans)
        run = []
    return spans


def _close(run: list[re.Match[str]], spans: list[Span]) -> None:
    if len(run) >= _MIN_HEADLINE_WORDS and any(t.group().lower() in _SMALL_WORDS for t in run[1:]):
        spans.append((run[0].start(), run[-1].end()))


def not_a_person_spans(entities: Iterable[NamedEntity]) -> list[Span]:
    """Spans that a first-name guess must not lie inside: a nationality ("German"), or a
    name of several words that is longer than the guess ("San Bernardino")."""
    spans = []
    for e in entities:
        if e.label == "NORP":
            spans.append((e.start - 1, e.end + 1))  # widened: the guess is "inside and shorter"
        elif e.label in _LONGER_NAME_LABELS and " " in e.text:
            spans.append((e.start, e.end - 2 if e.text.endswith(("'s", "’s")) else e.end))
    return spans


def vetoed(entity: PiiEntity, against: list[Span], not_a_person: list[Span]) -> bool:
    """Whether a weak guess lies inside a company list or a headline, or (first-name-list
    guesses only) inside a longer name that spaCy called something else."""
    if any(start <= entity.start and entity.end <= end for start, end in against):
        return True
    return entity.recognizer in _WEAK_GUESSES and any(
        start <= entity.start and entity.end <= end and end - start > entity.end - entity.start
        for start, end in not_a_person
    )

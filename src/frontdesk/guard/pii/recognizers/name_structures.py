"""Names recognised by the company they keep: lists of names and dialogue speakers.

* "our founders: Eklund, Michael and Hodge": when one member of a list of capitalised words
  is a name, the others are names too;
* "Ubul: What a wife.\\nNicole: Remember me": lines that start with a capitalised word and a
  colon, two or more of them, are a transcript and the words its speakers.
"""

from __future__ import annotations

import re

from frontdesk.guard.model import PiiEntity
from frontdesk.guard.pii import entity_types as t
from frontdesk.guard.pii.recognizers import name_words as vocab
from frontdesk.guard.pii.recognizers.first_names import first_names

__all__ = ["listed_names", "speakers"]

_CAPITALISED = r"[^\W\d_a-z][^\W\d_]+(?:[ ][^\W\d_a-z][^\W\d_]+)?"
_LIST = re.compile(
    rf"(?<![\w]){_CAPITALISED}(?:,[ ]{_CAPITALISED})*,?[ ](?:and|&|e|y)[ ]{_CAPITALISED}(?![\w])"
)
_MEMBER = re.compile(_CAPITALISED)
_SPEAKER = re.compile(rf"^[ \t>*]*({_CAPITALISED}):", re.MULTILINE)
_LIST_SCORE = 0.6
_SPEAKER_SCORE = 0.65


def _is_word(value: str) -> bool:
    return any(part.lower() in vocab.NOT_A_NAME or part.lower() in vocab.PLACE_WORDS
               for part in value.split())  # fmt: skip


def listed_names(text: str, found: list[PiiEntity]) -> list[PiiEntity]:
    out: list[PiiEntity] = []
    for match in _LIST.finditer(text):
        members = [m for m in _MEMBER.finditer(match.group()) if m.group() not in ("and", "e", "y")]
        if any(_is_word(m.group()) for m in members):
            continue
        spans = [(match.start() + m.start(), match.start() + m.end()) for m in members]
        anchored = any(
            any(e.start < end and start < e.end for e in found) for start, end in spans
        ) or any(m.group().split()[0].lower() in first_names() for m in members)
        anchored = anchored or _after_people_noun(text, match.start())
        if anchored:
            out.extend(PiiEntity(t.PERSON, s, e, _LIST_SCORE, "person.list") for s, e in spans)
    return out


def _after_people_noun(text: str, start: int) -> bool:
    """A plural noun of people and a colon: "our 3 founders: Kónya, Becker and Vasquez"."""
    before = text[max(0, start - 40) : start].rstrip()
    if not before.endswith(":"):
        return False
    last = before[:-1].split()
    return bool(last) and last[-1].lower() in vocab.PEOPLE_NOUNS


def speakers(text: str) -> list[PiiEntity]:
    matches = [m for m in _SPEAKER.finditer(text) if not _is_word(m.group(1))]
    if len(matches) < 2:
        return []
    return [PiiEntity(t.PERSON, m.start(1), m.end(1), _SPEAKER_SCORE, "person.speaker")
            for m in matches]  # fmt: skip

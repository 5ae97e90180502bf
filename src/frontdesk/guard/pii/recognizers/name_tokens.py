"""A message cut into words for the person recognizers, and the questions they ask of it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontdesk.guard.model import PiiEntity
from frontdesk.guard.pii import entity_types as t
from frontdesk.guard.pii.recognizers import name_words as vocab

__all__ = ["NameSentence", "NameWord"]

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")
MAX_NAME_WORDS = 4


@dataclass(frozen=True, slots=True)
class NameWord:
    text: str  # without a trailing dot
    start: int
    end: int
    dotted: bool
    lower: str


def _words(text: str) -> list[NameWord]:
    out = []
    for m in _WORD.finditer(text):
        word = m.group()
        dotted = word.endswith(".")
        bare = word[:-1] if dotted else word
        if bare.endswith(("'s", "’s")) and len(bare) > 3:  # "Yefremova's Cautionary Tales"
            bare, dotted = bare[:-2], False
        out.append(NameWord(bare, m.start(), m.start() + len(bare), dotted, bare.lower()))
    return out


class NameSentence:
    def __init__(self, text: str) -> None:
        self.text = text
        self.words = _words(text)
        self.lowercase = not any(c.isupper() for c in text)

    def adjacent(self, i: int) -> bool:
        """Whether word ``i`` follows word ``i - 1`` with only spaces (or a dot) between."""
        gap = self.text[self.words[i - 1].end : self.words[i].start]
        return gap.strip(" .") == "" and "\n" not in gap

    def name_like(self, i: int) -> bool:
        word = self.words[i]
        if word.lower in vocab.NOT_A_NAME:
            return False
        return word.text[0].isupper() or (self.lowercase and len(word.text) > 1)

    def name_run(self, i: int) -> int:
        """End (exclusive) of the name starting at word ``i``: capitalised words, initials,
        and particles between them ("Willemine ten Pas", "María de la Cruz")."""
        end = i + 1
        count = 1
        while end < len(self.words) and count < MAX_NAME_WORDS and self.adjacent(end):
            if self.words[end - 1].dotted and len(self.words[end - 1].text) > 1:
                break  # "Rossi. Poi ...": a dot after a full word ends the sentence
            if self.company_suffix(end):
                return i  # "Hill Inc.", "Rossi S.r.l.": a company named after someone
            if self.name_like(end):
                end, count = end + 1, count + 1
            elif (
                self.words[end].lower in vocab.PARTICLES
                and end + 1 < len(self.words)
                and self.adjacent(end + 1)
                and self.name_like(end + 1)
            ):
                end += 1
            else:
                break
        if any(self.words[k].lower in vocab.PLACE_WORDS for k in range(i, end)):
            return i  # "Isaac Lodge", "Berg Hills": a place named after someone
        return end

    def company_suffix(self, i: int) -> bool:
        """Whether word ``i`` is a company suffix after a name ("Inc", "AS", "S.p.A."); in
        lower case only where everything is ("acme inc"), since "as", "co" and "group" are
        also everyday words ("Thelma Mitchell as guardian")."""
        word = self.words[i]
        if word.lower not in vocab.ORG_SUFFIXES:
            return False
        return word.lower in ("and", "&") or word.text[0].isupper() or self.lowercase

    def entity(self, i: int, end: int, score: float, recognizer: str) -> PiiEntity:
        return PiiEntity(t.PERSON, self.words[i].start, self.words[end - 1].end, score, recognizer)

    def index_at(self, offset: int) -> int | None:
        """Index of the word that starts at character ``offset``."""
        for index, word in enumerate(self.words):
            if word.start == offset:
                return index
        return None

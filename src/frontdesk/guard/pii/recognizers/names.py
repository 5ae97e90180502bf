"""Names of people: titles and introductions, a first-name gazetteer, and spaCy's NER.

Evidence, strongest first:

* a title or an introduction before capitalised words: "Sig. Rossi", "Dña. Pilar Gómez",
  "my name is ...", "mi chiamo ...", "me llamo ...";
* a known first name, with the capitalised words and initials after it: "Faina D. Yefremova";
* for English, spaCy's PERSON entities, and its ORG, GPE and other labels as evidence against
  a gazetteer-only guess ("Hill Inc.", "Victoria").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from frontdesk.guard.model import PiiEntity
from frontdesk.guard.pii import entity_types as t
from frontdesk.guard.pii.recognizers import name_words as vocab
from frontdesk.guard.pii.recognizers.first_names import first_names
from frontdesk.guard.pii.recognizers.name_structures import listed_names, speakers
from frontdesk.guard.pii.recognizers.spacy_ner import SpacyTagger, load_spacy_tagger
from frontdesk.guard.pii.registry import register_recognizer

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")
_MAX_NAME_WORDS = 4
_TITLE_SCORE = 0.85
_INTRO_SCORE = 0.8
_GAZETTEER_SCORE = 0.75
_GAZETTEER_SINGLE_SCORE = 0.65
_NER_SCORE = 0.7


@dataclass(frozen=True, slots=True)
class _Word:
    text: str  # without a trailing dot
    start: int
    end: int
    dotted: bool
    lower: str


def _words(text: str) -> list[_Word]:
    out = []
    for m in _WORD.finditer(text):
        word = m.group()
        dotted = word.endswith(".")
        bare = word[:-1] if dotted else word
        if bare.endswith(("'s", "’s")) and len(bare) > 3:  # "Yefremova's Cautionary Tales"
            bare, dotted = bare[:-2], False
        out.append(_Word(bare, m.start(), m.start() + len(bare), dotted, bare.lower()))
    return out


class _Sentence:
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
        while end < len(self.words) and count < _MAX_NAME_WORDS and self.adjacent(end):
            if self.words[end - 1].dotted and len(self.words[end - 1].text) > 1:
                break  # "Rossi. Poi ...": a dot after a full word ends the sentence
            if self.words[end].lower in vocab.ORG_SUFFIXES:
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

    def entity(self, i: int, end: int, score: float, recognizer: str) -> PiiEntity:
        return PiiEntity(t.PERSON, self.words[i].start, self.words[end - 1].end, score, recognizer)


class PersonRecognizer:
    name = "person"

    def __init__(self, tagger: SpacyTagger | None = None) -> None:
        self._tagger = tagger

    def find(self, text: str, language: str) -> Iterable[PiiEntity]:
        sentence = _Sentence(text)
        found = self._after_cues(sentence) + self._gazetteer(sentence)
        tagger = self._tagger
        if tagger is not None and language in tagger.languages and _worth_tagging(sentence):
            found.extend(self._tagged(sentence))
        found = [e for e in found if _plausible(sentence, e)]
        found += listed_names(text, found) + speakers(text)
        return found + _mentions_again(sentence, found)

    def _tagged(self, sentence: _Sentence) -> list[PiiEntity]:
        """spaCy's PERSON entities, cut at a line break and a possessive "'s"."""
        assert self._tagger is not None
        text = sentence.text
        out = []
        for e in self._tagger.entities(text):
            if e.label != "PERSON":
                continue
            end = e.start + len(text[e.start : e.end].split("\n")[0].rstrip())
            end = _strip_possessive(text, e.start, end)
            out.append(PiiEntity(t.PERSON, e.start, end, _NER_SCORE, "person.ner"))
        return out

    def _after_cues(self, sentence: _Sentence) -> list[PiiEntity]:
        found = []
        words = sentence.words
        for i, word in enumerate(words):
            if word.lower in vocab.TITLES and i + 1 < len(words) and sentence.adjacent(i + 1):
                if sentence.name_like(i + 1):
                    end = sentence.name_run(i + 1)
                    if end > i + 1:
                        found.append(sentence.entity(i + 1, end, _TITLE_SCORE, "person.title"))
                continue
            phrase_end = _intro_end(words, i)
            if (
                phrase_end is not None
                and phrase_end < len(words)
                and sentence.name_like(phrase_end)
            ):
                end = sentence.name_run(phrase_end)
                if end > phrase_end:
                    found.append(sentence.entity(phrase_end, end, _INTRO_SCORE, "person.intro"))
        return found

    def _gazetteer(self, sentence: _Sentence) -> list[PiiEntity]:
        found = []
        known = first_names()
        i = 0
        while i < len(sentence.words):
            word = sentence.words[i]
            if word.lower in known and sentence.name_like(i):
                end = sentence.name_run(i)
                if end > i:
                    score = _GAZETTEER_SCORE if end - i > 1 else _GAZETTEER_SINGLE_SCORE
                    found.append(sentence.entity(i, end, score, "person.gazetteer"))
                    i = end
                    continue
            i += 1
        return found


def _worth_tagging(sentence: _Sentence) -> bool:
    """Whether the NER model (most of the detector's time) can find anything: it needs a
    capitalised word that is not a sentence-opening "How", "Please", "I", or text typed all
    in lower case. "How do I reset my router?" skips it."""
    return sentence.lowercase or any(
        w.text[0].isupper() and w.lower not in vocab.NOT_A_NAME for w in sentence.words
    )


def _plausible(sentence: _Sentence, entity: PiiEntity) -> bool:
    """Drops guesses that are places or codes: digits, a lone word in capitals ("ESPOO"),
    a lone word after "in", "at", "from" ("I am in Akureyri")."""
    value = sentence.text[entity.start : entity.end]
    if any(c.isdigit() for c in value) or entity.score >= _INTRO_SCORE:
        return not any(c.isdigit() for c in value)
    parts = value.lower().split()
    if any(p in vocab.PLACE_WORDS or p.rstrip(".") in vocab.ORG_SUFFIXES for p in parts):
        return False
    if len(parts) > 1:
        return True
    if value.isupper() and len(value) > 1:
        return False
    before = sentence.text[max(0, entity.start - 12) : entity.start].lower().split()
    return not (before and before[-1] in vocab.PLACE_PREPOSITIONS)


def _mentions_again(sentence: _Sentence, found: list[PiiEntity]) -> list[PiiEntity]:
    """Other mentions of a name already found: "Jindřich Holinka ... starring Holinka",
    "my name is Antti Poutiainen but everyone calls me Antti"."""
    if not found:
        return []
    known = {
        w.lower
        for e in found
        for w in sentence.words
        if e.start <= w.start and w.end <= e.end and len(w.text) > 2
    }
    covered = [(e.start, e.end) for e in found]
    again = []
    for word in sentence.words:
        if (
            word.lower in known
            and sentence.name_like(sentence.words.index(word))
            and not any(s <= word.start < e for s, e in covered)
        ):
            again.append(PiiEntity(t.PERSON, word.start, word.end, 0.6, "person.again"))
    return again


def _intro_end(words: list[_Word], i: int) -> int | None:
    """Index after an introduction phrase ("my name is") that starts at word ``i``."""
    for phrase in vocab.INTRODUCTIONS_BY_FIRST.get(words[i].lower, ()):
        end = i + len(phrase)
        if end <= len(words) and all(words[i + k].lower == w for k, w in enumerate(phrase)):
            return end
    return None


def _strip_possessive(text: str, start: int, end: int) -> int:
    return end - 2 if text[start:end].endswith(("'s", "’s")) else end


@register_recognizer("person")
def person_recognizer() -> PersonRecognizer:
    return PersonRecognizer(load_spacy_tagger())


@register_recognizer("person_without_ner")
def person_recognizer_without_ner() -> PersonRecognizer:
    """Gazetteer and cues only: every language alike, and no model to load."""
    return PersonRecognizer(None)

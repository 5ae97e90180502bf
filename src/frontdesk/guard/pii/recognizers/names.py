"""Names of people: titles and introductions, a first-name gazetteer, and spaCy's NER.

Evidence, strongest first:

* a title or an introduction before capitalised words: "Sig. Rossi", "Dña. Pilar Gómez",
  "my name is ...", "mi chiamo ...", "me llamo ...";
* a known first name, with the capitalised words and initials after it: "Faina D. Yefremova";
* for English, spaCy's PERSON entities, and its ORG, GPE and other labels as evidence against
  a gazetteer-only guess ("Hill Inc.", "Victoria").
"""

from __future__ import annotations

from collections.abc import Iterable

from frontdesk.guard.model import PiiEntity
from frontdesk.guard.pii import entity_types as t
from frontdesk.guard.pii.recognizers import name_words as vocab
from frontdesk.guard.pii.recognizers.english_words import EnglishWords, english_words
from frontdesk.guard.pii.recognizers.first_names import first_names
from frontdesk.guard.pii.recognizers.name_shapes import names_by_shape
from frontdesk.guard.pii.recognizers.name_structures import listed_names, speakers
from frontdesk.guard.pii.recognizers.name_tokens import NameSentence, NameWord
from frontdesk.guard.pii.recognizers.name_vetoes import (
    Span,
    company_lists,
    headlines,
    not_a_person_spans,
    vetoed,
)
from frontdesk.guard.pii.recognizers.spacy_ner import NamedEntity, SpacyTagger, load_spacy_tagger
from frontdesk.guard.pii.registry import register_recognizer

_TITLE_SCORE = 0.85
_INTRO_SCORE = 0.8
_GAZETTEER_SCORE = 0.75
_GAZETTEER_SINGLE_SCORE = 0.65
_NER_SCORE = 0.7


class PersonRecognizer:
    name = "person"

    def __init__(
        self, tagger: SpacyTagger | None = None, english: EnglishWords | None = None
    ) -> None:
        self._tagger = tagger
        self._english = english

    def find(self, text: str, language: str) -> Iterable[PiiEntity]:
        sentence = NameSentence(text)
        found = self._after_cues(sentence) + self._gazetteer(sentence, language)
        found += names_by_shape(sentence)
        tagger = self._tagger
        not_a_person: list[Span] = []
        if tagger is not None and language in tagger.languages and _worth_tagging(sentence):
            entities = tagger.entities(text)
            found.extend(self._tagged(sentence, entities))
            not_a_person = not_a_person_spans(entities)
        found = [e for e in found if _plausible(sentence, e)]
        found += listed_names(text, found) + speakers(text)
        against = company_lists(text) + headlines(text)
        found = [
            e for e in found if e.score >= _INTRO_SCORE or not vetoed(e, against, not_a_person)
        ]
        return found + _mentions_again(sentence, found)

    def _tagged(self, sentence: NameSentence, entities: list[NamedEntity]) -> list[PiiEntity]:
        """spaCy's PERSON entities, cut at a line break and a possessive "'s"."""
        text = sentence.text
        out = []
        for e in entities:
            if e.label != "PERSON":
                continue
            end = e.start + len(text[e.start : e.end].split("\n")[0].rstrip())
            end = _strip_possessive(text, e.start, end)
            out.append(PiiEntity(t.PERSON, e.start, end, _NER_SCORE, "person.ner"))
        return out

    def _after_cues(self, sentence: NameSentence) -> list[PiiEntity]:
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
                and self._lowercase_intro_ok(sentence, i, phrase_end)
            ):
                end = sentence.name_run(phrase_end)
                if end > phrase_end:
                    found.append(sentence.entity(phrase_end, end, _INTRO_SCORE, "person.intro"))
                    found.extend(_follow_on(sentence, end))
        return found

    def _lowercase_intro_ok(self, sentence: NameSentence, i: int, name: int) -> bool:
        """In text typed in lower case, "i'm going", "this is great": after any phrase but
        "my name is" and its like, only a known first name counts."""
        if not sentence.lowercase or (sentence.words[i].lower, name - i) in vocab.STRONG_INTROS:
            return True
        return sentence.words[name].lower in first_names()

    def _lowercase_run_end(
        self, sentence: NameSentence, i: int, end: int, language: str = "en"
    ) -> int:
        """In text typed in lower case every word looks like a name: a first-name-list guess
        keeps the words up to the first everyday English one, and needs two of them. "add
        eggs", "chase account", "roll" are not names; "aksel kristensen needs" is one."""
        english = self._english
        if not sentence.lowercase or english is None:
            return end
        if language != "en":
            # Only English has a dictionary here: in lower-case Italian or Spanish the next
            # word is "not an English word" whatever it is ("la sim nueva", "la luna dalla
            # terra"), so a bare first-name guess proves nothing. Introductions still count.
            return i
        words = sentence.words
        if words[i].lower in english.other:
            return i
        k = i + 1
        while k < end and (
            len(words[k].text) == 1
            or words[k].lower in first_names()
            or not english.is_word(words[k].lower)
        ):
            k += 1
        return k if k - i > 1 else i

    def _gazetteer(self, sentence: NameSentence, language: str) -> list[PiiEntity]:
        found = []
        known = first_names()
        i = 0
        while i < len(sentence.words):
            word = sentence.words[i]
            if word.lower in known and sentence.name_like(i):
                end = self._lowercase_run_end(sentence, i, sentence.name_run(i), language)
                if end > i:
                    score = _GAZETTEER_SCORE if end - i > 1 else _GAZETTEER_SINGLE_SCORE
                    found.append(sentence.entity(i, end, score, "person.gazetteer"))
                    i = end
                    continue
            i += 1
        return found


def _worth_tagging(sentence: NameSentence) -> bool:
    """Whether the NER model (most of the detector's time) can find anything: it needs a
    capitalised word that is not a sentence-opening "How", "Please", "I" — or, in text typed
    all in lower case, a known first name ("tell david where i am"). "How do I reset my
    router?" and "i need to convert kilos to pounds" skip it. Measured on 1,500 CLINC150
    lower-case queries: 4.05 -> 0.89 ms per message; names found 38 -> 33, of which one
    real ("send jack a text": "jack" is not in the gazetteer) and four false ("convert
    kilos", "ya")."""
    if sentence.lowercase:
        known = first_names()
        return any(w.lower in known for w in sentence.words)
    return any(w.text[0].isupper() and w.lower not in vocab.NOT_A_NAME for w in sentence.words)


def _plausible(sentence: NameSentence, entity: PiiEntity) -> bool:
    """Drops guesses that are places or codes: digits, a lone word in capitals ("ESPOO"),
    a lone word after "in", "at", "from" ("I am in Akureyri")."""
    value = sentence.text[entity.start : entity.end]
    if any(c.isdigit() for c in value) or entity.score >= _INTRO_SCORE:
        return not any(c.isdigit() for c in value)
    if _before_a_number(sentence.text, entity.end):
        return False  # "Pixel 8", "Galaxy S23": a model name
    first = value.split()[0] if value.split() else ""
    if first.lower() in vocab.NOT_A_NAME:
        return False  # "Will Black Friday": the model took a sentence opener in
    acronym = first.isupper() and len(first) > 1 and not sentence.text.isupper()
    if entity.recognizer == "person.gazetteer" and acronym:
        return False  # "TIM Vision": an acronym, not Tim
    parts = value.lower().split()
    if any(p in vocab.PLACE_WORDS or p.rstrip(".") in vocab.ORG_SUFFIXES for p in parts):
        return False
    if len(parts) > 1:
        return True
    if value.isupper() and len(value) > 1:
        return False
    before = sentence.text[max(0, entity.start - 12) : entity.start].lower().split()
    return not (before and before[-1] in vocab.PLACE_PREPOSITIONS)


def _before_a_number(text: str, end: int) -> bool:
    rest = text[end : end + 3]
    return len(rest) > 1 and rest[0] == " " and rest[1].isdigit()


def _mentions_again(sentence: NameSentence, found: list[PiiEntity]) -> list[PiiEntity]:
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


def _follow_on(sentence: NameSentence, i: int) -> list[PiiEntity]:
    """A second name after "to" that follows a name found from a cue: "said Gladys to Logan"."""
    words = sentence.words
    if i + 1 >= len(words) or words[i].lower not in vocab.FOLLOW_ON:
        return []
    if not (sentence.adjacent(i) and sentence.adjacent(i + 1) and sentence.name_like(i + 1)):
        return []
    end = sentence.name_run(i + 1)
    return [sentence.entity(i + 1, end, _INTRO_SCORE, "person.intro")] if end > i + 1 else []


def _intro_end(words: list[NameWord], i: int) -> int | None:
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
    return PersonRecognizer(load_spacy_tagger(), english_words())


@register_recognizer("person_without_ner")
def person_recognizer_without_ner() -> PersonRecognizer:
    """Gazetteer and cues only: every language alike, and no model to load."""
    return PersonRecognizer(None, english_words())

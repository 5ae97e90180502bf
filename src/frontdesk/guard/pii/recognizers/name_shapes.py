"""Names recognised by their shape or by what is said about them, with no first-name list:

* an initial between two capitalised words: "Faina D. Yefremova", "Brad L Key";
* a surname ending that common words of Italian, Spanish and English do not have, after a
  capitalised word: "Edi Živković", "Wisława Szczepańska", "Bekbolat Musliyevich";
* the first line of a letterhead or signature block: "Zizi Kónya\\nEnigmaio\\n5850 ...";
* a verb said of people right after capitalised words: "Timotea lives on ...", "Tomomi is
  from ...", "Marco abita a ...", "Lucía vive en ...".
"""

from __future__ import annotations

import re

from frontdesk.guard.model import PiiEntity
from frontdesk.guard.pii.recognizers import name_words as vocab
from frontdesk.guard.pii.recognizers.name_tokens import NameSentence

__all__ = ["names_by_shape"]

_INITIAL_SCORE = 0.75
_SURNAME_SCORE = 0.7
_LETTERHEAD_SCORE = 0.65
_PREDICATE_SCORE = 0.75
# Endings of surnames (Slavic, Baltic, Nordic, Romanian, Georgian, Greek, Turkish, Spanish
# patronymics) that no common Italian, Spanish or English word has: "-ović", "-ska", "-sson".
_SURNAME_ENDINGS = (
    "ović", "ovič", "ević", "vić", "ić", "vich", "vych", "ski", "ska", "sky", "skiy", "skaya",
    "cki", "cka", "dze", "shvili", "enko", "escu", "dóttir", "dottir", "sson", "poulos",
    "opoulou", "akis", "oğlu", "ová", "yev", "yeva", "ov", "ova", "ev", "eva", "ez", "ák",
    "czyk", "wicz", "iak", "uk", "chuk", "ko",
)  # fmt: skip
_SURNAME_MIN_LENGTH = 5
# Said of a person, right after the name: the span is the capitalised words before it.
_PREDICATES = (
    ("lives",), ("lived",), ("works",), ("worked",), ("is", "from"), ("comes", "from"),
    ("was", "born"), ("abita",), ("lavora",), ("è", "nato"), ("è", "nata"), ("vive",),
    ("trabaja",), ("nació",),
)  # fmt: skip
_LETTERHEAD_LINE = re.compile(r"\A[ \t]*([^\W\d_][^\W\d_.'’\-]*(?:[ .'’\-]+[^\W\d_]+){1,3})"
                              r"[ \t]*\n")  # fmt: skip


def names_by_shape(sentence: NameSentence) -> list[PiiEntity]:
    return (
        _with_initial(sentence)
        + _with_surname_ending(sentence)
        + _letterhead(sentence)
        + _before_predicate(sentence)
    )


def _capitalised(sentence: NameSentence, i: int) -> bool:
    word = sentence.words[i]
    return (
        len(word.text) > 1
        and word.text[0].isupper()
        and word.lower not in vocab.NOT_A_NAME
        and word.lower not in vocab.PLACE_WORDS
        and word.lower not in vocab.ORG_SUFFIXES
    )


def _with_initial(sentence: NameSentence) -> list[PiiEntity]:
    words, found = sentence.words, []
    for i in range(len(words) - 2):
        initial = words[i + 1]
        if (
            len(initial.text) == 1
            and initial.text.isupper()
            and _capitalised(sentence, i)
            and _capitalised(sentence, i + 2)
            and sentence.adjacent(i + 1)
            and sentence.adjacent(i + 2)
            and not words[i].dotted
        ):
            found.append(sentence.entity(i, i + 3, _INITIAL_SCORE, "person.initial"))
    return found


def _with_surname_ending(sentence: NameSentence) -> list[PiiEntity]:
    words, found = sentence.words, []
    for i in range(1, len(words)):
        word = words[i]
        if (
            len(word.text) >= _SURNAME_MIN_LENGTH
            and word.lower.endswith(_SURNAME_ENDINGS)
            and _capitalised(sentence, i)
            and _capitalised(sentence, i - 1)
            and sentence.adjacent(i)
            and not words[i - 1].dotted
        ):
            found.append(sentence.entity(i - 1, i + 1, _SURNAME_SCORE, "person.surname"))
    return found


def _letterhead(sentence: NameSentence) -> list[PiiEntity]:
    """A first line of two to four capitalised words, followed by lines with contact details
    (a digit or an @ in them): a signature block or a business card."""
    match = _LETTERHEAD_LINE.match(sentence.text)
    rest = sentence.text[match.end() :] if match else ""
    if match is None or rest.count("\n") < 2 or not any(c.isdigit() or c == "@" for c in rest):
        return []
    first = sentence.index_at(match.start(1))
    if first is None:
        return []
    last = first
    while last + 1 < len(sentence.words) and sentence.words[last + 1].end <= match.end(1):
        last += 1
    if all(_capitalised(sentence, k) for k in range(first, last + 1)):
        return [sentence.entity(first, last + 1, _LETTERHEAD_SCORE, "person.letterhead")]
    return []


def _before_predicate(sentence: NameSentence) -> list[PiiEntity]:
    words, found = sentence.words, []
    for p in range(1, len(words)):
        if not any(
            p + len(phrase) <= len(words)
            and all(words[p + k].lower == w for k, w in enumerate(phrase))
            for phrase in _PREDICATES
        ):
            continue
        start = p - 1
        if not _capitalised(sentence, start):
            continue
        while (
            start > 0
            and p - start < 3
            and sentence.adjacent(start)
            and _capitalised(sentence, start - 1)
        ):
            start -= 1
        found.append(sentence.entity(start, p, _PREDICATE_SCORE, "person.predicate"))
    return found

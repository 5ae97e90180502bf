"""Lexical grounding: is each sentence of an answer backed by a passage it cites?

A sentence's support is the share of its content words (stopwords dropped, accents and
case folded, crudely stemmed) found in a passage; its best passage counts. Numbers are
words too, so "15 euros" against a passage saying "10 euros" loses support. This is a
cheap screen (microseconds per sentence), not entailment: a paraphrase with different
words scores low, which is why the default action is ``warn``.

Questions ("Anything else?") and short sentences ("Certo!") claim nothing and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from frontdesk.guard.policy.redact import Span
from frontdesk.guard.policy.stopwords import stopwords_for
from frontdesk.guard.policy.terms import fold

# A sentence ends at . ! ? … (and closing quotes) followed by a space, or at a line break.
# The space after the punctuation belongs to the sentence, so cutting it leaves no gap;
# line breaks stay, so cutting a sentence never glues two lines together.
_BOUNDARY = re.compile(r"(?P<gap>[^\S\n]*\n\s*)|[.!?…]+[\"'»”)\]]*[^\S\n]+")
_CITATION = re.compile(r"\[\d{1,3}\]")
_WORD = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int  # 1-based, in the answer
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class SentenceSupport:
    sentence: Sentence
    support: float  # 0..1, against the best passage


def split_sentences(text: str) -> list[Sentence]:
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start() if match.group("gap") is not None else match.end()
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    sentences = [(s, e) for s, e in spans if text[s:e].strip()]
    return [Sentence(i, span, text[span[0] : span[1]]) for i, span in enumerate(sentences, 1)]


def content_stems(text: str, language: str | None) -> set[str]:
    stopwords = stopwords_for(language)
    words = _WORD.findall(fold(_CITATION.sub(" ", text)))
    return {_stem(w) for w in words if w not in stopwords and (len(w) > 1 or w.isdigit())}


def _stem(word: str) -> str:
    # Good enough across IT/ES/EN inflection: "tariffa"/"tariffe", "configurar"/
    # "configuración", "costa"/"costo" land on the same stem.
    if word.isdigit():
        return word
    if len(word) >= 6:
        return word[:5]
    if len(word) == 5 and word[-1] in _VOWELS:
        return word[:4]
    return word


def is_claim(sentence: Sentence) -> bool:
    stripped = _CITATION.sub("", sentence.text).strip()
    return not (stripped.endswith("?") or stripped.startswith("¿"))


def sentence_support(
    answer: str,
    passages: Iterable[str],
    *,
    language: str | None,
    min_words: int,
) -> list[SentenceSupport]:
    """The support of every sentence that makes a claim of at least ``min_words``
    content words; the others are left out."""
    passage_stems = [content_stems(p, language) for p in passages]
    results: list[SentenceSupport] = []
    for sentence in split_sentences(answer):
        if not is_claim(sentence):
            continue
        stems = content_stems(sentence.text, language)
        if len(stems) < min_words:
            continue
        best = max((len(stems & p) / len(stems) for p in passage_stems), default=0.0)
        results.append(SentenceSupport(sentence, best))
    return results

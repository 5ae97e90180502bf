"""Regex rules with check digits and context words: the shape of most recognizers.

A rule scores a match ``score`` on its own and ``context_score`` when a context word ("iban",
"tarjeta", "telefono") stands within a few words of it. A rule whose value is too ambiguous
alone (a passport number is any 9 digits) has ``score`` 0 and reports only with context.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from frontdesk.guard.model import PiiEntity

__all__ = ["PatternRecognizer", "PatternRule", "has_context", "words"]

_WORD = re.compile(r"[^\W\d_]+(?:['’.][^\W\d_]+)*")
_BEFORE_CHARS = 64
_AFTER_CHARS = 32
_BEFORE_WORDS = 6
_AFTER_WORDS = 3


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def has_context(text: str, start: int, end: int, stems: frozenset[str]) -> bool:
    """Whether a word starting with one of ``stems`` is near ``text[start:end]``.

    Stems, not words: "telefon" covers telefono, teléfono's folded form and telephone, in a
    few dozen comparisons. A stem with a space ("social sec") is looked up as a phrase."""
    before = words(text[max(0, start - _BEFORE_CHARS) : start])[-_BEFORE_WORDS:]
    after = words(text[end : end + _AFTER_CHARS])[:_AFTER_WORDS]
    near = before + after
    single, phrases = _split_stems(stems)
    if any(word.startswith(single) for word in near):
        return True
    return bool(phrases) and any(phrase in " ".join(near) for phrase in phrases)


@lru_cache(maxsize=256)
def _split_stems(stems: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    single = tuple(s for s in stems if " " not in s)
    return single, tuple(s for s in stems if " " in s)


@dataclass(frozen=True, slots=True)
class PatternRule:
    entity_type: str
    regex: re.Pattern[str]
    score: float
    context_score: float = 0.0
    context: frozenset[str] = frozenset()
    validator: Callable[[str], bool] | None = None
    group: int | str = 0  # the group holding the value, when the regex matches more

    def matches(self, text: str) -> Iterator[tuple[int, int, float]]:
        for match in self.regex.finditer(text):
            start, end = match.span(self.group)
            if start < 0 or (self.validator and not self.validator(text[start:end])):
                continue
            score = self.score
            if (
                self.context
                and self.context_score > score
                and has_context(text, start, end, self.context)
            ):
                score = self.context_score
            if score > 0:
                yield start, end, score


@dataclass(slots=True)
class PatternRecognizer:
    name: str
    rules: tuple[PatternRule, ...]
    languages: frozenset[str] = field(default_factory=frozenset)  # empty: every language

    def find(self, text: str, language: str) -> Iterable[PiiEntity]:
        if self.languages and language not in self.languages:
            return []
        return [
            PiiEntity(rule.entity_type, start, end, score, self.name)
            for rule in self.rules
            for start, end, score in rule.matches(text)
        ]

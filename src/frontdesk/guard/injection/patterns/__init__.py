"""Phrase patterns of known attack families, one module per language, in a registry.

Every pattern runs on every reading of the text whatever its language (a user writes
Italian with an English jailbreak pasted in; language identification is unreliable on one
line). Patterns are written against folded text: lower case, no accents, Latin letters,
straight quotes. ``near`` builds "these words, then within a few words those" expressions,
the shape most overrides take ("ignore all of the previous instructions").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from frontdesk.guard.injection.normalise import NormalisedText
from frontdesk.guard.injection.signals import Signal


@dataclass(frozen=True, slots=True)
class InjectionPattern:
    rule: str  # "<language>.<family>.<name>"
    category: str
    weight: float
    regex: re.Pattern[str]


def rule(name: str, category: str, weight: float, expression: str) -> InjectionPattern:
    return InjectionPattern(name, category, weight, re.compile(expression, re.MULTILINE))


def words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


def near(*parts: str, gap: int = 4) -> str:
    """``parts`` in order, each at most ``gap`` words after the previous one."""
    joiner = rf"\b(?:\W+\w+){{0,{gap}}}?\W+"
    return r"\b" + joiner.join(f"(?:{part})" for part in parts) + r"\b"


class PatternRegistry:
    def __init__(self) -> None:
        self._by_language: dict[str, tuple[InjectionPattern, ...]] = {}

    def register(self, language: str, patterns: Iterable[InjectionPattern]) -> None:
        self._by_language[language] = self._by_language.get(language, ()) + tuple(patterns)

    @property
    def languages(self) -> list[str]:
        return sorted(self._by_language)

    def patterns(self) -> tuple[InjectionPattern, ...]:
        return tuple(p for lang in self.languages for p in self._by_language[lang])


class PatternLayer:
    """Runs every pattern over every reading; one signal per rule, the strongest reading."""

    def __init__(self, registry: PatternRegistry, *, disguise_bonus: float = 0.1) -> None:
        self._patterns = registry.patterns()
        # A decoded or de-leeted attack is deliberate: honest text is never disguised.
        self._bonus = disguise_bonus

    def scan(self, text: NormalisedText) -> list[Signal]:
        fired: dict[str, Signal] = {}
        for view in text.views:
            bonus = 0.0 if view.origin == "plain" else self._bonus
            for pattern in self._patterns:
                if pattern.rule in fired and view.origin != "plain":
                    continue
                if pattern.regex.search(view.text):
                    weight = min(1.0, pattern.weight + bonus)
                    signal = Signal("pattern", pattern.category, weight, pattern.rule, view.origin)
                    fired.setdefault(pattern.rule, signal)
        return list(fired.values())


def default_patterns() -> PatternRegistry:
    from frontdesk.guard.injection.patterns import (
        en,
        en_persona,
        es,
        indirect,
        it,
        other,
        world,
    )

    registry = PatternRegistry()
    for module in (en, en_persona, it, es, other, world, indirect):
        registry.register(module.LANGUAGE, module.PATTERNS)
    return registry

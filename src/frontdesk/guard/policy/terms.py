"""Lists of words and phrases found in a text in one regex pass, whatever their case or accents.

A policy may hold hundreds of terms and every message is scanned by several lists, so each
list compiles once into a single pattern shaped like a trie: terms sharing a prefix share
its branch, and at any position the regex engine rejects a non-matching start at the first
character instead of trying every term in turn (the idea of Aho-Corasick, done by ``re``).

Terms are folded (lower case, accents dropped) and every letter becomes a class of its
accented forms, so ``perche`` finds "perché" and ``cancion`` "Canción", and the match spans
index the original text, which is what a ``strip`` action needs. A term ending in ``*``
also matches longer words (``idiot*``: "idiota", "idioti"); spaces in a term match any run
of whitespace; matches stand at word boundaries (``ass`` is not found in "class").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

_WILDCARD = "*"
_END = ""  # the trie key marking "a term ends here"


def fold(text: str) -> str:
    """Lower case, accents dropped, apostrophes unified: the form terms are compared in."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _accent_classes() -> dict[str, str]:
    # Every Latin-1 and Latin Extended-A letter, grouped under the ASCII letter it folds to.
    variants: dict[str, set[str]] = {}
    for code in range(0x20, 0x250):
        char = chr(code)
        base = fold(char)
        if len(base) == 1 and base.isascii() and base.isalpha() and len(char.lower()) == 1:
            variants.setdefault(base, {base}).add(char.lower())
    return {
        base: "[" + "".join(sorted(chars)) + "]" if len(chars) > 1 else re.escape(base)
        for base, chars in variants.items()
    }


def _char_pattern(char: str) -> str:
    if char == " ":
        return r"\s+"
    if char == "'":
        return "['’]"
    return _accent_classes().get(char, re.escape(char))


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)


def _insert(root: _Node, term: str) -> None:
    node = root
    for char in term:
        node = node.children.setdefault(char, _Node())
    node.children.setdefault(_END, _Node())


def _to_regex(node: _Node) -> str:
    ends_here = _END in node.children
    branches = [
        _char_pattern(char) + _to_regex(child)
        for char, child in sorted(node.children.items())
        if char != _END
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A term that ends where a longer one continues: the longer is optional after it.
    return f"(?:{body})?" if ends_here else body


def normalise_term(term: str) -> str:
    """The folded form of a term as it is compiled ("" for a term with no letters)."""
    folded = " ".join(fold(term).split())
    stem = folded.rstrip(_WILDCARD).strip()
    if not any(c.isalnum() for c in stem):
        return ""
    return stem + _WILDCARD if folded.endswith(_WILDCARD) else stem


class TermSet:
    """A compiled list of terms. ``finditer`` yields ``(start, end)`` spans of ``text``."""

    __slots__ = ("_pattern", "size")

    def __init__(self, terms: Iterable[str]) -> None:
        normalised = {t for t in map(normalise_term, terms) if t}
        self.size = len(normalised)
        if not normalised:
            self._pattern: re.Pattern[str] | None = None
            return
        exact, prefixes = _Node(), _Node()
        for term in normalised:
            if term.endswith(_WILDCARD):
                _insert(prefixes, term[:-1])
            else:
                _insert(exact, term)
        alternatives = []
        if exact.children:
            alternatives.append(_to_regex(exact))
        if prefixes.children:
            alternatives.append(f"(?:{_to_regex(prefixes)})\\w*")
        body = "|".join(alternatives)
        # Lookarounds, not ``\b``: a term may start or end with a non-word character.
        self._pattern = re.compile(f"(?<!\\w)(?:{body})(?!\\w)", re.IGNORECASE)

    def __bool__(self) -> bool:
        return self._pattern is not None

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        if self._pattern is None:
            return
        for match in self._pattern.finditer(text):
            yield match.span()

    def search(self, text: str) -> bool:
        return self._pattern is not None and self._pattern.search(text) is not None

    def count(self, text: str) -> int:
        return sum(1 for _ in self.finditer(text))

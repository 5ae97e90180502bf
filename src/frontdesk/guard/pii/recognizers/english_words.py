"""English dictionary words, for telling names from words in text typed all in lower case.

"can i get a taxi to austin", "roll the dice", "add eggs to the list": without capitals every
word that is also a first name (austin, roll, add...) looks like one. The WordNet lemma index
that ships inside the spaCy model's lemmatizer (83,000 lemmas) says which are everyday nouns,
verbs, adjectives and adverbs. No model installed: no dictionary, and the caller decides.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from pathlib import Path

from frontdesk.guard.pii.recognizers.spacy_ner import DEFAULT_MODEL

__all__ = ["EnglishWords", "english_words"]


@dataclass(frozen=True, slots=True)
class EnglishWords:
    nouns: frozenset[str]
    other: frozenset[str]  # verbs, adjectives, adverbs

    def is_word(self, lower: str) -> bool:
        return lower in self.nouns or lower in self.other


_lock = threading.Lock()
_loaded: dict[str, EnglishWords | None] = {}


def english_words(model: str = DEFAULT_MODEL) -> EnglishWords | None:
    with _lock:
        if model not in _loaded:
            _loaded[model] = _load(model)
        return _loaded[model]


def _load(model: str) -> EnglishWords | None:
    try:
        package = importlib.import_module(model)
        from spacy.lookups import Lookups
    except ImportError:
        return None
    root = Path(package.__file__ or "").parent
    folders = sorted(root.glob("*/lemmatizer/lookups"))
    if not folders:
        return None
    table = Lookups().from_disk(folders[0]).get_table("lemma_index")
    other = frozenset().union(*(table.get(pos, ()) for pos in ("verb", "adj", "adv")))
    return EnglishWords(frozenset(table.get("noun", ())), other)

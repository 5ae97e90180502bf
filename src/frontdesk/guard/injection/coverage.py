"""Is a message in a language the phrase patterns were written for?

The patterns and the hashed n-gram exemplars are English, Italian and Spanish. A message in
another language or script passes them untouched, so the detector asks the multilingual
embedding layer instead (when the tenant's policy allows it). A short message in a covered
language is rarely misjudged as foreign, and when it is the cost is one embedding, not a
false alarm: the embedding layer still has to find it closer to an attack than to an
ordinary request.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

PATTERN_LANGUAGES = frozenset({"en", "it", "es"})
_MIN_WORDS = 3
_FOREIGN_CONFIDENCE = 0.5
_NON_LATIN_SHARE = 0.3


def outside_pattern_languages(text: str) -> bool:
    letters = [c for c in text[:2000] if c.isalpha()]
    if len(letters) < 4:
        return False
    non_latin = sum(not unicodedata.name(c, "").startswith("LATIN") for c in letters)
    if non_latin > _NON_LATIN_SHARE * len(letters):
        return True
    if len(text.split()) < _MIN_WORDS:
        return False
    language, confidence = _identifier().classify(text[:2000])
    return language not in PATTERN_LANGUAGES and confidence >= _FOREIGN_CONFIDENCE


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def warm_up() -> None:
    """Load the language model now rather than on the first message (~0.5 s)."""
    _identifier()

"""The PII detector: every registered recognizer, language detection and overlap resolution.

Recognizers of every language run on every message (an Italian fiscal code in an English
sentence is still found); the detected language only picks which context cues and which NER
model apply. A tenant's own patterns run for that tenant's messages.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence

from frontdesk.guard.model import PiiEntity
from frontdesk.guard.pii import recognizers as _builtin  # noqa: F401  (registers them)
from frontdesk.guard.pii.overlaps import resolve_overlaps
from frontdesk.guard.pii.registry import PiiRecognizer, create_recognizers, registered_recognizers
from frontdesk.guard.pii.tenant_patterns import TenantPatternRecognizer, TenantPiiPatterns
from frontdesk.kit.language import detect_language

__all__ = ["DEFAULT_MIN_SCORE", "MultilingualPiiDetector", "default_recognizer_names"]

DEFAULT_MIN_SCORE = 0.5
# The alternative person recognizer, registered for callers that want no model loaded.
_ALTERNATIVES = frozenset({"person_without_ner"})


def default_recognizer_names() -> tuple[str, ...]:
    return tuple(name for name in registered_recognizers() if name not in _ALTERNATIVES)


class MultilingualPiiDetector:
    """Implements :class:`frontdesk.guard.model.PiiDetector` for Italian, Spanish, English."""

    def __init__(
        self,
        recognizers: Sequence[str] | None = None,
        *,
        tenant_patterns: Mapping[str, TenantPiiPatterns] | None = None,
        min_score: float = DEFAULT_MIN_SCORE,
        languages: Sequence[str] = ("it", "es", "en"),
        default_language: str = "en",
    ) -> None:
        names = default_recognizer_names() if recognizers is None else tuple(recognizers)
        self._recognizers: list[PiiRecognizer] = create_recognizers(names)
        self._tenants: dict[str, TenantPatternRecognizer] = {
            tenant: patterns.compile() for tenant, patterns in (tenant_patterns or {}).items()
        }
        self._min_score = min_score
        self._languages = tuple(languages)
        self._default_language = default_language

    def without(self, *names: str) -> MultilingualPiiDetector:
        """This detector minus the named recognizers, sharing the rest (and their models)."""
        unknown = set(names) - {r.name for r in self._recognizers}
        if unknown:
            raise KeyError(f"no PII recognizer(s) {sorted(unknown)} in this detector")
        narrower = copy.copy(self)
        narrower._recognizers = [r for r in self._recognizers if r.name not in names]
        return narrower

    def detect(
        self, text: str, *, language: str | None = None, tenant: str | None = None
    ) -> list[PiiEntity]:
        if not text.strip():
            return []
        lang = language or detect_language(text, self._languages, self._default_language)
        candidates: list[PiiEntity] = []
        for recognizer in self._recognizers:
            candidates.extend(recognizer.find(text, lang))
        tenant_recognizer = self._tenants.get(tenant) if tenant is not None else None
        if tenant_recognizer is not None:
            candidates.extend(tenant_recognizer.find(text, lang))
        return resolve_overlaps(candidates, self._min_score)

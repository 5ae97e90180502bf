"""Irreversible redaction for ingestion: tickets, chat logs and call transcripts are indexed
as ``<PERSON>``, ``<EMAIL>`` — typed, so retrieval still knows what kind of thing was
there, but unnumbered and without a vault, so nothing can ever be mapped back.

It is the same detector as for conversations, synchronous because ingestion already runs
in a worker thread. :class:`IrreversibleRedactor` is the knowledge pipeline's ``Redactor``.
"""

from __future__ import annotations

from frontdesk.guard.model import PiiDetector
from frontdesk.guard.vault.placeholders import placeholder_type, spans, substitute


def irreversible(
    detector: PiiDetector, text: str, language: str | None = None, tenant: str | None = None
) -> str:
    if not text:
        return text
    found = spans(detector.detect(text, language=language, tenant=tenant), len(text))
    if not found:
        return text
    return substitute(text, found, lambda i: f"<{placeholder_type(found[i].type)}>")


class IrreversibleRedactor:
    """``redactor(text, language)`` for one tenant (its own patterns, e.g. account numbers)."""

    def __init__(self, detector: PiiDetector, tenant: str | None = None) -> None:
        self._detector = detector
        self._tenant = tenant

    def __call__(self, text: str, language: str | None) -> str:
        return irreversible(self._detector, text, language, self._tenant)

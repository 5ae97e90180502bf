"""Which language a document is in: declared, then named, then detected."""

from __future__ import annotations

from frontdesk.kit.language import detect_language
from frontdesk.knowledge.model import ParsedDocument
from frontdesk.knowledge.parsing.sections import language_from_name

# The product serves these; detection is restricted to them so a short Spanish FAQ is never
# labelled Portuguese or Catalan.
LANGUAGES = ("it", "es", "en")
# Enough text for a confident decision; more only costs time.
_SAMPLE_CHARS = 4000


def resolve_language(document: ParsedDocument, name: str) -> str:
    """The document's declared language (front matter, ``<html lang>``), else the file
    name's ``-it/-es/-en`` suffix, else what its text looks like."""
    declared = document.language or language_from_name(name)
    if declared:
        return declared
    sample = " ".join(f"{s.heading}\n{s.text}" for s in document.sections)[:_SAMPLE_CHARS]
    return detect_language(f"{document.title}\n{sample}", LANGUAGES, default="en")

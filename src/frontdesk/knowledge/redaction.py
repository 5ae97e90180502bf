"""Personal data in the knowledge: tickets, chat logs and call transcripts are redacted
irreversibly (typed placeholders, no vault) before anything is chunked, embedded or indexed.

Which files hold personal data is the tenant's call (``knowledge.personal_data`` globs,
relative to the tenant folder). Without a redactor such a file is refused, never indexed
as it is: failing closed is the only safe default for customer text.
"""

from __future__ import annotations

from dataclasses import replace
from fnmatch import fnmatchcase
from typing import Protocol

from frontdesk.kit.errors import FrontdeskError
from frontdesk.knowledge.model import ParsedDocument


class Redactor(Protocol):
    def __call__(self, text: str, language: str | None) -> str:
        """``text`` with every piece of personal data replaced by a typed placeholder."""
        ...


class PersonalDataWithoutRedactor(FrontdeskError):
    code = "personal_data_not_redacted"
    status = 422


def holds_personal_data(uri: str, globs: tuple[str, ...]) -> bool:
    # fnmatch's ``*`` also matches ``/``, so ``tickets/*`` covers nested folders too.
    return any(fnmatchcase(uri, pattern) for pattern in globs)


def redact_document(document: ParsedDocument, redactor: Redactor) -> ParsedDocument:
    sections = tuple(
        replace(
            section,
            heading=redactor(section.heading, section.language or document.language),
            text=redactor(section.text, section.language or document.language),
        )
        for section in document.sections
    )
    title = redactor(document.title, document.language)
    return replace(document, title=title, sections=sections)

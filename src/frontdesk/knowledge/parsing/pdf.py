"""PDF: one section per page, anchored ``page=N`` (the fragment PDF viewers open at).

Anything that is not a readable PDF (wrong magic bytes, a truncated or encrypted file, a
pypdf internal error on a malformed stream) becomes :class:`UnsupportedDocument` naming the
file: a bad upload must fail that file, not the ingestion run.
"""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from frontdesk.kit.errors import UnsupportedDocument
from frontdesk.knowledge.model import ParsedDocument, Section
from frontdesk.knowledge.parsing.registry import DocumentFormat
from frontdesk.knowledge.parsing.sections import (
    collapse_blank_lines,
    normalize_language,
    title_from_name,
    unsupported,
)

# The header may follow a little junk (the spec tolerates it, and so do viewers).
_MAGIC_WINDOW = 1024


def parse(data: bytes, name: str) -> ParsedDocument:
    if b"%PDF-" not in data[:_MAGIC_WINDOW]:
        raise unsupported(name, "is not a PDF (no %PDF- header)")
    try:
        return _read(PdfReader(io.BytesIO(data)), name)
    except UnsupportedDocument:
        raise
    except Exception as exc:
        # pypdf parses untrusted bytes and has a long tail of internal errors (KeyError,
        # zlib.error, RecursionError on cyclic objects...): all mean "not a readable PDF".
        raise unsupported(name, f"unreadable PDF ({type(exc).__name__}: {exc})") from exc


def _read(reader: PdfReader, name: str) -> ParsedDocument:
    if reader.is_encrypted and not reader.decrypt(""):
        raise unsupported(name, "is encrypted with a password")
    sections = []
    for number, page in enumerate(reader.pages, start=1):
        text = collapse_blank_lines(page.extract_text() or "")
        if text:
            sections.append(Section(heading=f"Page {number}", anchor=f"page={number}", text=text))
    info = reader.metadata
    title = str(info.title).strip() if info is not None and info.title else ""
    if not title and sections:
        title = sections[0].text.split("\n", 1)[0].strip()[:200]
    metadata = {"title": title} if title else {}
    return ParsedDocument(
        title=title or title_from_name(name),
        language=normalize_language(_catalog_language(reader)),
        sections=tuple(sections),
        metadata=metadata,
    )


def _catalog_language(reader: PdfReader) -> Any:
    root: Any = reader.trailer.get("/Root")
    return root.get("/Lang") if root is not None else None


FORMAT = DocumentFormat("pdf", (".pdf",), parse)

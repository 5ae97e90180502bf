"""Plain text: the first non-empty line is the title, the rest one section."""

from __future__ import annotations

from frontdesk.knowledge.model import ParsedDocument, Section
from frontdesk.knowledge.parsing.registry import DocumentFormat
from frontdesk.knowledge.parsing.sections import collapse_blank_lines, decode_text


def parse(data: bytes, name: str) -> ParsedDocument:
    lines = decode_text(data, name).split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return ParsedDocument(title="", language=None, sections=(), metadata={})
    title = lines[first].strip()
    body = collapse_blank_lines("\n".join(lines[first + 1 :]))
    # A one-line file is all title; index the line as text too, or it could never be found.
    section = Section(heading=title, anchor="", text=body or title)
    return ParsedDocument(title=title, language=None, sections=(section,), metadata={})


FORMAT = DocumentFormat("text", (".txt",), parse)

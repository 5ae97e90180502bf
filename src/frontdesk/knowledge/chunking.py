"""Sections → passages of about ``chunk_words`` words, overlapping, never across sections.

Windows are cut on word boundaries of the original text (so lists, line breaks and Markdown
survive for the citation viewer) and, when a sentence ends near the window's end, there
rather than mid-sentence. The text that is *embedded* is prefixed with the document title
and section heading: a passage like "Press it for 10 seconds" means nothing alone, and the
heading is what a user's question usually echoes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from frontdesk.knowledge.model import ParsedDocument, Section

_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?;:…)\]»\"']$")
# Snap a window to a sentence end only within its last quarter, so windows stay near size.
_SNAP_FRACTION = 0.75


@dataclass(frozen=True, slots=True)
class Chunk:
    ordinal: int
    heading: str
    anchor: str
    language: str | None
    text: str  # stored and shown
    embed_text: str  # what the embedder sees: title and heading, then the text


def chunk_document(document: ParsedDocument, *, words: int, overlap: int) -> list[Chunk]:
    chunks: list[Chunk] = []
    for section in document.sections:
        for piece in split_words(section.text, words=words, overlap=overlap):
            chunks.append(
                Chunk(
                    ordinal=len(chunks),
                    heading=section.heading,
                    anchor=section.anchor,
                    language=section.language or document.language,
                    text=piece,
                    embed_text=embedding_text(document.title, section, piece),
                )
            )
    return chunks


def embedding_text(title: str, section: Section, text: str) -> str:
    context = [title] if title else []
    if section.heading and section.heading != title:
        context.append(section.heading)
    return "\n".join([*context, text])


def split_words(text: str, *, words: int, overlap: int) -> Iterator[str]:
    """Windows of at most ``words`` words; each starts ``overlap`` words before the last
    one ended. A text of ``words`` words or fewer is one window."""
    if words < 1 or not 0 <= overlap < words:
        raise ValueError(f"need words >= 1 and 0 <= overlap < words, got {words}, {overlap}")
    spans = [m.span() for m in _WORD.finditer(text)]
    if not spans:
        return
    start = 0
    while True:
        end = min(start + words, len(spans))
        if end < len(spans):
            end = _sentence_end(text, spans, start, end)
        yield text[spans[start][0] : spans[end - 1][1]]
        if end >= len(spans):
            return
        # Always advance, even when a snapped window is shorter than the overlap.
        start = max(end - overlap, start + 1)


def _sentence_end(text: str, spans: list[tuple[int, int]], start: int, end: int) -> int:
    earliest = start + max(1, int((end - start) * _SNAP_FRACTION))
    for stop in range(end, earliest - 1, -1):
        first, last = spans[stop - 1]
        if _SENTENCE_END.search(text[first:last]):
            return stop
    return end

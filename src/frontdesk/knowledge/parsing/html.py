"""HTML: ``<html lang>``, ``<title>``, ``<meta name=topic>``; sections split on h1–h3.

Navigation, scripts and styles are dropped before the text is read. Block boundaries are
marked before the text is flattened, because HTML whitespace is not meaningful but the
break between two paragraphs or list items is.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from frontdesk.knowledge.model import ParsedDocument, Section
from frontdesk.knowledge.parsing.registry import DocumentFormat
from frontdesk.knowledge.parsing.sections import (
    Anchors,
    HeadingTrail,
    decode_text,
    normalize_language,
    title_from_name,
)

_DROP = "nav, script, style, noscript, template, svg, iframe"
_BLOCKS = (
    "p, div, li, br, tr, pre, blockquote, section, article, table, ul, ol, dt, dd, "
    "h4, h5, h6, figcaption, hr, header, footer, main, aside"
)
_HEADINGS = "h1, h2, h3"
# Control characters cannot occur in HTML text, so they are safe in-band markers.
_HEADING_MARK = "\x00"
_FIELD = "\x01"
_BREAK = "\x02"
_SPACES = re.compile(r"\s+")


def parse(data: bytes, name: str) -> ParsedDocument:
    tree = LexborHTMLParser(decode_text(data, name))
    lang = normalize_language(tree.root.attributes.get("lang") if tree.root else None)
    metadata = _meta(tree)
    for node in tree.css(_DROP):
        node.decompose()
    body = tree.body
    if body is None:
        return ParsedDocument(title="", language=lang, sections=(), metadata=metadata)
    first_h1 = body.css_first("h1")
    title = metadata.get("title") or (_clean(first_h1.text()) if first_h1 else "")
    title = title or title_from_name(name)
    _mark_structure(body)
    sections = _sections(body.text(deep=True, separator=""), title)
    return ParsedDocument(title=title, language=lang, sections=sections, metadata=metadata)


def _meta(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    title = tree.css_first("title")
    if title is not None and _clean(title.text()):
        found["title"] = _clean(title.text())
    for key in ("topic", "description"):
        node = tree.css_first(f'meta[name="{key}"]')
        content = node.attributes.get("content") if node is not None else None
        if content:
            found[key] = _clean(content)
    return found


def _mark_structure(body: LexborNode) -> None:
    for node in body.css("li"):
        node.insert_before("- ")
    for node in body.css("td, th"):
        node.insert_after(" | ")
    for node in body.css(_BLOCKS):
        node.insert_after(_BREAK)
    for node in body.css(_HEADINGS):
        fields = (str(node.tag)[1], node.attributes.get("id") or "", _clean(node.text()))
        node.replace_with(_HEADING_MARK + _FIELD.join(fields) + _HEADING_MARK)


def _sections(flat: str, title: str) -> tuple[Section, ...]:
    parts = flat.split(_HEADING_MARK)
    anchors, trail = Anchors(), HeadingTrail(title)
    sections = []
    lead = _paragraphs(parts[0])
    if lead:
        sections.append(Section(heading=title, anchor="", text=lead))
    for marker, body in zip(parts[1::2], parts[2::2], strict=False):
        level, element_id, heading = marker.split(_FIELD, 2)
        crumb = trail.push(int(level), heading)
        anchor = anchors.make(heading, preferred=element_id or None)
        text = _paragraphs(body)
        if text:
            sections.append(Section(heading=crumb, anchor=anchor, text=text))
    return tuple(sections)


def _paragraphs(flat: str) -> str:
    lines = (_clean(line).removesuffix(" |") for line in flat.split(_BREAK))
    return "\n".join(line for line in lines if line and line != "-")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


FORMAT = DocumentFormat("html", (".html", ".htm"), parse)

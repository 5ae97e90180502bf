"""Markdown: YAML front matter (title, lang, topic), sections split on ``#``–``###``.

Headings are found with a CommonMark parser rather than a regex, so a ``# comment`` inside a
fenced code block is not taken for a heading. Section text keeps its Markdown: it is what
the citation viewer shows, and lists and tables read better intact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from frontdesk.knowledge.model import ParsedDocument, Section
from frontdesk.knowledge.parsing.registry import DocumentFormat
from frontdesk.knowledge.parsing.sections import (
    Anchors,
    HeadingTrail,
    collapse_blank_lines,
    decode_text,
    normalize_language,
    title_from_name,
    unsupported,
)

_SPLIT_LEVELS = ("h1", "h2", "h3")


@dataclass(frozen=True, slots=True)
class _Heading:
    level: int
    text: str
    start: int  # first line of the heading
    end: int  # line after the heading


def parse(data: bytes, name: str) -> ParsedDocument:
    text = decode_text(data, name)
    front, body = _split_front_matter(text, name)
    lines = body.split("\n")
    headings = _headings(body)
    title = front.get("title") or next((h.text for h in headings if h.level == 1), "")
    title = title or title_from_name(name)
    sections = _sections(lines, headings, title)
    metadata = {k: v for k, v in front.items() if k in ("title", "lang", "topic")}
    return ParsedDocument(
        title=title,
        language=normalize_language(front.get("lang")),
        sections=tuple(sections),
        metadata=metadata,
    )


def _split_front_matter(text: str, name: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---\n"):
        return {}, text
    lines = text.split("\n")
    close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if close is None:
        raise unsupported(name, "front matter starts with --- but never ends")
    try:
        loaded: Any = yaml.safe_load("\n".join(lines[1:close]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise unsupported(name, f"front matter is not valid YAML{where}") from exc
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise unsupported(name, "front matter must be a mapping (key: value)")
    front = {str(k): str(v).strip() for k, v in loaded.items() if v is not None}
    # Keep the line count so heading line numbers stay meaningful in messages.
    return front, "\n" * close + "\n".join(lines[close + 1 :])


def _headings(body: str) -> list[_Heading]:
    tokens = MarkdownIt("commonmark").parse(body)
    found = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in _SPLIT_LEVELS and token.map:
            found.append(
                _Heading(int(token.tag[1]), _plain(tokens[i + 1]), token.map[0], token.map[1])
            )
    return found


def _plain(inline: Token) -> str:
    parts = [child.content for child in inline.children or () if child.type in _TEXTUAL]
    return " ".join("".join(parts).split())


_TEXTUAL = frozenset({"text", "code_inline", "softbreak", "html_inline"})


def _sections(lines: list[str], headings: list[_Heading], title: str) -> list[Section]:
    anchors = Anchors()
    sections: list[Section] = []
    lead = collapse_blank_lines("\n".join(lines[: headings[0].start if headings else len(lines)]))
    if lead:
        sections.append(Section(heading=title, anchor="", text=lead))
    trail = HeadingTrail(title)
    for i, heading in enumerate(headings):
        crumb = trail.push(heading.level, heading.text)
        stop = headings[i + 1].start if i + 1 < len(headings) else len(lines)
        body = collapse_blank_lines("\n".join(lines[heading.end : stop]))
        anchor = anchors.make(heading.text)
        if not body:
            continue  # a heading directly followed by a sub-heading: its words live on below
        sections.append(Section(heading=crumb, anchor=anchor, text=body))
    return sections


FORMAT = DocumentFormat("markdown", (".md", ".markdown"), parse)

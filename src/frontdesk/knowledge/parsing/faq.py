"""FAQ files: CSV or JSON rows of ``question, answer[, lang, topic]``, one section each.

A row's ``lang`` overrides the document's, so one file can hold all three languages. A
malformed row fails the file with its line (CSV) or index (JSON): a half-loaded FAQ would
silently answer "not available" for the rest.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from frontdesk.knowledge.model import ParsedDocument, Section
from frontdesk.knowledge.parsing.registry import DocumentFormat
from frontdesk.knowledge.parsing.sections import (
    Anchors,
    decode_text,
    normalize_language,
    title_from_name,
    unsupported,
)

REQUIRED = ("question", "answer")


def parse_csv(data: bytes, name: str) -> ParsedDocument:
    text = decode_text(data, name)
    if not text.strip():
        return _document([], name)
    try:
        # Spreadsheets in Italy and Spain save CSV with ';' by default.
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [(field or "").strip().lower() for field in reader.fieldnames or ()]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise unsupported(name, f"CSV header lacks column(s) {', '.join(missing)}")
    reader.fieldnames = header
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise unsupported(name, f"CSV line {reader.line_num}: {exc}") from exc
    return _document(((f"line {line}", row) for line, row in rows), name)


def parse_json(data: bytes, name: str) -> ParsedDocument:
    text = decode_text(data, name)
    if not text.strip():
        return _document([], name)
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as exc:
        raise unsupported(name, f"invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(loaded, list):
        raise unsupported(name, "an FAQ JSON file must be a list of {question, answer} objects")
    for index, item in enumerate(loaded):
        if not isinstance(item, dict):
            raise unsupported(name, f"item {index} is not an object")
    return _document(((f"item {i}", item) for i, item in enumerate(loaded)), name)


def _document(rows: Iterable[tuple[str, Mapping[str, Any]]], name: str) -> ParsedDocument:
    anchors = Anchors()
    sections: list[Section] = []
    topics: set[str] = set()
    for where, row in rows:
        question, answer = (_field(row, key) for key in REQUIRED)
        if not question and not answer:
            continue  # a blank spreadsheet row
        if not question or not answer:
            raise unsupported(name, f"{where}: both question and answer are required")
        if topic := _field(row, "topic"):
            topics.add(topic)
        language = normalize_language(_field(row, "lang"))
        sections.append(Section(question, anchors.make(question), answer, language))
    languages = {s.language for s in sections}
    metadata = {"topic": topics.pop()} if len(topics) == 1 else {}
    return ParsedDocument(
        title=title_from_name(name),
        # One language for every row is the document's; a mix leaves each row its own.
        language=languages.pop() if len(languages) == 1 else None,
        sections=tuple(sections),
        metadata=metadata,
    )


def _field(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise TypeError(key)
    return str(value).strip()


CSV_FORMAT = DocumentFormat("faq-csv", (".csv",), parse_csv)
JSON_FORMAT = DocumentFormat("faq-json", (".json",), parse_json)

"""Placeholders: ``<PERSON_1>`` (reversible, numbered per conversation and type) and
``<PERSON>`` (irreversible, for ingestion: no number, nothing to map back to).

Only numbered placeholders are ever re-identified, so an irreversible one in indexed text
can never be turned into somebody's data. A user who types ``<PERSON_1>`` themselves gets
back their own conversation's PERSON_1 at most: the vault is per conversation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from frontdesk.guard.model import PiiEntity

# Entity types become upper-case identifiers: "credit card" -> CREDIT_CARD.
NUMBERED = re.compile(r"<[A-Z][A-Z0-9_]*_[1-9][0-9]*>")
_NOT_IDENTIFIER = re.compile(r"[^A-Z0-9]+")
_MAX_TYPE_CHARS = 40


def placeholder_type(entity_type: str) -> str:
    name = _NOT_IDENTIFIER.sub("_", entity_type.upper()).strip("_")[:_MAX_TYPE_CHARS]
    if not name or not name[0].isalpha():
        name = f"PII_{name}".rstrip("_")
    return name


def numbered(entity_type: str, number: int) -> str:
    return f"<{entity_type}_{number}>"


def number_of(placeholder: str) -> tuple[str, int]:
    """``<CREDIT_CARD_2>`` -> ("CREDIT_CARD", 2)."""
    name, _, number = placeholder[1:-1].rpartition("_")
    return name, int(number)


def replace_known(text: str, values: Mapping[str, str]) -> str:
    """Known placeholders become their values; anything else stays as it is."""
    if not values or "<" not in text:
        return text
    return NUMBERED.sub(lambda match: values.get(match[0], match[0]), text)


def prefixes_of(placeholders: Iterable[str]) -> frozenset[str]:
    """Every proper prefix (starting at ``<``) of the given placeholders, for streaming."""
    return frozenset(p[:i] for p in placeholders for i in range(1, len(p)))


def spans(entities: Sequence[PiiEntity], text_length: int) -> list[PiiEntity]:
    """The detector promises sorted, non-overlapping spans; keep only those that are, so a
    faulty detector cannot make us corrupt the text."""
    kept: list[PiiEntity] = []
    end = 0
    for entity in sorted(entities, key=lambda e: (e.start, -e.end)):
        if entity.start >= end and entity.start < entity.end <= text_length:
            kept.append(entity)
            end = entity.end
    return kept


def substitute(text: str, found: Sequence[PiiEntity], replacement: Callable[[int], str]) -> str:
    """``text`` with the i-th span of ``found`` replaced by ``replacement(i)``."""
    parts: list[str] = []
    position = 0
    for index, entity in enumerate(found):
        parts.append(text[position : entity.start])
        parts.append(replacement(index))
        position = entity.end
    parts.append(text[position:])
    return "".join(parts)

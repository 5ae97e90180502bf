"""A tenant's own identifiers: account, contract or customer numbers by regular expression.

Every company numbers its contracts its own way ("CT-2024-000123", "ES-4471-99"), so these
come from tenant configuration: a name and a regex each. The name, upper-cased, is the
entity type reported (``contract_number`` → ``CONTRACT_NUMBER``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from frontdesk.guard.model import PiiEntity

__all__ = ["TenantPatternRecognizer", "TenantPiiPatterns"]

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
TENANT_PATTERN_SCORE = 0.9


@dataclass(frozen=True, slots=True)
class TenantPiiPatterns:
    """``patterns`` maps a name (``contract_number``) to a regular expression. A pattern
    with a group named ``value`` reports only that group ("contratto n. (?P<value>\\d{8})")."""

    patterns: Mapping[str, str] = field(default_factory=dict)

    def compile(self) -> TenantPatternRecognizer:
        compiled: list[tuple[str, re.Pattern[str]]] = []
        for name, pattern in self.patterns.items():
            if not _NAME.fullmatch(name):
                raise ValueError(f"tenant PII pattern name {name!r}: letters, digits, _ only")
            try:
                regex = re.compile(pattern)
            except re.error as exc:
                raise ValueError(
                    f"tenant PII pattern {name!r} is not a valid regex: {exc}"
                ) from exc
            if regex.match(""):
                raise ValueError(f"tenant PII pattern {name!r} matches the empty string")
            compiled.append((name.upper(), regex))
        return TenantPatternRecognizer(tuple(compiled))


@dataclass(frozen=True, slots=True)
class TenantPatternRecognizer:
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    name: str = "tenant"

    def find(self, text: str, language: str) -> Iterable[PiiEntity]:
        found = []
        for entity_type, regex in self.rules:
            group = "value" if "value" in regex.groupindex else 0
            for match in regex.finditer(text):
                start, end = match.span(group)
                if end > start:
                    found.append(PiiEntity(entity_type, start, end, TENANT_PATTERN_SCORE, "tenant"))
        return found

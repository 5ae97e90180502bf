"""A small deterministic PII detector for the vault's tests: a fake of the ``PiiDetector``
port (emails, IBANs, a fixed list of names), so the vault is tested without the real one."""

from __future__ import annotations

import re

from frontdesk.guard.model import PiiEntity

NAMES = ("Mario Rossi", "Anna Bianchi", "Luigi Verdi", "Giulia Neri", "José Núñez")
_PATTERNS = (
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("IBAN", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")),
    (
        "PERSON",
        re.compile(
            "|".join(r"\s+".join(map(re.escape, name.split())) for name in NAMES), re.IGNORECASE
        ),
    ),
)


class FakePiiDetector:
    def __init__(self) -> None:
        self.calls = 0

    def detect(
        self, text: str, *, language: str | None = None, tenant: str | None = None
    ) -> list[PiiEntity]:
        self.calls += 1
        found = [
            PiiEntity(kind, m.start(), m.end(), 1.0, "fake")
            for kind, pattern in _PATTERNS
            for m in pattern.finditer(text)
        ]
        found.sort(key=lambda e: (e.start, -e.end))
        kept: list[PiiEntity] = []
        for entity in found:
            if not kept or entity.start >= kept[-1].end:
                kept.append(entity)
        return kept

"""What the policy tests share: a tiny regex PII detector and policies built from YAML text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

from frontdesk.guard.model import PiiEntity
from frontdesk.guard.policy.compiled import GuardPolicy
from frontdesk.guard.policy.loader import load_guard_policy
from frontdesk.knowledge.model import Embedder

_PATTERNS = {
    "EMAIL": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "IBAN": re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b"),
    "PHONE": re.compile(r"(?<![\w+])\+?\d[\d ]{7,14}\d\b"),
}


class RegexPiiDetector:
    """Just enough of a PiiDetector for the leak rule: e-mails, IBANs, phone numbers."""

    def __init__(self) -> None:
        self.calls: list[str | None] = []

    def detect(
        self, text: str, *, language: str | None = None, tenant: str | None = None
    ) -> list[PiiEntity]:
        self.calls.append(language)
        found: list[PiiEntity] = []
        for kind, pattern in _PATTERNS.items():
            for match in pattern.finditer(text):
                if not any(e.start < match.end() and match.start() < e.end for e in found):
                    found.append(PiiEntity(kind, match.start(), match.end(), 0.9, f"test.{kind}"))
        return sorted(found, key=lambda e: e.start)


@dataclass(frozen=True, slots=True)
class Passage:
    n: int
    text: str


def write_policy(folder: Path, yaml_text: str) -> Path:
    path = folder / "guard.yaml"
    path.write_text(dedent(yaml_text).lstrip(), encoding="utf-8")
    return path


async def policy_from(
    folder: Path, yaml_text: str, embedder: Embedder | None = None
) -> GuardPolicy:
    return await load_guard_policy(write_policy(folder, yaml_text), embedder)

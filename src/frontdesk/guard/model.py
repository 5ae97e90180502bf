"""Values shared by every guard: what a detector found and what is done about it.

Findings never carry raw text: ``detail`` is a short description for operators ("IBAN",
"instruction override"), never the matched words; audit records add a keyed hash of the
input instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

GuardAction = Literal["allow", "warn", "strip", "block"]
Direction = Literal["inbound", "outbound", "passage", "ingest"]


@dataclass(frozen=True, slots=True)
class PiiEntity:
    """A span of personal data: ``text[start:end]`` is the value (kept in memory only)."""

    type: str  # PERSON, EMAIL, PHONE, IBAN, CREDIT_CARD, CODICE_FISCALE, PARTITA_IVA, ...
    start: int
    end: int
    score: float
    recognizer: str


class PiiDetector(Protocol):
    def detect(
        self, text: str, *, language: str | None = None, tenant: str | None = None
    ) -> list[PiiEntity]:
        """Non-overlapping entities sorted by start. ``language`` is a hint (it, es, en);
        entities of any language are found in any text (an Italian fiscal code in an
        English sentence). ``tenant`` selects its own patterns (account numbers)."""
        ...


@dataclass(frozen=True, slots=True)
class GuardFinding:
    detector: str  # "pii", "injection", "policy.denied_topic", "policy.grounding", ...
    category: str  # what was found, e.g. "instruction_override", "IBAN", "topic:weapons"
    score: float  # 0..1
    action: GuardAction
    detail: str = ""  # for operators; never the raw matched text


@dataclass(slots=True)
class GuardVerdict:
    """What the guards decided for one text: the (possibly rewritten) text to use next."""

    text: str
    findings: list[GuardFinding] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return any(f.action == "block" for f in self.findings)

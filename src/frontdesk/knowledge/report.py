"""What an ingestion run did, file by file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

Outcome = Literal["added", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class FileIssue:
    path: str
    reason: str


class ProgressCallback(Protocol):
    def __call__(self, done: int, total: int, current: str | None) -> None:
        """``done`` of ``total`` files finished; ``current`` is being processed (None: end)."""


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[FileIssue] = field(default_factory=list)
    failed: list[FileIssue] = field(default_factory=list)

    def record(self, outcome: Outcome, uri: str) -> None:
        getattr(self, outcome).append(uri)

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "removed": len(self.removed),
            "skipped": len(self.skipped),
            "failed": len(self.failed),
        }

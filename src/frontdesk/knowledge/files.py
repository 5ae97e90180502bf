"""Which files of a tenant's tree are knowledge, and reading them."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from frontdesk.knowledge.parsing import ParserRegistry
from frontdesk.knowledge.report import FileIssue

# Documentation about the folder, not knowledge for customers.
_NOT_KNOWLEDGE = frozenset({"readme.md", "readme.txt", "readme"})


@dataclass(frozen=True, slots=True)
class KnowledgeFile:
    path: Path
    uri: str  # POSIX path relative to the tenant root: stable across machines and OSes

    def read(self) -> tuple[bytes, str]:
        data = self.path.read_bytes()
        return data, hashlib.sha256(data).hexdigest()


def walk(
    root: Path, target: Path, parsers: ParserRegistry
) -> tuple[list[KnowledgeFile], list[FileIssue]]:
    """The files under ``target`` a parser claims, in a stable order, and the ones skipped
    with why. Hidden directories (``.git``) are not entered at all."""
    files: list[KnowledgeFile] = []
    skipped: list[FileIssue] = []
    for path in _candidates(target):
        uri = path.relative_to(root).as_posix()
        reason = _skip_reason(root, path, parsers)
        if reason:
            skipped.append(FileIssue(uri, reason))
        else:
            files.append(KnowledgeFile(path, uri))
    return files, skipped


def _candidates(target: Path) -> list[Path]:
    if target.is_file():
        return [target]
    found: list[Path] = []
    for directory, subdirs, names in os.walk(target):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        found.extend(Path(directory) / name for name in names)
    return sorted(found)


def _skip_reason(root: Path, path: Path, parsers: ParserRegistry) -> str | None:
    if path.name.startswith("."):
        return "hidden file"
    if path.name.lower() in _NOT_KNOWLEDGE:
        return "README (documentation, not knowledge)"
    if parsers.format_for(path.name) is None:
        return f"unsupported file type {path.suffix or '(no extension)'}"
    if not path.resolve().is_relative_to(root):
        return "links outside the tenant root"
    if not path.is_file():
        return "not a regular file"
    return None

"""Files marked as personal data (tickets, chat logs, transcripts) are redacted before they
are chunked, embedded or indexed — and refused, never indexed raw, without a redactor."""

from __future__ import annotations

import re
from pathlib import Path

from frontdesk.config import KnowledgeSettings
from frontdesk.knowledge.embedders import HashingEmbedder
from frontdesk.knowledge.ingest import KnowledgeService
from frontdesk.knowledge.vectors import create_vector_index
from frontdesk.storage.sql import Database
from tests.integration.knowledge.conftest import write

SETTINGS = KnowledgeSettings(embedder="hashing", vector_index="exact", chunk_words=40)
PERSONAL = ("*/tickets/*",)
TICKET = "# Router ticket\n\nMaria Rossi (maria.rossi@example.com) could not reset the router.\n"
GUIDE = "# Router guide\n\nHold the reset button for ten seconds to reset the router.\n"
EMAIL = re.compile(r"\S+@\S+")


def redact(text: str, language: str | None) -> str:
    """A stand-in for the PII detector's irreversible mode: emails and one known name."""
    return EMAIL.sub("<EMAIL>", text).replace("Maria Rossi", "<PERSON>")


def service(database: Database, redactor: object | None) -> KnowledgeService:
    embedder = HashingEmbedder()
    index = create_vector_index("exact", embedder.dim)
    return KnowledgeService(database, embedder, index, SETTINGS, redactor=redactor)  # type: ignore[arg-type]


async def test_personal_data_is_redacted_before_indexing(
    database: Database, tmp_path: Path
) -> None:
    write(tmp_path, {"knowledge/tickets/t1.md": TICKET, "knowledge/guide.md": GUIDE})
    knowledge = service(database, redact)
    report = await knowledge.ingest_path("t", tmp_path, Path("knowledge"), personal_data=PERSONAL)
    assert not report.failed and len(report.added) == 2
    hits = await knowledge.retrieve("t", "could not reset the router ticket", k=4)
    ticket = next(h for h in hits if h.source == "knowledge/tickets/t1.md")
    assert "<EMAIL>" in ticket.text and "<PERSON>" in ticket.text
    assert "maria" not in ticket.text.lower()
    guide = next(h for h in hits if h.source == "knowledge/guide.md")
    assert guide.text.startswith("Hold the reset button")  # not personal data: untouched


async def test_without_a_redactor_personal_data_is_refused(
    database: Database, tmp_path: Path
) -> None:
    write(tmp_path, {"knowledge/tickets/t1.md": TICKET, "knowledge/guide.md": GUIDE})
    knowledge = service(database, None)
    report = await knowledge.ingest_path("t", tmp_path, Path("knowledge"), personal_data=PERSONAL)
    assert [issue.path for issue in report.failed] == ["knowledge/tickets/t1.md"]
    assert "no PII redactor" in report.failed[0].reason
    assert report.added == ["knowledge/guide.md"]
    hits = await knowledge.retrieve("t", "Maria Rossi could not reset the router", k=4)
    assert all(h.source != "knowledge/tickets/t1.md" for h in hits)

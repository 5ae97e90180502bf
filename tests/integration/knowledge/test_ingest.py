"""Ingestion end to end on each backend: files → parse → chunk → embed → store → index."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.kit.errors import InvalidInput, NotFound
from frontdesk.knowledge.embedders import HashingEmbedder
from tests.integration.knowledge.conftest import make_service, write

KB = Path("knowledge")


async def test_a_directory_is_ingested_and_every_other_file_accounted_for(service, tenant_root):
    report = await service.ingest_path("t", tenant_root, KB)
    assert sorted(report.added) == [
        "knowledge/billing.html",
        "knowledge/faq/roaming.csv",
        "knowledge/router-reset-en.md",
        "knowledge/router-reset-it.md",
    ]
    assert {i.path: i.reason for i in report.skipped} == {
        "knowledge/.draft.md": "hidden file",
        "knowledge/README.md": "README (documentation, not knowledge)",
        "knowledge/contract.docx": "unsupported file type .docx",
    }
    failed = {i.path: i.reason for i in report.failed}
    assert failed.keys() == {"knowledge/broken.pdf", "knowledge/latin1.md"}
    assert failed["knowledge/broken.pdf"].startswith("knowledge/broken.pdf: is not a PDF")
    assert "not valid UTF-8" in failed["knowledge/latin1.md"]
    sources = {s.uri: s for s in await service.list_sources("t")}
    assert sources["knowledge/router-reset-it.md"].language == "it"
    assert sources["knowledge/billing.html"].format == "html"
    assert sources["knowledge/router-reset-en.md"].chunk_count == 2


async def test_unchanged_files_cost_no_parsing_and_no_embedding(
    service, tenant_root, embedder, parsers
):
    await service.ingest_path("t", tenant_root, KB)
    embedded, parsed = embedder.passages, len(parsers.parsed)
    again = await service.ingest_path("t", tenant_root, KB)
    assert len(again.unchanged) == 4 and not again.added and not again.updated
    assert embedder.passages == embedded
    # Only the two files that failed before are tried again.
    assert sorted(parsers.parsed[parsed:]) == ["knowledge/broken.pdf", "knowledge/latin1.md"]


async def test_a_changed_file_has_its_chunks_replaced(service, tenant_root):
    await service.ingest_path("t", tenant_root, KB)
    before = await service.retrieve("t", "paperclip reset button", k=1, mode="lexical")
    assert before[0].source == "knowledge/router-reset-en.md"
    (tenant_root / "knowledge/router-reset-en.md").write_text(
        "# Resetting the router\n\nHold the pinhole switch with a toothpick.\n", encoding="utf-8"
    )
    report = await service.ingest_path("t", tenant_root, KB)
    assert report.updated == ["knowledge/router-reset-en.md"]
    with pytest.raises(NotFound):
        await service.get_passage("t", before[0].chunk_id)
    for mode in ("lexical", "vector"):
        hits = await service.retrieve("t", "paperclip", k=10, mode=mode)
        assert all("paperclip" not in p.text for p in hits)
    [hit] = await service.retrieve("t", "toothpick pinhole", k=1)
    assert hit.source == "knowledge/router-reset-en.md"


async def test_a_deleted_file_is_removed_from_database_and_index(service, tenant_root):
    await service.ingest_path("t", tenant_root, KB)
    (tenant_root / "knowledge/billing.html").unlink()
    report = await service.ingest_path("t", tenant_root, KB)
    assert report.removed == ["knowledge/billing.html"]
    assert "knowledge/billing.html" not in {s.uri for s in await service.list_sources("t")}
    for mode in ("lexical", "vector", "hybrid"):
        hits = await service.retrieve("t", "invoice direct debit", k=10, mode=mode)
        assert all(p.source != "knowledge/billing.html" for p in hits)


async def test_ingesting_one_file_touches_nothing_else(service, tenant_root):
    report = await service.ingest_path("t", tenant_root, KB / "billing.html")
    assert report.added == ["knowledge/billing.html"] and not report.removed
    await service.ingest_path("t", tenant_root, KB)
    (tenant_root / "knowledge/billing.html").unlink()
    single = await service.ingest_path("t", tenant_root, KB / "billing.html")
    assert single.removed == ["knowledge/billing.html"]
    assert len(await service.list_sources("t")) == 3
    with pytest.raises(NotFound):
        await service.ingest_path("t", tenant_root, KB / "never-existed.md")
    with pytest.raises(InvalidInput, match="outside the tenant root"):
        await service.ingest_path("t", tenant_root, Path("../elsewhere"))


async def test_a_file_that_turns_bad_keeps_its_last_good_version(service, tenant_root):
    await service.ingest_path("t", tenant_root, KB)
    (tenant_root / "knowledge/router-reset-it.md").write_bytes(b"\xff\xfe garbage")
    report = await service.ingest_path("t", tenant_root, KB)
    assert "knowledge/router-reset-it.md" in {i.path for i in report.failed}
    [hit] = await service.retrieve("t", "graffetta", k=1, mode="lexical")
    assert hit.source == "knowledge/router-reset-it.md"


async def test_progress_reports_files_done_and_current(service, tenant_root):
    calls: list[tuple[int, int, str | None]] = []
    await service.ingest_path("t", tenant_root, KB, progress=lambda *a: calls.append(a))
    assert calls[0] == (0, 6, "knowledge/billing.html")
    assert calls[-1] == (6, 6, None)
    assert [done for done, _, _ in calls] == list(range(7))


async def test_the_index_is_rebuilt_from_the_database_at_start_up(database, tenant_root):
    first = make_service(database, HashingEmbedder())
    await first.ingest_path("t", tenant_root, KB)
    restarted = make_service(database, HashingEmbedder())
    assert await restarted.retrieve("t", "paperclip reset", mode="vector") == []
    assert await restarted.load_index() == 8  # 2 sections in each of 4 files
    [hit] = await restarted.retrieve("t", "paperclip reset", k=1, mode="vector")
    assert hit.source == "knowledge/router-reset-en.md"


async def test_a_new_embedder_re_embeds_unchanged_files(database, tenant_root):
    await make_service(database, HashingEmbedder()).ingest_path("t", tenant_root, KB)
    other = make_service(database, HashingEmbedder(dim=256))
    assert await other.load_index() == 0  # vectors of another model are not mixed in
    report = await other.ingest_path("t", tenant_root, KB)
    assert len(report.updated) == 4 and not report.unchanged
    assert await other.load_index() == 8


async def test_the_whole_root_and_nested_directories(service, tenant_root):
    write(tenant_root, {"knowledge/deep/er/note.txt": "Orari\n\nAperto dalle 9 alle 20."})
    report = await service.ingest_path("t", tenant_root)
    assert "knowledge/deep/er/note.txt" in report.added
    assert "tenant.yaml" in {i.path for i in report.skipped}
    (tenant_root / "knowledge/deep/er/note.txt").unlink()
    sub = await service.ingest_path("t", tenant_root, KB / "deep")
    assert sub.removed == ["knowledge/deep/er/note.txt"]
    assert len(await service.list_sources("t")) == 4


async def test_the_console_command_shows_progress_and_a_summary(service, tenant_root):
    from rich.console import Console

    from frontdesk.knowledge.commands import run_ingest

    console = Console(record=True, width=160, force_terminal=False)
    report = await run_ingest(service, "t", tenant_root, tenant_root / "knowledge", console)
    output = console.export_text()
    assert "Ingestion summary" in output
    assert "added" in output and "4" in output
    assert "knowledge/broken.pdf" in output and "is not a PDF" in output
    assert "unsupported file type .docx" in output
    assert report.counts()["failed"] == 2

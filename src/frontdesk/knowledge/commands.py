"""Console front-ends of the knowledge domain (the CLI wires ``frontdesk ingest`` here)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from frontdesk.knowledge.ingest import KnowledgeService
from frontdesk.knowledge.report import IngestReport

_STYLES = {
    "added": "green",
    "updated": "cyan",
    "unchanged": "dim",
    "removed": "magenta",
    "skipped": "yellow",
    "failed": "bold red",
}


async def run_ingest(
    service: KnowledgeService,
    tenant_id: str,
    root: Path,
    path: Path | None,
    console: Console,
    *,
    force: bool = False,
    personal_data: tuple[str, ...] = (),
) -> IngestReport:
    """Ingest with a progress bar (files done / total, current file), then a summary."""
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}", style="dim"),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(f"Ingesting {tenant_id}", total=None, current="")

        def progress(done: int, total: int, current: str | None) -> None:
            bar.update(task, completed=done, total=total, current=current or "")

        report = await service.ingest_path(
            tenant_id, root, path, progress=progress, force=force, personal_data=personal_data
        )
    console.print(summary_table(report))
    issues = issues_table(report)
    if issues is not None:
        console.print(issues)
    return report


def summary_table(report: IngestReport) -> Table:
    table = Table(title="Ingestion summary", show_header=True)
    table.add_column("outcome")
    table.add_column("files", justify="right")
    for outcome, count in report.counts().items():
        style = _STYLES[outcome] if count else "dim"
        table.add_row(f"[{style}]{outcome}[/]", f"[{style}]{count}[/]")
    return table


def issues_table(report: IngestReport) -> Table | None:
    """Every failed and skipped file with its reason; ``None`` when there are none."""
    rows = [("failed", i) for i in report.failed] + [("skipped", i) for i in report.skipped]
    if not rows:
        return None
    table = Table(title="Files not ingested", show_header=True)
    table.add_column("file")
    table.add_column("outcome")
    table.add_column("reason", overflow="fold")
    for outcome, issue in rows:
        table.add_row(issue.path, f"[{_STYLES[outcome]}]{outcome}[/]", issue.reason)
    return table

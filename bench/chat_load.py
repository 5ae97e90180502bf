"""Chat load: N concurrent WebSocket sessions answered through the gateway.

Every session is connected for the whole run and asks one question; questions start over a
ramp window so that arrivals look like traffic rather than one synchronized burst. Answers
come from the fake OpenAI-compatible upstream (200 ms to first token, 50 tokens/s by default)
through Frontdesk's `openai` provider. The same upstream is first driven directly with the
same arrival pattern; the report is Frontdesk's time to first token minus the upstream's own.

    python bench/chat_load.py --sessions 1000 --out bench/results/chat_load.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import yaml
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.process import frontdesk_process, wait_until_ready  # noqa: E402
from tests.support.server import free_port  # noqa: E402

# Real customer phrasings from the demo tenant's evaluation set, in three languages.
QUESTIONS = [
    q["text"]
    for q in yaml.safe_load((ROOT / "examples/unaempresa/evals/questions.yaml").read_text())[
        "questions"
    ]
]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def rss_mb(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


async def direct_run(base: str, n: int, ramp: float, seed: int) -> tuple[list[float], int]:
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=n + 10, max_keepalive_connections=n + 10)
    ttfts: list[float] = []
    errors = 0
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def one(i: int) -> None:
            nonlocal errors
            await asyncio.sleep(rng.random() * ramp)
            body = {
                "model": "fake",
                "stream": True,
                "messages": [{"role": "user", "content": QUESTIONS[i % len(QUESTIONS)]}],
            }
            start = time.perf_counter()
            first = None
            try:
                async with client.stream("POST", "/v1/chat/completions", json=body) as resp:
                    async for line in resp.aiter_lines():
                        if first is None and line.startswith("data: {") and '"content"' in line:
                            first = time.perf_counter() - start
                if first is None:
                    errors += 1
                else:
                    ttfts.append(first)
            except httpx.HTTPError:
                errors += 1

        await asyncio.gather(*(one(i) for i in range(n)))
    return ttfts, errors


async def frontdesk_run(
    base: str, n: int, ramp: float, seed: int, progress: Progress
) -> dict[str, Any]:
    rng = random.Random(seed)
    ws_base = base.replace("http://", "ws://")
    ttfts: list[float] = []
    totals: list[float] = []
    errors: list[str] = []
    state = {"arrived": 0, "in_flight": 0, "peak": 0}
    all_connected = asyncio.Event()
    task = progress.add_task("sessions answered", total=n)

    def arrive() -> None:
        # Every session reaches the barrier once, connected or failed, so one failed
        # connection cannot hold the others back.
        state["arrived"] += 1
        if state["arrived"] == n:
            all_connected.set()

    async def converse(i: int, ws: Any) -> None:
        await all_connected.wait()
        await asyncio.sleep(rng.random() * ramp)
        question = QUESTIONS[i % len(QUESTIONS)]
        start = time.perf_counter()
        await ws.send(json.dumps({"type": "user_message", "client_id": f"c{i}", "text": question}))
        state["in_flight"] += 1
        state["peak"] = max(state["peak"], state["in_flight"])
        first = None
        try:
            while True:
                event = json.loads(await asyncio.wait_for(ws.recv(), 60))
                if event["type"] == "delta" and first is None:
                    first = time.perf_counter() - start
                elif event["type"] == "error":
                    errors.append(event["code"])
                    return
                elif event["type"] == "done":
                    break
        finally:
            state["in_flight"] -= 1
            progress.advance(task)
        if first is None:
            errors.append("no_delta")
        else:
            ttfts.append(first)
            totals.append(time.perf_counter() - start)

    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        sem = asyncio.Semaphore(64)

        async def one(i: int) -> None:
            arrived = False
            try:
                async with sem:
                    created = await http.post("/v1/sessions", json={})
                created.raise_for_status()
                sid = created.json()["id"]
                # Each session is its own visitor: take the cookie the server set, and keep the
                # shared jar empty so the next request is a new visitor.
                cookie = created.headers.get("set-cookie", "").split(";")[0]
                cookie = cookie or created.request.headers.get("cookie", "")
                http.cookies.clear()
                url = f"{ws_base}/v1/sessions/{sid}/stream"
                async with connect(
                    url,
                    subprotocols=["frontdesk.v1"],  # type: ignore[list-item]
                    additional_headers={"Cookie": cookie},
                    open_timeout=120,
                    ping_interval=None,
                    max_size=None,
                ) as ws:
                    await ws.recv()  # ready
                    arrived = True
                    arrive()
                    await converse(i, ws)
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}"[:160])
                if not arrived:
                    arrive()
                    progress.advance(task)

        await asyncio.gather(*(one(i) for i in range(n)))
    return {"ttfts": ttfts, "totals": totals, "errors": errors, "peak_streams": state["peak"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument(
        "--ramp-s", type=float, default=60.0, help="questions start uniformly over this window"
    )
    parser.add_argument("--ttft-ms", type=int, default=200)
    parser.add_argument("--tokens-per-s", type=float, default=50)
    parser.add_argument("--answer-tokens", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--cache",
        choices=("off", "on"),
        default="off",
        help="the gateway's response cache; off by default: the questions repeat (a few "
        "hundred phrasings for 1,000 sessions), so with it on most answers come from the "
        "cache and the run no longer measures the turn pipeline",
    )
    parser.add_argument("--out", type=Path)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "bench-chat-load")
    args = parser.parse_args()
    console = Console()
    upstream_port = free_port()
    upstream = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "frontdesk.fakes",
            "openai",
            "--port",
            str(upstream_port),
            "--ttft-ms",
            str(args.ttft_ms),
            "--tokens-per-s",
            str(args.tokens_per_s),
            "--answer-tokens",
            str(args.answer_tokens),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    upstream_url = f"http://127.0.0.1:{upstream_port}"
    try:
        wait_until_ready(f"{upstream_url}/v1/models", upstream, timeout=30)
        console.print(f"direct: {args.sessions} streams to the fake upstream …")
        direct_ttfts, direct_errors = asyncio.run(
            direct_run(upstream_url, args.sessions, args.ramp_s, args.seed)
        )
        # Kept between runs so the demo knowledge is embedded once (unchanged files are
        # skipped by content hash); sessions of earlier runs do not affect this one.
        data_dir = args.data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        env = {
            "FRONTDESK_DATA_DIR": str(data_dir),
            "FRONTDESK_LOGGING__LEVEL": "WARNING",
            "FRONTDESK_GATEWAY__DEFAULT_MODEL": "openai:fake-model",
            "FRONTDESK_GATEWAY__PROVIDERS__OPENAI__BASE_URL": f"{upstream_url}/v1",
            "FRONTDESK_KNOWLEDGE__ABSTAIN_BELOW": "0",
            "FRONTDESK_GATEWAY__CACHE__ENABLED": "true" if args.cache == "on" else "false",
        }
        console.print("starting Frontdesk (loads the demo tenant) …")
        with frontdesk_process(env, log_path=data_dir / "server.log") as (base, proc):
            idle_rss, _ = rss_mb(proc.pid)
            with Progress(console=console) as progress:
                run = asyncio.run(
                    frontdesk_run(base, args.sessions, args.ramp_s, args.seed, progress)
                )
            rss, hwm = rss_mb(proc.pid)
    finally:
        upstream.terminate()
        upstream.wait()
    report(console, args, direct_ttfts, direct_errors, run, idle_rss, rss, hwm)


def report(
    console: Console,
    args: argparse.Namespace,
    direct: list[float],
    direct_errors: int,
    run: dict[str, Any],
    idle_rss: float,
    rss: float,
    hwm: float,
) -> None:
    fd = run["ttfts"]
    rows = {}
    for q in (50, 95, 99):
        d, f = percentile(direct, q) * 1000, percentile(fd, q) * 1000
        rows[f"p{q}"] = {
            "direct_ms": round(d, 1),
            "frontdesk_ms": round(f, 1),
            "added_ms": round(f - d, 1),
        }
    table = Table(
        title=f"chat_load: {args.sessions} concurrent WebSocket sessions "
        f"(upstream TTFT {args.ttft_ms} ms, {args.tokens_per_s:g} tok/s, "
        f"ramp {args.ramp_s:g} s)"
    )
    for col in ("TTFT", "direct upstream (ms)", "through Frontdesk (ms)", "added (ms)"):
        table.add_column(col, justify="right")
    for name, row in rows.items():
        table.add_row(
            name, f"{row['direct_ms']:.1f}", f"{row['frontdesk_ms']:.1f}", f"{row['added_ms']:.1f}"
        )
    console.print(table)
    summary = {
        "sessions": args.sessions,
        "answered": len(fd),
        "errors": len(run["errors"]),
        "error_kinds": sorted(set(run["errors"])),
        "direct_errors": direct_errors,
        "peak_concurrent_streams": run["peak_streams"],
        "answer_p50_s": round(percentile(run["totals"], 50), 3),
        "server_rss_idle_mb": round(idle_rss, 1),
        "server_rss_end_mb": round(rss, 1),
        "server_rss_peak_mb": round(hwm, 1),
        "cpu_count": os.cpu_count(),
    }
    for key, value in summary.items():
        console.print(f"  {key}: {value}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            json.dumps(
                {"ttft": rows, **summary, "config": {k: str(v) for k, v in vars(args).items()}},
                indent=2,
            )
        )


if __name__ == "__main__":
    main()

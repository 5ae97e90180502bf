"""Gateway: the same fake upstream driven directly, through Frontdesk, through LiteLLM's proxy.

Three processes serve: the fake OpenAI-compatible upstream, ``frontdesk serve`` (SQLite, one
small tenant, no knowledge, the response cache off, the fake as its ``openai`` provider) and
LiteLLM's proxy (``litellm[proxy]`` from ``bench/requirements-litellm.txt`` in its own venv,
no database, one worker, no callbacks). Each has one process and one event loop. For every
mode (non-streaming, streaming) and concurrency, a load generator in its own process drives
the three paths one after another (never at once) with the same clients, prompts and
duration; it reports requests per second, latency, and the CPU each gateway process spent.

The fake answers at once by default (``--ttft-ms 0 --tokens-per-s 0``): it applies its time
to first token to streams only, and Frontdesk always streams from the upstream, so any
upstream latency would be charged to Frontdesk's non-streaming requests alone.

    python bench/gateway.py --out bench/results/gateway.json
    python bench/gateway.py --quick          # a short smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from gateway_report import comparison_rows, print_tables  # noqa: E402
from gateway_servers import (  # noqa: E402
    LITELLM_VENV,
    ChildProcesses,
    Endpoint,
    FakeUpstreamSettings,
    LiteLLMUnavailable,
    ensure_litellm_python,
    frontdesk_revision,
    litellm_version,
    start_fake_upstream,
    start_frontdesk,
    start_litellm,
)

PATHS = ("direct", "frontdesk", "litellm")
MODES = ("non-streaming", "streaming")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured window per run")
    parser.add_argument("--warmup-seconds", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 50, 500])
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--paths", nargs="+", choices=PATHS, default=list(PATHS))
    parser.add_argument("--quick", action="store_true", help="1.5 s runs: a smoke test")
    parser.add_argument("--ttft-ms", type=float, default=0.0, help="fake upstream, streams")
    parser.add_argument("--tokens-per-s", type=float, default=0.0, help="0: no pacing")
    parser.add_argument("--answer-tokens", type=int, default=20)
    parser.add_argument(
        "--litellm-python",
        type=Path,
        help=f"a Python with litellm[proxy] installed (default: create {LITELLM_VENV.name})",
    )
    parser.add_argument("--litellm-venv", type=Path, default=LITELLM_VENV)
    parser.add_argument(
        "--frontdesk-src",
        type=Path,
        help="run Frontdesk from this src/ folder (e.g. `git archive` of a revision)",
    )
    parser.add_argument("--out", type=Path, help="write the results as JSON")
    parser.add_argument("--logs", type=Path, help="keep the servers' logs in this folder")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.warmup_seconds = 1.5, 0.5
    return args


def main() -> int:
    args = parse_args()
    console = Console(width=max(Console().width, 120))
    fake = FakeUpstreamSettings(args.ttft_ms, args.tokens_per_s, args.answer_tokens)
    if args.ttft_ms or args.tokens_per_s:
        console.print(
            "[yellow]note:[/yellow] the fake delays streams only; Frontdesk streams from the "
            "upstream for non-streaming requests too, so they alone pay that delay."
        )
    load_before = os.getloadavg()
    versions = {"frontdesk": frontdesk_revision(args.frontdesk_src)}
    try:
        litellm_python = None
        if "litellm" in args.paths:
            litellm_python = args.litellm_python or ensure_litellm_python(
                args.litellm_venv, console
            )
            versions["litellm"] = litellm_version(litellm_python)
        runs = measure(console, args, fake, litellm_python, versions)
    except LiteLLMUnavailable as exc:
        console.print(f"[red]LiteLLM's proxy is not available:[/red] {escape(str(exc))}")
        return 2
    except RuntimeError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        return 1
    machine = {
        "cpu_count": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    rows = comparison_rows(runs)
    print_tables(console, rows, runs, fake, args.seconds, machine)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        measured = ("seconds", "warmup_seconds", "concurrency", "modes", "paths", "quick")
        config = {k: v for k, v in vars(args).items() if k in measured}
        payload = {
            "comparison": rows,
            "runs": runs,
            "machine": machine,
            "versions": versions,
            "fake_upstream": vars(fake),
            "config": config,
        }
        args.out.write_text(json.dumps(payload, indent=2) + "\n")
        console.print(f"wrote {args.out}")
    return 0


def measure(
    console: Console,
    args: argparse.Namespace,
    fake: FakeUpstreamSettings,
    litellm_python: Path | None,
    versions: dict[str, str],
) -> list[dict[str, Any]]:
    """Start the servers, drive every path, stop the servers."""
    with (
        tempfile.TemporaryDirectory(prefix="bench-gateway-") as tmp,
        ChildProcesses(args.logs or Path(tmp)) as children,
    ):
        workdir = Path(tmp)
        console.print(f"starting the fake upstream ({fake}) …")
        upstream = start_fake_upstream(children, fake)
        endpoints = {"direct": upstream}
        if "frontdesk" in args.paths:
            console.print(f"starting Frontdesk {versions['frontdesk']} (SQLite, cache off) …")
            endpoints["frontdesk"] = start_frontdesk(
                children, workdir, upstream, args.frontdesk_src
            )
        if litellm_python is not None:
            console.print(f"starting LiteLLM's proxy {versions['litellm']} …")
            endpoints["litellm"] = start_litellm(children, litellm_python, upstream)
        return run_all(console, args, endpoints, children.pid_of("fake-upstream"))


def run_all(
    console: Console,
    args: argparse.Namespace,
    endpoints: dict[str, Endpoint],
    upstream_pid: int,
) -> list[dict[str, Any]]:
    """Every mode × concurrency × path; the paths of one cell run back to back, so slow drift
    in the machine's background load reaches all three alike."""
    runs = []
    for mode in args.modes:
        for concurrency in args.concurrency:
            for name in args.paths:
                endpoint = endpoints[name]
                console.print(
                    f"  {mode:>13}  c={concurrency:<4} {name:<9} …", end=" ", highlight=False
                )
                run = load(args, endpoint, mode == "streaming", concurrency, upstream_pid)
                run |= {"path": name, "mode": mode}
                if endpoint.pid is not None and run["requests"]:
                    gateway_cpu = run["cpu_s"]["gateway"]
                    run["gateway_cpu_s_per_1k_requests"] = round(
                        gateway_cpu / run["requests"] * 1000, 2
                    )
                    run["gateway_cpu_utilisation"] = round(gateway_cpu / run["seconds"], 2)
                console.print(
                    f"{run['requests_per_s']:>8.1f} req/s  {run['errors']} errors",
                    highlight=False,
                )
                runs.append(run)
    return runs


def load(
    args: argparse.Namespace,
    endpoint: Endpoint,
    stream: bool,
    concurrency: int,
    upstream_pid: int,
) -> dict[str, Any]:
    command = [sys.executable, str(BENCH / "gateway_load.py"), "--url", endpoint.chat_url]
    command += ["--model", endpoint.model, "--concurrency", str(concurrency)]
    command += ["--seconds", str(args.seconds), "--warmup-seconds", str(args.warmup_seconds)]
    command += ["--run-id", f"{endpoint.name}-{int(time.time() * 1000)}"]
    command += ["--watch", f"upstream={upstream_pid}"]
    if endpoint.pid is not None:
        command += ["--watch", f"gateway={endpoint.pid}"]
    if endpoint.api_key:
        command += ["--api-key", endpoint.api_key]
    if stream:
        command.append("--stream")
    budget = args.seconds + args.warmup_seconds + 120
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=budget, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"the load generator did not finish in {budget:g} s") from exc
    if done.returncode != 0:
        raise RuntimeError(f"the load generator failed:\n{done.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


if __name__ == "__main__":
    sys.exit(main())

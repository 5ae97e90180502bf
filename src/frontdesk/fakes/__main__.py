"""``python -m frontdesk.fakes {openai,anthropic,bedrock} --port 9100 [...]``: serve a fake
upstream as its own process, for benchmarks and manual runs."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import uvicorn

from frontdesk.fakes.anthropic_server import FakeAnthropic
from frontdesk.fakes.asgi import ASGIApp
from frontdesk.fakes.bedrock_server import FakeBedrock
from frontdesk.fakes.behaviour import FakeBehaviour
from frontdesk.fakes.openai_server import FakeOpenAI

_APPS: dict[str, Callable[[FakeBehaviour], ASGIApp]] = {
    "openai": FakeOpenAI,
    "anthropic": FakeAnthropic,
    "bedrock": FakeBedrock,
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m frontdesk.fakes", description=__doc__)
    parser.add_argument("kind", choices=sorted(_APPS))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--ttft-ms", type=float, default=0.0, help="time to first token")
    parser.add_argument("--tokens-per-s", type=float, default=0.0, help="0: no pacing")
    parser.add_argument("--answer", default=None, help="fixed answer text")
    parser.add_argument("--answer-tokens", type=int, default=None, help="answer length")
    parser.add_argument("--fault", default=None, help="fault for every request")
    parser.add_argument("--fault-times", type=int, default=None, help="then recover")
    parser.add_argument("--fault-after-tokens", type=int, default=3)
    parser.add_argument("--fault-delay-s", type=float, default=30.0)
    parser.add_argument("--drip-interval-ms", type=float, default=2.0)
    parser.add_argument("--max-recorded", type=int, default=10_000)
    parser.add_argument("--log-level", default="warning")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    behaviour = FakeBehaviour(
        ttft_ms=args.ttft_ms,
        tokens_per_s=args.tokens_per_s,
        answer=args.answer,
        answer_tokens=args.answer_tokens,
        fault=args.fault,
        fault_times=args.fault_times,
        fault_after_tokens=args.fault_after_tokens,
        fault_delay_s=args.fault_delay_s,
        drip_interval_ms=args.drip_interval_ms,
        max_recorded=args.max_recorded,
    )
    app = _APPS[args.kind](behaviour)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        loop="uvloop",
        http="httptools",
        lifespan="off",
        access_log=False,
        log_level=args.log_level,
        backlog=4096,  # benchmarks open a thousand connections at once
        timeout_keep_alive=30,
    )


if __name__ == "__main__":
    main()

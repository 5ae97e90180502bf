"""Helpers of the routing tests: a clock the test moves, route files on disk, a router."""

from __future__ import annotations

import os
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from frontdesk.gateway.routing.canary import RouteEvent
from frontdesk.gateway.routing.repository import RouteStateRepository
from frontdesk.gateway.routing.router import RouteRouter
from frontdesk.gateway.routing.spec import ModelCheck

TENANT = "acme"


class ManualClock:
    """Wall time and monotonic ticks that only move when the test says so."""

    def __init__(self) -> None:
        self.at = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
        self.ticks_s = 1000.0

    def now(self) -> datetime:
        return self.at

    def ticks(self) -> float:
        return self.ticks_s

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
        self.ticks_s += seconds


_edits = [0]


def write_routes(root: Path, text: str) -> Path:
    """Write ``routes.yaml`` and give it a fresh mtime, so a reload sees every edit even
    when two edits land within the file system's timestamp resolution."""
    path = root / "routes.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    _edits[0] += 1
    stamp = 1_700_000_000_000_000_000 + _edits[0] * 1_000_000_000
    os.utime(path, ns=(stamp, stamp))
    return path


def make_router(
    root: Path,
    clock: ManualClock,
    *,
    check: ModelCheck | None = None,
    states: RouteStateRepository | None = None,
    events: list[RouteEvent] | None = None,
    reload_s: float = 0.0,
) -> RouteRouter:
    return RouteRouter(
        tenant_roots={TENANT: root},
        check_model=check,
        states=states,
        on_event=events.append if events is not None else None,
        reload_s=reload_s,
        now=clock.now,
        ticks=clock.ticks,
    )


CANARY_ROUTES = """
routes:
  support:
    targets:
      - {model: "openai:gpt-4o-mini", weight: 50}
      - {model: "anthropic:claude-3-5-haiku-latest", weight: 50}
    canary:
      model: "openai:gpt-4.1-mini"
      start_percent: 10
      step_percent: 10
      step_every_s: 300
      max_percent: 40
      guard:
        max_error_rate: 0.2
        max_latency_p95_s: 1.0
        min_eval_score: 0.8
        window_calls: 50
        min_calls: 20
"""

"""A canary's recent outcomes and the guard's verdict on them.

The window holds the last ``window_calls`` calls the canary served and the last
``window_calls`` evaluation scores it got. It lives in memory only: what must survive a
restart is the verdict (a rollback), which the canary state persists.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from frontdesk.gateway.routing.spec import GuardSpec


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (a value that was actually observed)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass(frozen=True, slots=True)
class WindowStats:
    calls: int
    errors: int
    error_rate: float | None
    latency_p95_s: float | None
    evaluations: int
    eval_score: float | None


@dataclass(slots=True)
class GuardWindow:
    size: int
    outcomes: deque[tuple[bool, float]] = field(init=False)
    scores: deque[float] = field(init=False)

    def __post_init__(self) -> None:
        self.outcomes = deque(maxlen=self.size)
        self.scores = deque(maxlen=self.size)

    def resize(self, size: int) -> None:
        if size != self.size:
            self.size = size
            self.outcomes = deque(self.outcomes, maxlen=size)
            self.scores = deque(self.scores, maxlen=size)

    def add_call(self, ok: bool, latency_s: float) -> None:
        self.outcomes.append((ok, latency_s))

    def add_score(self, score: float) -> None:
        self.scores.append(score)

    def stats(self) -> WindowStats:
        calls = len(self.outcomes)
        errors = sum(1 for ok, _ in self.outcomes if not ok)
        return WindowStats(
            calls=calls,
            errors=errors,
            error_rate=errors / calls if calls else None,
            latency_p95_s=p95([s for _, s in self.outcomes]) if calls else None,
            evaluations=len(self.scores),
            eval_score=sum(self.scores) / len(self.scores) if self.scores else None,
        )

    def call_verdict(self, guard: GuardSpec) -> str | None:
        """Why the canary must roll back on its served calls, or None while it holds.
        Nothing is judged before ``min_calls`` outcomes: a few early errors are noise."""
        stats = self.stats()
        if stats.calls < guard.min_calls:
            return None
        over = f"over {stats.calls} calls"
        rate = stats.error_rate or 0.0
        if rate > guard.max_error_rate:
            return f"error rate {rate:.2f} > {guard.max_error_rate:.2f} {over}"
        limit, seen = guard.max_latency_p95_s, stats.latency_p95_s
        if limit is not None and seen is not None and seen > limit:
            return f"p95 latency {seen:.2f} s > {limit:.2f} s {over}"
        return None

    def eval_verdict(self, guard: GuardSpec) -> str | None:
        """An evaluation score already summarises a run of many questions, so one score
        below the floor is enough (the mean of the window's scores is what is judged)."""
        stats = self.stats()
        floor, score = guard.min_eval_score, stats.eval_score
        if floor is None or score is None or score >= floor:
            return None
        count = stats.evaluations
        noun = "evaluation" if count == 1 else "evaluations"
        return f"eval score {score:.2f} < {floor:.2f} over {count} {noun}"

"""The period a limit counts in, for a moment in time.

A counter is keyed by its window id, so a new day, month or minute starts from zero without
anyone resetting anything: ``cost_day`` counts per UTC date (``2026-11-22``), ``cost_month``
per UTC month (``2026-11``), the per-minute kinds per epoch minute (``29876543``).
Concurrent streams have no window (``-``): a stream counts until it is released.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from frontdesk.gateway.limits.model import Claim, LimitKind
from frontdesk.kit.errors import LimitExceeded

NO_WINDOW = "-"
# A refused stream may retry soon: another stream can end at any moment.
STREAMS_RETRY_AFTER_S = 1.0


@dataclass(frozen=True, slots=True)
class Window:
    id: str
    # Epoch seconds when the window ends; ``None`` for streams, which never roll over.
    ends_at: float | None
    # Whole seconds until the window ends (at least 1): what a refusal's Retry-After says.
    retry_after: float


def _day(now: float) -> tuple[str, float]:
    moment = datetime.fromtimestamp(now, UTC)
    start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return moment.strftime("%Y-%m-%d"), start.timestamp() + 86_400


def _month(now: float) -> tuple[str, float]:
    moment = datetime.fromtimestamp(now, UTC)
    if moment.month == 12:
        end = datetime(moment.year + 1, 1, 1, tzinfo=UTC)
    else:
        end = datetime(moment.year, moment.month + 1, 1, tzinfo=UTC)
    return moment.strftime("%Y-%m"), end.timestamp()


def _minute(now: float) -> tuple[str, float]:
    minute = math.floor(now / 60)
    return str(minute), (minute + 1) * 60.0


_PERIODS: dict[LimitKind, Callable[[float], tuple[str, float]]] = {
    "cost_day": _day,
    "cost_month": _month,
    "requests_minute": _minute,
    "tokens_minute": _minute,
}


def current_window(kind: LimitKind, now: float) -> Window:
    """The window ``kind`` counts in at epoch second ``now``."""
    period = _PERIODS.get(kind)
    if period is None:  # streams
        return Window(NO_WINDOW, None, STREAMS_RETRY_AFTER_S)
    window_id, ends_at = period(now)
    return Window(window_id, ends_at, float(max(1, math.ceil(ends_at - now))))


def window_id(kind: LimitKind, now: float) -> str:
    return current_window(kind, now).id


def retry_after(kind: LimitKind, now: float) -> float:
    return current_window(kind, now).retry_after


def refusal(claim: Claim, window: Window) -> LimitExceeded:
    """The error for ``claim`` not fitting in ``window``: names the limit and its scope."""
    return LimitExceeded(
        limit=claim.kind,
        scope=claim.scope.label,
        retry_after=window.retry_after,
        limit_value=claim.limit,
    )

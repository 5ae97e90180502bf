"""Time, in one place, so tests and records agree on what "now" means."""

from __future__ import annotations

import time
from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def monotonic() -> float:
    return time.perf_counter()

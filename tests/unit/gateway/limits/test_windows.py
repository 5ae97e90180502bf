"""Windows: which period a counter counts in, and how long until it starts over."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from frontdesk.gateway.limits.model import LimitKind
from frontdesk.gateway.limits.recent_keys import RecentKeys
from frontdesk.gateway.limits.windows import current_window, retry_after, window_id


def _at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> float:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC).timestamp()


TEN_AM_MINUTE = str(int(_at(2026, 11, 22, 10)) // 60)  # the epoch minute of 10:00 UTC


@pytest.mark.parametrize(
    ("kind", "now", "expected_id", "expected_retry_after"),
    [
        ("cost_day", _at(2026, 11, 22, 23, 59, 30), "2026-11-22", 30),
        ("cost_day", _at(2026, 11, 23), "2026-11-23", 86_400),
        ("cost_month", _at(2026, 11, 30, 23, 0), "2026-11", 3600),
        ("cost_month", _at(2026, 12, 31, 23, 59, 59), "2026-12", 1),
        (
            "requests_minute",
            _at(2026, 11, 22, 10, 0, 15),
            str(int(_at(2026, 11, 22, 10)) // 60),
            45,
        ),
        (
            "tokens_minute",
            _at(2026, 11, 22, 10, 0, 59) + 0.5,
            str(int(_at(2026, 11, 22, 10)) // 60),
            1,
        ),
        ("streams", _at(2026, 11, 22), "-", 1),
    ],
)
def test_window_and_retry_after(
    kind: LimitKind, now: float, expected_id: str, expected_retry_after: float
) -> None:
    assert window_id(kind, now) == expected_id
    assert retry_after(kind, now) == expected_retry_after


def test_a_window_ends_where_the_next_begins() -> None:
    december = current_window("cost_month", _at(2026, 12, 10))
    assert december.ends_at == _at(2027, 1, 1)
    assert window_id("cost_month", _at(2027, 1, 1)) == "2027-01"
    assert current_window("streams", 0).ends_at is None


def test_recent_keys_forget_the_oldest_beyond_their_bound() -> None:
    seen: RecentKeys[str] = RecentKeys(2)
    assert [seen.add(k) for k in ("a", "b", "a", "c")] == [True, True, False, True]
    assert "a" not in seen and "b" in seen and len(seen) == 2

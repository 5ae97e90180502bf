"""Times people type for a report: ``7d``, ``24h``, ``30m`` back from now, or a date."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from frontdesk.kit.clock import utcnow
from frontdesk.kit.errors import InvalidInput

_AGO = re.compile(r"^(\d{1,6})([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class InvalidReportQuery(InvalidInput):
    """A report was asked for with a grouping or a time we do not understand."""

    code = "invalid_query"
    status = 400


def parse_since(text: str, *, now: datetime | None = None, name: str = "since") -> datetime:
    """``7d``/``24h``/``30m``/``2w`` back from ``now``, a date (midnight UTC) or an ISO time
    (UTC unless it says otherwise); always an aware UTC datetime."""
    value = text.strip().lower()
    ago = _AGO.match(value)
    if ago:
        try:
            return (now or utcnow()).astimezone(UTC) - timedelta(
                **{_UNITS[ago.group(2)]: int(ago.group(1))}
            )
        except OverflowError:
            raise InvalidReportQuery(f"{name}: {text!r} reaches before year 1") from None
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidReportQuery(
            f"{name}: {text!r} is not a time; write a duration back from now (30m, 24h, 7d, "
            "2w), a date (2026-11-01) or an ISO time (2026-11-01T09:30Z)"
        ) from None
    return as_utc(parsed)


def as_utc(moment: datetime) -> datetime:
    """Naive times are UTC (what the usage table stores)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)

"""Cost reports: the ``model_usage`` rows of a time range, grouped by who and what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, case, func, literal_column, select

from frontdesk.gateway.tables import model_usage
from frontdesk.gateway.usage.timespec import InvalidReportQuery, as_utc
from frontdesk.storage.sql import Database

_U = model_usage.c
# What a report can group by, and the column each name stands for (``day`` is computed).
GROUP_COLUMNS: dict[str, ColumnElement[Any]] = {
    "tenant": _U.tenant_id,
    "model": _U.model,
    "logical_model": _U.logical_model,
    "route": _U.route,
    "target": _U.target,
    "user": _U.user_id,
    "key": _U.api_key_id,
    "surface": _U.surface,
    "cache": _U.cache,
}
GROUPS = (*GROUP_COLUMNS, "day")
CACHE_HITS = ("exact", "semantic")


@dataclass(frozen=True, slots=True)
class CostRow:
    """One group of a report (``group`` maps each ``by`` name to its value), or the total."""

    group: dict[str, str | None] = field(default_factory=dict)
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0
    cost_micros: int = 0
    saved_micros: int = 0
    cache_hits: int = 0

    @property
    def cost_usd(self) -> Decimal:
        return Decimal(self.cost_micros).scaleb(-6)

    @property
    def saved_usd(self) -> Decimal:
        return Decimal(self.saved_micros).scaleb(-6)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.group,
            "requests": self.requests,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cached_input_tokens": self.cached_input_tokens,
            "cost_usd": float(self.cost_usd),
            "saved_usd": float(self.saved_usd),
            "cost_micros": self.cost_micros,
            "saved_micros": self.saved_micros,
            "cache_hits": self.cache_hits,
        }


def parse_by(by: Sequence[str] | str) -> list[str]:
    """``"tenant,model"`` or ``["tenant", "model"]`` -> checked names, in order, once each."""
    items = [by] if isinstance(by, str) else list(by)
    names = [part.strip() for item in items for part in item.split(",") if part.strip()]
    unknown = [n for n in names if n not in GROUPS]
    if unknown:
        raise InvalidReportQuery(
            f"by: cannot group by {', '.join(repr(n) for n in unknown)}; "
            f"choose from {', '.join(GROUPS)}"
        )
    return list(dict.fromkeys(names))


def day_of_call(dialect: str) -> ColumnElement[str]:
    """The UTC day (``YYYY-MM-DD``) of each call. SQLite stores UTC text, Postgres an instant;
    constants are literal SQL so the grouped expression is identical to the selected one."""
    if dialect == "postgresql":
        utc = func.timezone(literal_column("'UTC'"), _U.at)
        return func.to_char(utc, literal_column("'YYYY-MM-DD'"))
    return func.date(_U.at)


async def cost_report(
    database: Database,
    *,
    by: Sequence[str],
    since: datetime,
    until: datetime | None = None,
    tenant: str | None = None,
) -> list[CostRow]:
    """Usage and cost of the calls at or after ``since`` and before ``until``, grouped by
    ``by`` (see :data:`GROUPS`); most expensive first, by day first when grouped by day."""
    groups = parse_by(by)
    since = as_utc(since)
    until = as_utc(until) if until is not None else None
    if until is not None and until <= since:
        raise InvalidReportQuery("until: must be after since")
    keys = [
        (day_of_call(database.dialect) if g == "day" else GROUP_COLUMNS[g]).label(g) for g in groups
    ]
    hits = case((_U.cache.in_(CACHE_HITS), 1), else_=0)
    query = select(
        *keys,
        func.count().label("requests"),
        func.coalesce(func.sum(_U.input_tokens), 0).label("input_tokens"),
        func.coalesce(func.sum(_U.output_tokens), 0).label("output_tokens"),
        func.coalesce(func.sum(_U.cached_input_tokens), 0).label("cached_input_tokens"),
        func.coalesce(func.sum(_U.cost_micros), 0).label("cost_micros"),
        func.coalesce(func.sum(_U.saved_micros), 0).label("saved_micros"),
        func.coalesce(func.sum(hits), 0).label("cache_hits"),
    ).where(_U.at >= since)
    if until is not None:
        query = query.where(_U.at < until)
    if tenant is not None:
        query = query.where(_U.tenant_id == tenant)
    if keys:
        query = query.group_by(*keys)
    async with database.read() as conn:
        fetched = (await conn.execute(query)).mappings().all()
    # An ungrouped report has one row even when nothing matched; that is no usage.
    rows = [_row(r, groups) for r in fetched if r["requests"]]
    return sorted(rows, key=lambda row: _order(row, groups))


def _row(found: RowMapping, groups: list[str]) -> CostRow:
    # Postgres sums BIGINT columns as NUMERIC; the values are whole numbers.
    return CostRow(
        group={g: None if found[g] is None else str(found[g]) for g in groups},
        requests=int(found["requests"]),
        input_tokens=int(found["input_tokens"]),
        output_tokens=int(found["output_tokens"]),
        cached_input_tokens=int(found["cached_input_tokens"]),
        cost_micros=int(found["cost_micros"]),
        saved_micros=int(found["saved_micros"]),
        cache_hits=int(found["cache_hits"]),
    )


def _order(row: CostRow, groups: list[str]) -> tuple[Any, ...]:
    # Sorted here rather than in SQL: the backends disagree on where NULLs go.
    day = (row.group.get("day") or "") if "day" in groups else ""
    names = tuple((row.group[g] is None, row.group[g] or "") for g in groups)
    return (day, -row.cost_micros, -row.requests, names)


def total_of(rows: Sequence[CostRow]) -> CostRow:
    return CostRow(
        requests=sum(r.requests for r in rows),
        input_tokens=sum(r.input_tokens for r in rows),
        output_tokens=sum(r.output_tokens for r in rows),
        cached_input_tokens=sum(r.cached_input_tokens for r in rows),
        cost_micros=sum(r.cost_micros for r in rows),
        saved_micros=sum(r.saved_micros for r in rows),
        cache_hits=sum(r.cache_hits for r in rows),
    )

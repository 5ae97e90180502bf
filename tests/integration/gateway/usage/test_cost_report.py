"""Cost reports over real ``model_usage`` rows, on SQLite and on Postgres."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import text

from frontdesk.gateway.usage.report import GROUPS, CostRow, cost_report, parse_by, total_of
from frontdesk.gateway.usage.timespec import InvalidReportQuery, parse_since
from frontdesk.storage.sql import Database, create_database
from tests.integration.gateway.usage.usage_rows import insert_usage, usage_row, utc

SINCE = utc(2026, 11, 1)


def cells(rows: list[CostRow]) -> list[tuple[object, ...]]:
    return [(*r.group.values(), r.requests, r.cost_micros) for r in rows]


async def test_groups_by_tenant_and_model_with_every_measure(database: Database) -> None:
    at = utc(2026, 11, 2, 9)
    await insert_usage(
        database,
        [
            usage_row(at, input_tokens=1000, output_tokens=100, cached_input_tokens=400),
            usage_row(at, input_tokens=2000, output_tokens=300, cost_micros=9_000_000_000),
            usage_row(at, model="anthropic:claude-haiku-4-5", cost_micros=1500),
            usage_row(at, cache="exact", cost_micros=0, saved_micros=3500),
            usage_row(at, cache="semantic", cost_micros=0, saved_micros=2500),
            usage_row(at, tenant_id="globex", cost_micros=7),
        ],
    )
    rows = await cost_report(database, by=["tenant", "model"], since=SINCE)
    assert cells(rows) == [
        ("acme", "openai:gpt-4o", 4, 9_000_003_500),  # most expensive first
        ("acme", "anthropic:claude-haiku-4-5", 1, 1500),
        ("globex", "openai:gpt-4o", 1, 7),
    ]
    top = rows[0]
    assert (top.input_tokens, top.output_tokens, top.cached_input_tokens) == (5000, 600, 400)
    assert (top.cache_hits, top.saved_micros) == (2, 6000)
    # Sums beyond 32 bits stay exact, and dollars are exact decimals.
    assert top.cost_usd == Decimal("9000.0035") and top.saved_usd == Decimal("0.006")
    total = total_of(rows)
    assert total.requests == 6 and total.cost_micros == 9_000_005_007 and total.group == {}


async def test_every_grouping_works_and_missing_values_are_none(database: Database) -> None:
    at = utc(2026, 11, 2, 9)
    await insert_usage(
        database,
        [
            usage_row(at, route="support", api_key_id="key_1", surface="api"),
            usage_row(at, route=None, user_id=None),
        ],
    )
    rows = await cost_report(database, by=GROUPS, since=SINCE)
    assert len(rows) == 2
    assert {r.group["route"] for r in rows} == {"support", None}
    assert {r.group["key"] for r in rows} == {"key_1", None}
    assert {r.group["day"] for r in rows} == {"2026-11-02"}
    assert list(rows[0].group) == list(GROUPS)


async def test_since_and_until_bound_the_calls(database: Database) -> None:
    await insert_usage(
        database,
        [
            usage_row(utc(2026, 10, 31, 23, 59), cost_micros=1),
            usage_row(utc(2026, 11, 1), cost_micros=10),  # since is included
            usage_row(utc(2026, 11, 3), cost_micros=100),  # until is not
        ],
    )
    rows = await cost_report(database, by=["tenant"], since=SINCE, until=utc(2026, 11, 3))
    assert cells(rows) == [("acme", 1, 10)]
    everything = await cost_report(database, by=[], since=utc(2026, 1, 1))
    assert cells(everything) == [(3, 111)]
    # Another time zone means the same instant: 01:59:30 at UTC+2 is 23:59:30 UTC.
    later = datetime(2026, 11, 1, 1, 59, 30, tzinfo=timezone(timedelta(hours=2)))
    assert cells(await cost_report(database, by=[], since=later)) == [(2, 110)]


async def test_nothing_recorded_is_an_empty_report(database: Database) -> None:
    assert await cost_report(database, by=["tenant"], since=SINCE) == []
    assert await cost_report(database, by=[], since=SINCE) == []


async def test_one_tenant_sees_only_its_own_usage(database: Database) -> None:
    at = utc(2026, 11, 2)
    await insert_usage(
        database, [usage_row(at, tenant_id="acme"), usage_row(at, tenant_id="globex")]
    )
    rows = await cost_report(database, by=["tenant", "user"], since=SINCE, tenant="globex")
    assert [r.group["tenant"] for r in rows] == ["globex"]


async def test_days_are_utc_days_in_order(database: Database, database_url: str) -> None:
    await insert_usage(
        database,
        [
            usage_row(utc(2026, 11, 1, 23, 30), cost_micros=5),
            usage_row(utc(2026, 11, 2, 0, 30), cost_micros=1),
            usage_row(utc(2026, 11, 2, 10), model="openai:gpt-4o-mini", cost_micros=2),
        ],
    )
    async with far_east_session(database, database_url) as db:
        rows = await cost_report(db, by=["day", "model"], since=SINCE)
    assert cells(rows) == [
        ("2026-11-01", "openai:gpt-4o", 1, 5),
        ("2026-11-02", "openai:gpt-4o-mini", 1, 2),
        ("2026-11-02", "openai:gpt-4o", 1, 1),
    ]


class far_east_session:  # noqa: N801 - used as a context manager, like a function
    """On Postgres, a database whose sessions run at UTC+14: days must still be UTC days."""

    def __init__(self, database: Database, url: str) -> None:
        self._database, self._url = database, url
        self._other: Database | None = None

    async def __aenter__(self) -> Database:
        if self._database.dialect != "postgresql":
            return self._database
        await self._set_zone("'Pacific/Kiritimati'")
        self._other = create_database(self._url)
        async with self._other.read() as conn:
            assert (await conn.execute(text("SHOW timezone"))).scalar() == "Pacific/Kiritimati"
        return self._other

    async def __aexit__(self, *_: object) -> None:
        if self._other is not None:
            await self._other.dispose()
            await self._set_zone("DEFAULT")

    async def _set_zone(self, zone: str) -> None:
        async with self._database.transaction() as conn:
            name = (await conn.execute(text("SELECT current_database()"))).scalar()
            await conn.execute(text(f'ALTER DATABASE "{name}" SET timezone TO {zone}'))


async def test_unknown_groupings_are_refused_with_the_choices(database: Database) -> None:
    with pytest.raises(InvalidReportQuery) as caught:
        await cost_report(database, by=["tenant", "colour"], since=SINCE)
    assert "'colour'" in caught.value.message and "tenant, model, logical_model" in (
        caught.value.message
    )
    assert caught.value.status == 400
    with pytest.raises(InvalidReportQuery, match="until: must be after since"):
        await cost_report(database, by=[], since=SINCE, until=SINCE)


def test_by_accepts_commas_and_drops_repeats() -> None:
    assert parse_by("tenant, model,,tenant") == ["tenant", "model"]
    assert parse_by(["day", "cache,surface"]) == ["day", "cache", "surface"]


NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("7d", NOW - timedelta(days=7)),
        ("24h", NOW - timedelta(hours=24)),
        ("30m", NOW - timedelta(minutes=30)),
        ("2w", NOW - timedelta(weeks=2)),
        (" 7D ", NOW - timedelta(days=7)),
        ("2026-11-01", datetime(2026, 11, 1, tzinfo=UTC)),
        ("2026-11-01T09:30", datetime(2026, 11, 1, 9, 30, tzinfo=UTC)),
        ("2026-11-01T09:30Z", datetime(2026, 11, 1, 9, 30, tzinfo=UTC)),
        ("2026-11-01T11:30+02:00", datetime(2026, 11, 1, 9, 30, tzinfo=UTC)),
    ],
)
def test_since_reads_durations_dates_and_times(since: str, expected: datetime) -> None:
    parsed = parse_since(since, now=NOW)
    assert parsed == expected and parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "since", ["", "7", "d7", "7y", "-7d", "yesterday", "2026-13-01", "999999d"]
)
def test_since_explains_what_it_accepts(since: str) -> None:
    with pytest.raises(InvalidReportQuery) as caught:
        parse_since(since, now=NOW)
    assert caught.value.message.startswith("since: ")
    assert caught.value.status == 400


def test_until_errors_say_until() -> None:
    with pytest.raises(InvalidReportQuery, match=r"^until: 'soon' is not a time"):
        parse_since("soon", name="until")

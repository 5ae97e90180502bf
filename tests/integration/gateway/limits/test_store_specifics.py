"""What only some limit stores promise: cross-process atomicity on Postgres, restart and
stream recovery, pruning, stale stream leases in Redis, errors at the boundary, the factory."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from frontdesk.gateway.limits.factory import connect_redis, create_limit_store
from frontdesk.gateway.limits.local_store import LocalLimitStore
from frontdesk.gateway.limits.model import Claim
from frontdesk.gateway.limits.redis_store import RedisLimitStore
from frontdesk.gateway.limits.sql_store import SqlLimitStore
from frontdesk.gateway.tables import limit_counters
from frontdesk.kit.errors import ConfigError, LimitExceeded, Unavailable
from frontdesk.storage.sql import Database, create_database
from frontdesk.storage.write_batcher import WriteBatcher
from tests.integration.gateway.limits.conftest import KEY, NOW, REDIS_URL, TENANT

CLOSED_PORT = 1  # nothing listens there


async def _count_rows(database: Database) -> int:
    async with database.read() as conn:
        return int(
            (await conn.execute(select(func.count()).select_from(limit_counters))).scalar_one()
        )


async def test_postgres_reserves_are_atomic_across_connection_pools(
    postgres_database: Database, postgres_url: str
) -> None:
    # Two engines stand for two processes: nothing in memory is shared, only the database.
    other = create_database(postgres_url)
    stores = [SqlLimitStore(postgres_database), SqlLimitStore(other)]
    budget = [Claim(TENANT, "cost_day", 10, 1), Claim(KEY, "requests_minute", 1000, 1)]

    async def attempt(store: SqlLimitStore) -> bool:
        try:
            await store.reserve(budget, now=NOW)
        except LimitExceeded:
            return False
        return True

    outcomes = await asyncio.gather(*(attempt(stores[i % 2]) for i in range(400)))
    await other.dispose()

    assert sum(outcomes) == 10
    assert await stores[0].used(KEY, "requests_minute", now=NOW) == 10


async def test_sql_store_resets_streams_and_prunes_expired_rows(sql_database: Database) -> None:
    database = sql_database
    store = SqlLimitStore(database, prune_every_s=0)
    await store.reserve([Claim(KEY, "streams", 1, 1), Claim(KEY, "requests_minute", 5, 1)], now=NOW)
    await store.reset_streams()
    await store.reserve([Claim(KEY, "streams", 1, 1)], now=NOW)
    assert await _count_rows(database) == 2

    # Two hours on, the minute's row is past its grace period and goes at the next reserve.
    await store.reserve([Claim(TENANT, "cost_day", 5, 1)], now=NOW + 7200)
    async with database.read() as conn:
        kinds = sorted((await conn.execute(select(limit_counters.c.kind))).scalars())
    assert kinds == ["cost_day", "streams"]


async def test_local_store_resumes_counters_after_restart_but_not_streams(
    sqlite_database: Database,
) -> None:
    first = LocalLimitStore(sqlite_database)
    held = await first.reserve(
        [Claim(TENANT, "cost_month", 100, 60), Claim(KEY, "streams", 1, 1)], now=NOW
    )
    await first.settle(held, {"cost_month": 25}, now=NOW)
    await first.reserve([Claim(KEY, "streams", 1, 1)], now=NOW)  # never released: a crash
    await first.aclose()

    restarted = LocalLimitStore(sqlite_database)
    assert await restarted.used(TENANT, "cost_month", now=NOW) == 25
    assert await restarted.used(KEY, "streams", now=NOW) == 0
    await restarted.reserve([Claim(KEY, "streams", 1, 1)], now=NOW)
    await restarted.aclose()


async def test_local_store_grants_nothing_it_could_not_write(sqlite_database: Database) -> None:
    stopped = WriteBatcher(sqlite_database)  # shared with the application, never started
    store = LocalLimitStore(sqlite_database, batcher=stopped)

    with pytest.raises(Unavailable):
        await store.reserve([Claim(TENANT, "cost_day", 10, 4)], now=NOW)
    assert await store.used(TENANT, "cost_day", now=NOW) == 0


async def test_redis_streams_of_a_dead_node_go_stale(redis_prefix: str) -> None:
    store = RedisLimitStore(connect_redis(REDIS_URL), redis_prefix, stale_streams_after_s=60)
    stream = [Claim(KEY, "streams", 1, 1)]
    await store.reserve(stream, now=NOW)  # its node dies: never settled

    with pytest.raises(LimitExceeded):
        await store.reserve(stream, now=NOW + 59)
    await store.reserve(stream, now=NOW + 61)
    assert await store.used(KEY, "streams", now=NOW + 61) == 1
    await store.aclose()


async def test_redis_errors_become_unavailable() -> None:
    store = RedisLimitStore(
        connect_redis(f"redis://127.0.0.1:{CLOSED_PORT}/0"), "fdtest:", owns_client=True
    )
    with pytest.raises(Unavailable):
        await store.reserve([Claim(TENANT, "cost_day", 10, 1)], now=NOW)
    with pytest.raises(Unavailable):
        await store.used(TENANT, "cost_day", now=NOW)
    await store.aclose()


async def test_database_errors_become_unavailable() -> None:
    database = create_database(f"postgresql+asyncpg://postgres@127.0.0.1:{CLOSED_PORT}/none")
    store = SqlLimitStore(database)
    with pytest.raises(Unavailable):
        await store.reserve([Claim(TENANT, "cost_day", 10, 1)], now=NOW)
    await database.dispose()


async def test_factory_chooses_the_store_for_the_deployment(
    sqlite_database: Database, postgres_database: Database
) -> None:
    stores = [
        create_limit_store("sql", sqlite_database, REDIS_URL),
        create_limit_store("sql", postgres_database, REDIS_URL),
        create_limit_store("redis", sqlite_database, REDIS_URL),
    ]
    assert [type(s) for s in stores] == [LocalLimitStore, SqlLimitStore, RedisLimitStore]
    for store in stores:
        await store.aclose()
    with pytest.raises(ConfigError):
        create_limit_store("memcached", sqlite_database, REDIS_URL)  # type: ignore[arg-type]

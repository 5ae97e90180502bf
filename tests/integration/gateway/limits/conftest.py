"""Every limit store on its real backend: SQLite and Postgres files, a live Redis.

The ``store`` fixture runs a test once per adapter; Redis tests get a key prefix of their
own and delete its keys afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis.asyncio
from sqlalchemy import text

from frontdesk.gateway.limits.factory import connect_redis
from frontdesk.gateway.limits.local_store import LocalLimitStore
from frontdesk.gateway.limits.model import Scope
from frontdesk.gateway.limits.port import LimitStore
from frontdesk.gateway.limits.redis_store import RedisLimitStore
from frontdesk.gateway.limits.sql_store import SqlLimitStore
from frontdesk.storage import migrate
from frontdesk.storage.sql import Database, create_database

REDIS_URL = "redis://127.0.0.1:6379/0"
TENANT = Scope("acme", "tenant", "acme")
KEY = Scope("acme", "key", "key_1")
USER = Scope("acme", "user", "alice")
# 2026-11-22 10:00:30 UTC: 30 s into a minute, 14 h before the day ends.
NOW = datetime(2026, 11, 22, 10, 0, 30, tzinfo=UTC).timestamp()
DAY_ENDS_IN = 14 * 3600 - 30


async def migrated(url: str) -> Database:
    database = create_database(url)
    if database.dialect == "postgresql":
        async with database.transaction() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(database)
    return database


@pytest.fixture
async def sqlite_database(tmp_path: Path) -> AsyncIterator[Database]:
    database = await migrated(f"sqlite+aiosqlite:///{tmp_path / 'limits.db'}")
    yield database
    await database.dispose()


@pytest.fixture
async def postgres_database(postgres_url: str) -> AsyncIterator[Database]:
    database = await migrated(postgres_url)
    yield database
    await database.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def sql_database(request: pytest.FixtureRequest) -> Database:
    """Runs a test once per SQL backend (set up here: a plain fixture may ask for async ones)."""
    database: Database = request.getfixturevalue(f"{request.param}_database")
    return database


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    prefix = f"fdtest:{uuid.uuid4().hex[:12]}:"
    yield prefix
    client = redis.asyncio.Redis.from_url(REDIS_URL)
    keys = [key async for key in client.scan_iter(match=f"{prefix}*", count=1000)]
    if keys:
        await client.delete(*keys)
    await client.aclose()


def _sql_on_sqlite(request: pytest.FixtureRequest) -> LimitStore:
    return SqlLimitStore(request.getfixturevalue("sqlite_database"))


def _sql_on_postgres(request: pytest.FixtureRequest) -> LimitStore:
    return SqlLimitStore(request.getfixturevalue("postgres_database"))


def _local_on_sqlite(request: pytest.FixtureRequest) -> LimitStore:
    return LocalLimitStore(request.getfixturevalue("sqlite_database"))


def _redis(request: pytest.FixtureRequest) -> LimitStore:
    client = connect_redis(REDIS_URL)
    prefix: str = request.getfixturevalue("redis_prefix")
    return RedisLimitStore(client, prefix, owns_client=True)


# Built in a plain fixture: only there can ``getfixturevalue`` set up the async fixtures.
ADAPTERS: dict[str, Callable[[pytest.FixtureRequest], LimitStore]] = {
    "sql-sqlite": _sql_on_sqlite,
    "sql-postgres": _sql_on_postgres,
    "local-sqlite": _local_on_sqlite,
    "redis": _redis,
}


@pytest.fixture(params=sorted(ADAPTERS))
def unopened_store(request: pytest.FixtureRequest) -> LimitStore:
    return ADAPTERS[request.param](request)


@pytest.fixture
async def store(unopened_store: LimitStore) -> AsyncIterator[LimitStore]:
    """Runs a contract test once per limit store adapter."""
    yield unopened_store
    await unopened_store.aclose()

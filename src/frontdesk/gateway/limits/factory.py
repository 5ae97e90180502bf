"""Which limit store a deployment gets, chosen from settings by the composition root.

``sql`` means the deployment's own database: on SQLite (the embedded, single-process mode)
the :class:`LocalLimitStore`, whose counters live in memory and are written through with
group commit; on Postgres the :class:`SqlLimitStore`, atomic across processes. ``redis``
shares counters between nodes with atomic scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import redis.asyncio

from frontdesk.gateway.limits.local_store import LocalLimitStore
from frontdesk.gateway.limits.port import LimitStore
from frontdesk.gateway.limits.redis_store import RedisLimitStore
from frontdesk.gateway.limits.sql_store import SqlLimitStore
from frontdesk.kit.errors import ConfigError
from frontdesk.storage.sql import Database
from frontdesk.storage.write_batcher import WriteBatcher

LimitsBackend = Literal["sql", "redis"]
# Every Redis command of the store gives up after this long (connect and each reply).
REDIS_TIMEOUT_S = 2.0
REDIS_IN_FLIGHT = 32
REDIS_MAX_CONNECTIONS = REDIS_IN_FLIGHT + 8


# By database dialect: SQLite is the embedded single process, Postgres may be a fleet.
SQL_STORES: dict[str, Callable[[Database, WriteBatcher | None], LimitStore]] = {
    "sqlite": lambda database, batcher: LocalLimitStore(database, batcher=batcher),
    "postgresql": lambda database, batcher: SqlLimitStore(database),
}


def _sql_store(database: Database, redis_url: str, batcher: WriteBatcher | None) -> LimitStore:
    factory = SQL_STORES.get(database.dialect)
    if factory is None:
        raise ConfigError(f"no limit store for the {database.dialect!r} database")
    return factory(database, batcher)


def connect_redis(
    redis_url: str, *, max_connections: int = REDIS_MAX_CONNECTIONS
) -> redis.asyncio.Redis:
    """A client with timeouts on connect and on every reply. Its pool holds a few more
    connections than the store runs commands at once (``max_in_flight``)."""
    pool = redis.asyncio.ConnectionPool.from_url(
        redis_url,
        max_connections=max_connections,
        socket_timeout=REDIS_TIMEOUT_S,
        socket_connect_timeout=REDIS_TIMEOUT_S,
    )
    return redis.asyncio.Redis.from_pool(pool)


def _redis_store(database: Database, redis_url: str, batcher: WriteBatcher | None) -> LimitStore:
    return RedisLimitStore(
        connect_redis(redis_url),
        timeout_s=REDIS_TIMEOUT_S,
        max_in_flight=REDIS_IN_FLIGHT,
        owns_client=True,
    )


LIMIT_STORES: dict[str, Callable[[Database, str, WriteBatcher | None], LimitStore]] = {
    "sql": _sql_store,
    "redis": _redis_store,
}


def create_limit_store(
    backend: LimitsBackend,
    database: Database,
    redis_url: str,
    *,
    batcher: WriteBatcher | None = None,
) -> LimitStore:
    """``batcher``: the application's group-commit writer, shared by the local store so
    SQLite keeps one writer (it runs its own when none is given)."""
    factory = LIMIT_STORES.get(backend)
    if factory is None:
        raise ConfigError(f"unknown limits backend {backend!r}; known: {sorted(LIMIT_STORES)}")
    return factory(database, redis_url, batcher)

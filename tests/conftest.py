"""Fixtures shared by every test: real databases, never mocks of our own code."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from frontdesk.storage import migrate
from frontdesk.storage.sql import Database, create_database
from tests.support.postgres import postgres_database


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Runs a repository test once per backend: SQLite and real Postgres."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'frontdesk.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """A migrated, empty database on each backend (Postgres tables are reset per test)."""
    db = create_database(database_url)
    if db.dialect == "postgresql":
        await _reset_postgres(db)
    await migrate.upgrade(db)
    yield db
    await db.dispose()


async def _reset_postgres(db: Database) -> None:
    from sqlalchemy import text

    async with db.transaction() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))

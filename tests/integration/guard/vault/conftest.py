"""A pseudonymiser on each backend, with the local key provider and the test detector."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from frontdesk.guard.vault import LocalKeyProvider, Pseudonymiser
from frontdesk.ops.audit import SqlAuditLog
from frontdesk.storage.schema import load_all_tables
from frontdesk.storage.sql import Database
from frontdesk.storage.write_batcher import WriteBatcher
from tests.unit.guard.vault.fake_detector import FakePiiDetector


@pytest.fixture
async def batcher(database: Database) -> AsyncIterator[WriteBatcher]:
    writer = WriteBatcher(database)
    await writer.start()
    yield writer
    await writer.stop()


@pytest.fixture
def master_key_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "guard" / "master.key"


@pytest.fixture
def audit(database: Database, batcher: WriteBatcher) -> SqlAuditLog:
    return SqlAuditLog(database, batcher)


@pytest.fixture
def make_pseudonymiser(
    database: Database, batcher: WriteBatcher, master_key_path: Path, audit: SqlAuditLog
) -> Callable[..., Pseudonymiser]:
    """A new pseudonymiser on the same database: a fresh process, as far as caches go."""

    def make(key_path: Path = master_key_path, **options: Any) -> Pseudonymiser:
        return Pseudonymiser(
            database,
            batcher,
            detector=FakePiiDetector(),
            keys=LocalKeyProvider(database, key_path),
            audit=audit,
            **options,
        )

    return make


@pytest.fixture
def pseudonymiser(make_pseudonymiser: Callable[..., Pseudonymiser]) -> Pseudonymiser:
    return make_pseudonymiser()


@contextmanager
def counting_statements(database: Database) -> Iterator[list[str]]:
    """Every SQL statement the engine runs meanwhile."""
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", seen)


async def stored_bytes(database: Database) -> bytes:
    """Everything the database holds, as bytes: every row of every table and, on SQLite,
    the database and WAL files themselves."""
    chunks: list[bytes] = []
    async with database.read() as conn:
        for table in load_all_tables().sorted_tables:
            for row in await conn.execute(select(table)):
                for value in row:
                    chunks.append(value if isinstance(value, bytes) else repr(value).encode())
    if database.dialect == "sqlite":
        path = Path(str(database.engine.url.database))
        for file in (path, path.with_name(path.name + "-wal")):
            if file.exists():
                chunks.append(file.read_bytes())
    return b"\n".join(chunks)

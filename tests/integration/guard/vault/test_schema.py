"""The migration creates the guard tables exactly as ``frontdesk.guard.tables`` declares."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from frontdesk.guard import tables
from frontdesk.storage.schema import load_all_tables
from frontdesk.storage.sql import Database

GUARD_TABLES = {"guard_tenant_keys", "guard_data_keys", "guard_vault"}


def _concerns_guard(diff: Any) -> bool:
    text = repr(diff)
    return any(name in text for name in GUARD_TABLES)


async def test_migration_matches_the_declared_tables(database: Database) -> None:
    assert {t.name for t in load_all_tables().sorted_tables} >= GUARD_TABLES
    assert tables.guard_vault.name == "guard_vault"

    def differences(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return [d for d in compare_metadata(context, load_all_tables()) if _concerns_guard(d)]

    async with database.read() as conn:
        assert await conn.run_sync(differences) == []

"""``INSERT ... ON CONFLICT DO NOTHING`` for both backends.

SQLite and Postgres spell it the same way, but SQLAlchemy builds it from each dialect's own
insert. Racing writers (two processes creating the same key or vault entry) both insert;
the loser's row is dropped and it reads the winner's back in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from frontdesk.kit.errors import ConfigError

_INSERTS: dict[str, Callable[[Table], Any]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}


def insert_ignoring_conflicts(dialect: str, table: Table) -> Insert:
    build = _INSERTS.get(dialect)
    if build is None:
        raise ConfigError(f"the vault needs one of {sorted(_INSERTS)}, not {dialect!r}")
    statement: Insert = build(table).on_conflict_do_nothing()
    return statement

"""The statements on ``limit_counters`` shared by the SQL and the local limit stores.

Each statement is built once per store and executed with parameters, so SQLAlchemy compiles
it once. Inserts use the dialect's own ``INSERT ... ON CONFLICT`` (SQLite and Postgres spell
it the same way in SQLAlchemy, but the constructs are per dialect).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Delete,
    Float,
    Select,
    String,
    Update,
    bindparam,
    case,
    delete,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import BindParameter

from frontdesk.gateway.limits.windows import Window
from frontdesk.gateway.tables import limit_counters
from frontdesk.kit.errors import ConfigError

# A counter row outlives its window by this much, so a request that started just before the
# window ended still finds its row when it settles.
ROW_GRACE_S = 3600.0
# A streams row (no window) is kept this long after its last reserve.
STREAMS_ROW_TTL_S = 86_400.0

_INSERTS: dict[str, Callable[..., Any]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}
_PK = ("scope", "kind", "window")
_c = limit_counters.c


def row_expires_at(window: Window, now: float) -> float:
    ends_at = window.ends_at if window.ends_at is not None else now + STREAMS_ROW_TTL_S
    return ends_at + ROW_GRACE_S


def _pk_matches() -> Any:
    return (
        (_c.scope == bindparam("p_scope"))
        & (_c.kind == bindparam("p_kind"))
        & (_c.window == bindparam("p_window"))
    )


@dataclass(frozen=True, slots=True)
class CounterStatements:
    """Parameters: ``p_scope``, ``p_kind``, ``p_window`` name a row; the rest as noted."""

    # Insert or overwrite ``used`` and ``expires_at``; columns as parameters.
    upsert: Any
    # Adds ``p_amount`` if the total stays within ``p_limit`` (and the counter is not already
    # at it, so a limit of 0 refuses even a zero claim), creating the row if absent; sets
    # ``p_expires``. Returns the new total, or no row when the claim does not fit.
    add_within_limit: Any
    # Adds ``p_delta`` (either sign), never below zero; returns the new total.
    adjust: Update
    read: Select[Any]
    # Deletes rows with ``expires_at`` before ``p_now``.
    prune: Delete
    reset_streams: Delete


def _add_within_limit(dialect_insert: Callable[..., Any]) -> Any:
    # Insert-if-absent and the conditional UPDATE as one statement: INSERT ... SELECT inserts
    # nothing when the amount alone passes the limit; ON CONFLICT DO UPDATE ... WHERE adds to
    # an existing row only if the sum fits. One round trip instead of two matters because a
    # shared counter (the tenant's) stays locked until the transaction commits.
    amount: BindParameter[int] = bindparam("p_amount", type_=BigInteger)
    limit: BindParameter[int] = bindparam("p_limit", type_=BigInteger)
    new_row = select(
        bindparam("p_scope", type_=String),
        bindparam("p_kind", type_=String),
        bindparam("p_window", type_=String),
        amount,
        bindparam("p_expires", type_=Float),
    ).where((amount <= limit) & (limit > 0))
    insert = dialect_insert(limit_counters).from_select(
        ["scope", "kind", "window", "used", "expires_at"], new_row
    )
    return insert.on_conflict_do_update(
        index_elements=list(_PK),
        set_={"used": _c.used + insert.excluded.used, "expires_at": insert.excluded.expires_at},
        where=(_c.used + insert.excluded.used <= limit) & (_c.used < limit),
    ).returning(_c.used)


def counter_statements(dialect: str) -> CounterStatements:
    dialect_insert = _INSERTS.get(dialect)
    if dialect_insert is None:
        raise ConfigError(f"limit counters need one of {sorted(_INSERTS)}, not {dialect!r}")
    upsert_base = dialect_insert(limit_counters)
    upsert = upsert_base.on_conflict_do_update(
        index_elements=list(_PK),
        set_={"used": upsert_base.excluded.used, "expires_at": upsert_base.excluded.expires_at},
    )
    return_used = _add_within_limit(dialect_insert)
    delta: BindParameter[int] = bindparam("p_delta")
    adjust = (
        update(limit_counters)
        .where(_pk_matches())
        .values(used=case((_c.used + delta < 0, 0), else_=_c.used + delta))
        .returning(_c.used)
    )
    return CounterStatements(
        upsert=upsert,
        add_within_limit=return_used,
        adjust=adjust,
        read=select(_c.used).where(_pk_matches()),
        prune=delete(limit_counters).where(_c.expires_at < bindparam("p_now")),
        reset_streams=delete(limit_counters).where(_c.kind == "streams"),
    )

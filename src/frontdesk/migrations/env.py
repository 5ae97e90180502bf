"""Alembic environment: runs against the connection handed over by ``storage.migrate``."""

from __future__ import annotations

from alembic import context

from frontdesk.storage.schema import load_all_tables

target_metadata = load_all_tables()
connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when alembic is invoked by hand
    raise RuntimeError("run migrations with `frontdesk migrate`, which supplies the connection")
context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

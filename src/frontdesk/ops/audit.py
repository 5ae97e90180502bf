"""Append-only, hash-chained audit trail.

Each record carries the hash of the one before it in its chain (one chain per tenant), and
``audit_heads`` keeps the newest seq and hash of each chain. Editing a record breaks its own
hash; deleting or reordering records breaks the sequence or the next ``prev_hash``; deleting
the newest records disagrees with the head. Appends run inside the group-commit transaction
and lock the chain head (``FOR UPDATE`` on Postgres; SQLite has one writer), so several
processes can append to one chain safely.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from frontdesk.kit.clock import utcnow
from frontdesk.kit.ids import new_id
from frontdesk.ops.audit_tables import audit_heads, audit_records
from frontdesk.storage.sql import Database
from frontdesk.storage.write_batcher import WriteBatcher, WriteJob

GENESIS = "0" * 64


def canonical(body: dict[str, Any]) -> str:
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS).decode()


def chain_hash(prev_hash: str, seq: int, kind: str, body: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{seq}\n{kind}\n{body}".encode()).hexdigest()


class AuditLog(Protocol):
    async def record(self, chain: str, kind: str, body: dict[str, Any]) -> None: ...

    def job_callback(self, chain: str, kind: str, body: dict[str, Any]) -> WriteJob: ...


@dataclass
class VerifyReport:
    chains: int = 0
    records: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class SqlAuditLog:
    def __init__(self, database: Database, batcher: WriteBatcher) -> None:
        self._db = database
        self._batcher = batcher
        batcher.handle(_BATCH, _append_batch)

    def job_callback(self, chain: str, kind: str, body: dict[str, Any]) -> WriteJob:
        """A write job that appends one record; add it to a larger job to make the audit
        record atomic with the change it describes."""
        stamped = {"id": new_id("aud"), "at": utcnow().isoformat(), **body}
        return WriteJob(batched={_BATCH: [(chain, kind, stamped)]})

    async def record(self, chain: str, kind: str, body: dict[str, Any]) -> None:
        await self._batcher.submit(self.job_callback(chain, kind, body))

    async def verify(self, chain: str | None = None) -> VerifyReport:
        report = VerifyReport()
        async with self._db.read() as conn:
            heads = {
                row.chain: (row.seq, row.hash)
                for row in await conn.execute(select(audit_heads))
                if chain is None or row.chain == chain
            }
            chains = sorted(heads) if chain is None else [chain]
            for name in chains:
                report.chains += 1
                await _verify_chain(conn, name, heads.get(name), report)
        return report


_BATCH = "audit"
_INSERT_RECORD = insert(audit_records)


async def _append_batch(conn: AsyncConnection, items: list[Any]) -> None:
    """Append a batch's records: per chain, lock the head once, hash the records in order,
    insert them in one executemany and move the head once."""
    by_chain: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for chain, kind, body in items:
        by_chain.setdefault(chain, []).append((kind, body))
    now = utcnow()
    for chain, records in by_chain.items():
        head_q = select(audit_heads.c.seq, audit_heads.c.hash).where(audit_heads.c.chain == chain)
        if conn.dialect.name != "sqlite":
            head_q = head_q.with_for_update()
        head = (await conn.execute(head_q)).first()
        seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
        rows = []
        for kind, body in records:
            seq += 1
            text = canonical(body)
            digest = chain_hash(prev, seq, kind, text)
            rows.append(
                {
                    "id": body["id"],
                    "chain": chain,
                    "seq": seq,
                    "kind": kind,
                    "body": text,
                    "prev_hash": prev,
                    "hash": digest,
                    "created_at": now,
                }
            )
            prev = digest
        await conn.execute(_INSERT_RECORD, rows)
        if head:
            await conn.execute(
                update(audit_heads).where(audit_heads.c.chain == chain).values(seq=seq, hash=prev)
            )
        else:
            await conn.execute(insert(audit_heads).values(chain=chain, seq=seq, hash=prev))


async def _rows(conn: AsyncConnection, chain: str) -> AsyncIterator[Any]:
    query = (
        select(audit_records)
        .where(audit_records.c.chain == chain)
        .order_by(audit_records.c.seq)
        .execution_options(yield_per=1000)
    )
    result = await conn.stream(query)
    async for row in result:
        yield row


async def _verify_chain(
    conn: AsyncConnection, chain: str, head: tuple[int, str] | None, report: VerifyReport
) -> None:
    expected_seq, prev = 1, GENESIS
    async for row in _rows(conn, chain):
        report.records += 1
        where = f"chain {chain!r} record seq {row.seq}"
        if row.seq != expected_seq:
            report.problems.append(f"{where}: expected seq {expected_seq} (missing or reordered)")
        if row.prev_hash != prev:
            report.problems.append(f"{where}: prev_hash does not match the record before it")
        if chain_hash(row.prev_hash, row.seq, row.kind, row.body) != row.hash:
            report.problems.append(f"{where}: content does not match its hash (edited)")
        expected_seq, prev = row.seq + 1, row.hash
    if head is None:
        report.problems.append(f"chain {chain!r}: no head row")
    elif head != (expected_seq - 1, prev):
        report.problems.append(
            f"chain {chain!r}: head says seq {head[0]} but records end at {expected_seq - 1}"
            " (newest records deleted or head edited)"
        )

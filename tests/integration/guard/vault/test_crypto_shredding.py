"""Crypto-shredding (the acceptance test): once the key is deleted the conversation's
personal data cannot be recovered, other conversations are untouched, and the audit trail
— which only ever saw placeholders — still verifies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
import pytest
from sqlalchemy import insert, select

from frontdesk.guard.tables import guard_data_keys, guard_tenant_keys, guard_vault
from frontdesk.guard.vault import KeyDestroyed, Pseudonymiser
from frontdesk.ops.audit import SqlAuditLog
from frontdesk.ops.audit_tables import audit_records
from frontdesk.storage.sql import Database
from tests.integration.guard.vault.conftest import stored_bytes

IBAN = "IT60X0542811101000000123456"
SECRETS = ["Mario Rossi", "mario.rossi@example.com", IBAN]


async def converse(
    pseudonymiser: Pseudonymiser, audit: SqlAuditLog, tenant: str, conversation: str, text: str
) -> str:
    """One turn as the pipeline would run it: mask, audit the masked text, answer, unmask."""
    masked = await pseudonymiser.pseudonymise(tenant, conversation, text)
    body = {"conversation": conversation, "prompt": masked.text, "entities": masked.entities_count}
    await audit.record(tenant, "turn", body)
    return masked.text


async def rows(database: Database, table: Any, tenant: str, conversation: str) -> list[Any]:
    async with database.read() as conn:
        query = select(table).where(
            table.c.tenant_id == tenant, table.c.conversation_id == conversation
        )
        return list(await conn.execute(query))


async def test_shredding_a_conversation(
    pseudonymiser: Pseudonymiser,
    make_pseudonymiser: Callable[..., Pseudonymiser],
    audit: SqlAuditLog,
    database: Database,
) -> None:
    text = f"I am Mario Rossi, mario.rossi@example.com, refund to {IBAN}"
    masked = await converse(pseudonymiser, audit, "acme", "gone", text)
    kept = await converse(pseudonymiser, audit, "acme", "kept", "I am Anna Bianchi")
    assert await pseudonymiser.reidentify("acme", "gone", masked) == text

    erased = await pseudonymiser.shred_conversation("acme", "gone")

    assert erased == 3
    assert await rows(database, guard_data_keys, "acme", "gone") == []
    assert await rows(database, guard_vault, "acme", "gone") == []
    # Not from this process's memory, nor from a fresh process reading the database.
    assert await pseudonymiser.reidentify("acme", "gone", masked) == masked
    assert await make_pseudonymiser().reidentify("acme", "gone", masked) == masked
    stored = await stored_bytes(database)
    for secret in SECRETS:
        assert secret.encode() not in stored
    # The other conversation is untouched.
    assert await make_pseudonymiser().reidentify("acme", "kept", kept) == "I am Anna Bianchi"
    # The audit trail never held the values, so nothing in it had to change.
    report = await audit.verify()
    assert report.ok, report.problems
    async with database.read() as conn:
        bodies = [
            (kind, orjson.loads(body))
            for kind, body in await conn.execute(
                select(audit_records.c.kind, audit_records.c.body).order_by(audit_records.c.seq)
            )
        ]
    assert bodies[0][1]["prompt"] == "I am <PERSON_1>, <EMAIL_1>, refund to <IBAN_1>"
    assert bodies[-1][0] == "pii_shredded"
    assert bodies[-1][1]["conversation"] == "gone"
    # The conversation may go on: it starts a new vault under a new key.
    again = await pseudonymiser.pseudonymise("acme", "gone", "Luigi Verdi")
    assert again.text == "<PERSON_1>"
    assert await pseudonymiser.reidentify("acme", "gone", "<PERSON_1>") == "Luigi Verdi"


async def test_shredding_a_tenant_outlives_a_restored_backup(
    pseudonymiser: Pseudonymiser,
    make_pseudonymiser: Callable[..., Pseudonymiser],
    audit: SqlAuditLog,
    database: Database,
) -> None:
    masked = await converse(pseudonymiser, audit, "acme", "c1", f"Mario Rossi, {IBAN}")
    await converse(pseudonymiser, audit, "acme", "c2", "mario.rossi@example.com")
    other = await converse(pseudonymiser, audit, "other", "c1", "Anna Bianchi")
    async with database.read() as conn:  # a backup of the vault taken before the erasure
        backup_keys = [r._asdict() for r in await conn.execute(select(guard_data_keys))]
        backup_vault = [r._asdict() for r in await conn.execute(select(guard_vault))]

    assert await pseudonymiser.shred_tenant("acme") == 3

    async with database.read() as conn:
        live_keys = select(guard_tenant_keys.c.tenant_id).where(
            guard_tenant_keys.c.wrapped_key.is_not(None)
        )
        tenants_with_keys = set((await conn.execute(live_keys)).scalars())
        acme_keys = (
            await conn.execute(select(guard_data_keys).where(guard_data_keys.c.tenant_id == "acme"))
        ).all()
    assert tenants_with_keys == {"other"}
    assert acme_keys == []
    assert await pseudonymiser.reidentify("acme", "c1", masked) == masked
    assert await make_pseudonymiser().reidentify("other", "c1", other) == "Anna Bianchi"

    # Restoring the old data keys and ciphertext does not bring the values back: the tenant
    # key that wrapped those data keys no longer exists.
    # The tenant carries on meanwhile under a new key (the next version, not a reused one).
    fresh = await pseudonymiser.pseudonymise("acme", "c3", "Luigi Verdi")
    assert await make_pseudonymiser().reidentify("acme", "c3", fresh.text) == "Luigi Verdi"
    async with database.transaction() as conn:
        await conn.execute(
            insert(guard_data_keys), [r for r in backup_keys if r["tenant_id"] == "acme"]
        )
        await conn.execute(
            insert(guard_vault), [r for r in backup_vault if r["tenant_id"] == "acme"]
        )
    restored = make_pseudonymiser()
    assert await restored.reidentify("acme", "c1", masked) == masked
    with pytest.raises(KeyDestroyed):
        await restored.pseudonymise("acme", "c1", "Luigi Verdi")
    report = await audit.verify()
    assert report.ok, report.problems

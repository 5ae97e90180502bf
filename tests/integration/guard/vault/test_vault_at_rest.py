"""The vault at rest: no raw value anywhere in the database, and a wrong or tampered key
fails closed — an error, never another person's data or garbage."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, update

from frontdesk.guard.tables import guard_tenant_keys, guard_vault
from frontdesk.guard.vault import Pseudonymiser, VaultKeyError
from frontdesk.storage.sql import Database
from tests.integration.guard.vault.conftest import stored_bytes

VALUES = ["Mario Rossi", "José Núñez", "mario.rossi@example.com", "IT60X0542811101000000123456"]
TEXT = "Mario Rossi and José Núñez, mario.rossi@example.com, IT60X0542811101000000123456"


async def test_the_database_holds_no_raw_value(
    pseudonymiser: Pseudonymiser, database: Database
) -> None:
    masked = await pseudonymiser.pseudonymise("acme", "c1", TEXT)
    assert masked.entities_count == 4
    stored = await stored_bytes(database)
    assert b"<PERSON_2>" in stored  # the scan does see the vault
    for value in VALUES:
        for form in (value, value.casefold(), value.upper()):
            assert form.encode() not in stored, form
    async with database.read() as conn:
        rows = (await conn.execute(select(guard_vault.c.ciphertext))).scalars().all()
    assert len(rows) == 4


async def test_another_master_key_fails_closed(
    make_pseudonymiser: Callable[..., Pseudonymiser], tmp_path: Path
) -> None:
    await make_pseudonymiser().pseudonymise("acme", "c1", TEXT)
    stranger = make_pseudonymiser(tmp_path / "elsewhere" / "master.key")
    with pytest.raises(VaultKeyError, match="master key"):
        await stranger.reidentify("acme", "c1", "<PERSON_1>")
    with pytest.raises(VaultKeyError):
        await stranger.pseudonymise("acme", "c1", "Luigi Verdi")


async def test_a_tampered_tenant_key_fails_closed(
    make_pseudonymiser: Callable[..., Pseudonymiser], database: Database
) -> None:
    await make_pseudonymiser().pseudonymise("acme", "c1", TEXT)
    async with database.transaction() as conn:
        await conn.execute(update(guard_tenant_keys).values(wrapped_key=b"\0" * 60))
    with pytest.raises(VaultKeyError):
        await make_pseudonymiser().reidentify("acme", "c1", "<PERSON_1>")


async def test_a_tampered_value_fails_closed(
    make_pseudonymiser: Callable[..., Pseudonymiser], database: Database
) -> None:
    await make_pseudonymiser().pseudonymise("acme", "c1", TEXT)
    async with database.transaction() as conn:
        c = guard_vault.c
        sealed = (
            await conn.execute(select(c.ciphertext).where(c.placeholder == "<PERSON_1>"))
        ).scalar_one()
        flipped = bytes([sealed[0] ^ 1]) + bytes(sealed[1:])
        await conn.execute(
            update(guard_vault).where(c.placeholder == "<PERSON_1>").values(ciphertext=flipped)
        )
    with pytest.raises(VaultKeyError, match="<PERSON_1>"):
        await make_pseudonymiser().reidentify("acme", "c1", "<PERSON_1>")


async def test_values_swapped_between_placeholders_fail_closed(
    make_pseudonymiser: Callable[..., Pseudonymiser], database: Database
) -> None:
    await make_pseudonymiser().pseudonymise("acme", "c1", TEXT)
    c = guard_vault.c
    async with database.transaction() as conn:
        rows = {
            row.placeholder: (row.nonce, row.ciphertext)
            for row in await conn.execute(select(c.placeholder, c.nonce, c.ciphertext))
        }
        for mine, theirs in (("<PERSON_1>", "<PERSON_2>"), ("<PERSON_2>", "<PERSON_1>")):
            nonce, sealed = rows[theirs]
            await conn.execute(
                update(guard_vault)
                .where(c.placeholder == mine)
                .values(nonce=nonce, ciphertext=sealed)
            )
    with pytest.raises(VaultKeyError):
        await make_pseudonymiser().reidentify("acme", "c1", "<PERSON_1>")

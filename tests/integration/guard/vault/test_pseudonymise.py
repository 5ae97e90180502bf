"""Pseudonymisation through the vault, on SQLite and Postgres: consistent placeholders,
re-identification after a restart, and no database work when there is nothing to hide."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from frontdesk.guard.vault import LocalKeyProvider, Pseudonymiser
from frontdesk.storage.sql import Database
from frontdesk.storage.write_batcher import WriteBatcher
from tests.integration.guard.vault.conftest import counting_statements
from tests.unit.guard.vault.fake_detector import FakePiiDetector

IBAN = "IT60X0542811101000000123456"


async def test_placeholders_are_typed_numbered_and_consistent_in_a_conversation(
    pseudonymiser: Pseudonymiser,
) -> None:
    first = await pseudonymiser.pseudonymise(
        "acme", "c1", f"I am Mario Rossi, IBAN {IBAN}, my wife is Anna Bianchi.", language="en"
    )
    assert first.text == "I am <PERSON_1>, IBAN <IBAN_1>, my wife is <PERSON_2>."
    assert first.entities_count == 3
    assert first.mapping == {
        "<PERSON_1>": "Mario Rossi",
        "<IBAN_1>": IBAN,
        "<PERSON_2>": "Anna Bianchi",
    }
    assert "Mario" not in repr(first)
    second = await pseudonymiser.pseudonymise(
        "acme", "c1", "anna bianchi and mario  rossi wrote to mario@example.com"
    )
    assert second.text == "<PERSON_2> and <PERSON_1> wrote to <EMAIL_1>"


async def test_each_conversation_numbers_its_own_values(pseudonymiser: Pseudonymiser) -> None:
    a = await pseudonymiser.pseudonymise("acme", "c1", "Mario Rossi")
    b = await pseudonymiser.pseudonymise("acme", "c2", "Luigi Verdi, then Mario Rossi")
    assert a.text == "<PERSON_1>"
    assert b.text == "<PERSON_1>, then <PERSON_2>"
    assert await pseudonymiser.reidentify("acme", "c1", "<PERSON_1>") == "Mario Rossi"
    assert await pseudonymiser.reidentify("acme", "c2", "<PERSON_1>") == "Luigi Verdi"
    assert await pseudonymiser.reidentify("other", "c1", "<PERSON_1>") == "<PERSON_1>"


async def test_reidentify_round_trip_leaving_unknown_placeholders(
    pseudonymiser: Pseudonymiser,
) -> None:
    text = f"José Núñez (jose@example.es) pays {IBAN} to Giulia Neri."
    masked = await pseudonymiser.pseudonymise("acme", "c1", text, language="es")
    assert "José" not in masked.text
    assert await pseudonymiser.reidentify("acme", "c1", masked.text) == text
    answer = "Done, <PERSON_1>: <PERSON_7>, <PERSON>, <IBAN_1>."
    assert await pseudonymiser.reidentify("acme", "c1", answer) == (
        f"Done, José Núñez: <PERSON_7>, <PERSON>, {IBAN}."
    )


async def test_a_restarted_process_keeps_placeholders_and_reidentifies(
    make_pseudonymiser: Callable[..., Pseudonymiser],
) -> None:
    before = make_pseudonymiser()
    await before.pseudonymise("acme", "c1", "Mario Rossi and Anna Bianchi")
    after = make_pseudonymiser()  # nothing cached: everything comes from the vault
    again = await after.pseudonymise("acme", "c1", "Anna Bianchi, Luigi Verdi, Mario Rossi")
    assert again.text == "<PERSON_2>, <PERSON_3>, <PERSON_1>"
    fresh = make_pseudonymiser()
    assert (
        await fresh.reidentify("acme", "c1", "<PERSON_3> <PERSON_1>") == "Luigi Verdi Mario Rossi"
    )


async def test_streamed_answers_are_reidentified(pseudonymiser: Pseudonymiser) -> None:
    await pseudonymiser.pseudonymise("acme", "c1", f"Mario Rossi, {IBAN}")
    stream = await pseudonymiser.reidentifying_stream("acme", "c1")
    deltas = ["Hello <PER", "SON_1>, IBAN <", "IBAN_1", ">."]
    shown = "".join(stream.feed(d) for d in deltas) + stream.flush()
    assert shown == f"Hello Mario Rossi, IBAN {IBAN}."


async def test_text_without_personal_data_costs_no_database_work(
    pseudonymiser: Pseudonymiser, database: Database
) -> None:
    with counting_statements(database) as statements:
        plain = await pseudonymiser.pseudonymise("acme", "fresh", "Where is my order?")
    assert plain.text == "Where is my order?"
    assert (plain.entities_count, dict(plain.mapping)) == (0, {})
    assert statements == []
    assert len(pseudonymiser.vaults.cache) == 0

    await pseudonymiser.pseudonymise("acme", "c1", "Mario Rossi")
    with counting_statements(database) as statements:
        known = await pseudonymiser.pseudonymise("acme", "c1", "again, mario rossi")
        shown = await pseudonymiser.reidentify("acme", "c1", "Hi <PERSON_1>")
        untouched = await pseudonymiser.reidentify("acme", "c1", "no placeholders here")
    assert (known.text, shown, untouched) == (
        "again, <PERSON_1>",
        "Hi Mario Rossi",
        "no placeholders here",
    )
    assert statements == []


async def test_two_processes_adding_to_one_conversation_agree(
    database: Database, make_pseudonymiser: Callable[..., Pseudonymiser], master_key_path: Path
) -> None:
    # Each "process" has its own cache and its own writer, as separate processes would.
    # They meet the same values in opposite orders, so both propose <PERSON_2> for
    # different people at once: one of them must lose, reload and take the next number.
    other_writer = WriteBatcher(database)
    await other_writer.start()
    try:
        one = make_pseudonymiser()
        keys = LocalKeyProvider(database, master_key_path)
        two = Pseudonymiser(database, other_writer, detector=FakePiiDetector(), keys=keys)
        await one.pseudonymise("acme", "c1", "Giulia Neri")
        await two.pseudonymise("acme", "c1", "Giulia Neri")  # both have c1 cached now
        texts = ["Mario Rossi", "Anna Bianchi", "Luigi Verdi", "José Núñez"]
        results = await asyncio.gather(
            *(one.pseudonymise("acme", "c1", t) for t in texts),
            *(two.pseudonymise("acme", "c1", t) for t in reversed(texts)),
        )
        by_value: dict[str, set[str]] = {}
        for text, result in zip([*texts, *reversed(texts)], results, strict=True):
            by_value.setdefault(text, set()).add(result.text)
        assert all(len(placeholders) == 1 for placeholders in by_value.values()), by_value
        placeholders = sorted(next(iter(p)) for p in by_value.values())
        assert placeholders == [f"<PERSON_{n}>" for n in range(2, 6)]
        for value, (placeholder,) in by_value.items():
            assert await make_pseudonymiser().reidentify("acme", "c1", placeholder) == value
    finally:
        await other_writer.stop()

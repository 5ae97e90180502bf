"""Streaming re-identification: a placeholder split anywhere across deltas still comes out
as its value, and text that only looks like the start of one is released unchanged."""

from __future__ import annotations

import random

import pytest

from frontdesk.guard.vault import ReidentifyingStream
from frontdesk.guard.vault.placeholders import replace_known

VALUES = {
    "<PERSON_1>": "Mario Rossi",
    "<IBAN_1>": "IT60X0542811101000000123456",
    "<PERSON_12>": "Anna",
}
ANSWER = "Dear <PERSON_1>, your IBAN <IBAN_1> is ok. <PERSON_12> and <PERSON_9> x < y <b>."
EXPECTED = (
    "Dear Mario Rossi, your IBAN IT60X0542811101000000123456 is ok. Anna and <PERSON_9> x < y <b>."
)


def run(deltas: list[str], values: dict[str, str] = VALUES) -> str:
    stream = ReidentifyingStream(values)
    return "".join(stream.feed(d) for d in deltas) + stream.flush()


def test_the_expected_text_is_the_whole_text_reidentified() -> None:
    assert replace_known(ANSWER, VALUES) == EXPECTED


@pytest.mark.parametrize("cut", range(len(ANSWER) + 1))
def test_every_single_split_point(cut: int) -> None:
    assert run([ANSWER[:cut], ANSWER[cut:]]) == EXPECTED


def test_every_pair_of_split_points_inside_a_placeholder() -> None:
    text = "a <CREDIT_CARD_1> b"
    values = {"<CREDIT_CARD_1>": "4111 1111 1111 1111"}
    start, end = text.index("<"), text.index(">") + 1
    for first in range(start, end + 1):
        for second in range(first, end + 1):
            deltas = [text[:first], text[first:second], text[second:]]
            assert run(deltas, values) == "a 4111 1111 1111 1111 b", deltas


def test_one_character_at_a_time() -> None:
    assert run(list(ANSWER)) == EXPECTED


def test_random_splits() -> None:
    rng = random.Random(7)
    for _ in range(300):
        cuts = sorted(rng.sample(range(1, len(ANSWER)), rng.randint(1, 12)))
        deltas = [ANSWER[i:j] for i, j in zip([0, *cuts], [*cuts, len(ANSWER)], strict=True)]
        assert run(deltas) == EXPECTED


def test_a_placeholder_is_released_as_soon_as_it_is_complete() -> None:
    stream = ReidentifyingStream(VALUES)
    assert stream.feed("Hi <PER") == "Hi "
    assert stream.feed("SON_1") == ""
    assert stream.feed(">!") == "Mario Rossi!"


def test_text_that_stops_looking_like_a_placeholder_is_released_unchanged() -> None:
    stream = ReidentifyingStream(VALUES)
    assert stream.feed("if a <") == "if a "
    assert stream.feed("= b") == "<= b"
    assert stream.feed(" <PERSON_7") == " <PERSON_7"  # no known placeholder starts like that


def test_an_unfinished_placeholder_at_the_end_is_flushed_as_it_is() -> None:
    stream = ReidentifyingStream(VALUES)
    assert stream.feed("bye <IBA") == "bye "
    assert stream.flush() == "<IBA"
    assert stream.flush() == ""


def test_without_known_values_deltas_pass_straight_through() -> None:
    stream = ReidentifyingStream({})
    assert stream.feed("<PER") == "<PER"
    assert stream.feed("SON_1>") == "SON_1>"

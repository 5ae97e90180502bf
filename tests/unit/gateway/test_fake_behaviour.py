"""The fakes' deterministic answers and embeddings, which other tests predict."""

from __future__ import annotations

import math

from frontdesk.fakes.behaviour import FakeBehaviour, compose_answer
from frontdesk.fakes.openai_embeddings import embed


def test_default_answer_mentions_the_question() -> None:
    tokens = compose_answer(FakeBehaviour(), "Be brief.", "How do I reset my router?")
    assert "".join(tokens) == "Here is a deterministic answer about How do I reset my router."


def test_default_answer_cites_numbered_passages_from_the_system_prompt() -> None:
    system = "Passages:\n[2] Billing\n...\n[1] Router\n...\n[3] Roaming"
    answer = "".join(compose_answer(FakeBehaviour(), system, "reset?"))
    assert answer.endswith("[1][2].")


def test_answer_tokens_repeats_or_cuts_to_the_exact_length() -> None:
    assert len(compose_answer(FakeBehaviour(answer="one two", answer_tokens=5), "", "")) == 5
    tokens = compose_answer(FakeBehaviour(answer="one two", answer_tokens=3), "", "")
    assert "".join(tokens) == "one two one "


def test_embeddings_are_deterministic_normalised_and_lexically_similar() -> None:
    a = embed("reset the router", 256)
    assert a == embed("reset the router", 256)
    assert math.isclose(sum(v * v for v in a), 1.0)
    close = sum(x * y for x, y in zip(a, embed("how to reset a router", 256), strict=True))
    far = sum(x * y for x, y in zip(a, embed("roaming charges abroad", 256), strict=True))
    assert close > far

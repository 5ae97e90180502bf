"""The exact key and the semantic key-space: what counts as the same request."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from frontdesk.gateway.cache.keys import normalise_text, request_keys
from frontdesk.gateway.model import ChatRequest, ContextPassage, Message
from tests.unit.gateway.cache.cases import MODEL, ROUTER, first_question, follow_up


def test_normalisation_folds_case_width_and_whitespace() -> None:
    assert normalise_text("  How do I\n\treset   my ROUTER? ") == "how do i reset my router?"
    assert normalise_text("ＲＯＵＴＥＲ") == "router"  # NFKC: full-width letters
    assert normalise_text("Straße") == normalise_text("STRASSE")  # casefold, not lower


def test_same_request_after_normalisation_has_the_same_key() -> None:
    one = request_keys(MODEL, first_question("How do I reset my router?"))
    other = request_keys(MODEL, first_question("  how do i   RESET my router?"))
    assert one.exact == other.exact
    assert one.space == other.space


def test_metadata_is_not_part_of_the_key() -> None:
    plain = first_question("How do I reset my router?")
    labelled = replace(plain, metadata={"request_id": "r-1", "tenant": "acme"})
    assert request_keys(MODEL, plain).exact == request_keys(MODEL, labelled).exact


@pytest.mark.parametrize(
    "changed",
    [
        pytest.param({"passages": ()}, id="no passages"),
        pytest.param({"passages": (replace(ROUTER, text="Unplug it."),)}, id="passage text"),
        pytest.param({"passages": (replace(ROUTER, source="faq/other.md"),)}, id="source"),
        pytest.param({"passages": (replace(ROUTER, n=2),)}, id="passage number"),
        pytest.param({"language": "it"}, id="language"),
        pytest.param({"max_output_tokens": 100}, id="max output"),
        pytest.param({"temperature": 0.2}, id="temperature"),
        pytest.param({"stop": ("END",)}, id="stop"),
        pytest.param({"system": "Another prompt."}, id="system prompt"),
    ],
)
def test_anything_that_shapes_the_answer_changes_both_keys(changed: dict[str, Any]) -> None:
    base = request_keys(MODEL, first_question("How do I reset my router?"))
    other = request_keys(MODEL, first_question("How do I reset my router?", **changed))
    assert other.exact != base.exact
    assert other.space != base.space


def test_model_is_part_of_both_keys() -> None:
    request = first_question("How do I reset my router?")
    assert request_keys(MODEL, request).exact != request_keys("local:extractive", request).exact
    assert request_keys(MODEL, request).space != request_keys("local:extractive", request).space


def test_integral_temperature_is_one_temperature() -> None:
    one = first_question("Hi?", temperature=1)
    one_point_zero = first_question("Hi?", temperature=1.0)
    assert request_keys(MODEL, one).exact == request_keys(MODEL, one_point_zero).exact


def test_paraphrases_share_a_space_but_not_an_exact_key() -> None:
    one = request_keys(MODEL, first_question("How do I reset my router?"))
    other = request_keys(MODEL, first_question("How can I reset my router?"))
    assert one.exact != other.exact
    assert one.space == other.space
    assert other.question == "how can i reset my router?"


def test_only_a_first_question_gets_a_semantic_space() -> None:
    assert request_keys(MODEL, follow_up("And how much is it?")).space is None
    no_system = ChatRequest((Message("user", "How do I reset my router?"),))
    assert request_keys(MODEL, no_system).space is not None
    blank = ChatRequest((Message("system", "x"), Message("user", "   ")))
    assert request_keys(MODEL, blank).space is None
    assistant_only = ChatRequest((Message("system", "x"), Message("assistant", "Hello")))
    assert request_keys(MODEL, assistant_only).space is None


def test_passage_order_matters() -> None:
    second = ContextPassage(2, "Call 190.", "Support", "faq/support.md", 0.8)
    one = request_keys(MODEL, first_question("Help?", passages=(ROUTER, second)))
    other = request_keys(MODEL, first_question("Help?", passages=(second, ROUTER)))
    assert one.exact != other.exact

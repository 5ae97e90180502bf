"""The offline extractive model: quotes passages with citations, or abstains."""

from __future__ import annotations

import re

import pytest

from frontdesk.gateway.providers.extractive_answer import compose_answer
from tests.unit.gateway.extractive_cases import (
    BILLING_EN,
    ESIM,
    PARKS_EN,
    ROAMING,
    ROUTER,
    assert_verbatim,
    mixed_router_passages,
    normalise,
    passage,
    quotes,
)

# --- answers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "language", "lead_in"),
    [
        ("Come resetto il router?", "it", "Ecco cosa dice la nostra documentazione:"),
        ("¿Cómo reinicio el router?", "es", "Según nuestra documentación:"),
        ("How do I reset my router?", "en", "According to our documentation:"),
    ],
)
def test_answers_in_the_request_language_from_same_language_passages(
    question: str, language: str, lead_in: str
) -> None:
    passages = mixed_router_passages()
    answer = compose_answer(question, passages, language, 512)

    assert not answer.abstained
    assert answer.text.startswith(lead_in)
    assert answer.language == language
    cited_languages = {p.language for p in passages if p.n in answer.cited}
    assert cited_languages == {language}
    assert_verbatim(answer, passages)


def test_a_procedure_is_quoted_whole_and_in_order() -> None:
    passages = mixed_router_passages()
    answer = compose_answer("Come resetto il router?", passages, "it", 512)

    steps = [line for line in answer.text.split("\n") if re.match(r"\d\. ", line)]
    assert [s[:2] for s in steps] == ["1.", "2.", "3."]
    assert "Per resettare il router:" in answer.text
    assert answer.text.index("1. Stacca") < answer.text.index("3. Ricollegalo")


@pytest.mark.parametrize(
    ("question", "language", "expected"),
    [
        ("¿Cuánto cuesta el roaming en Japón?", "es", "Japón está en la zona 3"),
        ("quanto costa il roaming in giappone", "it", "Il Giappone è in zona 3"),
        ("roaming prices japan", "en", "Japan is in zone 3"),
        ("how much is the travel japan pack", "en", "5 GB for 7 days at €19"),
    ],
)
def test_price_questions_quote_the_sentence_with_the_price(
    question: str, language: str, expected: str
) -> None:
    passages = tuple(
        passage(n, ROAMING[lang], lang, 0.9 - n / 100)
        for n, lang in enumerate(("en", "it", "es"), 1)
    )
    answer = compose_answer(question, passages, language, 512)

    assert not answer.abstained
    assert expected in answer.text
    assert_verbatim(answer, passages)


def test_quotes_keep_document_order_within_a_passage() -> None:
    passages = (passage(1, ESIM["en"], "en", 0.9), passage(2, BILLING_EN, "en", 0.5))
    answer = compose_answer("I deleted my eSIM, does the QR code still work?", passages, "en", 512)

    assert answer.cited == [1]
    source = normalise(ESIM["en"])
    positions = [source.index(normalise(q.split("\n")[0])) for q, _ in quotes(answer.text)]
    assert positions == sorted(positions)
    assert "The QR code works only once" in answer.text


def test_an_answer_has_between_one_and_five_quotes() -> None:
    passages = (passage(1, BILLING_EN, "en", 0.9),)
    answer = compose_answer("When is my invoice charged?", passages, "en", 512)

    assert 2 <= len(quotes(answer.text)) <= 5
    assert "five days later" in answer.text


def test_passages_in_another_language_are_quoted_with_a_note() -> None:
    passages = (passage(1, ESIM["en"], "en", 0.9),)
    answer = compose_answer("Come configuro la eSIM su iPhone?", passages, "it", 512)

    assert not answer.abstained
    assert answer.text.startswith(
        "Ecco cosa dice la nostra documentazione (disponibile solo in inglese):"
    )
    assert answer.language == "en"
    assert_verbatim(answer, passages)


def test_passage_language_is_detected_when_missing() -> None:
    passages = (passage(1, ESIM["en"], None), passage(2, ESIM["it"], None))
    answer = compose_answer("Come configuro la eSIM su iPhone?", passages, "it", 512)

    assert answer.cited == [2]


def test_overlapping_chunks_are_quoted_once() -> None:
    words = ROUTER["en"].split(" ")
    first, second = " ".join(words[:60]), " ".join(words[35:])
    passages = (passage(1, first, "en", 0.9), passage(2, second, "en", 0.88))
    answer = compose_answer("Reset button light stays red", passages, "en", 512)

    lines = [normalise(q) for q, _ in quotes(answer.text)]
    assert len(lines) == len(set(lines))
    assert answer.text.count("press the Reset button") == 1


# --- abstention ----------------------------------------------------------------------------


def test_repeated_words_in_the_question_are_counted_once() -> None:
    once = compose_answer("router reset", mixed_router_passages(), "en", 512)
    twice = compose_answer("router router reset reset!", mixed_router_passages(), "en", 512)
    assert once == twice


def test_abstains_on_an_off_topic_question() -> None:
    passages = (passage(1, BILLING_EN, "en", 0.21), passage(2, PARKS_EN, "en", 0.18))
    answer = compose_answer("What is the capital of Australia?", passages, "en", 512)

    assert answer.abstained
    assert answer.text == ""
    assert answer.cited == []
    assert answer.support < 0.3


def test_abstains_without_passages() -> None:
    answer = compose_answer("How do I reset my router?", (), "en", 512)
    assert answer.abstained
    assert answer.support == 0.0


def test_abstains_on_a_question_without_content_words() -> None:
    answer = compose_answer("ok, thanks!", (passage(1, BILLING_EN, "en", 0.3),), "en", 512)
    assert answer.abstained


def test_min_support_is_the_abstention_threshold() -> None:
    passages = (passage(1, BILLING_EN, "en", 0.9),)
    answered = compose_answer("When is my invoice charged?", passages, "en", 512)
    strict = compose_answer("When is my invoice charged?", passages, "en", 512, min_support=0.99)

    assert not answered.abstained
    assert strict.abstained
    assert strict.support == answered.support


# --- budget and determinism ----------------------------------------------------------------


@pytest.mark.parametrize("budget", [1, 3, 8, 15, 25, 40, 512])
def test_max_words_is_respected(budget: int) -> None:
    passages = mixed_router_passages()
    answer = compose_answer("How do I reset my router?", passages, "en", budget)

    assert len(answer.text.split()) <= budget
    assert not answer.abstained
    for quoted, _ in quotes(answer.text, lead_in_present=answer.text.startswith("According")):
        for line in quoted.split("\n"):
            assert normalise(line) in normalise(ROUTER["en"])


def test_a_tight_budget_truncates_like_a_model_at_its_limit() -> None:
    answer = compose_answer("How do I reset my router?", mixed_router_passages(), "en", 4)
    assert answer.truncated
    assert answer.text.endswith("[1]")


def test_a_procedure_that_does_not_fit_is_marked_truncated_not_shortened() -> None:
    # Steps 1 and 2 alone would look like the whole procedure; a cut answer must say it is cut.
    answer = compose_answer("How do I reset my router?", mixed_router_passages(), "en", 15)
    assert answer.truncated
    assert answer.text.startswith("To reset the router:\n1. Unplug")


def test_a_question_that_is_not_a_how_to_does_not_get_the_whole_procedure() -> None:
    answer = compose_answer("wifi password after reset", mixed_router_passages(), "en", 512)
    assert "Wi-Fi name and password" in answer.text
    assert "1. Unplug" not in answer.text


def test_the_same_request_gives_the_same_answer() -> None:
    passages = mixed_router_passages()
    first = compose_answer("Come resetto il router?", passages, "it", 512)
    for _ in range(3):
        assert compose_answer("Come resetto il router?", passages, "it", 512) == first

"""The outbound gate releases checked sentences as they complete and stops at a block."""

from __future__ import annotations

from frontdesk.guard.model import GuardFinding, GuardVerdict
from frontdesk.guard.outbound_gate import OutboundGate


def check(sentence: str) -> GuardVerdict:
    if "secret" in sentence:
        return GuardVerdict("", [GuardFinding("policy.canary", "leak", 1.0, "block")])
    if "idiot" in sentence:
        cleaned = sentence.replace("idiot", "***")
        return GuardVerdict(cleaned, [GuardFinding("policy.toxicity", "en", 1.0, "strip")])
    return GuardVerdict(sentence)


def test_sentences_are_released_when_complete_whatever_the_delta_boundaries() -> None:
    gate = OutboundGate(check)
    out = [gate.feed(d) for d in ["Hold the ", "button [1]. ", "Then wa", "it. Done"]]
    assert out == ["", "Hold the button [1]. ", "", "Then wait. "]
    assert gate.flush() == "Done"
    assert gate.findings == []


def test_stripped_parts_are_replaced_and_recorded() -> None:
    gate = OutboundGate(check)
    assert gate.feed("You idiot, reset it. ") == "You ***, reset it. "
    assert [f.action for f in gate.findings] == ["strip"]


def test_nothing_is_released_after_a_block() -> None:
    gate = OutboundGate(check)
    assert gate.feed("Fine. The secret is 42. More text. ") == "Fine. "
    assert gate.blocked and gate.feed("Even more.") == "" and gate.flush() == ""


def plain(word: str) -> bool:
    """As guard.policy.early_release: no digits, no '@', not the toxic term."""
    return not any(c.isdigit() or c == "@" for c in word) and "idiot" not in word


def test_plain_words_are_shown_as_they_complete() -> None:
    gate = OutboundGate(check, plain_word=plain)
    out = [gate.feed(d) for d in ["Hold the ", "reset but", "ton for ", "ten seconds. "]]
    assert out == ["Hold the ", "reset ", "button for ", "ten seconds. "]
    assert "".join(out) == "Hold the reset button for ten seconds. "


def test_a_sentence_is_held_from_its_first_word_a_check_could_act_on() -> None:
    gate = OutboundGate(check, plain_word=plain)
    assert gate.feed("Write to luigi@example.com about ") == "Write to "
    assert gate.feed("it, he knows. ") == "luigi@example.com about it, he knows. "
    assert gate.feed("You idiot ") == "You "
    assert gate.feed("reset it. ") == "*** reset it. "  # stripped, then shown
    assert [f.action for f in gate.findings] == ["strip"]


def test_a_block_after_words_were_shown_withholds_the_rest() -> None:
    gate = OutboundGate(check, plain_word=plain)
    assert gate.feed("The code word is ") == "The code word is "
    assert gate.feed("secret 42. Bye. ") == ""
    assert gate.blocked and gate.flush() == ""


def test_a_rewrite_reaching_into_shown_words_holds_the_rest_of_the_sentence() -> None:
    def rewrite_all(sentence: str) -> GuardVerdict:
        return GuardVerdict("[removed]", [GuardFinding("policy.x", "y", 1.0, "strip")])

    gate = OutboundGate(rewrite_all, plain_word=plain)
    assert gate.feed("Plain words first ") == "Plain words first "
    assert gate.feed("then 42. ") == ""
    assert not gate.blocked

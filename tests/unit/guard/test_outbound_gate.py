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

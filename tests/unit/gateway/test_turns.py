"""Messages reshaped for each wire format; passages reach the model exactly once."""

from __future__ import annotations

from frontdesk.gateway.model import ChatRequest, ContextPassage, Message
from frontdesk.gateway.providers.turns import messages_with_passages, split_system

PASSAGE = ContextPassage(1, "Unplug the router for ten seconds.", "Router", "kb/router.md", 0.9)


def test_passages_missing_from_the_prompt_are_added_after_the_system_messages() -> None:
    request = ChatRequest(
        (Message("system", "Be brief."), Message("user", "Reset?")), passages=(PASSAGE,)
    )
    messages = messages_with_passages(request)
    assert [m.role for m in messages] == ["system", "system", "user"]
    assert "[1] Router (kb/router.md)\nUnplug the router" in messages[1].content


def test_passages_already_in_the_prompt_are_not_repeated() -> None:
    system = Message("system", f"Answer from: [1] {PASSAGE.text}")
    request = ChatRequest((system, Message("user", "Reset?")), passages=(PASSAGE,))
    assert messages_with_passages(request) == request.messages
    assert split_system(request).system == system.content


def test_split_system_joins_system_text_and_merges_consecutive_turns() -> None:
    request = ChatRequest(
        (
            Message("system", "Rule one."),
            Message("user", "Hello"),
            Message("user", "Are you there?"),
            Message("system", "Rule two."),
            Message("assistant", "Yes."),
            Message("user", "Good."),
        )
    )
    shaped = split_system(request)
    assert shaped.system == "Rule one.\n\nRule two."
    assert shaped.turns == (
        Message("user", "Hello\n\nAre you there?"),
        Message("assistant", "Yes."),
        Message("user", "Good."),
    )

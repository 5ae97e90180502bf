"""Shaping a :class:`ChatRequest`'s messages into what each wire format accepts.

Two concerns shared by the remote providers:

* Retrieved passages must reach the model. When the prompt already quotes every passage
  (the prompt template rendered them) nothing is added; otherwise they are appended to the
  system prompt as numbered ``[n]`` blocks, the form the answer cites.
* Anthropic and Bedrock take the system prompt as a separate field and want strictly
  alternating user/assistant turns, so consecutive turns of one role are merged.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.gateway.model import ChatRequest, ContextPassage, Message


@dataclass(frozen=True, slots=True)
class SystemAndTurns:
    system: str
    turns: tuple[Message, ...]  # user and assistant only, roles alternating


def render_passages(passages: tuple[ContextPassage, ...]) -> str:
    blocks = [f"[{p.n}] {p.title} ({p.source})\n{p.text}" for p in passages]
    return "Passages you may cite as [n]:\n\n" + "\n\n".join(blocks)


def messages_with_passages(request: ChatRequest) -> tuple[Message, ...]:
    """The messages, with a system message quoting the passages the prompt does not already
    contain, placed after the leading system messages."""
    messages = request.messages
    if not _passages_missing(request):
        return messages
    leading = 0
    while leading < len(messages) and messages[leading].role == "system":
        leading += 1
    extra = Message("system", render_passages(request.passages))
    return (*messages[:leading], extra, *messages[leading:])


def split_system(request: ChatRequest) -> SystemAndTurns:
    system_parts = [m.content for m in request.messages if m.role == "system"]
    if _passages_missing(request):
        system_parts.append(render_passages(request.passages))
    turns: list[Message] = []
    for message in request.messages:
        if message.role == "system":
            continue
        if turns and turns[-1].role == message.role:
            merged = f"{turns[-1].content}\n\n{message.content}"
            turns[-1] = Message(message.role, merged)
        else:
            turns.append(message)
    return SystemAndTurns("\n\n".join(system_parts), tuple(turns))


def _passages_missing(request: ChatRequest) -> bool:
    if not request.passages:
        return False
    prompt = "\n".join(m.content for m in request.messages)
    return any(p.text not in prompt for p in request.passages)

"""Turns for the APIs whose messages are lists of content blocks (Anthropic, Bedrock).

Both want strictly alternating user/assistant turns, and neither has a "tool" role: a tool
result is a block of the next *user* turn, and the calls an assistant made are blocks of its
turn beside its text. So messages become :class:`BlockTurn` values of parts (text, calls,
results), consecutive turns of one role merged, and each provider renders the parts in its
own block format. Text-only conversations come out as they always did: adjacent texts are
joined with a blank line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from frontdesk.gateway.model import ChatRequest, Message, ToolCall


@dataclass(frozen=True, slots=True)
class ToolResult:
    tool_call_id: str
    content: str


Part = str | ToolCall | ToolResult


@dataclass(frozen=True, slots=True)
class BlockTurn:
    role: Literal["user", "assistant"]
    parts: tuple[Part, ...]

    @property
    def text_only(self) -> str | None:
        """The turn's text when it is a single text part (and nothing else)."""
        if len(self.parts) == 1 and isinstance(self.parts[0], str):
            return self.parts[0]
        return None


def block_turns(request: ChatRequest) -> tuple[BlockTurn, ...]:
    """The non-system messages as alternating turns."""
    turns: list[BlockTurn] = []
    for message in request.messages:
        if message.role == "system":
            continue
        role: Literal["user", "assistant"] = "assistant" if message.role == "assistant" else "user"
        parts = _parts(message)
        if turns and turns[-1].role == role:
            turns[-1] = BlockTurn(role, _merge(turns[-1].parts, parts))
        else:
            turns.append(BlockTurn(role, parts))
    return tuple(turns)


def _parts(message: Message) -> tuple[Part, ...]:
    if message.role == "tool":
        return (ToolResult(message.tool_call_id or "", message.content),)
    text: tuple[Part, ...] = (message.content,) if message.content or not message.tool_calls else ()
    return (*text, *message.tool_calls)


def _merge(earlier: tuple[Part, ...], later: tuple[Part, ...]) -> tuple[Part, ...]:
    merged: list[Part] = list(earlier)
    for part in later:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] = f"{merged[-1]}\n\n{part}"
        else:
            merged.append(part)
    # Anthropic requires a user turn's tool results before its text; Bedrock accepts either.
    results = [p for p in merged if isinstance(p, ToolResult)]
    others = [p for p in merged if not isinstance(p, ToolResult)]
    return (*results, *others)

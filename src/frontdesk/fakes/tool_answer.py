"""How a fake upstream answers when tools are involved, the same way in every wire format.

A request that offers tools and ends with the user's message gets a call to the first tool
(or the one ``tool_choice`` names), with arguments a test can predict from the tool's JSON
schema: every *required* property gets a value, strings a word of the user's message (the
last word first: "weather in Paris?" → ``"Paris"``), numbers 1, booleans true, arrays
empty, objects filled the same way, enums their first value. A request that ends with a
tool's result gets a text answer quoting it. Each server streams the call's argument JSON
in several fragments, as the real APIs do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import orjson

from frontdesk.fakes.behaviour import FakeBehaviour, compose_answer

ARGUMENT_FRAGMENTS = 4  # how many deltas a call's argument JSON is streamed in (at most)
_PUNCTUATION = "?!.,;:¿¡\"'()[]{}"


@dataclass(frozen=True, slots=True)
class OfferedTool:
    name: str
    schema: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class FakeToolCall:
    id: str
    name: str
    arguments: dict[str, Any]

    @property
    def arguments_json(self) -> str:
        return orjson.dumps(self.arguments).decode()

    def fragments(self) -> list[str]:
        text = self.arguments_json
        size = max(1, math.ceil(len(text) / ARGUMENT_FRAGMENTS))
        return [text[i : i + size] for i in range(0, len(text), size)]


def plan_call(
    tools: Sequence[OfferedTool], *, call_id: str, forced: str | None, last_user: str
) -> FakeToolCall | None:
    """The call to make, or None (no tools, or ``forced`` names none of them)."""
    tool = next((t for t in tools if t.name == forced), None) if forced else None
    if tool is None and not forced and tools:
        tool = tools[0]
    if tool is None:
        return None
    words = [w.strip(_PUNCTUATION) for w in reversed(last_user.split())]
    return FakeToolCall(call_id, tool.name, _object(tool.schema, [w for w in words if w] or ["x"]))


def quote_tool_result(behaviour: FakeBehaviour, result: str) -> list[str]:
    """The answer tokens after a tool ran: the result, quoted."""
    return compose_answer(replace(behaviour, answer=f"The tool answered: {result}"), "", "")


def _object(schema: Mapping[str, Any], words: list[str]) -> dict[str, Any]:
    properties = schema.get("properties") or {}
    values: dict[str, Any] = {}
    for name in schema.get("required") or ():
        prop = properties.get(name) or {}
        values[name] = _value(prop, words, len(values))
    return values


def _value(prop: Mapping[str, Any], words: list[str], position: int) -> Any:
    if prop.get("enum"):
        return prop["enum"][0]
    kind = prop.get("type", "string")
    if isinstance(kind, list):  # ["string", "null"]
        kind = next((k for k in kind if k != "null"), "string")
    if kind in ("integer", "number"):
        return 1
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if kind == "object":
        return _object(prop, words)
    return words[position % len(words)]

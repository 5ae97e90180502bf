"""A tool-calling conversation every provider test plays: offer tools, get the call the fake
upstream predicts from the schema, send the tool's result back, get the final text."""

from __future__ import annotations

from dataclasses import replace

import orjson

from frontdesk.gateway.model import ChatChunk, ChatModel, ChatRequest, Message, ToolCall, ToolSpec
from frontdesk.kit.errors import ProviderError

WEATHER = ToolSpec(
    "get_weather",
    "Current weather in a city.",
    {
        "type": "object",
        "properties": {
            "city": {"type": "string", "description": "City name"},
            "days": {"type": "integer"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        },
        "required": ["city", "days", "unit"],
    },
)
TICKET = ToolSpec(
    "open_ticket",
    "Open a support ticket.",
    {"type": "object", "properties": {"topic": {"type": "string"}}, "required": ["topic"]},
)
QUESTION = ChatRequest(
    (Message("system", "Use the tools."), Message("user", "What is the weather in Paris?")),
    max_output_tokens=200,
    tools=(WEATHER, TICKET),
)
# What the fakes derive from WEATHER's schema and the question: the last word for a string.
WEATHER_ARGUMENTS = {"city": "Paris", "days": 1, "unit": "celsius"}
RESULT = '{"temperature_c": 21, "sky": "clear"}'


def only_call(chunks: list[ChatChunk]) -> ToolCall:
    """The one tool call of a stream that must hold exactly one and no text."""
    calls = [call for chunk in chunks for call in chunk.tool_calls]
    assert len(calls) == 1, calls
    assert "".join(c.delta for c in chunks) == ""
    assert chunks[-1].finish_reason == "tool_calls"
    assert all(c.finish_reason is None for c in chunks[:-1])
    return calls[0]


def arguments(call: ToolCall) -> object:
    return orjson.loads(call.arguments)


def with_result(request: ChatRequest, call: ToolCall, result: str = RESULT) -> ChatRequest:
    """The follow-up: the assistant's call and the tool's result appended."""
    messages = (
        *request.messages,
        Message("assistant", "", tool_calls=(call,)),
        Message("tool", result, tool_call_id=call.id),
    )
    return replace(request, messages=messages)


async def chunks_until_failure(
    model: ChatModel, request: ChatRequest = QUESTION
) -> tuple[list[ChatChunk], ProviderError | None]:
    """What a stream yielded before it failed, and how it failed; closes the model."""
    seen: list[ChatChunk] = []
    try:
        async for chunk in model.stream(request):
            seen.append(chunk)
    except ProviderError as exc:
        return seen, exc
    finally:
        await model.aclose()
    return seen, None

"""Tool calls through the anthropic provider and the fake Messages API, over real sockets."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from frontdesk.config import ProviderSettings
from frontdesk.fakes import run_fake_anthropic
from frontdesk.gateway.model import ChatChunk, ChatRequest, Message
from frontdesk.gateway.providers.anthropic import AnthropicChatModel
from tests.integration.gateway.tools.cases import (
    QUESTION,
    RESULT,
    WEATHER_ARGUMENTS,
    arguments,
    chunks_until_failure,
    only_call,
    with_result,
)


def model_for(http_client: str, base_url: str) -> AnthropicChatModel:
    settings = ProviderSettings(base_url=base_url, api_key="sk-ant-test", http_client=http_client)
    return AnthropicChatModel("claude-sonnet-4-0", settings)


async def collect(http_client: str, base_url: str, request: ChatRequest) -> list[ChatChunk]:
    seen, failure = await chunks_until_failure(model_for(http_client, base_url), request)
    assert failure is None
    return seen


async def test_call_then_result_then_answer(http_client: str) -> None:
    async with run_fake_anthropic() as fake:
        call = only_call(await collect(http_client, fake.base_url, QUESTION))
        answer = await collect(http_client, fake.base_url, with_result(QUESTION, call))
    assert call.name == "get_weather" and call.id.startswith("toolu_fake")
    assert arguments(call) == WEATHER_ARGUMENTS
    assert "".join(c.delta for c in answer) == f"The tool answered: {RESULT}"
    assert answer[-1].finish_reason == "stop"

    first, follow_up = (r.json() for r in fake.requests)
    assert first["tools"][0] == {
        "name": "get_weather",
        "description": "Current weather in a city.",
        "input_schema": QUESTION.tools[0].parameters,
    }
    assert "tool_choice" not in first
    assert follow_up["system"] == "Use the tools."
    assert follow_up["messages"] == [
        {"role": "user", "content": "What is the weather in Paris?"},
        {
            "role": "assistant",
            "content": [
                {
                    "type": "tool_use",
                    "id": call.id,
                    "name": "get_weather",
                    "input": WEATHER_ARGUMENTS,
                }
            ],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": call.id, "content": RESULT}],
        },
    ]


async def test_text_beside_calls_and_results_beside_a_new_question(http_client: str) -> None:
    """An assistant turn with text and a call, then a result and more user text: the result
    goes first in its user turn, as Anthropic requires."""
    async with run_fake_anthropic() as fake:
        call = only_call(await collect(http_client, fake.base_url, QUESTION))
        turn = Message("assistant", "Let me look.", tool_calls=(call,))
        messages = (
            *QUESTION.messages,
            turn,
            Message("tool", RESULT, tool_call_id=call.id),
            Message("user", "And tomorrow?"),
        )
        answer = await collect(http_client, fake.base_url, replace(QUESTION, messages=messages))
    assistant, user = fake.requests[1].json()["messages"][-2:]
    assert [b["type"] for b in assistant["content"]] == ["text", "tool_use"]
    assert [b["type"] for b in user["content"]] == ["tool_result", "text"]
    assert "".join(c.delta for c in answer) == f"The tool answered: {RESULT}"


async def test_fragments_arriving_one_by_one_make_one_complete_call(http_client: str) -> None:
    async with run_fake_anthropic(tokens_per_s=100) as fake:
        chunks = await collect(http_client, fake.base_url, QUESTION)
    assert arguments(only_call(chunks)) == WEATHER_ARGUMENTS


@pytest.mark.parametrize(
    ("choice", "wire", "called"),
    [
        ("open_ticket", {"type": "tool", "name": "open_ticket"}, "open_ticket"),
        ("required", {"type": "any"}, "get_weather"),
        ("auto", {"type": "auto"}, "get_weather"),
        ("none", {"type": "none"}, None),
    ],
)
async def test_tool_choice(http_client: str, choice: str, wire: Any, called: str | None) -> None:
    async with run_fake_anthropic() as fake:
        chunks = await collect(http_client, fake.base_url, replace(QUESTION, tool_choice=choice))
    assert fake.requests[0].json()["tool_choice"] == wire
    if called is None:
        assert chunks[-1].finish_reason == "stop" and not any(c.tool_calls for c in chunks)
    else:
        assert only_call(chunks).name == called


async def test_a_stream_dying_inside_a_call_yields_no_half_call(http_client: str) -> None:
    async with run_fake_anthropic(fault="die_mid_stream", fault_after_tokens=2) as fake:
        seen, failure = await chunks_until_failure(model_for(http_client, fake.base_url))
    assert failure is not None and failure.kind == "stream_interrupted"
    assert seen == []

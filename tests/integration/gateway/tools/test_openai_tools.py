"""Tool calls through the openai provider and the fake OpenAI server, over real sockets."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from frontdesk.config import ProviderSettings
from frontdesk.fakes import run_fake_openai
from frontdesk.gateway.model import ChatChunk, ChatRequest
from frontdesk.gateway.providers.openai import OpenAIChatModel
from tests.integration.gateway.tools.cases import (
    QUESTION,
    RESULT,
    WEATHER_ARGUMENTS,
    arguments,
    chunks_until_failure,
    only_call,
    with_result,
)


def model_for(http_client: str, base_url: str) -> OpenAIChatModel:
    settings = ProviderSettings(base_url=base_url, http_client=http_client)
    return OpenAIChatModel("gpt-4o-mini", settings)


async def collect(http_client: str, base_url: str, request: ChatRequest) -> list[ChatChunk]:
    model = model_for(http_client, base_url)
    try:
        return [chunk async for chunk in model.stream(request)]
    finally:
        await model.aclose()


async def test_call_then_result_then_answer(http_client: str) -> None:
    async with run_fake_openai() as fake:
        call = only_call(await collect(http_client, fake.base_url, QUESTION))
        answer = await collect(http_client, fake.base_url, with_result(QUESTION, call))
    assert call.name == "get_weather" and call.id.startswith("call_fake")
    assert arguments(call) == WEATHER_ARGUMENTS
    assert "".join(c.delta for c in answer) == f"The tool answered: {RESULT}"
    assert answer[-1].finish_reason == "stop"
    assert not any(c.tool_calls for c in answer)

    first, follow_up = (r.json() for r in fake.requests)
    assert [t["function"]["name"] for t in first["tools"]] == ["get_weather", "open_ticket"]
    assert first["tools"][0] == {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather in a city.",
            "parameters": QUESTION.tools[0].parameters,
        },
    }
    assert "tool_choice" not in first
    assistant, tool = follow_up["messages"][-2:]
    assert assistant == {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": "get_weather", "arguments": call.arguments},
            }
        ],
    }
    assert tool == {"role": "tool", "tool_call_id": call.id, "content": RESULT}


async def test_fragments_arriving_one_by_one_make_one_complete_call(http_client: str) -> None:
    # 100 tokens/s: each argument fragment is its own write, so its own read.
    async with run_fake_openai(tokens_per_s=100) as fake:
        chunks = await collect(http_client, fake.base_url, QUESTION)
    assert arguments(only_call(chunks)) == WEATHER_ARGUMENTS
    assert chunks[-1].usage is not None and chunks[-1].usage.output_tokens == 4


@pytest.mark.parametrize(
    ("choice", "wire", "called"),
    [
        ("open_ticket", {"type": "function", "function": {"name": "open_ticket"}}, "open_ticket"),
        ("required", "required", "get_weather"),
        ("none", "none", None),
    ],
)
async def test_tool_choice(http_client: str, choice: str, wire: Any, called: str | None) -> None:
    async with run_fake_openai() as fake:
        chunks = await collect(http_client, fake.base_url, replace(QUESTION, tool_choice=choice))
    assert fake.requests[0].json()["tool_choice"] == wire
    if called is None:
        assert chunks[-1].finish_reason == "stop" and "Paris" in "".join(c.delta for c in chunks)
        assert not any(c.tool_calls for c in chunks)
    else:
        call = only_call(chunks)
        assert call.name == called
        if called == "open_ticket":
            assert arguments(call) == {"topic": "Paris"}


async def test_a_stream_dying_inside_a_call_yields_no_half_call(http_client: str) -> None:
    async with run_fake_openai(fault="die_mid_stream", fault_after_tokens=2) as fake:
        seen, failure = await chunks_until_failure(model_for(http_client, fake.base_url))
    assert failure is not None and failure.kind == "stream_interrupted"
    assert seen == []  # two of four argument fragments arrived; no call was handed out

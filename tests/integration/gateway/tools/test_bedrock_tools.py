"""Tool calls through the bedrock provider (real aiobotocore) and the fake Bedrock Runtime,
whose ConverseStream frames botocore parses and CRC-checks."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from frontdesk.config import ProviderSettings
from frontdesk.fakes import run_fake_bedrock
from frontdesk.gateway.model import ChatChunk, ChatRequest
from frontdesk.gateway.providers.bedrock import BedrockChatModel
from tests.integration.gateway.tools.cases import (
    QUESTION,
    RESULT,
    WEATHER_ARGUMENTS,
    arguments,
    chunks_until_failure,
    only_call,
    with_result,
)


def model_for(endpoint_url: str) -> BedrockChatModel:
    settings = ProviderSettings(
        endpoint_url=endpoint_url,
        region="eu-west-1",
        aws_access_key_id="AKIDFAKE",
        aws_secret_access_key="fake-secret",
    )
    return BedrockChatModel("anthropic.claude-3-5-haiku-20241022-v1:0", settings)


async def collect(endpoint_url: str, request: ChatRequest) -> list[ChatChunk]:
    seen, failure = await chunks_until_failure(model_for(endpoint_url), request)
    assert failure is None
    return seen


async def test_call_then_result_then_answer() -> None:
    async with run_fake_bedrock() as fake:
        call = only_call(await collect(fake.base_url, QUESTION))
        answer = await collect(fake.base_url, with_result(QUESTION, call))
    assert call.name == "get_weather" and call.id.startswith("tooluse_fake")
    assert arguments(call) == WEATHER_ARGUMENTS
    assert "".join(c.delta for c in answer) == f"The tool answered: {RESULT}"
    assert answer[-1].finish_reason == "stop"

    first, follow_up = (r.json() for r in fake.requests)
    assert first["toolConfig"] == {
        "tools": [
            {
                "toolSpec": {
                    "name": tool.name,
                    "description": tool.description,
                    "inputSchema": {"json": tool.parameters},
                }
            }
            for tool in QUESTION.tools
        ]
    }
    assert follow_up["messages"][-2:] == [
        {
            "role": "assistant",
            "content": [
                {
                    "toolUse": {
                        "toolUseId": call.id,
                        "name": "get_weather",
                        "input": WEATHER_ARGUMENTS,
                    }
                }
            ],
        },
        {
            "role": "user",
            "content": [{"toolResult": {"toolUseId": call.id, "content": [{"text": RESULT}]}}],
        },
    ]


async def test_fragments_arriving_one_by_one_make_one_complete_call() -> None:
    async with run_fake_bedrock(tokens_per_s=100) as fake:
        chunks = await collect(fake.base_url, QUESTION)
    assert arguments(only_call(chunks)) == WEATHER_ARGUMENTS
    assert chunks[-1].usage is not None and chunks[-1].usage.output_tokens == 4


@pytest.mark.parametrize(
    ("choice", "wire", "called"),
    [
        ("open_ticket", {"tool": {"name": "open_ticket"}}, "open_ticket"),
        ("required", {"any": {}}, "get_weather"),
        ("auto", {"auto": {}}, "get_weather"),
    ],
)
async def test_tool_choice(choice: str, wire: Any, called: str) -> None:
    async with run_fake_bedrock() as fake:
        chunks = await collect(fake.base_url, replace(QUESTION, tool_choice=choice))
    assert fake.requests[0].json()["toolConfig"]["toolChoice"] == wire
    assert only_call(chunks).name == called


async def test_choice_none_offers_no_tools_until_the_conversation_has_tool_blocks() -> None:
    async with run_fake_bedrock() as fake:
        chunks = await collect(fake.base_url, replace(QUESTION, tool_choice="none"))
        call = only_call(await collect(fake.base_url, QUESTION))
        await collect(fake.base_url, replace(with_result(QUESTION, call), tool_choice="none"))
    assert "toolConfig" not in fake.requests[0].json()
    assert not any(c.tool_calls for c in chunks) and chunks[-1].finish_reason == "stop"
    # Converse rejects toolUse/toolResult blocks without a toolConfig, and has no "none".
    assert "toolChoice" not in fake.requests[2].json()["toolConfig"]


async def test_a_stream_dying_inside_a_call_yields_no_half_call() -> None:
    async with run_fake_bedrock(fault="die_mid_stream", fault_after_tokens=2) as fake:
        seen, failure = await chunks_until_failure(model_for(fake.base_url))
    assert failure is not None
    assert seen == []

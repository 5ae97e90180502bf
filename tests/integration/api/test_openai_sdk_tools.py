"""Tool calls with the official OpenAI SDK, unchanged, against a real Frontdesk server whose
``openai`` provider points at the fake OpenAI upstream: call, run the tool, answer."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import openai
import pytest

from frontdesk.config import GatewaySettings, ProviderSettings
from frontdesk.fakes.openai_server import FakeOpenAI, run_fake_openai
from frontdesk.fakes.runner import RunningFake
from tests.integration.api.test_openai_sdk import LOCAL, REMOTE, Server, serve
from tests.support.server import make_settings

WEATHER: Any = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
            "required": ["city", "days"],
        },
    },
}
TICKET: Any = {
    "type": "function",
    "function": {
        "name": "open_ticket",
        "parameters": {"properties": {"topic": {"type": "string"}}, "required": ["topic"]},
    },
}
QUESTION: Any = {"role": "user", "content": "What is the weather in Paris?"}
# The fake upstream fills required properties from the schema: strings get the last word.
ARGUMENTS = {"city": "Paris", "days": 1}
RESULT = '{"temperature_c": 21}'


@pytest.fixture
async def upstream() -> AsyncIterator[RunningFake[FakeOpenAI]]:
    async with run_fake_openai() as fake:
        yield fake


@pytest.fixture
async def server(tmp_path: Path, upstream: RunningFake[FakeOpenAI]) -> AsyncIterator[Server]:
    gateway = GatewaySettings(
        providers={"openai": ProviderSettings(base_url=upstream.base_url, timeout_s=5)},
    )
    async with serve(make_settings(tmp_path, gateway=gateway)) as running:
        yield running


async def test_call_then_result_then_answer(
    server: Server, upstream: RunningFake[FakeOpenAI]
) -> None:
    client = server.client(await server.key(models=[REMOTE]))
    reply = await client.chat.completions.create(
        model=REMOTE, messages=[QUESTION], tools=[WEATHER, TICKET]
    )
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    [call] = choice.message.tool_calls or []
    assert call.type == "function" and call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == ARGUMENTS

    replayed: list[Any] = [
        QUESTION,
        choice.message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": RESULT},
    ]
    follow_up = await client.chat.completions.create(
        model=REMOTE, messages=replayed, tools=[WEATHER, TICKET]
    )
    assert follow_up.choices[0].finish_reason == "stop"
    assert follow_up.choices[0].message.content == f"The tool answered: {RESULT}"
    assert not follow_up.choices[0].message.tool_calls

    sent = upstream.requests[1].json()
    assert sent["tools"][1]["function"]["parameters"]["type"] == "object"  # filled in
    assert sent["messages"][-2]["tool_calls"][0]["id"] == call.id
    assert sent["messages"][-1] == {"role": "tool", "tool_call_id": call.id, "content": RESULT}
    calls = await server.model_calls()
    assert [c["tool_calls"] for c in calls] == [1, 0]


async def test_streamed_call_as_the_sdk_accumulates_it(server: Server) -> None:
    client = server.client(await server.key(models=[REMOTE]))
    stream = await client.chat.completions.create(
        model=REMOTE,
        messages=[QUESTION],
        tools=[WEATHER, TICKET],
        tool_choice={"type": "function", "function": {"name": "open_ticket"}},
        stream=True,
        stream_options={"include_usage": True},
    )
    entries, finish = [], None
    async for chunk in stream:
        if chunk.choices:
            entries.extend(chunk.choices[0].delta.tool_calls or [])
            finish = chunk.choices[0].finish_reason or finish
    assert finish == "tool_calls"
    [entry] = entries
    assert entry.index == 0 and entry.type == "function" and entry.id
    assert entry.function is not None and entry.function.name == "open_ticket"
    assert json.loads(entry.function.arguments or "") == {"topic": "Paris"}

    # The SDK's own stream helper assembles the same call from the deltas.
    async with client.chat.completions.stream(
        model=REMOTE, messages=[QUESTION], tools=[WEATHER, TICKET]
    ) as helper:
        final = await helper.get_final_completion()
    [call] = final.choices[0].message.tool_calls or []
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == ARGUMENTS

    replayed: list[Any] = [
        QUESTION,
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": RESULT},
    ]
    answer = await client.chat.completions.create(
        model=REMOTE, messages=replayed, tools=[WEATHER, TICKET], stream=True
    )
    text = "".join([c.choices[0].delta.content or "" async for c in answer if c.choices])
    assert text == f"The tool answered: {RESULT}"


async def test_bad_tools_are_clear_400s(server: Server) -> None:
    client = server.client(await server.key(models=[REMOTE]))
    bad_schema: Any = {
        "type": "function",
        "function": {"name": "f", "parameters": {"type": "object", "required": ["missing"]}},
    }
    with pytest.raises(openai.BadRequestError) as schema:
        await client.chat.completions.create(model=REMOTE, messages=[QUESTION], tools=[bad_schema])
    assert schema.value.code == "invalid_request"
    assert "required names properties it does not define" in schema.value.message
    assert schema.value.param == "tools.0.function.parameters"

    with pytest.raises(openai.BadRequestError) as choice:
        await client.chat.completions.create(
            model=REMOTE,
            messages=[QUESTION],
            tools=[WEATHER],
            tool_choice={"type": "function", "function": {"name": "nosuch"}},
        )
    assert choice.value.param == "tool_choice" and "'nosuch'" in choice.value.message

    orphan_result: list[Any] = [QUESTION, {"role": "tool", "content": RESULT}]
    with pytest.raises(openai.BadRequestError) as orphan:
        await client.chat.completions.create(model=REMOTE, messages=orphan_result)
    assert "tool_call_id" in orphan.value.message
    assert await server.model_calls() == []


async def test_a_model_without_tool_calling_answers_in_text(server: Server) -> None:
    client = server.client(await server.key())
    reply = await client.chat.completions.create(
        model=LOCAL,
        messages=[{"role": "user", "content": "How do I reset the router?"}],
        tools=[WEATHER],
        tool_choice="required",
        extra_body={"knowledge": True},
    )
    assert reply.choices[0].finish_reason == "stop" and not reply.choices[0].message.tool_calls
    assert "RESET" in (reply.choices[0].message.content or "")

"""The anthropic provider against the fake Messages API, over real sockets."""

from __future__ import annotations

from typing import Any

import pytest

from frontdesk.config import ProviderSettings
from frontdesk.fakes import run_fake_anthropic
from frontdesk.gateway.model import ChatChunk, ChatRequest, Message
from frontdesk.gateway.providers.anthropic import AnthropicChatModel
from frontdesk.kit.errors import ProviderError

REQUEST = ChatRequest(
    (
        Message("system", "Be brief. Sources: [1] Router manual."),
        Message("user", "Hi"),
        Message("user", "How do I reset my router?"),
    ),
    max_output_tokens=300,
    stop=("END",),
)


def model_for(http_client: str, base_url: str, **settings: Any) -> AnthropicChatModel:
    settings = {"api_key": "sk-ant-test", **settings}
    return AnthropicChatModel(
        "claude-sonnet-4-0",
        ProviderSettings(base_url=base_url, http_client=http_client, **settings),
    )


async def collect(model: AnthropicChatModel, request: ChatRequest = REQUEST) -> list[ChatChunk]:
    try:
        return [chunk async for chunk in model.stream(request)]
    finally:
        await model.aclose()


async def test_streams_deltas_then_stop_reason_and_usage(http_client: str) -> None:
    async with run_fake_anthropic() as fake:
        chunks = await collect(model_for(http_client, fake.base_url))
    text = "".join(c.delta for c in chunks)
    assert text == (
        "According to the documentation, this is what applies to Hi How do I reset my router [1]."
    )
    final = chunks[-1]
    assert final.finish_reason == "stop"
    assert final.usage is not None
    assert final.usage.input_tokens > 0  # from message_start
    assert final.usage.output_tokens == len(chunks) - 1  # from message_delta


async def test_request_on_the_wire(http_client: str) -> None:
    async with run_fake_anthropic() as fake:
        await collect(model_for(http_client, fake.base_url))
    [sent] = fake.requests
    assert sent.path == "/v1/messages"
    assert sent.headers["x-api-key"] == "sk-ant-test"
    assert sent.headers["anthropic-version"] == "2023-06-01"
    body = sent.json()
    assert body["system"] == "Be brief. Sources: [1] Router manual."
    assert body["messages"] == [{"role": "user", "content": "Hi\n\nHow do I reset my router?"}]
    assert (body["max_tokens"], body["stream"], body["stop_sequences"]) == (300, True, ["END"])


async def test_max_tokens_stop_reason_is_length(http_client: str) -> None:
    async with run_fake_anthropic(answer_tokens=40) as fake:
        chunks = await collect(
            model_for(http_client, fake.base_url), ChatRequest(REQUEST.messages, 4)
        )
    assert [c.finish_reason for c in chunks][-1] == "length"
    assert len(chunks) == 5


async def stream_into(model: AnthropicChatModel, deltas: list[str]) -> None:
    async for chunk in model.stream(REQUEST):
        deltas.append(chunk.delta)


@pytest.mark.parametrize(
    ("fault", "kind", "retryable", "status", "partial"),
    [
        ("http_429", "rate_limited", True, 429, False),
        ("http_529", "server", True, 529, False),  # overloaded
        ("http_500", "server", True, 500, False),
        ("http_401", "auth", False, 401, False),
        ("context_length", "context_length", False, 400, False),
        ("overloaded_event", "server", True, None, True),  # error event after HTTP 200
        ("die_mid_stream", "stream_interrupted", True, None, True),
        ("truncated_sse", "stream_interrupted", True, None, True),
        ("malformed_json", "malformed", False, None, True),
        ("stall", "timeout", True, None, True),
    ],
)
async def test_fault_maps_to_provider_error(
    fault: str, kind: str, retryable: bool, status: int | None, partial: bool, http_client: str
) -> None:
    deltas: list[str] = []
    async with run_fake_anthropic(answer_tokens=10, fault_after_tokens=3) as fake:
        model = model_for(
            http_client, fake.base_url, timeout_s=0.5, headers={"x-fake-fault": fault}
        )
        with pytest.raises(ProviderError) as caught:
            await stream_into(model, deltas)
        await model.aclose()
    error = caught.value
    assert (error.kind, error.retryable, error.status_code) == (kind, retryable, status)
    assert error.provider == "anthropic"
    assert len(deltas) == (3 if partial else 0)
    if fault == "http_429":
        assert error.retry_after == 1.0

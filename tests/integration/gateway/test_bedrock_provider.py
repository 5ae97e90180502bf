"""The bedrock provider (real aiobotocore client) against the fake Bedrock Runtime, which
speaks the binary AWS event-stream framing botocore parses and CRC-checks."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from frontdesk.config import ProviderSettings
from frontdesk.fakes import run_fake_bedrock
from frontdesk.gateway.model import ChatChunk, ChatRequest, Message
from frontdesk.gateway.providers.bedrock import BedrockChatModel
from frontdesk.kit.errors import ProviderError

REQUEST = ChatRequest(
    (Message("system", "Be brief. [1] Router manual."), Message("user", "Reset my router?")),
    max_output_tokens=256,
    temperature=0.1,
    stop=("END",),
)
NOVA = "amazon.nova-pro-v1:0"
PROVISIONED_ARN = "arn:aws:bedrock:eu-west-1:123456789012:provisioned-model/abc"


def model_for(endpoint_url: str, model_id: str = NOVA, **settings: Any) -> BedrockChatModel:
    settings = {
        "region": "eu-west-1",
        "aws_access_key_id": "AKIDFAKE",
        "aws_secret_access_key": "fake-secret",
        **settings,
    }
    return BedrockChatModel(model_id, ProviderSettings(endpoint_url=endpoint_url, **settings))


async def collect(model: BedrockChatModel, request: ChatRequest = REQUEST) -> list[ChatChunk]:
    try:
        return [chunk async for chunk in model.stream(request)]
    finally:
        await model.aclose()


async def test_streams_deltas_then_stop_reason_and_usage() -> None:
    async with run_fake_bedrock() as fake:
        chunks = await collect(model_for(fake.base_url))
    assert "".join(c.delta for c in chunks) == (
        "According to the documentation, this is what applies to Reset my router [1]."
    )
    final = chunks[-1]
    assert final.finish_reason == "stop"
    assert final.usage is not None
    assert final.usage.output_tokens == len(chunks) - 1
    assert final.usage.input_tokens > 0


async def test_request_on_the_wire() -> None:
    async with run_fake_bedrock() as fake:
        await collect(model_for(fake.base_url))
    [sent] = fake.requests
    assert sent.path == f"/model/{NOVA}/converse-stream"
    assert sent.headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDFAKE/")
    assert "/eu-west-1/bedrock/aws4_request" in sent.headers["authorization"]
    body = sent.json()
    assert body["system"] == [{"text": "Be brief. [1] Router manual."}]
    assert body["messages"] == [{"role": "user", "content": [{"text": "Reset my router?"}]}]
    assert body["inferenceConfig"] == {
        "maxTokens": 256,
        "temperature": 0.1,
        "stopSequences": ["END"],
    }


async def test_cached_system_prompt_counts_in_input_and_cached_tokens() -> None:
    async with run_fake_bedrock() as fake:
        plain = await collect(model_for(fake.base_url))
        cached = await collect(model_for(fake.base_url, cache_system_prompt=True))
    assert fake.requests[1].json()["system"][1] == {"cachePoint": {"type": "default"}}
    assert plain[-1].usage is not None
    assert cached[-1].usage is not None
    assert cached[-1].usage.cached_input_tokens > 0
    # Bedrock's inputTokens leaves cached tokens out; ours counts every prompt token.
    assert cached[-1].usage.input_tokens == plain[-1].usage.input_tokens


async def test_model_arn_with_slashes_reaches_the_endpoint_intact() -> None:
    async with run_fake_bedrock() as fake:
        chunks = await collect(model_for(fake.base_url, PROVISIONED_ARN))
    assert chunks[-1].finish_reason == "stop"
    [sent] = fake.requests
    # botocore percent-encodes the whole id, so the ARN's "/" cannot split the path.
    assert sent.raw_path == (
        "/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3Aprovisioned-model%2Fabc"
        "/converse-stream"
    )
    assert sent.path == f"/model/{PROVISIONED_ARN}/converse-stream"


async def test_max_tokens_and_guardrail_stop_reasons() -> None:
    async with run_fake_bedrock(answer_tokens=20) as fake:
        chunks = await collect(model_for(fake.base_url), ChatRequest(REQUEST.messages, 3))
    assert chunks[-1].finish_reason == "length"
    async with run_fake_bedrock(fault="guardrail") as fake:
        chunks = await collect(model_for(fake.base_url))
    assert chunks[-1].finish_reason == "content_filter"


async def stream_into(model: BedrockChatModel, deltas: list[str]) -> None:
    async for chunk in model.stream(REQUEST):
        deltas.append(chunk.delta)


@pytest.mark.parametrize(
    ("fault", "kind", "retryable", "status", "partial"),
    [
        ("http_throttling", "rate_limited", True, 429, False),
        ("http_validation", "context_length", False, 400, False),  # "Input is too long"
        ("http_access_denied", "auth", False, 403, False),
        ("http_not_found", "bad_request", False, 404, False),
        ("http_503", "server", True, 503, False),
        ("throttling_event", "rate_limited", True, None, True),  # exception frame after 200
        ("model_stream_error", "server", True, None, True),
        ("die_mid_stream", "stream_interrupted", True, None, True),
        ("truncated_sse", "stream_interrupted", True, None, True),  # half a frame
        ("invalid_utf8", "invalid_utf8", False, None, True),
        ("stall", "timeout", True, None, True),
    ],
)
async def test_fault_maps_to_provider_error(
    fault: str, kind: str, retryable: bool, status: int | None, partial: bool
) -> None:
    deltas: list[str] = []
    async with run_fake_bedrock(answer_tokens=10, fault_after_tokens=3, fault=fault) as fake:
        model = model_for(fake.base_url, timeout_s=0.5)
        with pytest.raises(ProviderError) as caught:
            await stream_into(model, deltas)
        await model.aclose()
    error = caught.value
    assert (error.kind, error.retryable, error.status_code) == (kind, retryable, status)
    assert error.provider == "bedrock"
    assert len(deltas) == (3 if partial else 0)


async def test_connection_refused_is_a_retryable_connect_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ProviderError) as caught:
        await collect(model_for(f"http://127.0.0.1:{port}"))
    assert (caught.value.kind, caught.value.retryable) == ("connect", True)

"""The openai provider against the fake OpenAI-compatible server, over real sockets."""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any

import pytest

from frontdesk.config import ProviderSettings
from frontdesk.fakes import run_fake_openai
from frontdesk.gateway.model import ChatChunk, ChatRequest, ContextPassage, Message
from frontdesk.gateway.providers.openai import OpenAIChatModel
from frontdesk.kit.errors import ProviderError

REQUEST = ChatRequest(
    (Message("system", "Be brief."), Message("user", "How do I reset my router?")),
    max_output_tokens=200,
    temperature=0.2,
    stop=("\n\n",),
    passages=(ContextPassage(1, "Unplug it for ten seconds.", "Router", "kb/router.md", 0.9),),
)


def model_for(http_client: str, base_url: str, **settings: Any) -> OpenAIChatModel:
    chosen = ProviderSettings(base_url=base_url, http_client=http_client, **settings)
    return OpenAIChatModel("gpt-4o-mini", chosen)


async def collect(model: OpenAIChatModel, request: ChatRequest = REQUEST) -> list[ChatChunk]:
    try:
        return [chunk async for chunk in model.stream(request)]
    finally:
        await model.aclose()


async def test_streams_deltas_then_finish_reason_and_usage(http_client: str) -> None:
    async with run_fake_openai() as fake:
        chunks = await collect(model_for(http_client, fake.base_url, api_key="sk-test"))
    text = "".join(c.delta for c in chunks)
    assert (
        text
        == "According to the documentation, this is what applies to How do I reset my router [1]."
    )
    assert all(c.finish_reason is None for c in chunks[:-1])
    final = chunks[-1]
    assert (final.delta, final.finish_reason) == ("", "stop")
    assert final.usage is not None
    assert final.usage.output_tokens == len(chunks) - 1
    assert final.usage.input_tokens > 0


async def test_request_on_the_wire(http_client: str) -> None:
    async with run_fake_openai() as fake:
        await collect(
            model_for(http_client, fake.base_url, api_key="sk-test", headers={"x-team": "care"})
        )
    [sent] = fake.requests
    assert (sent.method, sent.path) == ("POST", "/v1/chat/completions")
    assert sent.headers["authorization"] == "Bearer sk-test"
    assert sent.headers["x-team"] == "care"
    body = sent.json()
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert (body["model"], body["max_tokens"], body["temperature"]) == ("gpt-4o-mini", 200, 0.2)
    assert body["stop"] == ["\n\n"]
    assert [m["role"] for m in body["messages"]] == ["system", "system", "user"]
    assert "[1] Router (kb/router.md)\nUnplug it for ten seconds." in body["messages"][1]["content"]


async def test_no_authorization_header_without_api_key(http_client: str) -> None:
    async with run_fake_openai() as fake:
        await collect(model_for(http_client, fake.base_url))
    assert "authorization" not in fake.requests[0].headers


async def test_output_cut_by_max_tokens_finishes_with_length(http_client: str) -> None:
    async with run_fake_openai(answer_tokens=50) as fake:
        chunks = await collect(
            model_for(http_client, fake.base_url), ChatRequest(REQUEST.messages, 5)
        )
    assert len(chunks) == 6
    assert chunks[-1].finish_reason == "length"


async def test_pacing_time_to_first_token_and_tokens_per_second(http_client: str) -> None:
    async with run_fake_openai(ttft_ms=150, tokens_per_s=100, answer_tokens=11) as fake:
        model = model_for(http_client, fake.base_url)
        started = time.perf_counter()
        arrivals = [time.perf_counter() - started async for _ in model.stream(REQUEST)]
        await model.aclose()
    assert arrivals[0] >= 0.15
    assert arrivals[-1] - arrivals[0] >= 0.09  # ten more tokens at 100/s


async def test_slow_drip_one_byte_at_a_time_still_parses(http_client: str) -> None:
    async with run_fake_openai(fault="slow_drip", drip_interval_ms=0, answer="Drip, drip.") as fake:
        chunks = await collect(model_for(http_client, fake.base_url))
    assert "".join(c.delta for c in chunks) == "Drip, drip."
    assert chunks[-1].usage is not None


async def test_connection_is_reused_after_done(http_client: str) -> None:
    # The body is drained after [DONE], so the connection goes back to the pool.
    async with run_fake_openai() as fake:
        model = model_for(http_client, fake.base_url)
        for _ in range(3):
            chunks = [c async for c in model.stream(REQUEST)]
            assert chunks[-1].finish_reason == "stop"
        await model.aclose()
    assert len({r.client for r in fake.requests}) == 1


async def test_abandoning_a_stream_leaves_the_model_usable(http_client: str) -> None:
    async with run_fake_openai(answer_tokens=50, tokens_per_s=500) as fake:
        model = model_for(http_client, fake.base_url)
        stream = model.stream(REQUEST)
        assert (await anext(stream)).delta
        await stream.aclose()  # a client hung up mid-answer
        chunks = [c async for c in model.stream(REQUEST)]
        await model.aclose()
    assert chunks[-1].finish_reason == "stop"
    assert len(chunks) == 51


async def stream_into(model: OpenAIChatModel, deltas: list[str]) -> None:
    async for chunk in model.stream(REQUEST):
        deltas.append(chunk.delta)


@pytest.mark.parametrize(
    ("fault", "kind", "retryable", "status", "partial"),
    [
        ("http_429", "rate_limited", True, 429, False),
        ("http_500", "server", True, 500, False),
        ("http_503", "server", True, 503, False),
        ("http_401", "auth", False, 401, False),
        ("context_length", "context_length", False, 400, False),
        ("content_filter", "content_filter", False, 400, False),
        ("wrong_content_type", "wrong_content_type", False, 200, False),
        ("malformed_json", "malformed", False, None, True),
        ("die_mid_stream", "stream_interrupted", True, None, True),
        ("truncated_sse", "stream_interrupted", True, None, True),
        ("invalid_utf8", "invalid_utf8", False, None, True),
        ("error_event", "server", True, None, True),  # {"error": ...} as a data line
        ("stall", "timeout", True, None, True),
        ("timeout_first_byte", "timeout", True, None, False),
    ],
)
async def test_fault_maps_to_provider_error(
    fault: str, kind: str, retryable: bool, status: int | None, partial: bool, http_client: str
) -> None:
    deltas: list[str] = []
    async with run_fake_openai(answer_tokens=10, fault_after_tokens=3) as fake:
        # timeout_s bounds each read, so stall faults fail fast; the fault header is sent
        # per request, the way a benchmark mixes faults into one run.
        fault_header = {"x-fake-fault": fault}
        model = model_for(http_client, fake.base_url, timeout_s=0.5, headers=fault_header)
        with pytest.raises(ProviderError) as caught:
            await stream_into(model, deltas)
        await model.aclose()
    error = caught.value
    assert (error.kind, error.retryable, error.status_code) == (kind, retryable, status)
    assert error.provider == "openai"
    assert len(deltas) == (3 if partial else 0)  # the tokens before the fault did arrive
    if fault == "http_429":
        assert error.retry_after == 1.0


async def test_connection_refused_is_a_retryable_connect_error(http_client: str) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago and is closed now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ProviderError) as caught:
        await collect(model_for(http_client, f"http://127.0.0.1:{port}/v1"))
    assert (caught.value.kind, caught.value.retryable) == ("connect", True)


async def test_unresolvable_host_is_a_retryable_connect_error(http_client: str) -> None:
    with pytest.raises(ProviderError) as caught:
        await collect(model_for(http_client, "http://nonexistent.invalid/v1", connect_timeout_s=2))
    assert (caught.value.kind, caught.value.retryable) == ("connect", True)


async def test_concurrent_streams_stay_within_max_connections(http_client: str) -> None:
    # 40 connections are split over three small pools (see sharded_transport); together
    # they must still never open more than 40.
    async with run_fake_openai(answer_tokens=5, tokens_per_s=100) as fake:
        model = model_for(http_client, fake.base_url, max_connections=40)
        results = await asyncio.gather(*(collect_once(model) for _ in range(100)))
        await model.aclose()
    assert all(final.finish_reason == "stop" for final in results)
    assert len({r.client for r in fake.requests}) <= 40


async def collect_once(model: OpenAIChatModel) -> ChatChunk:
    return [chunk async for chunk in model.stream(REQUEST)][-1]

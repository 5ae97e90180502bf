"""The fakes themselves: wire formats, recording, per-request faults, the CLI."""

from __future__ import annotations

import asyncio
import base64
import socket
import struct
import sys

import httpx
import orjson
import pytest

from frontdesk.fakes import FakeOpenAI, run_fake_anthropic, run_fake_bedrock, run_fake_openai

CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Where is my parcel?"}]}


async def test_openai_stream_is_in_openai_chunk_format() -> None:
    async with run_fake_openai(answer="Hi there.") as fake, httpx.AsyncClient() as client:
        body = {**CHAT, "stream": True, "stream_options": {"include_usage": True}}
        response = await client.post(f"{fake.base_url}/chat/completions", json=body)
    assert response.headers["content-type"].startswith("text/event-stream")
    events = response.text.split("\n\n")
    assert events[-2:] == ["data: [DONE]", ""]
    chunks = [orjson.loads(e.removeprefix("data: ")) for e in events[:-2]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": "", "refusal": None}
    assert [c["choices"][0]["delta"]["content"] for c in chunks[1:3]] == ["Hi ", "there."]
    assert chunks[3]["choices"][0] == {
        "index": 0,
        "delta": {},
        "logprobs": None,
        "finish_reason": "stop",
    }
    assert chunks[4]["choices"] == []
    assert chunks[4]["usage"]["completion_tokens"] == 2
    assert all(c["usage"] is None for c in chunks[:4])


async def test_openai_non_streaming_models_and_embeddings() -> None:
    async with run_fake_openai(answer="Tomorrow.") as fake, httpx.AsyncClient() as client:
        completion = (await client.post(f"{fake.base_url}/chat/completions", json=CHAT)).json()
        models = (await client.get(f"{fake.base_url}/models")).json()
        floats = await client.post(
            f"{fake.base_url}/embeddings", json={"input": ["a b", "c"], "dimensions": 8}
        )
        packed = await client.post(
            f"{fake.base_url}/embeddings",
            json={"input": "a b", "dimensions": 8, "encoding_format": "base64"},
        )
    assert completion["object"] == "chat.completion"
    assert completion["choices"][0]["message"]["content"] == "Tomorrow."
    assert "gpt-4o" in {m["id"] for m in models["data"]}
    vectors = [d["embedding"] for d in floats.json()["data"]]
    assert [len(v) for v in vectors] == [8, 8]
    decoded = struct.unpack("<8f", base64.b64decode(packed.json()["data"][0]["embedding"]))
    assert decoded == pytest.approx(vectors[0])


async def test_requests_are_recorded_and_served_over_http() -> None:
    async with run_fake_openai(max_recorded=2) as fake, httpx.AsyncClient() as client:
        for n in range(3):
            message = {"role": "user", "content": f"question {n}"}
            await client.post(
                f"{fake.base_url}/chat/completions", json={**CHAT, "messages": [message]}
            )
        listed = (await client.get(f"{fake.url}/_fake/requests")).json()
        assert [r.json()["messages"][0]["content"] for r in fake.requests] == [
            "question 1",
            "question 2",
        ]  # bounded: the oldest fell out
        assert [orjson.loads(r["body"])["messages"][0]["content"] for r in listed] == [
            "question 1",
            "question 2",
        ]
        await client.delete(f"{fake.url}/_fake/requests")
        assert fake.requests == []


async def test_fault_header_applies_to_one_request_only() -> None:
    async with run_fake_openai() as fake, httpx.AsyncClient() as client:
        url = f"{fake.base_url}/chat/completions"
        limited = await client.post(url, json=CHAT, headers={"x-fake-fault": "http_429"})
        fine = await client.post(url, json=CHAT)
        unknown = await client.post(url, json=CHAT, headers={"x-fake-fault": "nope"})
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "1")
    assert limited.json()["error"]["code"] == "rate_limit_exceeded"
    assert fine.status_code == 200
    assert unknown.status_code == 400


def test_unknown_constructor_fault_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        FakeOpenAI(fault="http_999")


async def test_anthropic_event_sequence() -> None:
    body = {"model": "claude", "max_tokens": 100, "stream": True, "messages": CHAT["messages"]}
    async with run_fake_anthropic(answer="Hi there.") as fake, httpx.AsyncClient() as client:
        response = await client.post(
            f"{fake.base_url}/v1/messages", json=body, headers={"anthropic-version": "2023-06-01"}
        )
        missing_version = await client.post(f"{fake.base_url}/v1/messages", json=body)
    names = [e.split("\n")[0].removeprefix("event: ") for e in response.text.split("\n\n") if e]
    assert names == [
        "message_start",
        "content_block_start",
        "ping",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    assert missing_version.status_code == 400


async def test_bedrock_http_error_names_its_type_in_the_header() -> None:
    async with run_fake_bedrock(fault="http_throttling") as fake, httpx.AsyncClient() as client:
        response = await client.post(f"{fake.base_url}/model/m/converse-stream", json={})
    assert response.status_code == 429
    assert response.headers["x-amzn-errortype"].startswith("ThrottlingException:")


async def test_cli_serves_a_fake_as_its_own_process() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "frontdesk.fakes", "openai", "--port", str(port), "--ttft-ms", "1"
    )
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(100):  # wait for startup, at most ~10 s
                try:
                    response = await client.get(f"http://127.0.0.1:{port}/v1/models")
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.1)
            else:
                pytest.fail("the fake did not start")
        assert response.status_code == 200
    finally:
        process.terminate()
        await process.wait()

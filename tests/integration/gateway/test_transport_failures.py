"""Failures the two HTTP libraries report differently, mapped to the same errors."""

from __future__ import annotations

import asyncio

import pytest

from frontdesk.fakes import run_fake_openai
from frontdesk.kit.errors import ProviderError
from tests.integration.gateway.test_openai_provider import REQUEST, collect, model_for, stream_into


async def test_a_base_url_without_http_scheme_is_not_retryable(http_client: str) -> None:
    with pytest.raises(ProviderError) as caught:
        await collect(model_for(http_client, "ftp://127.0.0.1:1/v1"))
    assert (caught.value.kind, caught.value.retryable) == ("connect", False)


async def test_no_pooled_connection_in_time_is_a_timeout(http_client: str) -> None:
    # The only connection is held by a stream its reader paused; the second request waits
    # for the pool no longer than timeout_s (httpx: pool timeout, aiohttp: connect timeout).
    # (Paced, because aiohttp frees a connection as soon as the whole body has arrived.)
    async with run_fake_openai(answer_tokens=40, tokens_per_s=20) as fake:
        model = model_for(http_client, fake.base_url, max_connections=1, timeout_s=0.5)
        holder = model.stream(REQUEST)
        first = await anext(holder)
        assert first.delta
        try:
            with pytest.raises(ProviderError) as caught:
                await stream_into(model, [])
        finally:
            await holder.aclose()
            await model.aclose()
    assert (caught.value.kind, caught.value.retryable) == ("timeout", True)


async def test_a_body_that_does_not_gunzip_is_malformed(http_client: str) -> None:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
            b"content-encoding: gzip\r\ntransfer-encoding: chunked\r\n\r\n"
            b"10\r\nthis is not gzip\r\n0\r\n\r\n"
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        with pytest.raises(ProviderError) as caught:
            await collect(model_for(http_client, f"http://127.0.0.1:{port}/v1"))
    assert (caught.value.kind, caught.value.retryable) == ("malformed", False)

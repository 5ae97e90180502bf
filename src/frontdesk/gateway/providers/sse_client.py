"""One pooled HTTP client per model, and a POST that yields Server-Sent Events.

Everything that can go wrong between "send the request" and "the last event arrived" is
translated here into :class:`ProviderError`, so a provider module only reads events.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from typing import Any

import httpx
import orjson

from frontdesk.config import ProviderSettings
from frontdesk.gateway.providers.http_errors import error_for_transport, malformed
from frontdesk.gateway.providers.sharded_transport import ShardedTransport
from frontdesk.gateway.sse import ServerSentEvent, SSEDecoder, SSELineTooLongError
from frontdesk.kit.errors import ProviderError

# (status, headers, body) of a failed response → the provider's reading of it.
ErrorClassifier = Callable[[int, httpx.Headers, bytes], ProviderError]

# After the terminal event the rest of the body (normally just the chunked-encoding end) is
# read so the connection goes back to the pool; a server that keeps it open gets this long.
_DRAIN_TIMEOUT_S = 0.5


def build_client(
    settings: ProviderSettings, *, base_url: str, headers: Mapping[str, str]
) -> httpx.AsyncClient:
    """The model's client. Extra settings: ``proxy`` (URL) and ``ca_bundle`` (a PEM file
    for upstreams behind a private CA). Proxy environment variables are not read: like
    all configuration, proxies come from settings."""
    extras = settings.model_extra or {}
    ca_bundle = extras.get("ca_bundle")
    transport = ShardedTransport(
        max_connections=settings.max_connections,
        proxy=extras.get("proxy"),
        verify=ssl.create_default_context(cafile=str(ca_bundle)) if ca_bundle else True,
    )
    timeout = httpx.Timeout(
        connect=settings.connect_timeout_s,
        read=settings.timeout_s,
        write=settings.timeout_s,
        pool=settings.timeout_s,
    )
    return httpx.AsyncClient(
        base_url=base_url.rstrip("/"), headers=dict(headers), timeout=timeout, transport=transport
    )


async def stream_sse(
    client: httpx.AsyncClient,
    path: str,
    body: object,
    *,
    provider: str,
    classify_error: ErrorClassifier,
    is_terminal: Callable[[ServerSentEvent], bool],
) -> AsyncGenerator[ServerSentEvent, None]:
    """POST ``body`` as JSON and yield events up to and including the terminal one.

    Returns normally when the body ends, terminal event or not: whether an early end is an
    error is the protocol's call. Use with :func:`contextlib.aclosing`.
    """
    content = orjson.dumps(body)
    headers = {"content-type": "application/json", "accept": "text/event-stream"}
    try:
        async with client.stream("POST", path, content=content, headers=headers) as response:
            if response.status_code >= 400:
                raise classify_error(response.status_code, response.headers, await response.aread())
            content_type = response.headers.get("content-type", "")
            if not content_type.lower().startswith("text/event-stream"):
                raise ProviderError(
                    f"{provider} answered a stream with content type {content_type!r}",
                    provider=provider,
                    status_code=response.status_code,
                    kind="wrong_content_type",
                )
            decoder = SSEDecoder()
            chunks = response.aiter_bytes()
            async for data in chunks:
                for event in decoder.feed(data):
                    yield event
                    if is_terminal(event):
                        await _drain(chunks)
                        return
            for event in decoder.finish():
                yield event
    except httpx.HTTPError as exc:
        raise error_for_transport(provider, exc) from exc
    except UnicodeDecodeError as exc:
        raise ProviderError(
            f"{provider} sent invalid UTF-8 at byte {exc.start} of a read",
            provider=provider,
            kind="invalid_utf8",
        ) from exc
    except SSELineTooLongError as exc:
        raise malformed(provider, str(exc)) from exc


async def _drain(chunks: AsyncIterator[bytes]) -> None:
    with contextlib.suppress(httpx.HTTPError, TimeoutError):
        async with asyncio.timeout(_DRAIN_TIMEOUT_S):
            async for _ in chunks:
                pass


def parse_json_object(provider: str, data: str) -> dict[str, Any]:
    """An event's data as a JSON object, or a ``malformed`` error."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise malformed(provider, f"invalid JSON ({exc})") from exc
    if not isinstance(value, dict):
        raise malformed(provider, "event data is not a JSON object")
    return value

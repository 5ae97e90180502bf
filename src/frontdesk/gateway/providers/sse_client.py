"""One pooled HTTP client per model, and a POST that yields Server-Sent Events.

Everything that can go wrong between "send the request" and "the last event arrived" is
translated here into :class:`ProviderError`, so a provider module only reads events. Which
HTTP library carries the bytes is the extra setting ``http_client`` (see
:data:`HTTP_CLIENTS`); the code below only sees the :mod:`.http_transport` port.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from typing import Any

import orjson

from frontdesk.config import ProviderSettings
from frontdesk.gateway.providers.aiohttp_transport import AiohttpStreamingClient
from frontdesk.gateway.providers.http_errors import error_for_transport, malformed
from frontdesk.gateway.providers.http_transport import (
    StreamingHttpClient,
    TransportConfig,
    TransportError,
)
from frontdesk.gateway.providers.httpx_transport import HttpxStreamingClient
from frontdesk.gateway.sse import ServerSentEvent, SSEDecoder, SSELineTooLongError
from frontdesk.kit.errors import ConfigError, ProviderError

# (status, headers, body) of a failed response → the provider's reading of it.
ErrorClassifier = Callable[[int, Mapping[str, str], bytes], ProviderError]

# Adapters by the name used in the ``http_client`` setting.
HTTP_CLIENTS: dict[str, Callable[[TransportConfig], StreamingHttpClient]] = {
    "aiohttp": AiohttpStreamingClient,
    "httpx": HttpxStreamingClient,
}
DEFAULT_HTTP_CLIENT = "aiohttp"

# After the terminal event the rest of the body (normally just the chunked-encoding end) is
# read so the connection goes back to the pool; a server that keeps it open gets this long.
_DRAIN_TIMEOUT_S = 0.5


def build_client(
    settings: ProviderSettings, *, base_url: str, headers: Mapping[str, str]
) -> StreamingHttpClient:
    """The model's client. Extra settings: ``http_client`` (a key of :data:`HTTP_CLIENTS`),
    ``proxy`` and ``ca_bundle`` (see :meth:`TransportConfig.from_settings`)."""
    name = str((settings.model_extra or {}).get("http_client") or DEFAULT_HTTP_CLIENT)
    factory = HTTP_CLIENTS.get(name)
    if factory is None:
        raise ConfigError(f"unknown http_client {name!r}; known: {sorted(HTTP_CLIENTS)}")
    return factory(TransportConfig.from_settings(settings, base_url=base_url, headers=headers))


async def stream_sse(
    client: StreamingHttpClient,
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
        async with client.post_stream(path, content, headers) as response:
            if response.status >= 400:
                raise classify_error(response.status, response.headers, await response.read_body())
            content_type = response.headers.get("content-type", "")
            if not content_type.lower().startswith("text/event-stream"):
                raise ProviderError(
                    f"{provider} answered a stream with content type {content_type!r}",
                    provider=provider,
                    status_code=response.status,
                    kind="wrong_content_type",
                )
            decoder = SSEDecoder()
            async for data in response.chunks:
                for event in decoder.feed(data):
                    yield event
                    if is_terminal(event):
                        await _drain(response.chunks)
                        return
            for event in decoder.finish():
                yield event
    except TransportError as exc:
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
    with contextlib.suppress(TransportError, TimeoutError):
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

"""The aiohttp adapter of :class:`~.http_transport.StreamingHttpClient`, the default.

aiohttp parses HTTP in C (llhttp), which matters for SSE: every token is its own chunk.
Under load httpx/httpcore spent ~130 µs of event-loop CPU per chunk in h11; see
``bench/gateway_transport.py`` for the comparison.

The session belongs to the event loop it was made in, so it is created on first use, inside
the running loop, not when the model is constructed.
"""

from __future__ import annotations

import contextlib
import functools
import ssl
from collections.abc import AsyncIterator, Mapping

import aiohttp
import certifi
from aiohttp.http_exceptions import ContentEncodingError
from yarl import URL

from frontdesk.gateway.providers.http_transport import (
    StreamResponse,
    TransportConfig,
    TransportError,
    TransportFailure,
)

# aiohttp exception class → our kind (see TransportError.of).
_FAILURES: dict[type[BaseException], TransportFailure] = {
    aiohttp.ConnectionTimeoutError: "connect_timeout",  # also: no pooled connection in time
    aiohttp.ServerTimeoutError: "read_timeout",  # sock_read
    aiohttp.ClientConnectorError: "connect",  # DNS, refused, TLS, proxy
    aiohttp.InvalidURL: "bad_url",
    aiohttp.NonHttpUrlClientError: "bad_url",
    ContentEncodingError: "undecodable",  # the cause of a ClientPayloadError
    # Everything else (payload incomplete, server disconnected, reset, a response that
    # does not parse as HTTP) means the peer broke the exchange: "interrupted".
}


def translate(exc: aiohttp.ClientError) -> TransportError:
    return TransportError.of(exc, _FAILURES)


@functools.cache
def _default_ssl_context() -> ssl.SSLContext:
    # certifi, as httpx uses, so switching adapters does not change which CAs are trusted;
    # shared because loading the bundle takes ~40 ms.
    return ssl.create_default_context(cafile=certifi.where())


class AiohttpStreamingClient:
    def __init__(self, config: TransportConfig) -> None:
        self._config = config
        self._session: aiohttp.ClientSession | None = None
        self._urls: dict[str, URL] = {}  # path → parsed URL; providers use one or two paths

    def _open(self) -> aiohttp.ClientSession:
        config = self._config
        if config.ca_bundle:
            ssl_context = ssl.create_default_context(cafile=config.ca_bundle)
        else:
            ssl_context = _default_ssl_context()
        connector = aiohttp.TCPConnector(
            limit=config.max_connections, limit_per_host=0, ssl=ssl_context
        )
        timeout = aiohttp.ClientTimeout(
            total=None,  # streams last as long as the answer; each read is bounded instead
            connect=config.read_timeout_s,  # waiting for a free pooled connection (+ DNS)
            sock_connect=config.connect_timeout_s,
            sock_read=config.read_timeout_s,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            headers=dict(config.headers),
            timeout=timeout,
            proxy=config.proxy,
            trust_env=False,  # proxies come from settings, not the environment
        )
        return self._session

    def _url(self, path: str) -> URL:
        url = self._urls.get(path)
        if url is None:
            try:
                url = URL(self._config.base_url + path)
            except ValueError as exc:  # e.g. a non-numeric port
                raise TransportError("bad_url", str(exc)) from exc
            self._urls[path] = url
        return url

    @contextlib.asynccontextmanager
    async def post_stream(
        self, path: str, content: bytes, headers: Mapping[str, str]
    ) -> AsyncIterator[StreamResponse]:
        url = self._url(path)
        session = self._session or self._open()
        try:
            async with session.post(url, data=content, headers=dict(headers)) as response:
                yield StreamResponse(
                    status=response.status,
                    headers=response.headers,
                    chunks=_chunks(response.content),
                    read_body=lambda: _read_body(response),
                )
        except aiohttp.ClientError as exc:
            raise translate(exc) from exc

    async def aclose(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()


async def _chunks(content: aiohttp.StreamReader) -> AsyncIterator[bytes]:
    # One HTTP chunk at a time, as httpx delivers them, not readany()'s "all that arrived":
    # a server sends an event per chunk, so the events before a bad one (invalid UTF-8)
    # are still decoded and yielded before the decoder fails on the bad one.
    try:
        while True:
            data, end_of_chunk = await content.readchunk()
            if data:
                yield data
            elif not end_of_chunk:  # (b"", False) is the end of the body
                return
    except aiohttp.ClientError as exc:
        raise translate(exc) from exc


async def _read_body(response: aiohttp.ClientResponse) -> bytes:
    try:
        return await response.read()
    except aiohttp.ClientError as exc:
        raise translate(exc) from exc

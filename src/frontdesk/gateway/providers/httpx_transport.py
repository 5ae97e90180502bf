"""The httpx adapter of :class:`~.http_transport.StreamingHttpClient`.

Pure Python end to end (h11 parses every chunk), so it costs more event-loop CPU per SSE
chunk than the aiohttp adapter; kept for deployments that need httpx's proxy support
(SOCKS) or want to rule out the other library when chasing a bug.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import AsyncIterator, Mapping

import httpx

from frontdesk.gateway.providers.http_transport import (
    StreamResponse,
    TransportConfig,
    TransportError,
    TransportFailure,
)
from frontdesk.gateway.providers.sharded_transport import ShardedTransport

# httpx exception class → our kind (see TransportError.of).
_FAILURES: dict[type[BaseException], TransportFailure] = {
    httpx.ConnectTimeout: "connect_timeout",
    httpx.TimeoutException: "read_timeout",  # read, write and pool timeouts
    httpx.ConnectError: "connect",
    httpx.UnsupportedProtocol: "bad_url",
    httpx.InvalidURL: "bad_url",
    httpx.DecodingError: "undecodable",
}


def translate(exc: httpx.HTTPError | httpx.InvalidURL) -> TransportError:
    return TransportError.of(exc, _FAILURES)


class HttpxStreamingClient:
    def __init__(self, config: TransportConfig) -> None:
        verify = ssl.create_default_context(cafile=config.ca_bundle) if config.ca_bundle else True
        transport = ShardedTransport(
            max_connections=config.max_connections, proxy=config.proxy, verify=verify
        )
        timeout = httpx.Timeout(
            connect=config.connect_timeout_s,
            read=config.read_timeout_s,
            write=config.read_timeout_s,
            pool=config.read_timeout_s,
        )
        self._client = httpx.AsyncClient(
            base_url=config.base_url,
            headers=dict(config.headers),
            timeout=timeout,
            transport=transport,
        )

    @contextlib.asynccontextmanager
    async def post_stream(
        self, path: str, content: bytes, headers: Mapping[str, str]
    ) -> AsyncIterator[StreamResponse]:
        try:
            request = self._client.stream("POST", path, content=content, headers=dict(headers))
            async with request as response:
                yield StreamResponse(
                    status=response.status_code,
                    headers=response.headers,
                    chunks=_chunks(response),
                    read_body=lambda: _read_body(response),
                )
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise translate(exc) from exc

    async def aclose(self) -> None:
        await self._client.aclose()


async def _chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for data in response.aiter_bytes():
            yield data
    except httpx.HTTPError as exc:
        raise translate(exc) from exc


async def _read_body(response: httpx.Response) -> bytes:
    try:
        return await response.aread()
    except httpx.HTTPError as exc:
        raise translate(exc) from exc

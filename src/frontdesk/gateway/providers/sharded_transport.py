"""An httpx transport that spreads requests over several small connection pools.

httpcore 1.0.9 (our pin) re-scans every pooled connection for every queued request each
time a request starts or ends (encode/httpcore#1035, fixed only in later forks). With one
pool of 1,000 connections that bookkeeping dominates: 1,000 concurrent streams at 50
tokens/s from the fake upstream took 32 s instead of 2.2 s. Pools of at most
``SHARD_CONNECTIONS`` keep each scan short; a request goes to the pool with the fewest
requests in flight, so the total connection limit is still honoured.
"""

from __future__ import annotations

import math
import ssl
from collections.abc import AsyncIterator, Callable

import httpx

SHARD_CONNECTIONS = 16


class ShardedTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        *,
        max_connections: int,
        proxy: str | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        count = max(1, math.ceil(max_connections / SHARD_CONNECTIONS))
        if verify is True:  # one context for all shards: loading the CA bundle takes ~40 ms
            verify = httpx.create_ssl_context()
        # Split the limit exactly: 40 over three pools is 14 + 13 + 13, never 42.
        sizes = [max_connections // count + (i < max_connections % count) for i in range(count)]
        self._shards = [
            httpx.AsyncHTTPTransport(
                limits=httpx.Limits(max_connections=size, max_keepalive_connections=size),
                proxy=proxy,
                verify=verify,
            )
            for size in sizes
        ]
        self._in_flight = [0] * count

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        index = min(range(len(self._shards)), key=self._in_flight.__getitem__)
        self._in_flight[index] += 1
        try:
            response = await self._shards[index].handle_async_request(request)
        except BaseException:
            self._in_flight[index] -= 1
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)  # an async transport's
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_ReleasingStream(response.stream, lambda: self._release(index)),
            extensions=response.extensions,
        )

    def _release(self, index: int) -> None:
        self._in_flight[index] -= 1

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()


class _ReleasingStream(httpx.AsyncByteStream):
    """A response body that tells its pool when it is closed, exactly once."""

    def __init__(self, stream: httpx.AsyncByteStream, release: Callable[[], None]) -> None:
        self._stream = stream
        self._release: Callable[[], None] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        if self._release is not None:
            self._release()
            self._release = None
        await self._stream.aclose()

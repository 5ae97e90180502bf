"""The port between streaming providers and an HTTP library.

Providers speak SSE over a POST; which library carries the bytes (aiohttp, httpx) is a
setting. An adapter implements :class:`StreamingHttpClient` and turns every failure of its
library into a :class:`TransportError` with one of a few library-neutral kinds, so the
mapping to :class:`~frontdesk.kit.errors.ProviderError` is decided once, in
:mod:`~frontdesk.gateway.providers.http_errors`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Literal, Protocol

from frontdesk.config import ProviderSettings

TransportFailure = Literal[
    "connect_timeout",  # no connection within connect_timeout_s
    "read_timeout",  # a read (or the wait for a pooled connection) exceeded timeout_s
    "connect",  # DNS, refused, TLS: a new attempt may reach another host or a healed one
    "bad_url",  # misconfigured base_url: trying again cannot help
    "undecodable",  # a content-encoding the library could not undo
    "interrupted",  # the peer hung up or broke HTTP framing mid-response
]


class TransportError(Exception):
    """A failure below HTTP, in library-neutral terms."""

    def __init__(self, kind: TransportFailure, detail: str) -> None:
        super().__init__(detail)
        self.kind: TransportFailure = kind
        self.detail = detail

    @classmethod
    def of(
        cls, exc: Exception, kinds: Mapping[type[BaseException], TransportFailure]
    ) -> TransportError:
        """``exc`` of an HTTP library, named by the most specific of its classes found in
        ``kinds``, looking at its cause first (aiohttp wraps a decoding failure in a generic
        payload error); anything unlisted means the peer broke the exchange."""
        interrupted: TransportFailure = "interrupted"
        classes = (*type(exc.__cause__).__mro__, *type(exc).__mro__)
        kind = next((kinds[c] for c in classes if c in kinds), interrupted)
        return cls(kind, str(exc) or type(exc).__name__)


@dataclass(frozen=True, slots=True)
class StreamResponse:
    """A response whose headers have arrived and whose body has not been read yet.

    Read the body either through ``chunks`` (as it arrives) or ``read_body()`` (whole,
    for error bodies), not both. Both raise :class:`TransportError` on failure.
    """

    status: int
    headers: Mapping[str, str]  # names looked up case-insensitively
    chunks: AsyncIterator[bytes]
    read_body: Callable[[], Awaitable[bytes]]


class StreamingHttpClient(Protocol):
    """One connection pool, owned by one model instance."""

    def post_stream(
        self, path: str, content: bytes, headers: Mapping[str, str]
    ) -> AbstractAsyncContextManager[StreamResponse]:
        """POST ``content`` to base URL + ``path``. Leaving the context returns the
        connection to the pool when the body was read to the end, else closes it."""
        ...

    async def aclose(self) -> None: ...


@dataclass(frozen=True, slots=True)
class TransportConfig:
    base_url: str  # without a trailing slash; paths start with one
    headers: Mapping[str, str]  # sent with every request
    connect_timeout_s: float
    read_timeout_s: float  # per read, and for a connection from a full pool
    max_connections: int
    proxy: str | None = None
    ca_bundle: str | None = None  # PEM file, for upstreams behind a private CA

    @classmethod
    def from_settings(
        cls, settings: ProviderSettings, *, base_url: str, headers: Mapping[str, str]
    ) -> TransportConfig:
        """Extra settings ``proxy`` (URL) and ``ca_bundle``. Proxy environment variables
        are not read: like all configuration, proxies come from settings."""
        extras = settings.model_extra or {}
        proxy, ca_bundle = extras.get("proxy"), extras.get("ca_bundle")
        return cls(
            base_url=base_url.rstrip("/"),
            headers=dict(headers),
            connect_timeout_s=settings.connect_timeout_s,
            read_timeout_s=settings.timeout_s,
            max_connections=settings.max_connections,
            proxy=str(proxy) if proxy else None,
            ca_bundle=str(ca_bundle) if ca_bundle else None,
        )

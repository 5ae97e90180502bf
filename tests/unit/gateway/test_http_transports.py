"""Choosing the HTTP library of an SSE provider, and naming its failures."""

from __future__ import annotations

import aiohttp
import httpx
import pytest

from frontdesk.config import ProviderSettings
from frontdesk.gateway.providers.aiohttp_transport import AiohttpStreamingClient
from frontdesk.gateway.providers.aiohttp_transport import translate as from_aiohttp
from frontdesk.gateway.providers.http_errors import error_for_transport
from frontdesk.gateway.providers.http_transport import TransportError, TransportFailure
from frontdesk.gateway.providers.httpx_transport import HttpxStreamingClient
from frontdesk.gateway.providers.httpx_transport import translate as from_httpx
from frontdesk.gateway.providers.sse_client import build_client
from frontdesk.kit.errors import ConfigError


async def test_aiohttp_is_the_default() -> None:
    client = build_client(ProviderSettings(), base_url="http://x", headers={})
    assert isinstance(client, AiohttpStreamingClient)
    await client.aclose()


async def test_httpx_is_chosen_by_name() -> None:
    settings = ProviderSettings(http_client="httpx")
    client = build_client(settings, base_url="http://x", headers={})
    assert isinstance(client, HttpxStreamingClient)
    await client.aclose()


def test_unknown_library_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="urllib3"):
        build_client(ProviderSettings(http_client="urllib3"), base_url="http://x", headers={})


def test_aiohttp_session_waits_for_a_running_loop() -> None:
    # Models are built while configuration loads, before the server's loop runs.
    client = build_client(ProviderSettings(), base_url="http://x", headers={})
    assert isinstance(client, AiohttpStreamingClient)
    assert client._session is None


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (aiohttp.ConnectionTimeoutError(), "connect_timeout"),
        (aiohttp.SocketTimeoutError(), "read_timeout"),
        (aiohttp.NonHttpUrlClientError("ftp://x"), "bad_url"),
        (aiohttp.ClientPayloadError("Response payload is not completed"), "interrupted"),
        (aiohttp.ServerDisconnectedError(), "interrupted"),
    ],
)
# Connector errors need a live connection key; the integration tests cover them for real.
def test_aiohttp_failures(exc: aiohttp.ClientError, kind: TransportFailure) -> None:
    assert from_aiohttp(exc).kind == kind


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (httpx.ConnectTimeout("t"), "connect_timeout"),
        (httpx.ReadTimeout("t"), "read_timeout"),
        (httpx.PoolTimeout("t"), "read_timeout"),
        (httpx.ConnectError("refused"), "connect"),
        (httpx.UnsupportedProtocol("ftp"), "bad_url"),
        (httpx.DecodingError("gzip"), "undecodable"),
        (httpx.RemoteProtocolError("peer closed"), "interrupted"),
    ],
)
def test_httpx_failures(exc: httpx.HTTPError, kind: TransportFailure) -> None:
    assert from_httpx(exc).kind == kind


@pytest.mark.parametrize(
    ("failure", "kind", "retryable"),
    [
        ("connect_timeout", "timeout", True),
        ("read_timeout", "timeout", True),
        ("connect", "connect", True),
        ("bad_url", "connect", False),
        ("undecodable", "malformed", False),
        ("interrupted", "stream_interrupted", True),
    ],
)
def test_transport_failure_kinds(failure: TransportFailure, kind: str, retryable: bool) -> None:
    error = error_for_transport("openai", TransportError(failure, "detail"))
    assert (error.kind, error.retryable, error.provider) == (kind, retryable, "openai")

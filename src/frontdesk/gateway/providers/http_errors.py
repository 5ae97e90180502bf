"""Translation of HTTP-level failures into :class:`ProviderError`, shared by HTTP providers.

Each provider reads its own error body (the wire format differs) and names the condition it
recognises; everything about *status codes* and *transport failures* is decided here once,
so every provider agrees on what is retryable.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from datetime import UTC, datetime

import httpx

from frontdesk.kit.clock import utcnow
from frontdesk.kit.errors import ProviderError

# Upstream messages are kept short: they end up in logs and API errors.
_MAX_MESSAGE_CHARS = 300


def parse_retry_after(headers: Mapping[str, str], *, now: datetime | None = None) -> float | None:
    """Seconds to wait, from ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date).

    ``headers`` must look names up case-insensitively (httpx) or hold them lower-cased
    (botocore).
    """
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or utcnow())).total_seconds())


def error_for_status(
    provider: str,
    status: int,
    headers: httpx.Headers,
    message: str,
    *,
    kind: str | None = None,
) -> ProviderError:
    """The error for an HTTP status; ``kind`` overrides the status-derived kind when the
    provider recognised the body (context length, content filter)."""
    message = f"{provider} returned HTTP {status}: {message[:_MAX_MESSAGE_CHARS]}".rstrip(": ")
    retry_after = parse_retry_after(headers)
    if kind is not None:
        retryable = kind in {"rate_limited", "server", "timeout"}
    elif status == 429:
        kind, retryable = "rate_limited", True
    elif status == 408:
        kind, retryable = "timeout", True
    elif status >= 500:  # includes Anthropic's 529 "overloaded"
        kind, retryable = "server", True
    elif status in (401, 403):
        kind, retryable = "auth", False
    elif status == 413:
        kind, retryable = "context_length", False
    else:
        kind, retryable = "bad_request", False
    return ProviderError(
        message,
        provider=provider,
        retryable=retryable,
        status_code=status,
        retry_after=retry_after,
        kind=kind,
    )


def error_for_transport(provider: str, exc: httpx.HTTPError) -> ProviderError:
    """The error for a failure below HTTP: DNS, refused connection, timeouts, a peer that
    hung up mid-body."""
    if isinstance(exc, httpx.TimeoutException):
        phase = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for data"
        return ProviderError(
            f"{provider} timed out {phase}", provider=provider, retryable=True, kind="timeout"
        )
    if isinstance(exc, httpx.ConnectError):
        return ProviderError(
            f"cannot connect to {provider}: {exc}",
            provider=provider,
            retryable=True,
            kind="connect",
        )
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        # A misconfigured base_url: trying again cannot help.
        return ProviderError(
            f"bad {provider} base_url: {exc}", provider=provider, retryable=False, kind="connect"
        )
    if isinstance(exc, httpx.DecodingError):
        return ProviderError(
            f"{provider} sent an undecodable body: {exc}", provider=provider, kind="malformed"
        )
    return interrupted(provider, str(exc) or type(exc).__name__)


def interrupted(provider: str, detail: str) -> ProviderError:
    return ProviderError(
        f"{provider} stream ended early: {detail}",
        provider=provider,
        retryable=True,
        kind="stream_interrupted",
    )


def malformed(provider: str, detail: str) -> ProviderError:
    return ProviderError(
        f"{provider} sent a malformed event: {detail[:_MAX_MESSAGE_CHARS]}",
        provider=provider,
        kind="malformed",
    )

"""Translation of HTTP-level failures into :class:`ProviderError`, shared by HTTP providers.

Each provider reads its own error body (the wire format differs) and names the condition it
recognises; everything about *status codes* and *transport failures* is decided here once,
so every provider agrees on what is retryable.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from datetime import UTC, datetime

from frontdesk.gateway.providers.http_transport import TransportError, TransportFailure
from frontdesk.kit.clock import utcnow
from frontdesk.kit.errors import ProviderError

# Upstream messages are kept short: they end up in logs and API errors.
_MAX_MESSAGE_CHARS = 300


def parse_retry_after(headers: Mapping[str, str], *, now: datetime | None = None) -> float | None:
    """Seconds to wait, from ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date).

    ``headers`` must look names up case-insensitively (httpx, aiohttp) or hold them
    lower-cased (botocore).
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
    headers: Mapping[str, str],
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


def error_for_transport(provider: str, exc: TransportError) -> ProviderError:
    """The error for a failure below HTTP: DNS, refused connection, timeouts, a peer that
    hung up mid-body. Adapters already named the failure; this decides what it means."""
    if exc.kind == "interrupted":
        return interrupted(provider, exc.detail)
    template, kind, retryable = _TRANSPORT_FAILURES[exc.kind]
    return ProviderError(
        template.format(provider=provider, detail=exc.detail),
        provider=provider,
        retryable=retryable,
        kind=kind,
    )


# Transport failure → (message, ProviderError kind, retryable).
_TRANSPORT_FAILURES: dict[TransportFailure, tuple[str, str, bool]] = {
    "connect_timeout": ("{provider} timed out connecting", "timeout", True),
    "read_timeout": ("{provider} timed out waiting for data", "timeout", True),
    "connect": ("cannot connect to {provider}: {detail}", "connect", True),
    # A misconfigured base_url: trying again cannot help.
    "bad_url": ("bad {provider} base_url: {detail}", "connect", False),
    "undecodable": ("{provider} sent an undecodable body: {detail}", "malformed", False),
}


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

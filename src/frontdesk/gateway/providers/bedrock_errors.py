"""Translation of botocore and aiohttp failures from Bedrock Runtime into ProviderError.

Bedrock names errors by exception code, both in HTTP responses (``ThrottlingException``) and
in event-stream exception frames (``throttlingException``), so codes compare lower-cased.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from botocore.eventstream import ParserError
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
    ResponseStreamingError,
)
from botocore.parsers import ResponseParserError

from frontdesk.gateway.providers.http_errors import interrupted, malformed, parse_retry_after
from frontdesk.kit.errors import ProviderError

PROVIDER = "bedrock"

# lower-cased exception code → (kind, retryable)
_CODES: dict[str, tuple[str, bool]] = {
    "throttlingexception": ("rate_limited", True),
    "servicequotaexceededexception": ("rate_limited", False),
    "serviceunavailableexception": ("server", True),
    "internalserverexception": ("server", True),
    "modelstreamerrorexception": ("server", True),
    "modelnotreadyexception": ("server", True),
    "modeltimeoutexception": ("timeout", True),
    "modelerrorexception": ("server", False),
    "accessdeniedexception": ("auth", False),
    "unrecognizedclientexception": ("auth", False),
    "expiredtokenexception": ("auth", False),
    "invalidsignatureexception": ("auth", False),
    "resourcenotfoundexception": ("bad_request", False),
    "validationexception": ("bad_request", False),
}
_CONTEXT_HINTS = ("too long", "context", "too many tokens", "maximum tokens")


def translate(exc: BaseException) -> ProviderError | None:
    """The ProviderError for an SDK or transport failure, or None if ``exc`` is not one."""
    if isinstance(exc, ClientError):
        return _client_error(exc)
    if isinstance(exc, ConnectTimeoutError | ReadTimeoutError | TimeoutError):
        return ProviderError(
            f"{PROVIDER} timed out: {exc}", provider=PROVIDER, retryable=True, kind="timeout"
        )
    if isinstance(exc, EndpointConnectionError):
        return ProviderError(
            f"cannot connect to {PROVIDER}: {exc}",
            provider=PROVIDER,
            retryable=True,
            kind="connect",
        )
    if isinstance(exc, NoCredentialsError | PartialCredentialsError | ProfileNotFound):
        return ProviderError(f"{PROVIDER} credentials: {exc}", provider=PROVIDER, kind="auth")
    if isinstance(exc, UnicodeDecodeError):  # botocore decodes event payloads as UTF-8
        return ProviderError(
            f"{PROVIDER} sent invalid UTF-8 in an event", provider=PROVIDER, kind="invalid_utf8"
        )
    if isinstance(exc, ParserError | ResponseParserError):
        return malformed(PROVIDER, str(exc))
    if isinstance(exc, ConnectionClosedError | ResponseStreamingError | aiohttp.ClientError):
        return interrupted(PROVIDER, str(exc) or type(exc).__name__)
    if isinstance(exc, BotoCoreError):
        return ProviderError(f"{PROVIDER}: {exc}", provider=PROVIDER, retryable=True)
    return None


def _client_error(exc: ClientError) -> ProviderError:
    response: dict[str, Any] = exc.response
    error = response.get("Error") or {}
    code = str(error.get("Code") or "")
    message = str(error.get("Message") or "")[:300]
    metadata = response.get("ResponseMetadata") or {}
    status = metadata.get("HTTPStatusCode")
    kind, retryable = _CODES.get(code.lower(), ("server", True) if _is_5xx(status) else ("", False))
    if not kind:
        kind = "bad_request"
    if code.lower() == "validationexception" and any(h in message.lower() for h in _CONTEXT_HINTS):
        kind = "context_length"
    return ProviderError(
        f"{PROVIDER} {code}: {message}",
        provider=PROVIDER,
        retryable=retryable,
        status_code=status if isinstance(status, int) else None,
        retry_after=parse_retry_after(metadata.get("HTTPHeaders") or {}),
        kind=kind,
    )


def _is_5xx(status: object) -> bool:
    return isinstance(status, int) and status >= 500

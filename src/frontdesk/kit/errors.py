"""One error tree for the whole product.

Every error a caller can see is a :class:`FrontdeskError` with a stable ``code``; the API
renders it as ``{"error": {"code", "message", "details"}}`` with ``status``. Adapters translate
driver and SDK exceptions into these types at the boundary so domain code never sees them.
"""

from __future__ import annotations

from typing import Any


class FrontdeskError(Exception):
    code = "internal"
    status = 500

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return {"error": body}


class InvalidInput(FrontdeskError):
    code = "invalid_input"
    status = 422


class Unauthorized(FrontdeskError):
    code = "unauthorized"
    status = 401


class Forbidden(FrontdeskError):
    code = "forbidden"
    status = 403


class NotFound(FrontdeskError):
    code = "not_found"
    status = 404


class Conflict(FrontdeskError):
    code = "conflict"
    status = 409


class PayloadTooLarge(FrontdeskError):
    code = "payload_too_large"
    status = 413


class RateLimited(FrontdeskError):
    code = "rate_limited"
    status = 429


class Unavailable(FrontdeskError):
    code = "unavailable"
    status = 503


class ConfigError(FrontdeskError):
    """A configuration file is wrong; the message names the file and line."""

    code = "config_error"
    status = 500

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
        super().__init__(f"{where}{message}", details={"path": path, "line": line})
        self.path = path
        self.line = line


class UnsupportedDocument(InvalidInput):
    """A file could not be parsed as the format its name or content claims."""

    code = "unsupported_document"


class ProviderError(FrontdeskError):
    """A model provider failed. ``retryable`` tells wrappers whether trying again may help."""

    code = "provider_error"
    status = 502

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        retryable: bool = False,
        status_code: int | None = None,
        retry_after: float | None = None,
        kind: str = "error",
    ) -> None:
        super().__init__(
            message,
            details={"provider": provider, "kind": kind, "upstream_status": status_code},
        )
        self.provider = provider
        self.retryable = retryable
        self.status_code = status_code
        self.retry_after = retry_after
        self.kind = kind


class UnknownModel(InvalidInput):
    code = "unknown_model"


class LimitExceeded(RateLimited):
    """A budget or quota refused a request. ``limit`` names it (``cost_day``,
    ``requests_minute``...), ``scope`` says whose it is (``tenant:acme``, ``key:key_1``)."""

    code = "limit_exceeded"

    def __init__(self, *, limit: str, scope: str, retry_after: float, limit_value: int) -> None:
        super().__init__(
            f"{scope} reached its {limit} limit ({limit_value}); retry in {retry_after:.0f} s",
            details={
                "limit": limit,
                "scope": scope,
                "retry_after": retry_after,
                "limit_value": limit_value,
            },
        )
        self.limit = limit
        self.scope = scope
        self.retry_after = retry_after
        self.limit_value = limit_value

"""Errors of the OpenAI-compatible routes in OpenAI's shape, which the official SDKs parse:
``{"error": {"message", "type", "code", "param"}}``.

The rest of the API keeps Frontdesk's own error shape; these routes translate at the edge.
"""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import ValidationError

from frontdesk.kit.errors import FrontdeskError, LimitExceeded, UnknownModel

_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "invalid_request_error",
    413: "invalid_request_error",
    422: "invalid_request_error",
    429: "rate_limit_error",
}


class OpenAIError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        param: str | None = None,
        *,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.param = param
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        kind = _TYPES.get(self.status, "api_error")
        return {
            "error": {"message": self.message, "type": kind, "code": self.code, "param": self.param}
        }

    def response(self) -> JSONResponse:
        headers = None
        if self.status in (429, 503):
            headers = {"Retry-After": str(max(1, math.ceil(self.retry_after or 1)))}
        return JSONResponse(self.body(), status_code=self.status, headers=headers)

    def sse(self) -> str:
        return f"data: {json.dumps(self.body())}\n\n"


def from_frontdesk(exc: FrontdeskError) -> OpenAIError:
    if isinstance(exc, UnknownModel):
        return OpenAIError(404, "model_not_found", exc.message, "model")
    if isinstance(exc, LimitExceeded):
        return OpenAIError(429, exc.code, exc.message, exc.limit, retry_after=exc.retry_after)
    status = 400 if exc.status == 422 else exc.status
    return OpenAIError(status, exc.code, exc.message)


def from_validation(exc: ValidationError) -> OpenAIError:
    first = exc.errors()[0]
    param = ".".join(str(p) for p in first["loc"]) or None
    message = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()[:5]
    )
    return OpenAIError(400, "invalid_request", message, param)


def unsupported(param: str) -> OpenAIError:
    what = {
        "functions": "the deprecated functions field is not supported; send tools instead",
        "function_call": "the deprecated function_call is not supported; use tool_choice",
        "n": "only n=1 is supported",
        "response_format": "only response_format type 'text' is supported",
    }
    return OpenAIError(400, "unsupported", what.get(param, f"{param} is not supported"), param)

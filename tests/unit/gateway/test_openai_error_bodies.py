"""Error bodies of the servers the openai provider talks to, as they are sent."""

from __future__ import annotations

import httpx
import orjson
import pytest

from frontdesk.gateway.providers.openai import classify_error


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (  # OpenAI
            400,
            {
                "error": {
                    "message": "…",
                    "type": "invalid_request_error",
                    "code": "context_length_exceeded",
                }
            },
            "context_length",
        ),
        (  # vLLM: no code, only words
            400,
            {
                "object": "error",
                "message": "This model's maximum context length is 4096 tokens. However, you"
                " requested 5000 tokens.",
                "type": "BadRequestError",
                "code": 400,
            },
            "context_length",
        ),
        (  # llama.cpp server
            400,
            {
                "error": {
                    "code": 400,
                    "message": "the request exceeds the available context size",
                    "type": "exceed_context_size_error",
                }
            },
            "context_length",
        ),
        (  # Azure OpenAI content filter
            400,
            {"error": {"message": "filtered", "type": None, "code": "content_filter"}},
            "content_filter",
        ),
        (400, {"error": "model 'llama9' not found"}, "bad_request"),  # Ollama: error is a string
        (
            404,
            {"error": {"message": "The model does not exist", "code": "model_not_found"}},
            "bad_request",
        ),
        (401, {"error": {"message": "bad key", "code": "invalid_api_key"}}, "auth"),
        (502, "<html>Bad gateway</html>", "server"),  # a proxy's page, not JSON
    ],
)
def test_error_body_kinds(status: int, body: object, kind: str) -> None:
    raw = body.encode() if isinstance(body, str) else orjson.dumps(body)
    assert classify_error(status, httpx.Headers(), raw).kind == kind

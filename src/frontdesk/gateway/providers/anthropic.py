"""Anthropic Messages API, streamed over plain HTTP (no SDK).

``POST {base_url}/v1/messages`` with ``stream: true``. The event sequence is
``message_start`` (input usage) → ``content_block_*`` (text deltas, tool calls) →
``message_delta`` (stop reason, output usage) → ``message_stop``; ``ping`` keeps the line
alive and ``error`` reports a failure after the HTTP status was already 200. Tool calls: see
:mod:`.anthropic_tools`.

Extra setting ``headers``: extra request headers (``anthropic-beta``, a proxy's auth).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Mapping
from typing import Any

import orjson

from frontdesk.config import ProviderSettings
from frontdesk.gateway.model import ChatChunk, ChatRequest, FinishReason, Usage
from frontdesk.gateway.providers.anthropic_tools import add_tools, wire_messages
from frontdesk.gateway.providers.http_errors import error_for_status, interrupted, malformed
from frontdesk.gateway.providers.sse_client import build_client, parse_json_object, stream_sse
from frontdesk.gateway.providers.tool_calls import ToolCallAssembler
from frontdesk.gateway.providers.turns import split_system
from frontdesk.gateway.registry import ProviderRegistry
from frontdesk.kit.errors import ProviderError

PROVIDER = "anthropic"
DEFAULT_BASE_URL = "https://api.anthropic.com"
API_VERSION = "2023-06-01"
KNOWN_MODELS = (
    "claude-opus-4-1",
    "claude-opus-4-0",
    "claude-sonnet-4-5",
    "claude-sonnet-4-0",
    "claude-3-7-sonnet-latest",
    "claude-3-5-haiku-latest",
)

_STOP_REASONS: dict[str, FinishReason] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "tool_use": "tool_calls",
    "pause_turn": "stop",
    "max_tokens": "length",
    "refusal": "content_filter",
}
# Error ``type`` values → (kind, retryable), for error bodies and mid-stream error events.
_ERROR_TYPES: dict[str, tuple[str, bool]] = {
    "overloaded_error": ("server", True),
    "api_error": ("server", True),
    "rate_limit_error": ("rate_limited", True),
    "authentication_error": ("auth", False),
    "permission_error": ("auth", False),
    "request_too_large": ("context_length", False),
    "not_found_error": ("bad_request", False),
    "invalid_request_error": ("bad_request", False),
}


class AnthropicChatModel:
    def __init__(self, model_id: str, settings: ProviderSettings) -> None:
        self._model_id = model_id
        extras = settings.model_extra or {}
        headers = {str(k): str(v) for k, v in (extras.get("headers") or {}).items()}
        headers["anthropic-version"] = API_VERSION
        if settings.api_key:
            headers["x-api-key"] = settings.api_key
        base_url = settings.base_url or DEFAULT_BASE_URL
        self._client = build_client(settings, base_url=base_url, headers=headers)

    @property
    def name(self) -> str:
        return f"{PROVIDER}:{self._model_id}"

    async def stream(self, request: ChatRequest) -> AsyncGenerator[ChatChunk, None]:
        reader = _EventReader()
        events = stream_sse(
            self._client,
            "/v1/messages",
            self._body(request),
            provider=PROVIDER,
            classify_error=classify_error,
            is_terminal=lambda event: event.event == "message_stop",
        )
        async with contextlib.aclosing(events):
            async for event in events:
                payload = parse_json_object(PROVIDER, event.data)
                chunk = reader.read(payload.get("type") or event.event, payload)
                if chunk is not None:
                    yield chunk
        if not reader.stopped:
            raise interrupted(PROVIDER, "no message_stop event")

    def _body(self, request: ChatRequest) -> dict[str, Any]:
        system = split_system(request).system
        body: dict[str, Any] = {
            "model": self._model_id,
            "max_tokens": request.max_output_tokens,
            "messages": wire_messages(request),
            "stream": True,
        }
        if system:
            body["system"] = system
        if request.temperature is not None:
            body["temperature"] = request.temperature
        if request.stop:
            body["stop_sequences"] = list(request.stop)
        add_tools(body, request)
        return body

    async def aclose(self) -> None:
        await self._client.aclose()


class _EventReader:
    def __init__(self) -> None:
        self.finish_reason: FinishReason = "stop"
        self.stopped = False
        self._input_tokens = 0
        self._cache_read_tokens = 0
        self._cache_write_tokens = 0
        self._output_tokens = 0
        self._tool_calls = ToolCallAssembler(PROVIDER)

    def read(self, event_type: str, payload: dict[str, Any]) -> ChatChunk | None:
        """Consume one event; returns what it brings the caller, if anything."""
        try:
            if event_type == "content_block_delta":
                return self._read_delta(int(payload.get("index", 0)), payload["delta"])
            if event_type == "content_block_start":
                self._read_block_start(int(payload.get("index", 0)), payload["content_block"])
            elif event_type == "content_block_stop":
                call = self._tool_calls.finish(int(payload.get("index", 0)))
                return ChatChunk(tool_calls=(call,)) if call is not None else None
            elif event_type == "message_start":
                self._read_usage(payload["message"].get("usage") or {})
            elif event_type == "message_delta":
                reason = (payload.get("delta") or {}).get("stop_reason")
                if reason:
                    self.finish_reason = _STOP_REASONS.get(reason, "stop")
                self._read_usage(payload.get("usage") or {})
            elif event_type == "message_stop":
                self.stopped = True
                return ChatChunk(finish_reason=self.finish_reason, usage=self.usage())
            elif event_type == "error":
                raise _error_event(payload.get("error") or {})
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise malformed(PROVIDER, f"unexpected {event_type} event ({exc})") from exc
        return None  # ping and future event types bring nothing

    def _read_delta(self, index: int, delta: dict[str, Any]) -> ChatChunk | None:
        if delta.get("type") == "text_delta" and delta.get("text"):
            return ChatChunk(delta=str(delta["text"]))
        if delta.get("type") == "input_json_delta" and index in self._tool_calls:
            self._tool_calls.add(index, str(delta.get("partial_json") or ""))
        return None  # thinking and signature deltas are not part of the answer

    def _read_block_start(self, index: int, block: dict[str, Any]) -> None:
        if block.get("type") != "tool_use":
            return
        self._tool_calls.start(index, block.get("id"), block.get("name"))
        if block.get("input"):  # streamed input starts empty; a non-empty one is complete
            self._tool_calls.add(index, orjson.dumps(block["input"]).decode())

    def _read_usage(self, usage: dict[str, Any]) -> None:
        # message_delta usage is cumulative, so later values replace earlier ones.
        if "input_tokens" in usage:
            self._input_tokens = int(usage["input_tokens"] or 0)
        if "cache_read_input_tokens" in usage:
            self._cache_read_tokens = int(usage["cache_read_input_tokens"] or 0)
        if "cache_creation_input_tokens" in usage:
            self._cache_write_tokens = int(usage["cache_creation_input_tokens"] or 0)
        if "output_tokens" in usage:
            self._output_tokens = int(usage["output_tokens"] or 0)

    def usage(self) -> Usage:
        # Anthropic's input_tokens excludes cached tokens; ours counts every prompt token
        # (OpenAI's convention) and reports the cached share separately.
        total_input = self._input_tokens + self._cache_read_tokens + self._cache_write_tokens
        return Usage(total_input, self._output_tokens, self._cache_read_tokens)


def classify_error(status: int, headers: Mapping[str, str], body: bytes) -> ProviderError:
    try:
        error = orjson.loads(body).get("error") or {}
        error_type, message = str(error.get("type") or ""), str(error.get("message") or "")
    except (orjson.JSONDecodeError, AttributeError):
        error_type, message = "", body[:300].decode("utf-8", "replace")
    kind = _kind_for(error_type, message) if status < 500 and status != 429 else None
    return error_for_status(PROVIDER, status, headers, message, kind=kind)


def _kind_for(error_type: str, message: str) -> str | None:
    if error_type == "invalid_request_error" and "too long" in message.lower():
        return "context_length"  # "prompt is too long: 210000 tokens > 200000 maximum"
    known = _ERROR_TYPES.get(error_type)
    return known[0] if known else None


def _error_event(error: dict[str, Any]) -> ProviderError:
    error_type = str(error.get("type") or "")
    message = str(error.get("message") or error_type)
    kind = _kind_for(error_type, message) or "server"
    retryable = _ERROR_TYPES.get(error_type, ("server", True))[1]
    return ProviderError(
        f"{PROVIDER} stream error {error_type}: {message[:300]}",
        provider=PROVIDER,
        retryable=retryable,
        kind=kind,
    )


def register(registry: ProviderRegistry) -> None:
    registry.register(
        PROVIDER, AnthropicChatModel, known_models=KNOWN_MODELS, accepts_any_model=True
    )

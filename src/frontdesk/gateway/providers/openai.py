"""OpenAI-compatible chat completions: OpenAI, vLLM, Ollama, llama.cpp server, Mistral.

Streams ``POST {base_url}/chat/completions`` with ``stream_options.include_usage`` so the
last chunk carries token usage. Extra settings:

* ``max_tokens_field``: ``max_completion_tokens`` (OpenAI's current name, required by its
  reasoning models) is the default for api.openai.com, ``max_tokens`` elsewhere, since older
  self-hosted servers only know that one.
* ``headers``: extra request headers (a gateway's own auth header, OpenRouter's referer).

Tool calls: see :mod:`.openai_tools`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Mapping
from typing import Any

import orjson

from frontdesk.config import ProviderSettings
from frontdesk.gateway.model import ChatChunk, ChatRequest, FinishReason, Usage
from frontdesk.gateway.providers.http_errors import error_for_status, interrupted, malformed
from frontdesk.gateway.providers.openai_tools import add_tools, read_tool_deltas, wire_message
from frontdesk.gateway.providers.sse_client import build_client, parse_json_object, stream_sse
from frontdesk.gateway.providers.tool_calls import ToolCallAssembler
from frontdesk.gateway.providers.turns import messages_with_passages
from frontdesk.gateway.registry import ProviderRegistry
from frontdesk.kit.errors import ProviderError

PROVIDER = "openai"
DEFAULT_BASE_URL = "https://api.openai.com/v1"
KNOWN_MODELS = (
    "gpt-4o",
    "gpt-4o-mini",
    "gpt-4.1",
    "gpt-4.1-mini",
    "gpt-4.1-nano",
    "o3",
    "o3-mini",
    "o4-mini",
)

_FINISH_REASONS: dict[str, FinishReason] = {
    "stop": "stop",
    "length": "length",
    "content_filter": "content_filter",
    "tool_calls": "tool_calls",
    "function_call": "tool_calls",  # the deprecated functions API's name for it
}
_CONTEXT_CODES = {"context_length_exceeded", "string_above_max_length"}
_FILTER_CODES = {"content_policy_violation", "content_filter"}
# Self-hosted servers say it in words only: vLLM "maximum context length is 4096 tokens",
# llama.cpp "exceeds the available context size".
_CONTEXT_PHRASES = ("maximum context length", "context size", "context window")


class OpenAIChatModel:
    def __init__(self, model_id: str, settings: ProviderSettings) -> None:
        self._model_id = model_id
        base_url = (settings.base_url or DEFAULT_BASE_URL).rstrip("/")
        extras = settings.model_extra or {}
        default_field = "max_completion_tokens" if base_url == DEFAULT_BASE_URL else "max_tokens"
        self._max_tokens_field = str(extras.get("max_tokens_field") or default_field)
        headers = {str(k): str(v) for k, v in (extras.get("headers") or {}).items()}
        if settings.api_key:
            headers["authorization"] = f"Bearer {settings.api_key}"
        self._client = build_client(settings, base_url=base_url, headers=headers)

    @property
    def name(self) -> str:
        return f"{PROVIDER}:{self._model_id}"

    async def stream(self, request: ChatRequest) -> AsyncGenerator[ChatChunk, None]:
        reader = _ChunkReader()
        finished = False
        events = stream_sse(
            self._client,
            "/chat/completions",
            self._body(request),
            provider=PROVIDER,
            classify_error=classify_error,
            is_terminal=lambda event: event.data == "[DONE]",
        )
        async with contextlib.aclosing(events):
            async for event in events:
                if event.data == "[DONE]":
                    finished = True
                    for chunk in reader.final_chunks():
                        yield chunk
                    continue  # let the reader drain the connection back into the pool
                for chunk in reader.read(parse_json_object(PROVIDER, event.data)):
                    yield chunk
        if finished:
            return
        if reader.finish_reason is None:
            raise interrupted(PROVIDER, "no finish_reason and no [DONE]")
        for chunk in reader.final_chunks():  # finished but the server omitted [DONE]: tolerated
            yield chunk

    def _body(self, request: ChatRequest) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self._model_id,
            "messages": [wire_message(m) for m in messages_with_passages(request)],
            "stream": True,
            "stream_options": {"include_usage": True},
            self._max_tokens_field: request.max_output_tokens,
        }
        if request.temperature is not None:
            body["temperature"] = request.temperature
        if request.stop:
            body["stop"] = list(request.stop)
        add_tools(body, request)
        return body

    async def aclose(self) -> None:
        await self._client.aclose()


class _ChunkReader:
    """Reads ``chat.completion.chunk`` objects; remembers finish reason and usage, which
    arrive in separate chunks (usage comes last, with an empty ``choices``)."""

    def __init__(self) -> None:
        self.finish_reason: FinishReason | None = None
        self.usage: Usage | None = None
        self._tool_calls = ToolCallAssembler(PROVIDER)

    def read(self, chunk: dict[str, Any]) -> list[ChatChunk]:
        if "error" in chunk:  # vLLM and proxies report late failures inside the stream
            raise _error_in_stream(chunk["error"])
        try:
            chunks: list[ChatChunk] = []
            for choice in chunk.get("choices") or ():
                if choice.get("index", 0) != 0:
                    continue
                delta = choice.get("delta") or {}
                if delta.get("content"):
                    chunks.append(ChatChunk(delta=str(delta["content"])))
                read_tool_deltas(self._tool_calls, delta.get("tool_calls") or [])
                reason = choice.get("finish_reason")
                if reason:
                    self.finish_reason = _FINISH_REASONS.get(reason, "stop")
                    chunks.extend(self._completed_calls())
            usage = chunk.get("usage")
            if usage:
                details = usage.get("prompt_tokens_details") or {}
                self.usage = Usage(
                    input_tokens=int(usage.get("prompt_tokens") or 0),
                    output_tokens=int(usage.get("completion_tokens") or 0),
                    cached_input_tokens=int(details.get("cached_tokens") or 0),
                )
        except (AttributeError, TypeError, ValueError) as exc:
            raise malformed(PROVIDER, f"unexpected chunk shape ({exc})") from exc
        return chunks

    def final_chunks(self) -> list[ChatChunk]:
        chunks = self._completed_calls()  # normally handed out with the finish_reason already
        reason = self.finish_reason or "stop"
        if self._tool_calls.completed and reason == "stop":
            # OpenAI says "stop" when tool_choice forced a function; the port says what it is.
            reason = "tool_calls"
        return [*chunks, ChatChunk(finish_reason=reason, usage=self.usage)]

    def _completed_calls(self) -> list[ChatChunk]:
        return [ChatChunk(tool_calls=(call,)) for call in self._tool_calls.finish_all()]


def classify_error(status: int, headers: Mapping[str, str], body: bytes) -> ProviderError:
    try:
        parsed = orjson.loads(body)
        error = parsed.get("error", parsed)  # vLLM puts the fields at the top level
    except (orjson.JSONDecodeError, AttributeError):
        error = body[:300].decode("utf-8", "replace")
    message, code = _error_fields(error)
    kind = _kind_for_code(code)
    if kind is None and status == 400 and any(p in message.lower() for p in _CONTEXT_PHRASES):
        kind = "context_length"
    return error_for_status(PROVIDER, status, headers, message, kind=kind)


def _error_in_stream(error: Any) -> ProviderError:
    message, code = _error_fields(error)
    kind = _kind_for_code(code) or "server"
    return ProviderError(
        f"{PROVIDER} reported an error mid-stream: {message[:300]}",
        provider=PROVIDER,
        retryable=kind == "server",
        kind=kind,
    )


def _error_fields(error: Any) -> tuple[str, str]:
    """``(message, code)`` of an ``{"error": ...}`` value; servers differ in which of
    ``code`` and ``type`` they fill, so either may name the condition."""
    if isinstance(error, str):
        return error, ""
    if not isinstance(error, dict):
        return "", ""
    code = str(error.get("code") or "")
    if code not in _CONTEXT_CODES | _FILTER_CODES:
        code = str(error.get("type") or code)
    return str(error.get("message") or ""), code


def _kind_for_code(code: str) -> str | None:
    if code in _CONTEXT_CODES:
        return "context_length"
    if code in _FILTER_CODES:
        return "content_filter"
    return None


def register(registry: ProviderRegistry) -> None:
    registry.register(PROVIDER, OpenAIChatModel, known_models=KNOWN_MODELS, accepts_any_model=True)

"""A fake OpenAI-compatible upstream: chat completions (streamed and not), models, embeddings.

Streams are byte-for-byte in OpenAI's chunk format, with ``stream_options.include_usage``
honoured and ``max_tokens``/``max_completion_tokens`` cutting the answer (finish reason
``length``). Besides the stream faults of :mod:`frontdesk.fakes.behaviour` it knows the
HTTP faults ``http_429``, ``http_500``, ``http_503``, ``http_401``, ``context_length`` and
``content_filter``, and ``error_event`` (a ``data: {"error": ...}`` line mid-stream, as vLLM
and proxies send when generation fails after the 200). Tool calls: see :mod:`.tool_answer`.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson

from frontdesk.fakes import openai_embeddings
from frontdesk.fakes.asgi import Receive, Scope, Send, send_json
from frontdesk.fakes.base import FakeUpstream
from frontdesk.fakes.behaviour import STREAM_FAULTS, FakeBehaviour, compose_answer, count_tokens
from frontdesk.fakes.openai_tools import requested_call, tool_result, wire_call
from frontdesk.fakes.recording import RecordedRequest
from frontdesk.fakes.runner import RunningFake, serve_in_process
from frontdesk.fakes.stream_player import TOKEN_SLOT, StreamScript, play, token_framer
from frontdesk.fakes.tool_answer import FakeToolCall, quote_tool_result


def _error(message: str, type_: str, code: str | None, param: str | None = None) -> Any:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


HTTP_FAULTS: dict[str, tuple[int, list[tuple[bytes, bytes]], Any]] = {
    "http_429": (
        429,
        [(b"retry-after", b"1")],
        _error("Rate limit reached for requests", "requests", "rate_limit_exceeded"),
    ),
    "http_500": (500, [], _error("The server had an error", "server_error", None)),
    "http_503": (503, [], _error("The engine is currently overloaded", "server_error", None)),
    "http_401": (
        401,
        [],
        _error("Incorrect API key provided", "invalid_request_error", "invalid_api_key"),
    ),
    "context_length": (
        400,
        [],
        _error(
            "This model's maximum context length is 128000 tokens. However, your messages"
            " resulted in 131072 tokens. Please reduce the length of the messages.",
            "invalid_request_error",
            "context_length_exceeded",
            "messages",
        ),
    ),
    "content_filter": (
        400,
        [],
        _error(
            "Your request was rejected as a result of our safety system.",
            "invalid_request_error",
            "content_policy_violation",
        ),
    ),
}
FAULTS = STREAM_FAULTS | HTTP_FAULTS.keys() | {"error_event"}
_ERROR_EVENT = (
    b"data: "
    + orjson.dumps(_error("The server had an error processing your request.", "server_error", None))
    + b"\n\n"
)
MODELS = ("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o4-mini", "fake-model")


class FakeOpenAI(FakeUpstream):
    """The ASGI app. ``requests`` holds what it received, oldest first."""

    FAULTS = frozenset(FAULTS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        recorded = await self.intercept(scope, receive, send)
        if recorded is None:
            return
        path, method = scope["path"], scope["method"]
        route = path.removeprefix("/v1")
        if method == "POST" and route == "/chat/completions":
            await self._chat(scope, recorded, receive, send)
        elif method == "POST" and route == "/embeddings":
            await openai_embeddings.respond(recorded, send)
        elif method == "GET" and route == "/models":
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in MODELS]
            await send_json(send, 200, {"object": "list", "data": data})
        else:
            await send_json(
                send, 404, _error(f"Unknown route {method} {path}", "invalid_request_error", None)
            )

    async def _chat(
        self, scope: Scope, recorded: RecordedRequest, receive: Receive, send: Send
    ) -> None:
        fault = self.pick_fault(scope)
        try:
            request = recorded.json()
            messages = request["messages"]
            system = "\n".join(str(m.get("content")) for m in messages if m.get("role") == "system")
            last_user = next(
                (str(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), ""
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            await send_json(send, 400, _error("Invalid JSON body", "invalid_request_error", None))
            return
        if fault is not None and fault not in FAULTS:
            await send_json(send, 400, _error(f"unknown fault {fault}", "fake", None))
            return
        if fault in HTTP_FAULTS:
            status, headers, body = HTTP_FAULTS[fault]
            await send_json(send, status, body, headers)
            return
        identity = {
            "id": f"chatcmpl-fake{next(self._ids)}",
            "created": int(time.time()),
            "model": str(request.get("model", "fake-model")),
            "system_fingerprint": "fp_fake",
        }
        try:
            call = requested_call(request, str(identity["id"]).replace("chatcmpl-", "call_"))
            result = tool_result(request)
        except (KeyError, TypeError, AttributeError):
            await send_json(send, 400, _error("Invalid tools", "invalid_request_error", None))
            return
        if call is not None:
            tokens, finish = call.fragments(), "tool_calls"
        else:
            tokens = (
                quote_tool_result(self.behaviour, result)
                if result is not None
                else compose_answer(self.behaviour, system, last_user)
            )
            limit = request.get("max_completion_tokens") or request.get("max_tokens")
            finish = "length" if isinstance(limit, int) and len(tokens) > limit else "stop"
            tokens = tokens[:limit] if finish == "length" else tokens
        prompt_tokens = sum(count_tokens(str(m.get("content"))) + 3 for m in messages)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(tokens),
            "total_tokens": prompt_tokens + len(tokens),
            "prompt_tokens_details": {"cached_tokens": 0},
        }
        if not request.get("stream"):
            await send_json(send, 200, _completion(identity, "".join(tokens), finish, usage, call))
            return
        include_usage = bool((request.get("stream_options") or {}).get("include_usage"))
        script = _chunk_script(identity, tokens, finish, usage if include_usage else None, call)
        await play(script, self.behaviour, fault, receive, send)


def _completion(
    identity: dict[str, Any], text: str, finish: str, usage: Any, call: FakeToolCall | None
) -> Any:
    message: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None}
    if call is not None:
        message.update(content=None, tool_calls=[wire_call(call, call.arguments_json)])
    choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
    return {**identity, "object": "chat.completion", "choices": [choice], "usage": usage}


def _chunk_script(
    identity: dict[str, Any],
    tokens: list[str],
    finish: str,
    usage: Any | None,
    call: FakeToolCall | None = None,
) -> StreamScript:
    base = {**identity, "object": "chat.completion.chunk"}
    extra = {"usage": None} if usage is not None else {}

    def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> bytes:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        return b"data: " + orjson.dumps({**base, "choices": [choice], **extra}) + b"\n\n"

    tail = chunk({}, finish)
    if usage is not None:
        tail += b"data: " + orjson.dumps({**base, "choices": [], "usage": usage}) + b"\n\n"
    malformed = b'data: {"id": "' + str(identity["id"]).encode() + b'", "choices": [{"delta": {\n\n'
    head = chunk({"role": "assistant", "content": "", "refusal": None})
    token = chunk({"content": TOKEN_SLOT})
    if call is not None:  # the call opens with its id and name; the tokens are its arguments
        head = chunk(
            {
                "role": "assistant",
                "content": None,
                "refusal": None,
                "tool_calls": [{"index": 0, **wire_call(call, "")}],
            }
        )
        token = chunk({"tool_calls": [{"index": 0, "function": {"arguments": TOKEN_SLOT}}]})
    return StreamScript(
        content_type=b"text/event-stream; charset=utf-8",
        head=head,
        tokens=tokens,
        token_event=token_framer(token),
        tail=tail + b"data: [DONE]\n\n",
        fault_events={"malformed_json": malformed, "error_event": _ERROR_EVENT},
    )


@asynccontextmanager
async def run_fake_openai(
    behaviour: FakeBehaviour | None = None, **options: Any
) -> AsyncIterator[RunningFake[FakeOpenAI]]:
    """Serve a :class:`FakeOpenAI` on a free local port; options are FakeBehaviour fields.
    ``base_url`` ends in ``/v1``, as an OpenAI client expects."""
    async with serve_in_process(FakeOpenAI(behaviour, **options), base_path="/v1") as fake:
        yield fake

"""A fake Anthropic Messages API: ``POST /v1/messages``, streamed (SSE) or not.

The stream follows Anthropic's event sequence exactly: ``message_start``,
``content_block_start``, ``ping``, ``content_block_delta``…, ``content_block_stop``,
``message_delta`` (stop reason, output usage), ``message_stop``. Besides the stream faults
of :mod:`frontdesk.fakes.behaviour` it knows ``http_429``, ``http_500``, ``http_529``
(overloaded), ``http_401``, ``context_length`` and ``overloaded_event`` (an ``error`` event
after some tokens, with HTTP status 200 already sent). Tool calls: see :mod:`.tool_answer`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson

from frontdesk.fakes.anthropic_tools import requested_call, tool_result, tool_use_block
from frontdesk.fakes.asgi import Receive, Scope, Send, header, send_json
from frontdesk.fakes.base import FakeUpstream
from frontdesk.fakes.behaviour import STREAM_FAULTS, FakeBehaviour, compose_answer, count_tokens
from frontdesk.fakes.recording import RecordedRequest
from frontdesk.fakes.runner import RunningFake, serve_in_process
from frontdesk.fakes.stream_player import TOKEN_SLOT, StreamScript, play, token_framer
from frontdesk.fakes.tool_answer import FakeToolCall, quote_tool_result


def _error(type_: str, message: str) -> Any:
    return {"type": "error", "error": {"type": type_, "message": message}}


HTTP_FAULTS: dict[str, tuple[int, list[tuple[bytes, bytes]], Any]] = {
    "http_429": (
        429,
        [(b"retry-after", b"1")],
        _error("rate_limit_error", "Number of request tokens has exceeded your rate limit."),
    ),
    "http_500": (500, [], _error("api_error", "Internal server error")),
    "http_529": (529, [], _error("overloaded_error", "Overloaded")),
    "http_401": (401, [], _error("authentication_error", "invalid x-api-key")),
    "context_length": (
        400,
        [],
        _error("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"),
    ),
}
FAULTS = STREAM_FAULTS | HTTP_FAULTS.keys() | {"overloaded_event"}


class FakeAnthropic(FakeUpstream):
    """The ASGI app. ``requests`` holds what it received, oldest first."""

    FAULTS = frozenset(FAULTS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        recorded = await self.intercept(scope, receive, send)
        if recorded is None:
            return
        if scope["method"] != "POST" or scope["path"] != "/v1/messages":
            await send_json(send, 404, _error("not_found_error", "Not found"))
            return
        if header(scope, b"anthropic-version") is None:
            await send_json(
                send, 400, _error("invalid_request_error", "anthropic-version header is required")
            )
            return
        await self._messages(scope, recorded, receive, send)

    async def _messages(
        self, scope: Scope, recorded: RecordedRequest, receive: Receive, send: Send
    ) -> None:
        fault = self.pick_fault(scope)
        try:
            request = recorded.json()
            messages = request["messages"]
            max_tokens = int(request["max_tokens"])
            system = _text(request.get("system") or "")
            last_user = next(
                (_text(m["content"]) for m in reversed(messages) if m["role"] == "user"), ""
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            await send_json(send, 400, _error("invalid_request_error", "Invalid request body"))
            return
        if fault is not None and fault not in FAULTS:
            await send_json(send, 400, _error("invalid_request_error", f"unknown fault {fault}"))
            return
        if fault in HTTP_FAULTS:
            status, headers, body = HTTP_FAULTS[fault]
            await send_json(send, status, body, headers)
            return
        number = next(self._ids)
        try:
            call = requested_call(request, f"toolu_fake{number:08d}")
            result = tool_result(request)
        except (KeyError, TypeError, AttributeError):
            await send_json(send, 400, _error("invalid_request_error", "Invalid tools"))
            return
        if call is not None:
            tokens, stop_reason = call.fragments(), "tool_use"
        else:
            tokens = (
                quote_tool_result(self.behaviour, result)
                if result is not None
                else compose_answer(self.behaviour, system, last_user)
            )
            stop_reason = "max_tokens" if len(tokens) > max_tokens else "end_turn"
            tokens = tokens[:max_tokens]
        input_tokens = count_tokens(system) + sum(
            count_tokens(_text(m["content"])) for m in messages
        )
        message = {
            "id": f"msg_fake{number:08d}",
            "type": "message",
            "role": "assistant",
            "model": str(request.get("model", "claude-fake")),
            "stop_sequence": None,
        }
        if not request.get("stream"):
            content = [{"type": "text", "text": "".join(tokens)}]
            if call is not None:
                content = [tool_use_block(call, streamed=False)]
            usage = {"input_tokens": input_tokens, "output_tokens": len(tokens)}
            body = {**message, "content": content, "stop_reason": stop_reason, "usage": usage}
            await send_json(send, 200, body)
            return
        script = _event_script(message, tokens, stop_reason, input_tokens, call)
        await play(script, self.behaviour, fault, receive, send)


def _text(content: Any) -> str:
    """A Messages API content value (a string or a list of blocks) as plain text."""
    if isinstance(content, str):
        return content
    return "\n".join(str(block.get("text", "")) for block in content)


def _event(name: str, data: Any) -> bytes:
    return b"event: " + name.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"


def _event_script(
    message: dict[str, Any],
    tokens: list[str],
    stop_reason: str,
    input_tokens: int,
    call: FakeToolCall | None = None,
) -> StreamScript:
    start = {
        **message,
        "content": [],
        "stop_reason": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": 1},
    }
    block: dict[str, Any] = {"type": "text", "text": ""}
    block_delta = {"type": "text_delta", "text": TOKEN_SLOT}
    if call is not None:  # one tool_use block; the tokens are its input JSON fragments
        block = tool_use_block(call, streamed=True)
        block_delta = {"type": "input_json_delta", "partial_json": TOKEN_SLOT}
    head = (
        _event("message_start", {"type": "message_start", "message": start})
        + _event(
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": block,
            },
        )
        + _event("ping", {"type": "ping"})
    )
    tail = (
        _event("content_block_stop", {"type": "content_block_stop", "index": 0})
        + _event(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                "usage": {"output_tokens": len(tokens)},
            },
        )
        + _event("message_stop", {"type": "message_stop"})
    )

    delta = _event(
        "content_block_delta", {"type": "content_block_delta", "index": 0, "delta": block_delta}
    )

    overloaded = _event("error", _error("overloaded_error", "Overloaded"))
    malformed = b'event: content_block_delta\ndata: {"type": "content_block_delta", "delta": {\n\n'
    return StreamScript(
        content_type=b"text/event-stream; charset=utf-8",
        head=head,
        tokens=tokens,
        token_event=token_framer(delta),
        tail=tail,
        fault_events={"overloaded_event": overloaded, "malformed_json": malformed},
    )


@asynccontextmanager
async def run_fake_anthropic(
    behaviour: FakeBehaviour | None = None, **options: Any
) -> AsyncIterator[RunningFake[FakeAnthropic]]:
    """Serve a :class:`FakeAnthropic` on a free local port; options are FakeBehaviour fields."""
    async with serve_in_process(FakeAnthropic(behaviour, **options)) as fake:
        yield fake

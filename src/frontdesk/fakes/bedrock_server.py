"""A fake Bedrock Runtime: ``POST /model/{modelId}/converse-stream`` (and ``/converse``).

Streams real AWS event-stream frames (see :mod:`frontdesk.fakes.eventstream`), so the real
aiobotocore client parses them. The model id is read from the *raw* path: botocore
percent-encodes it, slashes of an ARN included, and the recorded ``raw_path`` lets a test
check that. Faults besides the stream faults of :mod:`frontdesk.fakes.behaviour`:
``http_throttling``, ``http_validation``, ``http_access_denied``, ``http_not_found``,
``http_503`` (HTTP errors named by ``x-amzn-ErrorType``), ``throttling_event`` and
``model_stream_error`` (exception frames after some tokens), ``guardrail`` (the answer ends
with stop reason ``guardrail_intervened``). A system prompt followed by a ``cachePoint`` is
reported as read from the prompt cache. Tool calls: see :mod:`.tool_answer`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import unquote

import orjson

from frontdesk.fakes import eventstream
from frontdesk.fakes.asgi import Receive, Scope, Send, send_json
from frontdesk.fakes.base import FakeUpstream
from frontdesk.fakes.bedrock_tools import requested_call, tool_result, tool_use_block
from frontdesk.fakes.behaviour import STREAM_FAULTS, FakeBehaviour, compose_answer, count_tokens
from frontdesk.fakes.recording import RecordedRequest
from frontdesk.fakes.runner import RunningFake, serve_in_process
from frontdesk.fakes.stream_player import StreamScript, play
from frontdesk.fakes.tool_answer import FakeToolCall, quote_tool_result

HTTP_FAULTS: dict[str, tuple[int, str, str]] = {
    "http_throttling": (429, "ThrottlingException", "Too many requests, please wait."),
    "http_validation": (400, "ValidationException", "Input is too long for requested model."),
    "http_access_denied": (
        403,
        "AccessDeniedException",
        "You don't have access to the model with the specified model ID.",
    ),
    "http_not_found": (404, "ResourceNotFoundException", "Could not resolve the foundation model"),
    "http_503": (503, "ServiceUnavailableException", "Service unavailable. Try again later."),
}
EXCEPTION_FAULTS = {
    "throttling_event": ("throttlingException", "Too many tokens, please wait."),
    "model_stream_error": ("modelStreamErrorException", "Model stream error"),
}
FAULTS = STREAM_FAULTS | HTTP_FAULTS.keys() | EXCEPTION_FAULTS.keys() | {"guardrail"}


class FakeBedrock(FakeUpstream):
    """The ASGI app. ``requests`` holds what it received, oldest first."""

    FAULTS = frozenset(FAULTS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        recorded = await self.intercept(scope, receive, send)
        if recorded is None:
            return
        parts = recorded.raw_path.split("/")
        operation = parts[3] if len(parts) == 4 and parts[1] == "model" else ""
        if scope["method"] != "POST" or operation not in ("converse-stream", "converse"):
            await _aws_error(send, 404, "UnknownOperationException", "Unknown operation")
            return
        fault = self.pick_fault(scope)
        if fault is not None and fault not in FAULTS:
            await _aws_error(send, 400, "ValidationException", f"unknown fault {fault}")
            return
        if fault in HTTP_FAULTS:
            await _aws_error(send, *HTTP_FAULTS[fault])
            return
        await self._converse(unquote(parts[2]), operation, recorded, fault, receive, send)

    async def _converse(
        self,
        model_id: str,
        operation: str,
        recorded: RecordedRequest,
        fault: str | None,
        receive: Receive,
        send: Send,
    ) -> None:
        try:
            request = recorded.json()
            messages = request["messages"]
            system = "\n".join(str(block.get("text", "")) for block in request.get("system", ()))
            last_user = next(
                (_text(m["content"]) for m in reversed(messages) if m["role"] == "user"), ""
            )
            max_tokens = int((request.get("inferenceConfig") or {}).get("maxTokens") or 4096)
        except (ValueError, KeyError, TypeError, AttributeError):
            await _aws_error(send, 400, "ValidationException", "Malformed input request")
            return
        number = next(self._ids)
        try:
            call = requested_call(request, f"tooluse_fake{number:08d}")
            result = tool_result(request)
        except (KeyError, TypeError, AttributeError):
            await _aws_error(send, 400, "ValidationException", "Malformed toolConfig")
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
        if fault == "guardrail":
            fault, stop_reason = None, "guardrail_intervened"
        input_tokens = count_tokens(system) + sum(
            count_tokens(_text(m["content"])) for m in messages
        )
        usage = {
            "inputTokens": input_tokens,
            "outputTokens": len(tokens),
            "totalTokens": input_tokens + len(tokens),
        }
        if any("cachePoint" in block for block in request.get("system", ())):
            # As if the system prompt were already cached: those tokens move out of
            # inputTokens, which counts only uncached input.
            cached = count_tokens(system)
            usage["inputTokens"] -= cached
            usage["cacheReadInputTokens"] = cached
        if operation == "converse":
            content = [tool_use_block(call) if call else {"text": "".join(tokens)}]
            message = {"role": "assistant", "content": content}
            body = {"output": {"message": message}, "stopReason": stop_reason, "usage": usage}
            await send_json(send, 200, {**body, "metrics": {"latencyMs": 1}})
            return
        request_id = f"fake-{number:08d}-{model_id.rsplit('/', 1)[-1][:20]}"
        script = _frame_script(tokens, stop_reason, usage, request_id, call)
        await play(script, self.behaviour, fault, receive, send)


def _text(content: Any) -> str:
    return "\n".join(str(block.get("text", "")) for block in content)


async def _aws_error(send: Send, status: int, error_type: str, message: str) -> None:
    # botocore's REST-JSON parser takes the error code from x-amzn-ErrorType, up to the colon.
    error_type_header = f"{error_type}:http://internal.amazon.com/coral/com.amazon.bedrock/"
    await send_json(
        send, status, {"message": message}, [(b"x-amzn-errortype", error_type_header.encode())]
    )


def _frame_script(
    tokens: list[str],
    stop_reason: str,
    usage: dict[str, int],
    request_id: str,
    call: FakeToolCall | None = None,
) -> StreamScript:
    def frame(event_type: str, data: Any) -> bytes:
        return eventstream.event(event_type, orjson.dumps(data))

    def delta(token: str) -> bytes:
        # A call's tokens are fragments of its input JSON.
        content = {"toolUse": {"input": token}} if call is not None else {"text": token}
        return frame("contentBlockDelta", {"contentBlockIndex": 0, "delta": content})

    head = frame("messageStart", {"role": "assistant"})
    if call is not None:
        start = {"toolUse": {"toolUseId": call.id, "name": call.name}}
        head += frame("contentBlockStart", {"contentBlockIndex": 0, "start": start})

    tail = (
        frame("contentBlockStop", {"contentBlockIndex": 0})
        + frame("messageStop", {"stopReason": stop_reason})
        + frame("metadata", {"usage": usage, "metrics": {"latencyMs": 1}})
    )
    fault_events = {
        name: eventstream.exception(kind, orjson.dumps({"message": message}))
        for name, (kind, message) in EXCEPTION_FAULTS.items()
    }
    fault_events["malformed_json"] = eventstream.event("contentBlockDelta", b'{"delta": {')
    fault_events["invalid_utf8"] = eventstream.event(
        "contentBlockDelta", b'{"contentBlockIndex": 0, "delta": {"text": "caf\xc3("}}'
    )
    return StreamScript(
        content_type=b"application/vnd.amazon.eventstream",
        head=head,
        tokens=tokens,
        token_event=delta,
        tail=tail,
        fault_events=fault_events,
        headers=[(b"x-amzn-requestid", request_id.encode())],
    )


@asynccontextmanager
async def run_fake_bedrock(
    behaviour: FakeBehaviour | None = None, **options: Any
) -> AsyncIterator[RunningFake[FakeBedrock]]:
    """Serve a :class:`FakeBedrock` on a free local port; options are FakeBehaviour fields.
    ``base_url`` is the ``endpoint_url`` to give the bedrock provider."""
    async with serve_in_process(FakeBedrock(behaviour, **options)) as fake:
        yield fake

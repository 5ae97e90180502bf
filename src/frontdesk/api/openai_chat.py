"""One chat completion through the gateway: the request, the stream, the wire values.

:class:`Completion` adapts a gateway call's stream to OpenAI's wire values (chunks and the
final object); the gateway writes the usage row and the ``model_call`` audit record when it
ends, however it ends (finished, failed, or abandoned by the client). Tool calls reach it
complete (the port assembles them), so each goes out as one ``delta.tool_calls`` entry
carrying its id, name and whole arguments, which the OpenAI SDKs accumulate like any
fragmented one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncGenerator
from dataclasses import replace
from typing import Any

from frontdesk.api.keys import VirtualKey
from frontdesk.api.openai_schema import ChatCompletionRequest
from frontdesk.conversation.phrases import DECLINED, phrase
from frontdesk.gateway.call import CallContext
from frontdesk.gateway.model import (
    ChatChunk,
    ChatRequest,
    ContextPassage,
    ToolCall,
    Usage,
)
from frontdesk.gateway.service import GatewayCall
from frontdesk.kit.ids import new_id
from frontdesk.kit.language import detect_language
from frontdesk.runtime import Runtime

log = logging.getLogger(__name__)

# "abstain" is Frontdesk's; to an OpenAI client the model simply stopped.
_FINISH = {
    "stop": "stop",
    "length": "length",
    "content_filter": "content_filter",
    "tool_calls": "tool_calls",
}


async def build_request(rt: Runtime, key: VirtualKey, body: ChatCompletionRequest) -> ChatRequest:
    """The request as the gateway sends it: the tenant's inbound policy applied to the last
    user message, and every message pseudonymised (placeholders are per request: the
    ``conversation`` in the metadata). Knowledge is retrieved with the real question, here,
    before anything leaves. Raises :class:`Declined` when a policy blocks the message."""
    messages = tuple(m.to_message() for m in body.messages)
    tenant = rt.tenants.get(key.principal.tenant_id)
    request_id = new_id("req")
    question = next((m.content for m in reversed(messages) if m.role == "user"), "")
    language = detect_language(question, tenant.config.languages, tenant.config.default_language)
    inbound = await rt.guard.inbound(tenant.id, request_id, question, language, turn=request_id)
    await rt.batcher.submit(inbound.job)
    if inbound.blocked:
        raise Declined(language)
    passages: tuple[ContextPassage, ...] = ()
    if body.knowledge:
        await rt.readiness.wait()
        found = await rt.knowledge.retrieve(
            tenant.id, question, language=language, k=rt.settings.knowledge.top_k
        )
        passages = tuple(
            ContextPassage(i + 1, p.text, p.title, p.source, p.score, p.language)
            for i, p in enumerate(found)
            if p.score >= rt.settings.knowledge.abstain_below
        )
    return ChatRequest(
        messages=await rt.guard.mask_messages(tenant.id, request_id, messages, language),
        max_output_tokens=body.max_completion_tokens
        or body.max_tokens
        or rt.settings.gateway.max_output_tokens,
        temperature=body.temperature,
        stop=body.stops,
        tools=body.tool_specs,
        tool_choice=body.chosen_tool,
        passages=passages,
        language=language,
        metadata={"tenant": tenant.id, "request_id": request_id, "conversation": request_id},
    )


class Declined(Exception):
    """The tenant's policy blocked the message: answered by Frontdesk, no model called."""

    def __init__(self, language: str) -> None:
        super().__init__("declined by the tenant's guard policy")
        self.language = language


class Completion:
    def __init__(self, rt: Runtime, key: VirtualKey, name: str) -> None:
        self.id = "chatcmpl-" + new_id("c")
        self.created = int(time.time())
        self.name = name
        self.text = ""
        self.tool_calls: list[ToolCall] = []
        self.usage = Usage()
        self.finish_reason = "stop"
        self._rt = rt
        self._key = key

    def chunks(self, request: ChatRequest) -> AsyncGenerator[ChatChunk, None]:
        """The chunks of the call through the gateway (routes, cache, limits, resilient
        chains), which records its usage, cost and audit record however it ends. Raises
        ``UnknownModel`` at once for a model that is neither a route nor a provider's."""
        principal = self._key.principal
        call = self._rt.gateway.call(
            self.name,
            request,
            CallContext(
                tenant=principal.tenant_id,
                request_id=request.metadata.get("request_id") or self.id,
                surface="api",
                user=principal.user_id,
                api_key=self._key.id,
                key_limits=self._key.limits,
            ),
        )
        return self._collect(call, request)

    async def _collect(
        self, call: GatewayCall, request: ChatRequest
    ) -> AsyncGenerator[ChatChunk, None]:
        """The gateway's chunks with the real values back in place of placeholders."""
        tenant = self._key.principal.tenant_id
        conversation = request.metadata.get("conversation", "")
        reveal = await self._rt.guard.reidentifier(tenant, conversation)
        async for chunk in call.stream():
            delta = reveal.feed(chunk.delta) if chunk.delta else ""
            if chunk.finish_reason is not None:
                delta += reveal.flush()
            calls = [
                replace(
                    c, arguments=await self._rt.guard.reidentify(tenant, conversation, c.arguments)
                )
                for c in chunk.tool_calls
            ]
            shown = replace(chunk, delta=delta, tool_calls=tuple(calls))
            self.text += shown.delta
            self.tool_calls.extend(shown.tool_calls)
            if chunk.usage is not None:
                self.usage = chunk.usage
            if chunk.finish_reason is not None:
                self.finish_reason = _FINISH.get(chunk.finish_reason, "stop")
            yield shown

    async def declined(self, language: str) -> AsyncGenerator[ChatChunk, None]:
        """Frontdesk's own polite refusal, as a completion stopped by a content filter."""
        self.text = phrase(DECLINED, language)
        self.finish_reason = "content_filter"
        yield ChatChunk(delta=self.text, finish_reason="content_filter")

    def usage_dict(self) -> dict[str, int]:
        prompt, completion = self.usage.input_tokens, self.usage.output_tokens
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }

    def deltas(self, chunk: ChatChunk) -> list[dict[str, Any]]:
        """The wire chunks for one of :meth:`chunks`' chunks (already counted in
        ``tool_calls``, which is what numbers its calls after the earlier ones)."""
        wire = [self.chunk({"content": chunk.delta})] if chunk.delta else []
        if chunk.tool_calls:
            first = len(self.tool_calls) - len(chunk.tool_calls)
            entries = [
                {"index": first + i, **_wire_tool_call(call)}
                for i, call in enumerate(chunk.tool_calls)
            ]
            wire.append(self.chunk({"tool_calls": entries}))
        return wire

    def chunk(self, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.name,
            "system_fingerprint": None,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }

    def usage_chunk(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.name,
            "system_fingerprint": None,
            "choices": [],
            "usage": self.usage_dict(),
        }

    def final(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.name,
            "system_fingerprint": None,
            "choices": [
                {
                    "index": 0,
                    "message": self._message(),
                    "logprobs": None,
                    "finish_reason": self.finish_reason,
                }
            ],
            "usage": self.usage_dict(),
        }

    def _message(self) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": self.text, "refusal": None}
        if self.tool_calls:
            message["content"] = self.text or None  # OpenAI's "no text beside the calls"
            message["tool_calls"] = [_wire_tool_call(call) for call in self.tool_calls]
        return message


def _wire_tool_call(call: ToolCall) -> dict[str, Any]:
    return {
        "id": call.id,
        "type": "function",
        "function": {"name": call.name, "arguments": call.arguments},
    }

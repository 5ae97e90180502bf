"""The ``ChatModel`` port and the values that cross it.

A provider adapter turns a :class:`ChatRequest` into the provider's wire format and yields
:class:`ChatChunk` values: text deltas, then one final chunk with ``finish_reason`` and
``usage``. Adapters raise :class:`frontdesk.kit.errors.ProviderError` and nothing else.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

Role = Literal["system", "user", "assistant"]
FinishReason = Literal["stop", "length", "abstain", "content_filter", "error"]


@dataclass(frozen=True, slots=True)
class Message:
    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class ContextPassage:
    """A retrieved passage the model may cite as ``[n]``."""

    n: int
    text: str
    title: str
    source: str
    score: float
    language: str | None = None


@dataclass(frozen=True, slots=True)
class ChatRequest:
    messages: tuple[Message, ...]
    max_output_tokens: int = 512
    temperature: float | None = None
    passages: tuple[ContextPassage, ...] = ()
    language: str = "en"
    stop: tuple[str, ...] = ()
    # Routing and accounting labels (tenant, request id). Never message text or PII.
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def last_user_text(self) -> str:
        for message in reversed(self.messages):
            if message.role == "user":
                return message.content
        return ""


@dataclass(frozen=True, slots=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0


@dataclass(frozen=True, slots=True)
class ChatChunk:
    delta: str = ""
    usage: Usage | None = None
    finish_reason: FinishReason | None = None


@runtime_checkable
class ChatModel(Protocol):
    """A model that streams an answer. ``name`` is ``provider:model``."""

    @property
    def name(self) -> str: ...

    def stream(self, request: ChatRequest) -> AsyncIterator[ChatChunk]: ...

    async def aclose(self) -> None: ...

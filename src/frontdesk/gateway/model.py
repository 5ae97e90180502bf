"""The ``ChatModel`` port and the values that cross it.

A provider adapter turns a :class:`ChatRequest` into the provider's wire format and yields
:class:`ChatChunk` values: text deltas, then one final chunk with ``finish_reason`` and
``usage``. Adapters raise :class:`frontdesk.kit.errors.ProviderError` and nothing else.

Tool calling: a request may offer :class:`ToolSpec` values; a model that calls one yields a
chunk carrying the complete :class:`ToolCall` and finishes with ``"tool_calls"``. The caller
runs the tool and asks again with the assistant turn (its ``tool_calls``) and one ``"tool"``
message per call (``tool_call_id``, the result as ``content``). Models without tool calling
(``local:extractive``) ignore the tools and answer in text.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Role = Literal["system", "user", "assistant", "tool"]
FinishReason = Literal["stop", "length", "tool_calls", "abstain", "content_filter", "error"]
# "auto" (the model decides), "none" (no tool), "required" (some tool), or one tool's name.
TOOL_CHOICE_KEYWORDS = frozenset({"auto", "none", "required"})


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """A tool the model may call; ``parameters`` is a JSON schema of type ``object``."""

    name: str
    description: str = ""
    parameters: Mapping[str, Any] = field(default_factory=lambda: {"type": "object"})


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A call the model asks the caller to run; ``arguments`` is a JSON object as text,
    exactly as the model wrote it (OpenAI's form; providers that want an object parse it)."""

    id: str
    name: str
    arguments: str = "{}"


@dataclass(frozen=True, slots=True)
class Message:
    role: Role
    content: str
    tool_calls: tuple[ToolCall, ...] = ()  # assistant turns that called tools
    tool_call_id: str | None = None  # "tool" messages: the call this is the result of


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
    tools: tuple[ToolSpec, ...] = ()
    tool_choice: str | None = None  # see TOOL_CHOICE_KEYWORDS; None: the provider's default
    # Routing and accounting labels (tenant, request id). Never message text or PII.
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def last_user_text(self) -> str:
        for message in reversed(self.messages):
            if message.role == "user":
                return message.content
        return ""

    @property
    def forced_tool(self) -> str | None:
        """The tool ``tool_choice`` names, when it names one rather than a keyword."""
        choice = self.tool_choice
        return choice if choice is not None and choice not in TOOL_CHOICE_KEYWORDS else None


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
    # Complete calls only: providers assemble the argument fragments they stream before
    # yielding, so a half-written call never escapes and a mid-stream failover never has to
    # continue one.
    tool_calls: tuple[ToolCall, ...] = ()


@runtime_checkable
class ChatModel(Protocol):
    """A model that streams an answer. ``name`` is ``provider:model``."""

    @property
    def name(self) -> str: ...

    def stream(self, request: ChatRequest) -> AsyncIterator[ChatChunk]: ...

    async def aclose(self) -> None: ...

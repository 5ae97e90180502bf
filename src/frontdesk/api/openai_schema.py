"""Request bodies of the OpenAI-compatible routes, validated with pydantic.

Unknown fields are ignored (SDKs send ``user``, ``seed``, ``n``...); fields Frontdesk cannot
honour (the deprecated ``functions``, non-text content, ``n > 1``) are refused by name, never
silently dropped. ``knowledge`` is a Frontdesk extension (``extra_body={"knowledge": True}``):
ground the answer in the tenant's knowledge, which is what ``local:extractive`` answers from.
Tools are checked here (see :mod:`.openai_tool_schema`), so a provider never sees a tool its
API would reject for its shape.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from frontdesk.api.openai_tool_schema import AssistantToolCall, FunctionTool, NamedToolChoice
from frontdesk.gateway.model import TOOL_CHOICE_KEYWORDS, Message, ToolSpec


class TextPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: Literal["text"]
    text: str


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    # "developer" is the newer name of "system" in OpenAI's API.
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[TextPart] | None = None  # None only beside an assistant's tool_calls
    name: str | None = Field(default=None, max_length=64)
    tool_calls: list[AssistantToolCall] | None = None
    tool_call_id: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _fits_role(self) -> ChatMessage:
        if self.tool_calls and self.role != "assistant":
            raise ValueError("only assistant messages carry tool_calls")
        if self.role == "tool" and self.tool_call_id is None:
            raise ValueError("a tool message needs the tool_call_id it answers")
        if self.content is None and not (self.role == "assistant" and self.tool_calls):
            raise ValueError("content is required (null only beside an assistant's tool_calls)")
        return self

    def to_message(self) -> Message:
        content = self.content or ""
        text = content if isinstance(content, str) else "".join(p.text for p in content)
        calls = tuple(call.to_tool_call() for call in self.tool_calls or ())
        role = "system" if self.role == "developer" else self.role
        call_id = self.tool_call_id if self.role == "tool" else None
        return Message(role, text, tool_calls=calls, tool_call_id=call_id)


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")
    include_usage: bool = False


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    model: str = Field(min_length=1, max_length=200)
    messages: list[ChatMessage] = Field(min_length=1, max_length=1000)
    max_tokens: Annotated[int, Field(ge=1)] | None = None
    max_completion_tokens: Annotated[int, Field(ge=1)] | None = None
    temperature: float | None = Field(default=None, ge=0.0, le=2.0)
    stop: str | list[str] | None = None
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: int = Field(default=1, ge=1)
    tools: list[FunctionTool] | None = Field(default=None, max_length=128)
    tool_choice: Literal["none", "auto", "required"] | NamedToolChoice | None = None
    functions: list[dict[str, Any]] | None = None
    function_call: str | dict[str, Any] | None = None
    response_format: dict[str, Any] | None = None
    knowledge: bool = False

    @field_validator("tools")
    @classmethod
    def _distinct_names(cls, tools: list[FunctionTool] | None) -> list[FunctionTool] | None:
        names = [tool.function.name for tool in tools or ()]
        if len(set(names)) != len(names):
            raise ValueError(f"tool names must be distinct: {names}")
        return tools

    def unsupported(self) -> str | None:
        """The first field asking for something the gateway cannot do, if any."""
        if self.functions:
            return "functions"
        if self.function_call not in (None, "none"):
            return "function_call"
        if self.n != 1:
            return "n"
        if self.response_format and self.response_format.get("type") != "text":
            return "response_format"
        return None

    def invalid_tool_choice(self) -> str | None:
        """Why ``tool_choice`` cannot be honoured with these ``tools``, if it cannot."""
        names = [tool.function.name for tool in self.tools or ()]
        if self.tool_choice == "required" and not names:
            return "tool_choice 'required' needs tools"
        if not isinstance(self.tool_choice, NamedToolChoice):
            return None
        wanted = self.tool_choice.function.name
        if wanted not in names:
            return f"tool_choice names {wanted!r}, which is not among the tools {names}"
        if wanted in TOOL_CHOICE_KEYWORDS:  # the port would read the name as the keyword
            return f"a tool named {wanted!r} cannot be chosen by name"
        return None

    @property
    def tool_specs(self) -> tuple[ToolSpec, ...]:
        return tuple(tool.to_spec() for tool in self.tools or ())

    @property
    def chosen_tool(self) -> str | None:
        """``tool_choice`` as the port says it: a keyword or a tool's name."""
        if isinstance(self.tool_choice, NamedToolChoice):
            return self.tool_choice.function.name
        return self.tool_choice

    @property
    def stops(self) -> tuple[str, ...]:
        if self.stop is None:
            return ()
        return (self.stop,) if isinstance(self.stop, str) else tuple(self.stop[:4])

    @property
    def include_usage(self) -> bool:
        return bool(self.stream_options and self.stream_options.include_usage)


class EmbeddingRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    model: str = Field(min_length=1, max_length=200)
    input: str | list[str] = Field(min_length=1)
    encoding_format: Literal["float", "base64"] = "float"
    dimensions: int | None = Field(default=None, ge=1)

    @property
    def texts(self) -> list[str]:
        return [self.input] if isinstance(self.input, str) else list(self.input)

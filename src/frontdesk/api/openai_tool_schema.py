"""Tool values of the OpenAI-compatible chat body: the tools offered, a named
``tool_choice``, and the calls an assistant message replays.

A tool's ``parameters`` must be a JSON schema every provider accepts: an object schema
(``type`` "object" or absent), ``properties`` an object of schemas with known ``type``
names, ``required`` a list of property names. Anything else is a 400 naming the tool, not
an upstream error later. Arguments replayed in an assistant message must be a JSON object,
since Anthropic and Bedrock take them as one.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from frontdesk.gateway.model import ToolCall, ToolSpec

_NAME = r"^[a-zA-Z0-9_-]{1,64}$"  # OpenAI's rule, which Anthropic and Bedrock share
_JSON_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})


class FunctionSpec(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = Field(pattern=_NAME)
    description: str | None = Field(default=None, max_length=10_000)
    parameters: dict[str, Any] | None = None

    @field_validator("parameters")
    @classmethod
    def _object_schema(cls, schema: dict[str, Any] | None) -> dict[str, Any] | None:
        if schema is not None:
            check_object_schema(schema)
        return schema


class FunctionTool(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: Literal["function"]
    function: FunctionSpec

    def to_spec(self) -> ToolSpec:
        # Anthropic and Bedrock insist on the top-level type OpenAI lets clients leave out.
        parameters = {"type": "object", **(self.function.parameters or {})}
        return ToolSpec(self.function.name, self.function.description or "", parameters)


class ChosenFunction(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = Field(pattern=_NAME)


class NamedToolChoice(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: Literal["function"]
    function: ChosenFunction


class CalledFunction(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = Field(pattern=_NAME)
    arguments: str

    @field_validator("arguments")
    @classmethod
    def _json_object(cls, arguments: str) -> str:
        try:
            value = json.loads(arguments or "{}")
        except json.JSONDecodeError as exc:
            raise ValueError(f"arguments are not JSON ({exc})") from exc
        if not isinstance(value, dict):
            raise ValueError("arguments must be a JSON object")
        return arguments or "{}"


class AssistantToolCall(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str = Field(min_length=1, max_length=200)
    type: Literal["function"] = "function"
    function: CalledFunction

    def to_tool_call(self) -> ToolCall:
        return ToolCall(self.id, self.function.name, self.function.arguments)


def check_object_schema(schema: dict[str, Any], where: str = "parameters") -> None:
    """Raises ValueError saying what is wrong with an object schema, if anything."""
    if schema.get("type", "object") != "object":
        raise ValueError(f"{where} must be a JSON schema of type 'object'")
    properties = schema.get("properties", {})
    if not isinstance(properties, dict):
        raise ValueError(f"{where}.properties must be an object")
    for name, prop in properties.items():
        if not isinstance(prop, dict):
            raise ValueError(f"{where}.properties.{name} must be a JSON schema object")
        kinds = prop.get("type", [])
        for kind in [kinds] if isinstance(kinds, str) else kinds:
            if kind not in _JSON_TYPES:
                raise ValueError(f"{where}.properties.{name} has unknown type {kind!r}")
    required = schema.get("required", [])
    if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
        raise ValueError(f"{where}.required must be a list of property names")
    missing = [name for name in required if name not in properties]
    if missing:
        raise ValueError(f"{where}.required names properties it does not define: {missing}")

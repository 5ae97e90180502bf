"""Tool calling in OpenAI's chat completions format: the request side and stream assembly.

Streamed calls arrive as ``delta.tool_calls`` entries keyed by ``index``: the first entry of a
call carries its ``id`` and ``function.name``, later ones ``function.arguments`` fragments.
OpenAI does not say when one call is complete, so calls are handed out when the choice
finishes (or the stream ends).
"""

from __future__ import annotations

from typing import Any

from frontdesk.gateway.model import ChatRequest, Message, ToolCall, ToolSpec
from frontdesk.gateway.providers.tool_calls import ToolCallAssembler


def wire_message(message: Message) -> dict[str, Any]:
    if message.role == "tool":
        return {"role": "tool", "tool_call_id": message.tool_call_id, "content": message.content}
    wire: dict[str, Any] = {"role": message.role, "content": message.content}
    if message.tool_calls:
        wire["tool_calls"] = [wire_tool_call(call) for call in message.tool_calls]
        wire["content"] = message.content or None  # OpenAI's own form of "no text"
    return wire


def wire_tool_call(call: ToolCall) -> dict[str, Any]:
    return {
        "id": call.id,
        "type": "function",
        "function": {"name": call.name, "arguments": call.arguments},
    }


def add_tools(body: dict[str, Any], request: ChatRequest) -> None:
    """Adds ``tools`` and ``tool_choice`` to a request body, when the request has tools."""
    if not request.tools:
        return
    body["tools"] = [_wire_tool(tool) for tool in request.tools]
    if request.forced_tool is not None:
        body["tool_choice"] = {"type": "function", "function": {"name": request.forced_tool}}
    elif request.tool_choice is not None:
        body["tool_choice"] = request.tool_choice


def _wire_tool(tool: ToolSpec) -> dict[str, Any]:
    function: dict[str, Any] = {"name": tool.name, "parameters": dict(tool.parameters)}
    if tool.description:
        function["description"] = tool.description
    return {"type": "function", "function": function}


def read_tool_deltas(assembler: ToolCallAssembler, entries: list[dict[str, Any]]) -> None:
    """Feeds one chunk's ``delta.tool_calls`` entries to ``assembler``."""
    for position, entry in enumerate(entries):
        # ``index`` is required by OpenAI; servers that omit it send one entry per call.
        key = int(entry.get("index", position))
        function = entry.get("function") or {}
        if key not in assembler:
            assembler.start(key, entry.get("id"), function.get("name"))
        elif function.get("name"):
            assembler.name(key, str(function["name"]))
        fragment = function.get("arguments")
        if fragment:
            assembler.add(key, str(fragment))

"""Tool calling in Bedrock's Converse format: ``toolConfig`` and content blocks.

A call the assistant made is a ``toolUse`` block (``input`` an object); a tool's result is a
``toolResult`` block of the next user turn. Streamed, a call is a content block opened by a
``contentBlockStart`` naming the tool, its input arriving as ``toolUse.input`` fragments in
``contentBlockDelta`` events, complete at its ``contentBlockStop``.

Converse has no "none" tool choice. ``tool_choice="none"`` leaves the tools out, unless the
conversation already holds tool blocks (Converse then requires ``toolConfig``): there the
model is offered the tools with the default choice, and may call one.
"""

from __future__ import annotations

from typing import Any

from frontdesk.gateway.model import ChatRequest
from frontdesk.gateway.providers.bedrock_errors import PROVIDER
from frontdesk.gateway.providers.block_turns import BlockTurn, Part, ToolResult, block_turns
from frontdesk.gateway.providers.tool_calls import arguments_object

_CHOICES: dict[str, dict[str, dict[str, str]]] = {"auto": {"auto": {}}, "required": {"any": {}}}


def wire_messages(request: ChatRequest) -> list[dict[str, Any]]:
    return [_wire_turn(turn) for turn in block_turns(request)]


def _wire_turn(turn: BlockTurn) -> dict[str, Any]:
    return {"role": turn.role, "content": [_block(part) for part in turn.parts]}


def _block(part: Part) -> dict[str, Any]:
    if isinstance(part, str):
        return {"text": part}
    if isinstance(part, ToolResult):
        result = {"toolUseId": part.tool_call_id, "content": [{"text": part.content}]}
        return {"toolResult": result}
    use = {"toolUseId": part.id, "name": part.name, "input": arguments_object(PROVIDER, part)}
    return {"toolUse": use}


def tool_config(request: ChatRequest) -> dict[str, Any] | None:
    """The ``toolConfig`` argument, or None when the model gets no tools."""
    if not request.tools:
        return None
    if request.tool_choice == "none" and not _has_tool_blocks(request):
        return None
    tools = [
        {
            "toolSpec": {
                "name": tool.name,
                # Converse rejects an empty description: absent is the only way to say none.
                **({"description": tool.description} if tool.description else {}),
                "inputSchema": {"json": dict(tool.parameters)},
            }
        }
        for tool in request.tools
    ]
    config: dict[str, Any] = {"tools": tools}
    if request.forced_tool is not None:
        config["toolChoice"] = {"tool": {"name": request.forced_tool}}
    elif request.tool_choice in _CHOICES:
        config["toolChoice"] = _CHOICES[request.tool_choice]
    return config


def _has_tool_blocks(request: ChatRequest) -> bool:
    return any(m.role == "tool" or m.tool_calls for m in request.messages)

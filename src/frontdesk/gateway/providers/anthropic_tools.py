"""Tool calling in Anthropic's Messages format: tools, ``tool_choice`` and content blocks.

A call the assistant made is a ``tool_use`` block of its turn (``input`` an object); a
tool's result is a ``tool_result`` block of the next user turn. Streamed, a call is a
``tool_use`` content block whose input arrives as ``input_json_delta`` fragments, complete
at its ``content_block_stop``.
"""

from __future__ import annotations

from typing import Any

from frontdesk.gateway.model import ChatRequest
from frontdesk.gateway.providers.block_turns import BlockTurn, Part, ToolResult, block_turns
from frontdesk.gateway.providers.tool_calls import arguments_object

PROVIDER = "anthropic"
_CHOICES = {"auto": {"type": "auto"}, "none": {"type": "none"}, "required": {"type": "any"}}


def wire_messages(request: ChatRequest) -> list[dict[str, Any]]:
    return [_wire_turn(turn) for turn in block_turns(request)]


def _wire_turn(turn: BlockTurn) -> dict[str, Any]:
    text = turn.text_only
    # A plain string where it can be: what text-only conversations have always sent.
    content: Any = text if text is not None else [_block(part) for part in turn.parts]
    return {"role": turn.role, "content": content}


def _block(part: Part) -> dict[str, Any]:
    if isinstance(part, str):
        return {"type": "text", "text": part}
    if isinstance(part, ToolResult):
        return {"type": "tool_result", "tool_use_id": part.tool_call_id, "content": part.content}
    return {
        "type": "tool_use",
        "id": part.id,
        "name": part.name,
        "input": arguments_object(PROVIDER, part),
    }


def add_tools(body: dict[str, Any], request: ChatRequest) -> None:
    """Adds ``tools`` and ``tool_choice`` to a request body, when the request has tools."""
    if not request.tools:
        return
    body["tools"] = [
        {
            "name": tool.name,
            **({"description": tool.description} if tool.description else {}),
            "input_schema": dict(tool.parameters),
        }
        for tool in request.tools
    ]
    if request.forced_tool is not None:
        body["tool_choice"] = {"type": "tool", "name": request.forced_tool}
    elif request.tool_choice is not None:
        body["tool_choice"] = _CHOICES[request.tool_choice]

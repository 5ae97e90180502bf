"""The fake Anthropic's side of tool calling: reading ``tools``, ``tool_choice`` and
``tool_result`` blocks, and the call as a ``tool_use`` block (see :mod:`.tool_answer`)."""

from __future__ import annotations

from typing import Any

from frontdesk.fakes.tool_answer import FakeToolCall, OfferedTool, plan_call


def requested_call(request: dict[str, Any], call_id: str) -> FakeToolCall | None:
    """The call to answer with: the request offers tools and ends with the user's words."""
    messages = request["messages"]
    choice = request.get("tool_choice") or {}
    if not messages or messages[-1]["role"] != "user" or choice.get("type") == "none":
        return None
    if tool_result(request) is not None:
        return None
    forced = str(choice["name"]) if choice.get("type") == "tool" else None
    tools = [
        OfferedTool(str(t["name"]), t.get("input_schema") or {}) for t in request.get("tools") or ()
    ]
    last_user = block_text(messages[-1]["content"])
    return plan_call(tools, call_id=call_id, forced=forced, last_user=last_user)


def tool_result(request: dict[str, Any]) -> str | None:
    """The tools' results, when the last user turn carries ``tool_result`` blocks."""
    messages = request["messages"]
    if not messages or messages[-1]["role"] != "user" or isinstance(messages[-1]["content"], str):
        return None
    results = [b for b in messages[-1]["content"] if b.get("type") == "tool_result"]
    return "\n".join(block_text(b.get("content") or "") for b in results) if results else None


def block_text(content: Any) -> str:
    """A content value (a string or a list of blocks) as plain text."""
    if isinstance(content, str):
        return content
    return "\n".join(str(block.get("text", "")) for block in content)


def tool_use_block(call: FakeToolCall, *, streamed: bool) -> dict[str, Any]:
    # Streamed, the input starts empty and arrives as input_json_delta fragments.
    arguments = {} if streamed else call.arguments
    return {"type": "tool_use", "id": call.id, "name": call.name, "input": arguments}

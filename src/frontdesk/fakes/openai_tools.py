"""The fake OpenAI's side of tool calling: reading ``tools`` and ``tool_choice``, and the
call in OpenAI's message and ``delta.tool_calls`` forms (see :mod:`.tool_answer`)."""

from __future__ import annotations

from typing import Any

from frontdesk.fakes.tool_answer import FakeToolCall, OfferedTool, plan_call


def requested_call(request: dict[str, Any], call_id: str) -> FakeToolCall | None:
    """The call to answer with: the request offers tools and ends with the user's turn."""
    messages = request["messages"]
    choice = request.get("tool_choice")
    if not messages or messages[-1].get("role") != "user" or choice == "none":
        return None
    forced = str(choice["function"]["name"]) if isinstance(choice, dict) else None
    tools = [
        OfferedTool(str(t["function"]["name"]), t["function"].get("parameters") or {})
        for t in request.get("tools") or ()
    ]
    return plan_call(tools, call_id=call_id, forced=forced, last_user=text(messages[-1]))


def tool_result(request: dict[str, Any]) -> str | None:
    """The tool's result, when the request ends with one."""
    messages = request["messages"]
    return text(messages[-1]) if messages and messages[-1].get("role") == "tool" else None


def text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content)
    return str(content or "")


def wire_call(call: FakeToolCall, arguments: str) -> dict[str, Any]:
    return {
        "id": call.id,
        "type": "function",
        "function": {"name": call.name, "arguments": arguments},
    }

"""The fake Bedrock's side of tool calling: reading ``toolConfig`` and ``toolResult`` blocks,
and the call as a ``toolUse`` block (see :mod:`.tool_answer`)."""

from __future__ import annotations

from typing import Any

import orjson

from frontdesk.fakes.tool_answer import FakeToolCall, OfferedTool, plan_call


def requested_call(request: dict[str, Any], call_id: str) -> FakeToolCall | None:
    """The call to answer with: the request offers tools and ends with the user's words."""
    messages = request["messages"]
    if not messages or messages[-1]["role"] != "user" or tool_result(request) is not None:
        return None
    config = request.get("toolConfig") or {}
    forced = (config.get("toolChoice") or {}).get("tool", {}).get("name")
    tools = [
        OfferedTool(str(t["toolSpec"]["name"]), t["toolSpec"]["inputSchema"].get("json") or {})
        for t in config.get("tools") or ()
        if "toolSpec" in t  # cachePoint entries are not tools
    ]
    last_user = "\n".join(str(b.get("text", "")) for b in messages[-1]["content"])
    return plan_call(tools, call_id=call_id, forced=forced, last_user=last_user)


def tool_result(request: dict[str, Any]) -> str | None:
    """The tools' results, when the last user turn carries ``toolResult`` blocks."""
    messages = request["messages"]
    if not messages or messages[-1]["role"] != "user":
        return None
    results = [b["toolResult"] for b in messages[-1]["content"] if "toolResult" in b]
    if not results:
        return None
    return "\n".join(_result_text(part) for r in results for part in r.get("content") or ())


def _result_text(part: dict[str, Any]) -> str:
    if "json" in part:
        return orjson.dumps(part["json"]).decode()
    return str(part.get("text", ""))


def tool_use_block(call: FakeToolCall) -> dict[str, Any]:
    return {"toolUse": {"toolUseId": call.id, "name": call.name, "input": call.arguments}}

"""Tool calls as the remote providers stream them: assembled from fragments, and back.

Every provider streams a call in pieces (a start naming the tool, then argument JSON in
fragments) and the port only carries complete calls, so each adapter feeds its pieces to a
:class:`ToolCallAssembler` keyed by the provider's own block or call index.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import orjson

from frontdesk.gateway.model import ToolCall
from frontdesk.gateway.providers.http_errors import malformed
from frontdesk.kit.errors import ProviderError


@dataclass(slots=True)
class _PartialCall:
    id: str
    name: str
    fragments: list[str] = field(default_factory=list)


class ToolCallAssembler:
    """Partial calls by key, in the order they started."""

    def __init__(self, provider: str) -> None:
        self._provider = provider
        self._partial: dict[int, _PartialCall] = {}
        self.completed = 0  # calls handed out so far

    def __contains__(self, key: int) -> bool:
        return key in self._partial

    def start(self, key: int, call_id: str | None, name: str | None) -> None:
        # Some OpenAI-compatible servers (older vLLM, llama.cpp) leave the id out.
        self._partial[key] = _PartialCall(call_id or f"call_{secrets.token_hex(12)}", name or "")

    def add(self, key: int, fragment: str) -> None:
        partial = self._partial.get(key)
        if partial is None:
            raise malformed(self._provider, f"tool call fragment for unknown call {key}")
        partial.fragments.append(fragment)

    def name(self, key: int, name: str) -> None:
        self._partial[key].name = name

    def finish(self, key: int) -> ToolCall | None:
        """The call ``key`` completed (None if no such call was started)."""
        partial = self._partial.pop(key, None)
        if partial is None:
            return None
        if not partial.name:
            raise malformed(self._provider, "a tool call without a tool name")
        self.completed += 1
        arguments = "".join(partial.fragments).strip() or "{}"
        return ToolCall(partial.id, partial.name, arguments)

    def finish_all(self) -> tuple[ToolCall, ...]:
        calls = (self.finish(key) for key in list(self._partial))
        return tuple(call for call in calls if call is not None)


def arguments_object(provider: str, call: ToolCall) -> dict[str, Any]:
    """A call's arguments as the JSON object Anthropic and Bedrock want in a replayed turn."""
    try:
        value = orjson.loads(call.arguments or "{}")
    except orjson.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        raise ProviderError(
            f"tool call {call.id} has arguments that are not a JSON object",
            provider=provider,
            kind="bad_request",
        )
    return value

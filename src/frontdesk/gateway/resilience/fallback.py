"""``FallbackModel``: answers with the first model of a chain that can.

A model failing *before* any text is simply replaced by the next one. A model failing
*after* some text (a dropped stream, a provider dying mid-answer) is replaced mid-stream:
the next model is asked to continue the same answer (see
:mod:`~frontdesk.gateway.resilience.continuation` for the request it gets) and only its
continuation reaches the caller, who sees one answer. A model that cannot continue someone
else's text (``local:extractive``) answers the original request afresh, after
``separator``; it is skipped when the request has no passages, since it could only abstain.

Every switch is a :class:`Switch`, appended to ``switches`` (the last ``max_switches`` of
this model's lifetime) and passed to ``on_switch`` so a trace can mark the span.

Usage: the final chunk's ``usage`` is the sum of the usage reported by every attempt of the
turn. An attempt that failed mid-stream never reported usage (providers send it last), so
its tokens are not in the sum; ``Switch.after_chars`` is there for cost estimates.

Tool calls pass through as the model yields them (complete: providers assemble them). Once
one has reached the caller the turn is the caller's to run: a later failure ends the answer
with ``tool_calls`` rather than asking another model, which could call the tool again.

Errors: any :class:`ProviderError` moves to the next model except ``content_filter`` (a
provider's safety refusal is an answer, not an outage, and must not be routed around).
When every model fails, the last error is raised. Other exceptions propagate untouched.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass

from frontdesk.gateway.model import ChatChunk, ChatModel, ChatRequest, Usage
from frontdesk.gateway.resilience._streams import add_usage, closing_stream
from frontdesk.gateway.resilience.continuation import continuation_mode, continuation_request
from frontdesk.kit.errors import ProviderError

DEFAULT_SEPARATOR = "\n\n—\n\n"
NO_FALLBACK_KINDS = frozenset({"content_filter"})


@dataclass(frozen=True, slots=True)
class Switch:
    from_model: str
    to_model: str
    after_chars: int  # characters of answer the caller had seen when the switch happened
    error_kind: str
    request_id: str | None = None  # from ``request.metadata["request_id"]``


class FallbackModel:
    """Named after its primary model, the first of ``chain``."""

    def __init__(
        self,
        chain: Sequence[ChatModel],
        *,
        on_switch: Callable[[Switch], None] | None = None,
        separator: str = DEFAULT_SEPARATOR,
        max_switches: int = 1_000,
    ) -> None:
        if not chain:
            raise ValueError("a fallback chain needs at least one model")
        self.chain: tuple[ChatModel, ...] = tuple(chain)
        self.switches: list[Switch] = []
        self._on_switch = on_switch
        self._separator = separator
        self._max_switches = max_switches

    @property
    def name(self) -> str:
        return self.chain[0].name

    async def stream(self, request: ChatRequest) -> AsyncIterator[ChatChunk]:
        seen = ""  # the answer as the caller has it so far
        usage: Usage | None = None
        failed: tuple[str, ProviderError] | None = None  # (model name, its error)
        for model in self.chain:
            mode = continuation_mode(model)
            if seen and mode == "none" and not request.passages:
                continue
            if failed is not None:
                self._record(
                    Switch(
                        failed[0],
                        model.name,
                        len(seen),
                        failed[1].kind,
                        request.metadata.get("request_id"),
                    )
                )
            if not seen or mode == "none":
                attempt = request
            else:
                attempt = continuation_request(request, seen, mode)
            prefix = self._separator if seen and mode == "none" else ""
            trim = bool(seen) and mode != "none" and seen[-1:].isspace()
            finished = called = False
            try:
                async with closing_stream(model.stream(attempt)) as chunks:
                    async for chunk in chunks:
                        usage = add_usage(usage, chunk.usage)
                        delta = chunk.delta.lstrip() if trim else chunk.delta
                        if delta:
                            trim = False
                            delta, prefix = prefix + delta, ""
                            seen += delta
                        called = called or bool(chunk.tool_calls)
                        if chunk.finish_reason is not None:
                            finished = True
                            yield ChatChunk(delta, usage, chunk.finish_reason, chunk.tool_calls)
                        elif delta or chunk.tool_calls:
                            yield ChatChunk(delta=delta, tool_calls=chunk.tool_calls)
            except ProviderError as error:
                if finished:
                    return  # the answer is complete; a hiccup while draining is not news
                if called:
                    yield ChatChunk(usage=usage, finish_reason="tool_calls")
                    return
                if error.kind in NO_FALLBACK_KINDS:
                    raise
                failed = (model.name, error)
                continue
            if not finished:
                yield ChatChunk(usage=usage, finish_reason="stop")
            return
        assert failed is not None
        raise failed[1]

    def _record(self, switch: Switch) -> None:
        self.switches.append(switch)
        del self.switches[: -self._max_switches]
        if self._on_switch is not None:
            self._on_switch(switch)

    async def aclose(self) -> None:
        errors: list[BaseException] = []
        for model in self.chain:
            try:
                await model.aclose()
            except Exception as exc:  # close the others anyway
                errors.append(exc)
        if errors:
            raise errors[0]

"""A scripted in-memory ``ChatModel`` for the resilience unit tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from frontdesk.gateway.model import ChatChunk, ChatRequest, Usage
from frontdesk.kit.errors import ProviderError


def fail(kind: str = "server", *, retryable: bool = True, retry_after: float | None = None):  # type: ignore[no-untyped-def]
    return ProviderError(
        f"scripted {kind}",
        provider="scripted",
        retryable=retryable,
        retry_after=retry_after,
        kind=kind,
    )


@dataclass
class Step:
    """One call's behaviour: these deltas, then ``error`` (if any) or a final chunk."""

    deltas: tuple[str, ...] = ()
    error: ProviderError | None = None
    usage: Usage | None = field(default_factory=lambda: Usage(10, 2))
    finish: str = "stop"


class ScriptedModel:
    def __init__(self, name: str, *steps: Step, continuation: str | None = None) -> None:
        self._name = name
        self._steps = list(steps)
        self.requests: list[ChatRequest] = []
        self.closed = False
        if continuation is not None:
            self.continuation = continuation

    @property
    def name(self) -> str:
        return self._name

    async def stream(self, request: ChatRequest) -> AsyncIterator[ChatChunk]:
        self.requests.append(request)
        step = self._steps.pop(0) if len(self._steps) > 1 else self._steps[0]
        for delta in step.deltas:
            yield ChatChunk(delta=delta)
        if step.error is not None:
            raise step.error
        yield ChatChunk(usage=step.usage, finish_reason=step.finish)  # type: ignore[arg-type]

    async def aclose(self) -> None:
        self.closed = True


async def collect(model: object, request: ChatRequest) -> list[ChatChunk]:
    return [chunk async for chunk in model.stream(request)]  # type: ignore[attr-defined]

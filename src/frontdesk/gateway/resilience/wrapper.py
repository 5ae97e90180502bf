"""What every single-model wrapper shares: it answers to the wrapped model's name, keeps its
way of continuing a partial answer, and closes it."""

from __future__ import annotations

from frontdesk.gateway.model import ChatModel
from frontdesk.gateway.resilience.continuation import ContinuationMode, continuation_mode


class ModelWrapper:
    def __init__(self, inner: ChatModel) -> None:
        self.inner = inner

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def continuation(self) -> ContinuationMode:
        return continuation_mode(self.inner)

    async def aclose(self) -> None:
        await self.inner.aclose()

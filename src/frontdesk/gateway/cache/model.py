"""The response cache port and its hit value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from frontdesk.gateway.model import ChatRequest, Usage


@dataclass(frozen=True, slots=True)
class CacheHit:
    text: str
    usage: Usage  # the usage of the call that produced the answer (what the hit saved)
    model: str  # the model that produced it
    kind: Literal["exact", "semantic"]
    similarity: float = 1.0


class ResponseCache(Protocol):
    async def lookup(self, tenant: str, model: str, request: ChatRequest) -> CacheHit | None:
        """An answer stored for this tenant and logical model, exact first, then semantic.
        Never a hit across tenants."""
        ...

    async def store(
        self, tenant: str, model: str, request: ChatRequest, text: str, usage: Usage, by: str
    ) -> None: ...

    async def aclose(self) -> None: ...

"""Requests, a movable clock and an embedding counter for the cache tests."""

from __future__ import annotations

from frontdesk.config import CacheSettings
from frontdesk.gateway.cache.embedder import QueryEmbedder, Vector
from frontdesk.gateway.cache.memory_store import MemoryCacheStore
from frontdesk.gateway.cache.response_cache import GatewayCache
from frontdesk.gateway.model import ChatRequest, ContextPassage, Message, Usage

MODEL = "openai:gpt-4o-mini"
SYSTEM = "You are the assistant of UnaEmpresa. Answer from the passages."
USAGE = Usage(input_tokens=900, output_tokens=120)
ROUTER = ContextPassage(1, "Hold the reset button for 10 seconds.", "Router", "faq/router.md", 0.9)


def first_question(
    text: str,
    *,
    system: str = SYSTEM,
    passages: tuple[ContextPassage, ...] = (ROUTER,),
    language: str = "en",
    **fields: object,
) -> ChatRequest:
    return ChatRequest(
        messages=(Message("system", system), Message("user", text)),
        passages=passages,
        language=language,
        **fields,  # type: ignore[arg-type]
    )


def follow_up(question: str, *, earlier: str = "How do I reset my router?") -> ChatRequest:
    return ChatRequest(
        messages=(
            Message("system", SYSTEM),
            Message("user", earlier),
            Message("assistant", "Hold the reset button for 10 seconds [1]."),
            Message("user", question),
        ),
        passages=(ROUTER,),
    )


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class CountingEmbedder:
    """A real embedder, counted: the tests check when the cache pays for an embedding."""

    def __init__(self, inner: QueryEmbedder) -> None:
        self._inner = inner
        self.calls = 0

    async def embed(self, text: str) -> Vector:
        self.calls += 1
        return await self._inner.embed(text)


def memory_cache(
    embedder: QueryEmbedder | None, clock: FakeClock, **settings: object
) -> GatewayCache:
    config = CacheSettings.model_validate(settings)
    store = MemoryCacheStore(config.max_entries_per_tenant, clock=clock)
    return GatewayCache(store, config, embedder=embedder, clock=clock)

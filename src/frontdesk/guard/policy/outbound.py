"""The tenant's rules for an answer: canary leak, personal-data leak, grounding, toxicity.

A ``strip`` that cannot be carried out safely becomes a ``block``: a canary written in a
disguise there is no exact span to cut, and an answer whose every claim is unsupported
would be empty after stripping.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence, Set
from dataclasses import dataclass
from typing import Protocol

from frontdesk.guard.model import GuardAction, GuardFinding, GuardVerdict, PiiDetector
from frontdesk.guard.policy.canary import find_canary
from frontdesk.guard.policy.compiled import GuardPolicy, terms_for
from frontdesk.guard.policy.grounding import sentence_support
from frontdesk.guard.policy.pii_leak import KnownValues
from frontdesk.guard.policy.redact import Hit, Span, apply_hits

TOXIC_WORD = "***"
_CITATION_MARKER = "[{n}]"


class CitablePassage(Protocol):
    """What the checks read of a passage (``gateway.model.ContextPassage`` fits)."""

    @property
    def n(self) -> int: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class OutboundAnswer:
    text: str
    passages: Sequence[CitablePassage]
    cited: Collection[int] | None
    user_pii_values: Set[str]
    public_values: Collection[str]
    detector: PiiDetector
    canary: str | None
    language: str | None


OutboundRule = Callable[[GuardPolicy, OutboundAnswer], list[Hit]]


def check_outbound(
    policy: GuardPolicy,
    answer: str,
    *,
    passages: Sequence[CitablePassage],
    cited: Collection[int] | None = None,
    user_pii_values: Set[str],
    detector: PiiDetector,
    canary: str | None,
    language: str | None = None,
    public_values: Collection[str] = (),
) -> list[GuardFinding]:
    """What the policy finds in an answer.

    ``passages``: what the model was given; ``cited``: the ``n`` of the passages the answer
    cites (None: read from its ``[n]`` markers); ``user_pii_values``: personal data the
    user gave in this conversation; ``canary``: the token planted in the system prompt;
    ``language``: the answer's (None: every language's toxicity list applies);
    ``public_values``: data the tenant publishes (support phone), never a leak.
    """
    subject = OutboundAnswer(
        answer, passages, cited, user_pii_values, public_values, detector, canary, language
    )
    return [hit.finding for hit in _hits(policy, subject)]


def enforce_outbound(
    policy: GuardPolicy,
    answer: str,
    *,
    passages: Sequence[CitablePassage],
    cited: Collection[int] | None = None,
    user_pii_values: Set[str],
    detector: PiiDetector,
    canary: str | None,
    language: str | None = None,
    public_values: Collection[str] = (),
) -> GuardVerdict:
    """Like :func:`check_outbound`, and the answer with stripped parts removed."""
    subject = OutboundAnswer(
        answer, passages, cited, user_pii_values, public_values, detector, canary, language
    )
    return apply_hits(answer, _hits(policy, subject))


def _hits(policy: GuardPolicy, answer: OutboundAnswer) -> list[Hit]:
    return [hit for rule in OUTBOUND_RULES for hit in rule(policy, answer)]


def _canary(policy: GuardPolicy, answer: OutboundAnswer) -> list[Hit]:
    action = policy.spec.outbound.system_prompt_canary
    if action == "off" or not answer.canary:
        return []
    sighting = find_canary(answer.text, answer.canary)
    if not sighting.leaked:
        return []
    if action == "strip" and not sighting.spans:
        action = "block"  # disguised: nothing exact to cut out
    detail = f"{len(sighting.spans) or 1} occurrence(s)"
    finding = GuardFinding("policy.canary", "system_prompt_leak", 1.0, action, detail)
    return [Hit(finding, sighting.spans)]


def _pii_leak(policy: GuardPolicy, answer: OutboundAnswer) -> list[Hit]:
    action = policy.spec.outbound.pii_leak
    if action == "off":
        return []
    entities = answer.detector.detect(answer.text, language=answer.language)
    if not entities:
        return []
    known = KnownValues(
        [*answer.user_pii_values, *(p.text for p in answer.passages), *answer.public_values]
    )
    leaked = [e for e in entities if not known.knows(answer.text[e.start : e.end])]
    hits: list[Hit] = []
    for kind, count in Counter(e.type for e in leaked).items():
        of_kind = [e for e in leaked if e.type == kind]
        spans = tuple((e.start, e.end) for e in of_kind)
        score = max(e.score for e in of_kind)
        detail = f"{count} value(s) the user did not give"
        finding = GuardFinding("policy.pii_leak", kind, score, action, detail)
        hits.append(Hit(finding, spans, f"[{kind}]"))
    return hits


def _grounding(policy: GuardPolicy, answer: OutboundAnswer) -> list[Hit]:
    spec = policy.spec.outbound.grounding
    if spec.action == "off" or not answer.passages:
        return []  # nothing retrieved: small talk or abstention, not a grounded answer
    cited = _cited(answer)
    grounds = [p.text for p in answer.passages if p.n in cited]
    if not grounds and not spec.require_citation:
        grounds = [p.text for p in answer.passages]
    supports = sentence_support(
        answer.text, grounds, language=answer.language, min_words=spec.min_sentence_words
    )
    weak = [s for s in supports if s.support < spec.min_support]
    action: GuardAction = spec.action
    if action == "strip" and len(weak) == len(supports):
        action = "block"  # nothing supported would remain
    hits = []
    for item in weak:
        detail = f"sentence {item.sentence.index}: support {item.support:.2f} < {spec.min_support}"
        finding = GuardFinding(
            "policy.grounding", "unsupported_sentence", 1.0 - item.support, action, detail
        )
        hits.append(Hit(finding, (item.sentence.span,)))
    return hits


def _cited(answer: OutboundAnswer) -> Collection[int]:
    if answer.cited is not None:
        return answer.cited
    return {p.n for p in answer.passages if _CITATION_MARKER.format(n=p.n) in answer.text}


def _toxicity(policy: GuardPolicy, answer: OutboundAnswer) -> list[Hit]:
    action = policy.spec.outbound.toxicity.action
    if action == "off":
        return []
    spans: tuple[Span, ...] = tuple(
        terms_for(policy.toxicity, answer.language).finditer(answer.text)
    )
    if not spans:
        return []
    category = f"toxicity:{answer.language or 'any'}"
    finding = GuardFinding("policy.toxicity", category, 1.0, action, f"{len(spans)} term(s)")
    return [Hit(finding, spans, TOXIC_WORD)]


OUTBOUND_RULES: tuple[OutboundRule, ...] = (_canary, _pii_leak, _grounding, _toxicity)

"""Score passage units against a question and pick the ones worth quoting.

Per unit, all terms in [0, 1]:

* ``coverage``: the question's content words found in the unit, weighted so that words rare
  among the candidate units count more ("japon" matters more than "roaming" when every
  passage is about roaming); words found only in the unit's heading or the passage title
  count 0.7;
* ``coverage`` again, boosted for short units: of two units covering the question the shorter
  is usually the direct answer;
* the same coverage over the whole passage, so units of the passage about the topic win ties;
* the retriever's score for the passage, and a small bonus for coming early in it.

Selection is greedy, best first: a unit joins if it covers the question nearly as well as the
best one, or covers a part of the question not yet covered; lists are kept whole when a
procedure is asked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from frontdesk.gateway.model import ContextPassage
from frontdesk.gateway.providers.extractive_text import (
    Unit,
    content_tokens,
    similarity,
    split_units,
)

__all__ = ["MAX_PASSAGES", "MAX_UNITS", "Candidate", "clamp", "is_row", "pick", "score_units"]

MAX_UNITS = 5
# One answer quotes at most this many passages: more reads like a search result page.
MAX_PASSAGES = 2
# A unit joins the answer only if it covers the question nearly as well as the best one;
# units of another passage must come closer still, so an answer stays on one topic.
_SAME_PASSAGE_FLOOR = 0.6
_OTHER_PASSAGE_FLOOR = 0.8
# A unit that covers no new part of the question must match it this well to be added.
_SAME_POINT = 0.9
_MIN_GAIN = 0.1
# Words found only in a unit's heading or the passage title: "Also compatible with 5G+"
# is what the items under it are about, but less surely than words of the item itself.
_CONTEXT_CREDIT = 0.7
_FOCUS_TOKENS = 6


@dataclass(frozen=True, slots=True)
class Candidate:
    unit: Unit
    passage: ContextPassage
    rank: int  # the passage's index in the retriever's order
    units: tuple[Unit, ...]  # all units of the passage, to expand lists
    credits: tuple[float, ...]  # per question word: how well this unit matches it, weighted
    coverage: float
    score: float


def score_units(question_tokens: list[str], pool: list[ContextPassage]) -> list[Candidate]:
    """Every quotable unit of ``pool``, best first (ties: retriever order, then position)."""
    question = list(dict.fromkeys(question_tokens))  # "router router" asks about one thing
    per_passage = [(p, tuple(split_units(p.text))) for p in pool]
    all_units = [u for _, units in per_passage for u in units]
    weights = _weights(question, all_units)
    total = sum(weights) or 1.0
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for rank, (passage, units) in enumerate(per_passage):
        title = frozenset(content_tokens(passage.title))
        everything = title.union(*(u.tokens | u.context for u in units))
        passage_cov = sum(_credits(question, weights, everything, frozenset())) / total
        for unit in units:
            key = _key(unit)
            if key in seen:  # overlapping chunks repeat sentences; quote each once
                continue
            seen.add(key)
            credits = _credits(question, weights, unit.tokens, unit.context | title)
            coverage = sum(credits) / total
            # Of two units covering the question, the shorter one is usually the direct answer.
            focus = min(1.0, _FOCUS_TOKENS / max(1, len(unit.tokens)))
            score = (
                0.5 * coverage
                + 0.1 * coverage * focus
                + 0.2 * passage_cov
                + 0.15 * clamp(passage.score)
                + 0.05 / (1 + unit.position)
            )
            if unit.fragment:
                score *= 0.6
            if is_row(unit):
                score *= 0.85  # a bare table row answers, but reads worse than a sentence
            candidates.append(Candidate(unit, passage, rank, units, credits, coverage, score))
    candidates.sort(key=lambda c: (-c.score, c.rank, c.unit.position))
    return candidates


def _weights(question: list[str], units: list[Unit]) -> tuple[float, ...]:
    # Rarity among the retrieved units, not the whole corpus: the retriever already chose
    # passages about the topic, so what tells their units apart is the question's rarer word.
    total = len(units)
    weights: list[float] = []
    for token in question:
        df = sum(1 for u in units if any(similarity(token, t) for t in u.tokens | u.context))
        weight = 1.0 + 0.35 * math.log((1 + total) / (1 + df))
        # "3g", "5g+", "iphone 14", "4.99": codes and figures name exactly one thing.
        weights.append(weight * 1.5 if any(ch.isdigit() for ch in token) else weight)
    return tuple(weights)


def _credits(
    question: list[str],
    weights: tuple[float, ...],
    tokens: frozenset[str],
    context: frozenset[str],
) -> tuple[float, ...]:
    out: list[float] = []
    for token, weight in zip(question, weights, strict=True):
        match = max((similarity(token, t) for t in tokens), default=0.0)
        if match < 1.0 and context:
            match = max(match, _CONTEXT_CREDIT * max(similarity(token, t) for t in context))
        out.append(weight * match)
    return tuple(out)


def pick(candidates: list[Candidate], procedural: bool) -> list[list[Candidate]]:
    """Units to quote, as blocks: a block is one unit, or a whole list kept together.

    Greedy, best first. After the best unit, a unit joins only if it covers the question
    nearly as well, or covers a part of the question the answer does not cover yet, so the
    answer grows with information rather than with repetition of the same point.
    """
    best = candidates[0]
    total = sum(best.credits) / best.coverage if best.coverage else 1.0
    covered = [0.0] * len(best.credits)
    blocks: list[list[Candidate]] = []
    taken: set[tuple[int, int]] = set()
    by_key = {(c.rank, c.unit.position): c for c in candidates}
    for cand in candidates:
        if len(blocks) >= MAX_UNITS:
            break
        if (cand.rank, cand.unit.position) in taken or _repeats(cand, blocks):
            continue
        if blocks and not _adds_to(cand, best, blocks, covered, total):
            continue
        block = [cand]
        group = cand.unit.group
        if group is not None and (procedural or cand.unit.is_intro or cand.unit.numbered):
            members = [(cand.rank, u.position) for u in cand.units if u.group == group]
            block = [by_key[key] for key in members if key in by_key and key not in taken]
        elif cand.unit.is_intro:
            continue  # an intro without its list says nothing
        taken.update((c.rank, c.unit.position) for c in block)
        blocks.append(block)
        for c in block:
            covered[:] = [max(a, b) for a, b in zip(covered, c.credits, strict=True)]
    if len(blocks) == 1 and len(blocks[0]) == 1:
        neighbour = _neighbour(blocks[0][0], by_key)
        if neighbour is not None:
            blocks.append([neighbour])
    return blocks


def _adds_to(
    cand: Candidate,
    best: Candidate,
    blocks: list[list[Candidate]],
    covered: list[float],
    total: float,
) -> bool:
    if cand.coverage == 0:
        return False
    ranks = {b[0].rank for b in blocks}
    if cand.rank not in ranks and len(ranks) >= MAX_PASSAGES:
        return False
    floor = _SAME_PASSAGE_FLOOR if cand.rank == best.rank else _OTHER_PASSAGE_FLOOR
    if cand.coverage < floor * best.coverage:
        return False
    gain = sum(max(0.0, c - k) for c, k in zip(cand.credits, covered, strict=True)) / total
    return gain >= _MIN_GAIN or cand.coverage >= _SAME_POINT * best.coverage


def _repeats(cand: Candidate, blocks: list[list[Candidate]]) -> bool:
    # Overlapping chunks cut the same sentence at different places; quote it once.
    text = _key(cand.unit)
    return any(text in _key(c.unit) or _key(c.unit) in text for b in blocks for c in b)


def _key(unit: Unit) -> str:
    return " ".join(unit.text.split()).casefold()


def _neighbour(cand: Candidate, by_key: dict[tuple[int, int], Candidate]) -> Candidate | None:
    # One sentence is often too terse; the next one in the same section usually completes it.
    for position in (cand.unit.position + 1, cand.unit.position - 1):
        other = by_key.get((cand.rank, position))
        if (
            other is not None
            and other.unit.context == cand.unit.context
            and other.unit.group == cand.unit.group
            and not other.unit.fragment
            and not other.unit.is_intro
            and not _repeats(other, [[cand]])
        ):
            return other
    return None


def is_row(unit: Unit) -> bool:
    return unit.text.startswith("|")


def clamp(value: float) -> float:
    return min(1.0, max(0.0, value))

"""Overlap resolution: recognizers propose, one entity per stretch of text survives."""

from __future__ import annotations

from collections.abc import Iterable

from frontdesk.guard.model import PiiEntity

__all__ = ["resolve_overlaps"]


def resolve_overlaps(candidates: Iterable[PiiEntity], min_score: float) -> list[PiiEntity]:
    """Non-overlapping entities sorted by start: the highest score wins a conflict, then the
    longer span (an address over the town inside it), then the earlier one."""
    ranked = sorted(
        (c for c in candidates if c.score >= min_score and c.end > c.start),
        key=lambda c: (-c.score, -(c.end - c.start), c.start),
    )
    kept: list[PiiEntity] = []
    for candidate in ranked:
        if all(candidate.end <= k.start or candidate.start >= k.end for k in kept):
            kept.append(candidate)
    kept.sort(key=lambda c: c.start)
    return kept

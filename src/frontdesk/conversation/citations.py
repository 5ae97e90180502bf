"""Citation markers: ``[n]`` in answer text → the passages they point at."""

from __future__ import annotations

import re
from typing import Any

from frontdesk.knowledge.model import ScoredPassage

_MARKER = re.compile(r"\[(\d{1,2})\]")
SNIPPET_CHARS = 600


def cited_numbers(text: str) -> list[int]:
    seen: list[int] = []
    for match in _MARKER.finditer(text):
        n = int(match.group(1))
        if n not in seen:
            seen.append(n)
    return seen


def citations_for(text: str, passages: list[ScoredPassage]) -> list[dict[str, Any]]:
    """The passages the answer cites, numbered as in the prompt (1-based). Markers that
    point at no passage are dropped rather than shown as broken links."""
    result = []
    for n in cited_numbers(text):
        if 1 <= n <= len(passages):
            p = passages[n - 1]
            result.append(
                {
                    "n": n,
                    "source": p.source,
                    "source_id": p.source_id,
                    "chunk_id": p.chunk_id,
                    "title": p.title,
                    "anchor": p.anchor,
                    "snippet": p.text[:SNIPPET_CHARS],
                    "score": round(p.score, 4),
                }
            )
    return result

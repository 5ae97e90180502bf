"""What a rule found, where, and how a ``strip`` action rewrites the text around it.

Rules return :class:`Hit` values: the finding (what goes to audit) and the spans it covers
(what ``strip`` removes). The findings alone answer "what happened"; :func:`apply_hits`
also answers "what text goes on", removing every stripped span in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from frontdesk.guard.model import GuardFinding, GuardVerdict

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Hit:
    finding: GuardFinding
    spans: tuple[Span, ...] = ()  # in the checked text; empty when nothing can be cut out
    replacement: str = ""  # what each span becomes under ``strip``


def apply_hits(text: str, hits: Iterable[Hit]) -> GuardVerdict:
    """The verdict for ``text``: every finding, and the text with stripped spans replaced.
    Overlapping spans (a rude word inside an unsupported sentence) are cut once, by the
    span that starts first and reaches furthest."""
    hits = list(hits)
    cuts = sorted(
        ((start, end, hit.replacement) for hit in hits if hit.finding.action == "strip"
         for start, end in hit.spans),
        key=lambda cut: (cut[0], -cut[1]),
    )  # fmt: skip
    parts: list[str] = []
    position = 0
    for start, end, replacement in cuts:
        if start < position:
            continue  # inside a span already cut
        parts.append(text[position:start])
        parts.append(replacement)
        position = end
    parts.append(text[position:])
    return GuardVerdict(text="".join(parts), findings=[hit.finding for hit in hits])

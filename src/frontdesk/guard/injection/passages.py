"""Indirect injection: instructions planted in retrieved passages, addressed to the model.

A passage is content, never a command. What gives a planted instruction away is that it
talks to the model, turns it against the user or exfiltrates (the markers in
``patterns/indirect.py``), or hides: HTML comments, white or zero-size text, Unicode tag
characters, found here on the raw text. Every inbound attack pattern applies too: a
document saying "ignore all previous instructions" is as hostile as a user saying it.

Scanning is two-step for speed: the whole passage once; only if something fires, sentence
by sentence to find which spans to strip (offsets into the original text). The same chunks
come back turn after turn, and a scan depends on the text alone (callers apply the tenant's
thresholds), so recent scans are kept: under 1,000 chat sessions re-scanning was the guard's
largest cost on the event loop (7% of the server's CPU).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from frontdesk.guard.injection.normalise import NormalisedText, normalise
from frontdesk.guard.injection.patterns import PatternLayer
from frontdesk.guard.injection.signals import HIDDEN_TEXT, Signal, combine

_HIDDEN_SPANS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("html_comment", re.compile(r"<!--.*?-->", re.DOTALL)),
    ("hidden_style", re.compile(
        r"<(\w+)[^>]*style\s*=\s*[\"'][^\"']*(?:display\s*:\s*none|visibility\s*:\s*hidden|"
        r"font-size\s*:\s*0|opacity\s*:\s*0(?:\.0+)?\s*[;\"']|color\s*:\s*(?:white|#fff\b|"
        r"#ffffff|transparent))[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)),
    ("invisible_characters", re.compile(r"[\U000e0020-\U000e007e]{8,}")),
)  # fmt: skip
# A sentence ends at . ! ? before a space or the end, or at a newline ("evil.com" is one word).
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+(?:[.!?]+(?=\s|$)|\n|$)")


@dataclass(frozen=True, slots=True)
class PassageScan:
    score: float  # the passage as a whole, 0..1
    signals: list[Signal] = field(default_factory=list)
    # (start, end, score) of each span worth stripping, in the original text
    spans: list[tuple[int, int, float]] = field(default_factory=list)


# Passages whose scans are kept (a few MB of text at most).
SCANS_KEPT = 4096


class PassageScanner:
    def __init__(
        self,
        patterns: PatternLayer,
        structural: Callable[[NormalisedText], list[Signal]],
        *,
        scans_kept: int = SCANS_KEPT,
    ) -> None:
        self._patterns = patterns
        self._structural = structural
        self._kept: OrderedDict[str, PassageScan] = OrderedDict()
        self._scans_kept = scans_kept

    def scan(self, text: str) -> PassageScan:
        kept = self._kept.get(text)
        if kept is not None:
            self._kept.move_to_end(text)
            return kept
        scan = self._scan(text)
        self._kept[text] = scan
        if len(self._kept) > self._scans_kept:
            self._kept.popitem(last=False)
        return scan

    def _scan(self, text: str) -> PassageScan:
        hidden = [
            (m.start(), m.end(), name) for name, rx in _HIDDEN_SPANS for m in rx.finditer(text)
        ]
        signals = self._signals(normalise(text))
        signals += [Signal("passage", HIDDEN_TEXT, 0.5, name) for *_, name in hidden]
        if not signals:
            return PassageScan(0.0)
        located: list[tuple[int, int, float]] = []
        for start, end, _ in hidden:
            inner = combine(self._signals(normalise(text[start:end])))
            located.append((start, end, max(0.5, inner)))
        # Sentences of the visible text only: a hidden span is a boundary, so stripping it
        # never takes the visible sentence after it along.
        for start, end in _visible(text, hidden):
            for match in _SENTENCE.finditer(text, start, end):
                score = combine(self._signals(normalise(match.group())))
                if score > 0:
                    located.append((match.start(), match.end(), score))
        return PassageScan(combine(signals), signals, sorted(located))

    def _signals(self, text: NormalisedText) -> list[Signal]:
        return self._patterns.scan(text) + self._structural(text)


def _visible(text: str, hidden: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    segments, cursor = [], 0
    for start, end, _ in sorted(hidden):
        if start > cursor:
            segments.append((cursor, start))
        cursor = max(cursor, end)
    return [*segments, (cursor, len(text))]

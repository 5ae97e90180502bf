"""Outbound guards on a streaming answer, a sentence at a time.

Checking the whole answer would mean holding it all back (no streaming); checking nothing
until the end would mean showing what a rule forbids. The gate holds back only the sentence
being written: each complete sentence is checked (personal-data leak, system-prompt canary,
grounding, toxicity) and released as the policy says — as is, with parts stripped, or not at
all. After a ``block`` nothing more is released and the caller ends the answer with its own
words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from frontdesk.guard.model import GuardFinding, GuardVerdict

# A sentence ends at ., ! or ? (with any closing citation markers) followed by white space,
# or at a blank line.
_BOUNDARY = re.compile(r"[.!?](?:\s*\[\d+\])*[\"')\]]*\s+|\n\s*\n")

SentenceCheck = Callable[[str], GuardVerdict]


class OutboundGate:
    def __init__(self, check: SentenceCheck) -> None:
        self._check = check
        self._pending = ""
        self.findings: list[GuardFinding] = []
        self.blocked = False

    def feed(self, text: str) -> str:
        """The part of the answer that is checked and may be shown now."""
        if self.blocked:
            return ""
        self._pending += text
        released: list[str] = []
        while not self.blocked:
            match = _BOUNDARY.search(self._pending)
            if match is None:
                break
            sentence, self._pending = (
                self._pending[: match.end()],
                self._pending[match.end() :],
            )
            released.append(self._release(sentence))
        return "".join(released)

    def flush(self) -> str:
        """The last, unterminated sentence, checked."""
        rest, self._pending = self._pending, ""
        if self.blocked or not rest:
            return ""
        return self._release(rest)

    def _release(self, sentence: str) -> str:
        verdict = self._check(sentence)
        self.findings.extend(verdict.findings)
        if verdict.blocked:
            self.blocked = True
            return ""
        return verdict.text

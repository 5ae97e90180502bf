"""Outbound guards on a streaming answer, a sentence at a time.

Checking the whole answer would mean holding it all back (no streaming); checking nothing
until the end would mean showing what a rule forbids. The gate holds back only the sentence
being written: each complete sentence is checked (personal-data leak, system-prompt canary,
grounding, toxicity) and released as the policy says — as is, with parts stripped, or not at
all. After a ``block`` nothing more is released and the caller ends the answer with its own
words.

With a word check (``guard.policy.early_release``) the sentence being written is not held
whole: its plain words are shown as they complete, up to its first word a check could act
on; from there the rest waits for the sentence's verdict. A verdict that would rewrite what
was already shown withholds the rest of that sentence instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from frontdesk.guard.model import GuardFinding, GuardVerdict

# A sentence ends at ., ! or ? (with any closing citation markers) followed by white space,
# or at a blank line.
_BOUNDARY = re.compile(r"[.!?](?:\s*\[\d+\])*[\"')\]]*\s+|\n\s*\n")

SentenceCheck = Callable[[str], GuardVerdict]
WordCheck = Callable[[str], bool]
_WORD = re.compile(r"\S+\s+")


class OutboundGate:
    def __init__(self, check: SentenceCheck, *, plain_word: WordCheck | None = None) -> None:
        self._check = check
        self._plain_word = plain_word
        self._pending = ""
        self._shown = 0  # characters of the pending sentence already released early
        self._holding = False  # the pending sentence reached a word a check could act on
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
        if not self.blocked and self._plain_word is not None and not self._holding:
            released.append(self._early())
        return "".join(released)

    def _early(self) -> str:
        """Complete plain words of the pending sentence not yet shown."""
        assert self._plain_word is not None
        start = self._shown
        for word in _WORD.finditer(self._pending, self._shown):
            if not self._plain_word(word.group()):
                self._holding = True
                break
            self._shown = word.end()
        return self._pending[start : self._shown]

    def flush(self) -> str:
        """The last, unterminated sentence, checked."""
        rest, self._pending = self._pending, ""
        if self.blocked or not rest:
            return ""
        return self._release(rest)

    def _release(self, sentence: str) -> str:
        shown = sentence[: self._shown]
        self._shown, self._holding = 0, False
        verdict = self._check(sentence)
        self.findings.extend(verdict.findings)
        if verdict.blocked:
            self.blocked = True
            return ""
        if not verdict.text.startswith(shown):
            return ""  # the rewrite reaches into what was shown: hold the rest back
        return verdict.text[len(shown) :]

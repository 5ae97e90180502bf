"""Re-identifying a streamed answer, token delta by token delta.

A placeholder can arrive in pieces (``<PER`` + ``SON_1>``). The stream holds back the tail
that could still become one of this conversation's placeholders and releases it as soon as
it is complete (replaced) or proven not to be one (passed through unchanged). Only the text
from the last ``<`` can be pending: a placeholder has no ``<`` inside, so anything before it
is already decided. Matching against the known placeholders' prefixes (not any
``<UPPER...``) means ordinary text (``x < y``, ``<b>``) is held only while it still could
be one, and a conversation without personal data passes every delta straight through.
"""

from __future__ import annotations

from collections.abc import Mapping

from frontdesk.guard.vault.placeholders import prefixes_of, replace_known


class ReidentifyingStream:
    __slots__ = ("_pending", "_prefixes", "_values")

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = dict(values)
        self._prefixes = prefixes_of(self._values)
        self._pending = ""

    def feed(self, delta: str) -> str:
        """The text that is ready to show, with placeholders already replaced."""
        if not self._values:
            return delta
        text = self._pending + delta if self._pending else delta
        start = text.rfind("<")
        if start != -1 and text[start:] in self._prefixes:
            self._pending = text[start:]
            text = text[:start]
        else:
            self._pending = ""
        return replace_known(text, self._values)

    def flush(self) -> str:
        """What is still held back at the end of the stream (an unfinished placeholder)."""
        rest, self._pending = self._pending, ""
        return rest

"""An incremental Server-Sent Events decoder (the WHATWG ``text/event-stream`` format).

Network reads split a stream anywhere: inside a UTF-8 sequence, inside a line, between the
CR and LF of a line ending. :class:`SSEDecoder` accepts bytes as they arrive and returns the
events completed so far, so a provider can yield tokens as soon as their line is whole.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    data: str
    event: str = "message"
    id: str | None = None


class SSELineTooLongError(ValueError):
    """A line grew past the limit without a line ending: the peer is not speaking SSE."""


class SSEDecoder:
    """Feed bytes with :meth:`feed`; call :meth:`finish` once the stream has ended.

    Invalid UTF-8 raises :class:`UnicodeDecodeError` from either method.
    """

    def __init__(self, *, max_line_chars: int = 4 * 1024 * 1024) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="strict")
        self._max_line_chars = max_line_chars
        self._partial_line = ""
        # A CR ended the previous chunk; if the next chunk starts with LF, it is the same
        # line ending and must not count as an empty line (which would dispatch an event).
        self._after_cr = False
        self._at_start = True
        self._event_type = ""
        self._data_lines: list[str] = []
        self._last_id: str | None = None

    def feed(self, data: bytes) -> list[ServerSentEvent]:
        text = self._utf8.decode(data)
        if not text:
            return []
        if self._at_start:
            self._at_start = False
            text = text.removeprefix("\ufeff")
        if self._after_cr:
            self._after_cr = False
            text = text.removeprefix("\n")
        if "\r" in text:
            ends_with_cr = text.endswith("\r")
            if ends_with_cr:
                text = text[:-1]
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            if ends_with_cr:
                text += "\n"
                self._after_cr = True
        lines = (self._partial_line + text).split("\n")
        self._partial_line = lines.pop()
        if len(self._partial_line) > self._max_line_chars:
            raise SSELineTooLongError(f"SSE line longer than {self._max_line_chars} characters")
        events: list[ServerSentEvent] = []
        for line in lines:
            event = self._process_line(line)
            if event is not None:
                events.append(event)
        return events

    def finish(self) -> list[ServerSentEvent]:
        """End of stream. An unterminated last line is dropped, as the spec says; an event
        whose data lines were complete but lacked the closing blank line is still returned,
        because some servers close right after their last ``data:`` line."""
        self._utf8.decode(b"", final=True)
        self._partial_line = ""
        event = self._dispatch()
        return [event] if event is not None else []

    def _process_line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None  # a comment; servers send these as keep-alives
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data_lines.append(value)
        elif name == "event":
            self._event_type = value
        elif name == "id" and "\0" not in value:
            self._last_id = value
        return None  # "retry" and unknown fields are ignored

    def _dispatch(self) -> ServerSentEvent | None:
        data_lines, event_type = self._data_lines, self._event_type
        self._data_lines, self._event_type = [], ""
        if not data_lines:
            return None
        return ServerSentEvent("\n".join(data_lines), event_type or "message", self._last_id)

"""The SSE decoder against the WHATWG rules, with the stream split at every byte."""

from __future__ import annotations

import pytest

from frontdesk.gateway.sse import ServerSentEvent, SSEDecoder, SSELineTooLongError

STREAM = (
    "\ufeff: keep-alive comment\r\n"
    "event: content_block_delta\r\n"
    'data: {"text": "caffè ☕ 🚀"}\r\n'
    "\r\n"
    "id: 7\n"
    "data: first line\n"
    "data:second line\n"
    "retry: 1000\n"
    "\n"
    "data: lone CR endings\r"
    "\r"
    "data: [DONE]\n"
    "\n"
).encode()

EXPECTED = [
    ServerSentEvent('{"text": "caffè ☕ 🚀"}', "content_block_delta", None),
    ServerSentEvent("first line\nsecond line", "message", "7"),
    ServerSentEvent("lone CR endings", "message", "7"),
    ServerSentEvent("[DONE]", "message", "7"),
]


def decode(*parts: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events = [event for part in parts for event in decoder.feed(part)]
    return events + decoder.finish()


def test_whole_stream_decodes_to_the_expected_events() -> None:
    assert decode(STREAM) == EXPECTED


@pytest.mark.parametrize("cut", range(1, len(STREAM)))
def test_one_split_anywhere_gives_the_same_events(cut: int) -> None:
    # Covers cuts inside multi-byte characters and between the CR and LF of a line ending.
    assert decode(STREAM[:cut], STREAM[cut:]) == EXPECTED


def test_one_byte_at_a_time_gives_the_same_events() -> None:
    assert decode(*(STREAM[i : i + 1] for i in range(len(STREAM)))) == EXPECTED


def test_cr_then_lf_in_the_next_chunk_is_one_line_ending_not_two() -> None:
    # Two line endings would dispatch "a" early and "b" as a second event.
    assert decode(b"data: a\r", b"\ndata: b\r\n\r\n") == [ServerSentEvent("a\nb")]


def test_invalid_utf8_raises() -> None:
    decoder = SSEDecoder()
    with pytest.raises(UnicodeDecodeError):
        decoder.feed(b'data: {"text": "caf\xc3(\xff"}\n\n')


def test_stream_ending_inside_a_utf8_sequence_raises_on_finish() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: caf\xc3") == []
    with pytest.raises(UnicodeDecodeError):
        decoder.finish()


def test_unterminated_last_line_is_dropped() -> None:
    assert decode(b'data: {"a": 1}\n\ndata: {"trunc') == [ServerSentEvent('{"a": 1}')]


def test_complete_data_line_without_blank_line_is_kept_at_end_of_stream() -> None:
    assert decode(b"data: last\n") == [ServerSentEvent("last")]


def test_event_without_data_is_not_dispatched() -> None:
    assert decode(b"event: ping\n\n: only a comment\n\n") == []


def test_field_without_colon_and_empty_data() -> None:
    # "data" alone appends an empty line: the buffer is "\n", not empty, so it dispatches.
    assert decode(b"data\n\n") == [ServerSentEvent("")]
    assert decode(b"data\ndata: x\n\n") == [ServerSentEvent("\nx")]


def test_endless_line_is_refused() -> None:
    decoder = SSEDecoder(max_line_chars=100)
    with pytest.raises(SSELineTooLongError):
        decoder.feed(b"data: " + b"x" * 200)

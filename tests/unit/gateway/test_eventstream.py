"""Our event-stream encoder, judged by botocore's decoder (which checks both CRCs)."""

from __future__ import annotations

import pytest
from botocore.eventstream import ChecksumMismatch, EventStreamBuffer

from frontdesk.fakes import eventstream


def decode_all(data: bytes) -> list[tuple[dict[str, str], bytes]]:
    buffer = EventStreamBuffer()
    buffer.add_data(data)
    return [(dict(message.headers), message.payload) for message in buffer]


def test_event_frames_decode_with_botocore() -> None:
    frames = eventstream.event("messageStart", b'{"role":"assistant"}') + eventstream.event(
        "contentBlockDelta", '{"delta":{"text":"caffè"}}'.encode()
    )
    assert decode_all(frames) == [
        (
            {
                ":event-type": "messageStart",
                ":content-type": "application/json",
                ":message-type": "event",
            },
            b'{"role":"assistant"}',
        ),
        (
            {
                ":event-type": "contentBlockDelta",
                ":content-type": "application/json",
                ":message-type": "event",
            },
            '{"delta":{"text":"caffè"}}'.encode(),
        ),
    ]


def test_exception_frame_headers() -> None:
    [(headers, _payload)] = decode_all(eventstream.exception("throttlingException", b"{}"))
    assert headers[":message-type"] == "exception"
    assert headers[":exception-type"] == "throttlingException"


@pytest.mark.parametrize("position", [5, 20, -2])
def test_a_flipped_byte_fails_botocore_crc_check(position: int) -> None:
    frame = bytearray(eventstream.event("messageStop", b'{"stopReason":"end_turn"}'))
    frame[position] ^= 0x01
    with pytest.raises(ChecksumMismatch):
        decode_all(bytes(frame))

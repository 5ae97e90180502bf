"""Plays a streamed answer over ASGI with the configured pacing, or breaks it on purpose.

A protocol (OpenAI SSE, Anthropic SSE, AWS event stream) describes its stream as a
:class:`StreamScript`: the bytes before the first token, how one token is framed, the bytes
after the last, and its own versions of the faults that depend on framing. Tokens due at
the same moment go out in one write: under load the fake sends bigger chunks instead of
falling behind the configured tokens per second.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import orjson

from frontdesk.fakes.asgi import Receive, Send, send_bytes, wait_for_disconnect
from frontdesk.fakes.behaviour import FakeBehaviour

# A token placeholder: a protocol renders one event around it once per stream, and
# token_framer splits that event so each token costs one string encode and one join.
TOKEN_SLOT = "\x00token\x00"
_HTML = b"<html><head><title>Sign in</title></head><body>Proxy login required</body></html>"


@dataclass(frozen=True, slots=True)
class StreamScript:
    content_type: bytes
    head: bytes
    tokens: Sequence[str]
    token_event: Callable[[str], bytes]
    tail: bytes
    # Fault name → the bytes that replace the rest of the stream (framing-specific faults).
    fault_events: Mapping[str, bytes] = field(default_factory=dict)
    headers: Sequence[tuple[bytes, bytes]] = ()


def token_framer(event_with_slot: bytes) -> Callable[[str], bytes]:
    prefix, suffix = event_with_slot.split(orjson.dumps(TOKEN_SLOT))
    return lambda token: b"".join((prefix, orjson.dumps(token), suffix))


async def play(
    script: StreamScript,
    behaviour: FakeBehaviour,
    fault: str | None,
    receive: Receive,
    send: Send,
) -> None:
    if fault == "timeout_first_byte":
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(behaviour.fault_delay_s):
                await wait_for_disconnect(receive)
                return
    if behaviour.ttft_ms > 0:
        await asyncio.sleep(behaviour.ttft_ms / 1000)
    if fault == "wrong_content_type":
        await send_bytes(send, 200, _HTML, b"text/html; charset=utf-8")
        return
    headers = [(b"content-type", script.content_type), (b"cache-control", b"no-cache")]
    headers.extend(script.headers)
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    if fault == "slow_drip":
        await _drip(script, behaviour, send)
        return
    breaks_stream = fault is not None and fault != "timeout_first_byte"
    cut = min(behaviour.fault_after_tokens, len(script.tokens)) if breaks_stream else None
    await _send_tokens(script, script.tokens[:cut], behaviour, send)
    if cut is None:
        await send({"type": "http.response.body", "body": script.tail})
        return
    await _break(script, fault, script.tokens[cut:], receive, send)


async def _break(
    script: StreamScript, fault: str | None, rest: Sequence[str], receive: Receive, send: Send
) -> None:
    next_token = rest[0] if rest else "end"
    if fault == "die_mid_stream":
        return  # returning without finishing the body makes the server drop the connection
    if fault == "stall":
        await wait_for_disconnect(receive)
        return
    if fault in script.fault_events:
        body = script.fault_events[str(fault)]
    elif fault == "truncated_sse":
        event = script.token_event(next_token)
        body = event[: len(event) // 2]
    elif fault == "invalid_utf8":
        body = script.token_event("INVALIDUTF8").replace(b"INVALIDUTF8", b"caf\xc3(\xff")
        body += script.tail
    else:
        raise ValueError(f"unknown fault {fault!r}")
    await send({"type": "http.response.body", "body": body})


async def _send_tokens(
    script: StreamScript, tokens: Sequence[str], behaviour: FakeBehaviour, send: Send
) -> None:
    loop = asyncio.get_running_loop()
    interval = 1.0 / behaviour.tokens_per_s if behaviour.tokens_per_s > 0 else 0.0
    start = loop.time()
    sent = 0
    pending = script.head
    while sent < len(tokens):
        due = len(tokens)
        if interval:
            due = min(due, int((loop.time() - start) / interval) + 1)
            if due <= sent:
                await asyncio.sleep(start + sent * interval - loop.time())
                continue
        pending += b"".join(map(script.token_event, tokens[sent:due]))
        await send({"type": "http.response.body", "body": pending, "more_body": True})
        pending, sent = b"", due
    if pending:
        await send({"type": "http.response.body", "body": pending, "more_body": True})


async def _drip(script: StreamScript, behaviour: FakeBehaviour, send: Send) -> None:
    body = script.head + b"".join(map(script.token_event, script.tokens)) + script.tail
    pause = behaviour.drip_interval_ms / 1000
    for i in range(len(body)):
        await send({"type": "http.response.body", "body": body[i : i + 1], "more_body": True})
        await asyncio.sleep(pause)
    await send({"type": "http.response.body", "body": b""})

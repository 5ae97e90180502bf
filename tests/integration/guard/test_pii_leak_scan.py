"""The whole synthetic PII corpus goes through chat and through the OpenAI-compatible API;
then every place a value could end up is scanned: each log line (the service configured at
DEBUG), every
metric label and value on ``/metrics``, every request body the fake upstream received, the
audit trail and the whole database file (transcripts, events, usage rows, vault). No raw
value may be anywhere — while the customer still reads the real values in the answers.

There is no tracing exporter in the product yet; when one lands, its span attributes join
the haystacks here.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import openai

from frontdesk.config import GatewaySettings, ProviderSettings
from frontdesk.fakes.openai_server import run_fake_openai
from frontdesk.ops.logging import PAYLOAD_LOGGERS, JsonFormatter, configure_logging
from tests.integration.api.test_openai_sdk import REMOTE, serve
from tests.support.chat import ChatClient, answer_text, collect_until_done, next_event
from tests.support.pii_corpus import CorpusMessage, pii_corpus
from tests.support.server import make_settings

PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*_[0-9]+>")
PER_SESSION = 10  # chat messages per conversation: placeholders repeat across its turns


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def _every_log_line() -> Iterator[list[str]]:
    """Every line the service logs when configured at DEBUG, its most talkative level."""
    root = logging.getLogger()
    names = ("", *PAYLOAD_LOGGERS, "uvicorn.access", "httpx", "httpcore")
    saved = ([*root.handlers], {name: logging.getLogger(name).level for name in names})
    configure_logging("DEBUG")
    handler = _Lines()
    root.addHandler(handler)
    try:
        yield handler.lines
    finally:
        root.handlers[:] = saved[0]
        for name, level in saved[1].items():
            logging.getLogger(name).setLevel(level)


async def _chat(base_url: str, corpus: list[CorpusMessage]) -> str:
    client = ChatClient(base_url)
    answers: list[str] = []
    for start in range(0, len(corpus), PER_SESSION):
        batch = corpus[start : start + PER_SESSION]
        session = await client.create_session(batch[0].language)
        async with client.stream(session) as ws:
            await next_event(ws)
            for n, message in enumerate(batch):
                frame = {"type": "user_message", "client_id": f"c{n}", "text": message.text}
                await ws.send(json.dumps(frame))
                answers.append(answer_text(await collect_until_done(ws)))
        transcript = await client.http.get(f"/v1/sessions/{session}/messages")
        answers.append(transcript.text)
    await client.aclose()
    return "\n".join(answers)


async def _api(client: openai.AsyncOpenAI, corpus: list[CorpusMessage]) -> str:
    answers: list[str] = []
    for n, message in enumerate(corpus):
        messages = [{"role": "user", "content": message.text}]
        if n % 2:
            stream = await client.chat.completions.create(
                model=REMOTE,
                messages=messages,  # type: ignore[arg-type]
                stream=True,
            )
            parts = [c.choices[0].delta.content or "" async for c in stream if c.choices]
            answers.append("".join(parts))
        else:
            reply = await client.chat.completions.create(model=REMOTE, messages=messages)  # type: ignore[arg-type]
            answers.append(reply.choices[0].message.content or "")
    return "\n".join(answers)


def _database_text(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return "\n".join(conn.iterdump())


def _forms(value: str) -> set[str]:
    """The value as written, in lower case (haystacks are lowered: a search index keeps
    words in lower case) and, for numbers, its digits alone (a leak is a leak with or without
    the spaces)."""
    forms = {value.lower()}
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 6 and len(digits) >= len(value) // 2:
        forms.add(digits)
    return forms


async def test_no_raw_personal_data_anywhere(tmp_path: Path) -> None:
    corpus = pii_corpus()
    async with run_fake_openai() as upstream:
        gateway = GatewaySettings(
            default_model="openai:gpt-4o-mini",
            providers={"openai": ProviderSettings(base_url=upstream.base_url, timeout_s=10)},
        )
        settings = make_settings(tmp_path, gateway=gateway)
        with _every_log_line() as lines:
            async with serve(settings) as server:
                chat_answers = await _chat(server.base_url, corpus)
                api_answers = await _api(server.client(await server.key()), corpus)
                async with httpx.AsyncClient(base_url=server.base_url) as http:
                    metrics = (await http.get("/metrics")).text
                await asyncio.sleep(0.3)  # usage rows and audit are committed in the background
        upstream_bodies = [r.body.decode() for r in upstream.requests]
    found_in = {
        "log line": lines,
        "metrics": [metrics],
        "upstream request": upstream_bodies,
        "database": [_database_text(settings.data_dir / "frontdesk.db")],
    }
    haystacks = {where: [t.lower() for t in texts] for where, texts in found_in.items()}
    # Both surfaces reached the (fake) model. Not every message does: a chat turn with no
    # passage is answered "not available" without one, and masked API requests repeat (each
    # is its own conversation, numbered from <..._1>) so the gateway cache answers many.
    chat_calls = sum("customer assistant of" in body for body in upstream_bodies)
    api_calls = len(upstream_bodies) - chat_calls
    assert chat_calls >= len(corpus) // 4 and api_calls >= len(corpus) // 4
    assert len(lines) > len(corpus)  # the logs were really captured
    leaks = sorted(
        {
            f"{kind} {value!r} in a {where}"
            for message in corpus
            for kind, value in message.values
            for where, texts in haystacks.items()
            for form in _forms(value)
            if any(form in text for text in texts)
        }
    )
    assert not leaks, f"{len(leaks)} leak(s):\n" + "\n".join(leaks)
    # ... and people read their own values back: the fake model repeats the (masked)
    # question's first words, and every placeholder in what it wrote is resolved again.
    assert not PLACEHOLDER.search(chat_answers) and not PLACEHOLDER.search(api_answers)
    emails = [value for message in corpus for kind, value in message.values if kind == "EMAIL"]
    assert sum(e in chat_answers for e in emails) == len(emails)  # the transcripts hold all
    assert sum(e in api_answers for e in emails) >= 0.9 * len(emails)  # unless cut off

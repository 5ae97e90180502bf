"""Message text stays out of logs; the whole chat path also runs on a real Postgres."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from frontdesk.config import DatabaseSettings
from tests.support.chat import ChatClient, answer_text, collect_until_done, next_event
from tests.support.server import make_settings, running_server

SECRET_QUESTION = "Come resetto il router? Il mio codice cliente è ZX-99817"


async def test_message_text_never_reaches_the_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="frontdesk")
    async with running_server(make_settings(tmp_path)) as base_url:
        client = ChatClient(base_url)
        session = await client.create_session("it")
        async with client.stream(session) as ws:
            await next_event(ws)
            await ws.send(
                '{"type":"user_message","client_id":"p1","text":"' + SECRET_QUESTION + '"}'
            )
            events = await collect_until_done(ws)
        await client.aclose()
    assert answer_text(events)
    logged = "\n".join(r.getMessage() + " " + str(vars(r)) for r in caplog.records)
    assert any(r.getMessage() == "turn done" for r in caplog.records)
    assert "ZX-99817" not in logged and "resetto" not in logged


async def test_chat_on_postgres(tmp_path: Path, postgres_url: str) -> None:
    settings = make_settings(tmp_path, database=DatabaseSettings(url=postgres_url))
    async with running_server(settings) as base_url:
        client = ChatClient(base_url)
        session = await client.create_session("en")
        frame = '{"type":"user_message","client_id":"pg","text":"How do I reset the router?"}'
        async with client.stream(session) as ws:
            await next_event(ws)
            await ws.send(frame)
            events = await collect_until_done(ws)
            await ws.send(frame)  # a retry: the original ack, no second turn
            assert await next_event(ws) == events[0]
        async with client.stream(session, last_seq=1) as ws:
            await next_event(ws)
            replayed = [await next_event(ws) for _ in range(len(events) - 1)]
        transcript = (await client.http.get(f"/v1/sessions/{session}/messages")).json()
        await client.aclose()
    assert replayed == events[1:]
    assert events[-1]["type"] == "done" and "RESET" in answer_text(events)
    assert [m["role"] for m in transcript["messages"]] == ["user", "assistant"]

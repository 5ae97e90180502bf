"""The chat WebSocket end to end on a real server: answers, idempotency, resume."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.chat import ChatClient, answer_text, collect_until_done, next_event
from tests.support.server import make_settings, running_server


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[ChatClient]:
    async with running_server(make_settings(tmp_path)) as base_url:
        chat = ChatClient(base_url)
        yield chat
        await chat.aclose()


async def test_question_streams_an_answer_with_citations(client: ChatClient) -> None:
    session = await client.create_session("it")
    async with client.stream(session) as ws:
        ready = await next_event(ws)
        assert ready == {
            "type": "ready",
            "protocol": "frontdesk.v1",
            "session_id": session,
            "last_seq": 0,
        }
        await ws.send('{"type":"user_message","client_id":"c1","text":"Come resetto il router?"}')
        events = await collect_until_done(ws)
    ack = events[0]
    assert ack["type"] == "ack" and ack["client_id"] == "c1" and ack["seq"] == 1
    seqs = [e["seq"] for e in events]
    assert seqs == list(range(1, len(events) + 1))
    text = answer_text(events)
    assert "RESET" in text and "[1]" in text
    citations = next(e for e in events if e["type"] == "citations")["citations"]
    assert citations[0]["source"].endswith("router-reset-it.md")
    done = events[-1]
    assert done["type"] == "done" and done["abstained"] is False
    assert done["model"] == "local:extractive"

    transcript = (await client.http.get(f"/v1/sessions/{session}/messages")).json()["messages"]
    assert [m["role"] for m in transcript] == ["user", "assistant"]
    assert transcript[1]["citations"][0]["n"] == 1


async def test_unknown_topic_abstains_in_the_users_language(client: ChatClient) -> None:
    session = await client.create_session()
    async with client.stream(session) as ws:
        await next_event(ws)
        await ws.send(
            '{"type":"user_message","client_id":"c1","language":"es",'
            '"text":"¿Cuál es la receta de la paella valenciana?"}'
        )
        events = await collect_until_done(ws)
    assert events[-1]["abstained"] is True and events[-1]["offer"] == "ticket"
    assert "no está disponible" in answer_text(events)


async def test_retry_with_same_client_id_is_idempotent(client: ChatClient) -> None:
    session = await client.create_session("en")
    frame = '{"type":"user_message","client_id":"same","text":"How do I reset the router?"}'
    async with client.stream(session) as ws:
        await next_event(ws)
        await ws.send(frame)
        first = await collect_until_done(ws)
        await ws.send(frame)
        again = await next_event(ws)
    assert again == first[0]  # the original ack, same seq: nothing new was started
    transcript = (await client.http.get(f"/v1/sessions/{session}/messages")).json()["messages"]
    assert [m["role"] for m in transcript] == ["user", "assistant"]


async def test_reconnect_replays_missed_events_once(client: ChatClient) -> None:
    session = await client.create_session("en")
    async with client.stream(session) as ws:
        await next_event(ws)
        await ws.send('{"type":"user_message","client_id":"a","text":"How do I reset the router?"}')
        full = await collect_until_done(ws)
    cut = full[1]["seq"]  # the client saw the ack and the first delta only
    async with client.stream(session, last_seq=cut) as ws:
        ready = await next_event(ws)
        assert ready["last_seq"] == full[-1]["seq"]
        replayed = [await next_event(ws) for _ in range(len(full) - 2)]
        await ws.send('{"type":"ping"}')
        assert await next_event(ws) == {"type": "pong"}
    assert replayed == full[2:]


async def test_sessions_list_only_the_callers_own(client: ChatClient, tmp_path: Path) -> None:
    mine = await client.create_session()
    other = ChatClient(client.base_url)
    theirs = await other.create_session()
    listed = (await client.http.get("/v1/sessions")).json()["sessions"]
    assert [s["id"] for s in listed] == [mine]
    forbidden = await client.http.get(f"/v1/sessions/{theirs}/messages")
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "forbidden"
    await other.aclose()

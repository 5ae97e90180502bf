"""Bad input gets a documented error event or close code, and the server stays up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.support.chat import ChatClient, collect_until_done, next_event
from tests.support.server import make_settings, running_server


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[ChatClient]:
    async with running_server(make_settings(tmp_path)) as base_url:
        chat = ChatClient(base_url)
        yield chat
        assert (await chat.http.get("/healthz")).json() == {"status": "ok"}
        await chat.aclose()


async def _close_code(ws: object) -> tuple[int, str]:
    try:
        while True:
            await ws.recv()  # type: ignore[attr-defined]
    except ConnectionClosed as closed:
        assert closed.rcvd is not None
        return closed.rcvd.code, closed.rcvd.reason


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", "bad_json"),
        ("[1, 2, 3]", "bad_json"),
        ('{"type": "launch_rockets"}', "unknown_type"),
        ('{"text": "no type"}', "unknown_type"),
        ('{"type": "user_message", "text": "hi"}', "invalid_message"),
        ('{"type": "user_message", "client_id": "x", "text": 42}', "invalid_message"),
        (
            '{"type": "user_message", "client_id": "x", "text": "hi", "language": "fr"}',
            "invalid_message",
        ),
        (
            '{"type": "user_message", "client_id": "x", "text": "' + "a" * 4001 + '"}',
            "invalid_message",
        ),
    ],
)
async def test_bad_frames_get_error_events_and_the_socket_stays_open(
    client: ChatClient, frame: str, code: str
) -> None:
    session = await client.create_session()
    async with client.stream(session) as ws:
        await next_event(ws)
        await ws.send(frame)
        error = await next_event(ws)
        assert error["type"] == "error" and error["code"] == code, error
        await ws.send(
            '{"type":"user_message","client_id":"ok","text":"How do I reset the router?"}'
        )
        assert (await collect_until_done(ws))[-1]["type"] == "done"


async def test_oversize_frame_closes_with_1009(client: ChatClient) -> None:
    session = await client.create_session()
    async with client.stream(session) as ws:
        await next_event(ws)
        await ws.send('{"type":"user_message","client_id":"big","text":"' + "x" * 70_000 + '"}')
        code, _ = await _close_code(ws)
    assert code == 1009


async def test_invalid_utf8_closes_with_1007(client: ChatClient) -> None:
    session = await client.create_session()
    async with client.stream(session) as ws:
        await next_event(ws)
        await ws.send(b'{"type":"ping","x":"\xff\xfe"}', text=True)
        code, _ = await _close_code(ws)
    assert code == 1007


async def test_binary_frame_closes_with_1003(client: ChatClient) -> None:
    session = await client.create_session()
    async with client.stream(session) as ws:
        await next_event(ws)
        await ws.send(b"\x00\x01binary")
        code, reason = await _close_code(ws)
    assert (code, reason) == (1003, "binary frames are not supported")


async def test_unknown_session_closes_with_4404(client: ChatClient) -> None:
    await client.create_session()  # obtains visitor credentials
    async with client.stream("ses_doesnotexist") as ws:
        code, _ = await _close_code(ws)
    assert code == 4404


async def test_someone_elses_session_closes_with_4403(client: ChatClient) -> None:
    other = ChatClient(client.base_url)
    theirs = await other.create_session()
    await client.create_session()
    async with client.stream(theirs) as ws:
        code, _ = await _close_code(ws)
    assert code == 4403
    await other.aclose()


async def test_missing_subprotocol_closes_with_4400(client: ChatClient) -> None:
    session = await client.create_session()
    try:
        async with client.stream(session, subprotocols=[]) as ws:
            code, reason = await _close_code(ws)
    except InvalidStatus as exc:  # pragma: no cover - depends on the client's strictness
        raise AssertionError(f"handshake refused: {exc}") from exc
    assert code == 4400 and "frontdesk.v1" in reason


async def test_bad_token_closes_with_4401(client: ChatClient) -> None:
    session = await client.create_session()
    intruder = ChatClient(client.base_url, token="fd_not-a-real-key")
    async with intruder.stream(session) as ws:
        code, _ = await _close_code(ws)
    assert code == 4401
    await intruder.aclose()


async def test_bad_last_seq_closes_with_4400(client: ChatClient) -> None:
    session = await client.create_session()
    async with client.stream(session, last_seq=-3) as ws:  # type: ignore[arg-type]
        code, _ = await _close_code(ws)
    assert code == 4400


async def test_http_bad_input_is_a_json_error(client: ChatClient) -> None:
    response = await client.http.post("/v1/sessions", json={"language": "klingon"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"
    response = await client.http.post(
        "/v1/sessions", content=b"\xff\xfe{", headers={"content-type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert response.json()["error"]["code"] in ("bad_request", "invalid_input")
    missing = await client.http.get("/v1/sessions/ses_nope/messages")
    assert missing.status_code in (401, 404)

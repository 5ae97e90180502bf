"""Tickets: opened once per answer, audited, and refused for turns of other sessions."""

from __future__ import annotations

from pathlib import Path

from tests.support.chat import ChatClient, collect_until_done, next_event
from tests.support.server import make_settings, running_server


async def test_ticket_for_an_abstained_answer_is_opened_once(tmp_path: Path) -> None:
    async with running_server(make_settings(tmp_path)) as base_url:
        client = ChatClient(base_url)
        session = await client.create_session("en")
        async with client.stream(session) as ws:
            await next_event(ws)
            await ws.send('{"type":"user_message","client_id":"t1","text":"Best paella recipe?"}')
            done = (await collect_until_done(ws))[-1]
        assert done["offer"] == "ticket"
        url = f"/v1/sessions/{session}/tickets"
        first = await client.http.post(url, json={"turn_id": done["turn_id"]})
        again = await client.http.post(url, json={"turn_id": done["turn_id"]})
        unknown = await client.http.post(url, json={"turn_id": "turn_nope"})
        bad = await client.http.post(url, json={"turn_id": 7})
        other = ChatClient(base_url)
        await other.create_session()
        foreign = await other.http.post(url, json={"turn_id": done["turn_id"]})
        await other.aclose()
        await client.aclose()
    assert first.status_code == 201 and first.json()["status"] == "open"
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    assert bad.status_code == 422
    assert foreign.status_code == 403

"""``frontdesk privacy erase``: after a conversation's key is shredded its personal data
cannot be recovered, other conversations still can, and the audit trail still verifies.

Transcripts are stored pseudonymised, so erasure covers them too: the database never holds
the values in clear, readers get them back until the key is gone, placeholders after."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from typer.testing import CliRunner

from frontdesk.cli import app
from frontdesk.config import GatewaySettings, ProviderSettings, Settings
from frontdesk.fakes.openai_server import run_fake_openai
from frontdesk.runtime import open_runtime
from tests.support.chat import ChatClient, collect_until_done, next_event
from tests.support.server import TINY_TENANT, make_settings, running_server

EMAIL = "maria.rossi@example.com"


async def _two_conversations(settings: Settings) -> list[str]:
    sessions = []
    async with run_fake_openai() as upstream:
        settings.gateway = GatewaySettings(
            default_model="openai:gpt-4o-mini",
            providers={"openai": ProviderSettings(base_url=upstream.base_url)},
        )
        async with running_server(settings) as base_url:
            client = ChatClient(base_url)
            for n in range(2):
                session = await client.create_session("en")
                async with client.stream(session) as ws:
                    await next_event(ws)
                    text = f"Reset the router for {EMAIL} please"
                    await ws.send(
                        json.dumps({"type": "user_message", "client_id": f"e{n}", "text": text})
                    )
                    await collect_until_done(ws)
                sessions.append(session)
            await client.aclose()
    return sessions


async def _reveal(settings: Settings, session: str) -> tuple[str, bool]:
    async with open_runtime(settings) as rt:
        text = await rt.guard.reidentify("acme", session, "<EMAIL_1>")
        report = await rt.audit.verify("acme")
    return text, report.ok


async def _transcript(settings: Settings, session_id: str) -> tuple[str, str, str]:
    """(stored messages, stored events, the transcript as its reader sees it)."""
    async with open_runtime(settings) as rt:
        repository = rt.conversation.repository
        stored = json.dumps(await repository.transcript(session_id), default=str)
        events = json.dumps([e.payload for e in await repository.events_after(session_id, 0)])
        session = await repository.get_session(session_id)
        assert session is not None
        readable = json.dumps(await rt.conversation.readable_transcript(session), default=str)
    return stored, events, readable


def test_erasing_a_conversation_shreds_its_personal_data(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    erased, kept = asyncio.run(_two_conversations(settings))
    assert asyncio.run(_reveal(settings, erased)) == (EMAIL, True)
    stored, events, readable = asyncio.run(_transcript(settings, erased))
    assert EMAIL not in stored and EMAIL not in events  # never in clear in the database
    assert "<EMAIL_1>" in stored and "<EMAIL_1>" in events
    assert EMAIL in readable and "<EMAIL_1>" not in readable
    env = {
        "FRONTDESK_DATA_DIR": str(settings.data_dir),
        "FRONTDESK_CONFIG": "",
        "FRONTDESK_TENANTS__PATHS": json.dumps([str(TINY_TENANT)]),
        "FRONTDESK_TENANTS__INGEST_ON_START": "false",
        "FRONTDESK_KNOWLEDGE__EMBEDDER": "hashing",
        "FRONTDESK_KNOWLEDGE__VECTOR_INDEX": "exact",
    }
    args = ["privacy", "erase", "--tenant", "acme", "--session", erased, "--yes"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    assert "erased 1 value" in result.output
    assert asyncio.run(_reveal(settings, erased)) == ("<EMAIL_1>", True)
    assert asyncio.run(_reveal(settings, kept)) == (EMAIL, True)
    _, _, readable = asyncio.run(_transcript(settings, erased))
    assert EMAIL not in readable and "<EMAIL_1>" in readable  # the rest of the record stays
    assert EMAIL in asyncio.run(_transcript(settings, kept))[2]

"""The official OpenAI SDK, unchanged, against a real Frontdesk server with virtual keys."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import openai
import pytest
from sqlalchemy import select

from frontdesk.api.keys import ApiKeyStore
from frontdesk.config import GatewaySettings, ProviderSettings, Settings
from frontdesk.fakes.openai_server import run_fake_openai
from frontdesk.ops.audit_tables import audit_records
from frontdesk.storage.sql import Database, create_database
from tests.support.server import make_settings, running_server

LOCAL = "local:extractive"
REMOTE = "openai:gpt-4o-mini"
QUESTION = "How do I reset the router?"


@dataclass
class Server:
    base_url: str
    database: Database

    async def key(self, models: list[str] | None = None) -> str:
        return await ApiKeyStore(self.database).create("acme", "sdk", "test", [], models=models)

    def client(self, key: str) -> openai.AsyncOpenAI:
        return openai.AsyncOpenAI(base_url=f"{self.base_url}/v1", api_key=key, max_retries=0)

    async def model_calls(self) -> list[dict[str, object]]:
        """The model_call audit records once they stop changing: the gateway commits them in
        the background, within a group-commit interval of the answer."""
        query = select(audit_records.c.body).where(audit_records.c.kind == "model_call")
        previous: list[dict[str, object]] | None = None
        for _ in range(50):
            async with self.database.read() as conn:
                calls = [json.loads(row.body) for row in await conn.execute(query)]
            if calls == previous:
                return calls
            previous = calls
            await asyncio.sleep(0.1)
        raise AssertionError("the audit records kept changing")


@asynccontextmanager
async def serve(settings: Settings) -> AsyncIterator[Server]:
    async with running_server(settings) as base_url:
        database = create_database(settings.database_url)
        try:
            yield Server(base_url, database)
        finally:
            await database.dispose()


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    async with serve(make_settings(tmp_path)) as running:
        yield running


async def test_chat_completion_non_streaming(server: Server) -> None:
    client = server.client(await server.key())
    reply = await client.chat.completions.create(
        model=LOCAL,
        messages=[{"role": "user", "content": QUESTION}],
        extra_body={"knowledge": True},
    )
    assert reply.object == "chat.completion" and reply.model == LOCAL
    assert reply.choices[0].finish_reason == "stop"
    assert "RESET" in (reply.choices[0].message.content or "")
    assert reply.usage is not None and reply.usage.completion_tokens > 0
    calls = await server.model_calls()
    assert len(calls) == 1 and calls[0]["model"] == LOCAL and calls[0]["outcome"] == "ok"
    assert calls[0]["tenant_id"] == "acme" and str(calls[0]["api_key_id"]).startswith("key")
    assert calls[0]["surface"] == "api" and calls[0]["variant"] == "direct"


async def test_chat_completion_streaming_with_usage(server: Server) -> None:
    client = server.client(await server.key())
    stream = await client.chat.completions.create(
        model=LOCAL,
        messages=[
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": QUESTION}]},
        ],
        stream=True,
        stream_options={"include_usage": True},
        extra_body={"knowledge": True},
    )
    deltas, finish, usage = [], None, None
    async for chunk in stream:
        assert chunk.object == "chat.completion.chunk"
        if chunk.choices:
            deltas.append(chunk.choices[0].delta.content or "")
            finish = chunk.choices[0].finish_reason or finish
        if chunk.usage is not None:
            usage = chunk.usage
    assert len([d for d in deltas if d]) > 1 and "RESET" in "".join(deltas)
    assert finish == "stop"
    assert usage is not None and usage.completion_tokens > 0 and usage.prompt_tokens > 0


async def test_models_and_embeddings(server: Server) -> None:
    client = server.client(await server.key())
    models = [m.id async for m in client.models.list()]
    assert LOCAL in models and "hashing" in models
    floats = await client.embeddings.create(
        model="hashing", input=["reset the router", "roaming"], encoding_format="float"
    )
    assert len(floats.data) == 2 and len(floats.data[0].embedding) == 512
    # The SDK asks for base64 by default and decodes it back to floats.
    default = await client.embeddings.create(model="hashing", input="reset the router")
    assert default.data[0].embedding == pytest.approx(floats.data[0].embedding, abs=1e-6)


async def test_allow_list_bad_key_and_bad_bodies(server: Server) -> None:
    limited = server.client(await server.key(models=[REMOTE]))
    with pytest.raises(openai.PermissionDeniedError) as denied:
        await limited.chat.completions.create(
            model=LOCAL, messages=[{"role": "user", "content": "hi"}]
        )
    assert denied.value.code == "model_not_allowed"
    assert [m.id async for m in limited.models.list()] == [REMOTE]

    with pytest.raises(openai.AuthenticationError):
        await server.client("fd_not-a-key").chat.completions.create(
            model=LOCAL, messages=[{"role": "user", "content": "hi"}]
        )

    client = server.client(await server.key())
    with pytest.raises(openai.BadRequestError) as bad_role:
        await client.chat.completions.create(
            model=LOCAL,
            messages=[{"role": "robot", "content": "hi"}],  # type: ignore[list-item,misc]
        )
    assert bad_role.value.code == "invalid_request"
    with pytest.raises(openai.BadRequestError) as tools:
        await client.chat.completions.create(
            model=LOCAL,
            messages=[{"role": "user", "content": "hi"}],
            tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "x"}}}],
        )
    assert tools.value.code == "invalid_request" and "type 'object'" in tools.value.message
    with pytest.raises(openai.BadRequestError) as functions:
        await client.chat.completions.create(
            model=LOCAL,
            messages=[{"role": "user", "content": "hi"}],
            functions=[{"name": "f", "parameters": {}}],
        )
    assert functions.value.code == "unsupported" and functions.value.param == "functions"
    with pytest.raises(openai.NotFoundError):
        await client.chat.completions.create(
            model="nosuch:model", messages=[{"role": "user", "content": "hi"}]
        )
    assert await server.model_calls() == []


async def test_remote_model_through_the_fake_upstream(tmp_path: Path) -> None:
    async with run_fake_openai(answer="Unplug it for ten seconds.") as upstream:
        gateway = GatewaySettings(
            providers={"openai": ProviderSettings(base_url=upstream.base_url, timeout_s=5)},
        )
        async with serve(make_settings(tmp_path, gateway=gateway)) as server:
            client = server.client(await server.key(models=[REMOTE]))
            reply = await client.chat.completions.create(
                model=REMOTE, messages=[{"role": "user", "content": QUESTION}], max_tokens=50
            )
            stream = await client.chat.completions.create(
                model=REMOTE,
                messages=[{"role": "user", "content": QUESTION}],
                stream=True,
                stream_options={"include_usage": True},
            )
            chunks = [c async for c in stream]
            calls = await server.model_calls()
    assert reply.choices[0].message.content == "Unplug it for ten seconds."
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "Unplug it for ten seconds."
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    assert len(upstream.requests) == 2
    assert [c["model"] for c in calls] == [REMOTE, REMOTE]

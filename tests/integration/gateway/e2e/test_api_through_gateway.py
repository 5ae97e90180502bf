"""The OpenAI-compatible API goes through the gateway: a repeated request is answered by the
cache (nothing spent, the saving recorded), routes are model names, and usage is per key."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from sqlalchemy import select

from frontdesk.api.keys import ApiKeyStore
from frontdesk.config import GatewaySettings, ProviderSettings, TenantsSettings
from frontdesk.fakes.openai_server import run_fake_openai
from frontdesk.gateway.tables import model_usage
from frontdesk.storage.sql import create_database
from tests.support.server import make_settings, running_server
from tests.support.tenants import tenant_copy

ROUTES = """\
routes:
  support-default:
    targets:
      - {model: "openai:gpt-4o-mini", weight: 100}
"""


async def test_cache_hits_routes_and_usage_per_key(tmp_path: Path) -> None:
    root = tenant_copy(tmp_path, routes=ROUTES)
    async with run_fake_openai() as upstream:
        gateway = GatewaySettings(
            providers={"openai": ProviderSettings(base_url=upstream.base_url)}
        )
        settings = make_settings(tmp_path, gateway=gateway, tenants=TenantsSettings(paths=[root]))
        async with running_server(settings) as base_url:
            database = create_database(settings.database_url)
            secret = await ApiKeyStore(database).create("acme", "bot", "t", [])
            headers = {"Authorization": f"Bearer {secret}"}
            body = {
                "model": "support-default",
                "messages": [{"role": "user", "content": "How do I reset the router?"}],
            }
            async with httpx.AsyncClient(base_url=base_url, headers=headers) as client:
                first = (await client.post("/v1/chat/completions", json=body)).json()
                await asyncio.sleep(0.3)  # the answer is stored in the background
                again = {
                    **body,
                    "messages": [{"role": "user", "content": "how do I  RESET the router?"}],
                }
                second = (await client.post("/v1/chat/completions", json=again)).json()
                models = (await client.get("/v1/models")).json()
                metrics = (await client.get("/metrics")).text
    async with database.read() as conn:  # usage rows are drained at shutdown
        rows = (await conn.execute(select(model_usage).order_by(model_usage.c.at))).all()
    await database.dispose()
    assert len(upstream.requests) == 1  # the second answer came from the cache
    text = first["choices"][0]["message"]["content"]
    assert second["choices"][0]["message"]["content"] == text
    assert "support-default" in {m["id"] for m in models["data"]}
    miss, hit = rows
    assert (miss.cache, miss.route, miss.target) == (
        "miss",
        "support-default",
        "openai:gpt-4o-mini",
    )
    assert miss.variant == "weighted" and miss.cost_micros > 0
    assert (hit.cache, hit.cost_micros) == ("exact", 0) and hit.saved_micros == miss.cost_micros
    assert hit.api_key_id == miss.api_key_id and hit.surface == "api"
    assert 'frontdesk_gateway_cache_lookups_total{result="exact",tenant="acme"} 1.0' in metrics

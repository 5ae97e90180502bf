"""A canary that breaks its guard rolls back by itself: every failed canary call is observed,
the router takes the canary out of the route, records why, and sends everyone to the
stable target from then on — with no operator and no restart."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from sqlalchemy import select

from frontdesk.config import GatewaySettings, ProviderSettings, TenantsSettings
from frontdesk.fakes.openai_server import run_fake_openai
from frontdesk.gateway.tables import model_usage, route_states
from frontdesk.ops.audit_tables import audit_records
from frontdesk.storage.sql import create_database
from tests.support.chat import ChatClient, collect_until_done, next_event
from tests.support.server import make_settings, running_server
from tests.support.tenants import tenant_copy

ROUTES = """\
routes:
  support-default:
    targets:
      - {model: "openai:gpt-4o-mini", weight: 100}
    canary:
      model: "canary:gpt-4.1-mini"
      start_percent: 50
      step_percent: 10
      step_every_s: 3600
      max_percent: 50
      guard: {max_error_rate: 0.2, window_calls: 10, min_calls: 4}
"""


async def _one_turn(client: ChatClient, n: int) -> dict[str, object]:
    session = await client.create_session("en")
    async with client.stream(session) as ws:
        await next_event(ws)
        text = "How do I reset the router?"
        await ws.send(json.dumps({"type": "user_message", "client_id": f"c{n}", "text": text}))
        return (await collect_until_done(ws))[-1]


async def test_a_failing_canary_is_rolled_back_automatically(tmp_path: Path) -> None:
    root = tenant_copy(tmp_path, routes=ROUTES, model="support-default")
    async with run_fake_openai() as stable, run_fake_openai(fault="http_500") as canary:
        gateway = GatewaySettings(
            providers={
                "openai": ProviderSettings(base_url=stable.base_url, timeout_s=5),
                "canary": ProviderSettings(adapter="openai", base_url=canary.base_url),
            },
            retry_attempts=1,
        )
        settings = make_settings(tmp_path, gateway=gateway, tenants=TenantsSettings(paths=[root]))
        async with running_server(settings) as base_url:
            client = ChatClient(base_url)
            done = [await _one_turn(client, n) for n in range(40)]
            await asyncio.sleep(0.2)  # the state write is in the background
            routes = (await client.http.get("/metrics")).text
            await client.aclose()
    # Every turn was answered: canary failures fell back to the offline model.
    assert all(d["type"] == "done" for d in done)
    database = create_database(settings.database_url)
    async with database.engine.connect() as conn:
        usage = (await conn.execute(select(model_usage).order_by(model_usage.c.at))).all()
        state = (await conn.execute(select(route_states))).one()
        events = (
            await conn.execute(
                select(audit_records.c.body).where(audit_records.c.kind == "route_event")
            )
        ).all()
    await database.dispose()
    assert state.status == "rolled_back" and "error rate" in (state.reason or "")
    canary_calls = [u for u in usage if u.variant == "canary"]
    # The guard judged after min_calls failures, and no canary call happened after that.
    assert len(canary_calls) == 4
    assert all(u.model == "local:extractive" for u in canary_calls)  # fell back
    last_canary = max(u.at for u in canary_calls)
    later = [u for u in usage if u.at > last_canary]
    assert later and all(u.target == "openai:gpt-4o-mini" for u in later)
    assert any("rolled back" in u.reason for u in later)
    kinds = [json.loads(body)["kind"] for (body,) in events]
    assert "canary_rolled_back" in kinds
    assert 'frontdesk_gateway_route_events_total{kind="canary_rolled_back",tenant="acme"} 1.0' in (
        routes
    )

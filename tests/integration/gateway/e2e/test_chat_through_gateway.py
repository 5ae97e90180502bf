"""Chat turns go through the gateway: usage and cost per turn, the decision recorded, audit,
metrics without personal labels, and budgets that degrade a turn to the offline model or
refuse it with an error event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from frontdesk.config import GatewaySettings, ProviderSettings, TenantsSettings
from frontdesk.fakes.openai_server import run_fake_openai
from frontdesk.gateway.tables import model_usage
from frontdesk.ops.audit_tables import audit_records
from frontdesk.storage.sql import create_database
from tests.support.chat import ChatClient, collect_until_done, next_event
from tests.support.server import make_settings, running_server
from tests.support.tenants import tenant_copy

QUESTION = '{"type":"user_message","client_id":"c1","text":"How do I reset the router?"}'


async def _ask(base_url: str) -> tuple[list[dict[str, Any]], str, str]:
    client = ChatClient(base_url)
    session = await client.create_session("en")
    async with client.stream(session) as ws:
        await next_event(ws)
        await ws.send(QUESTION)
        events = await collect_until_done(ws)
    metrics = (await client.http.get("/metrics")).text
    await client.aclose()
    return events, metrics, session


async def _rows(settings_db: str) -> tuple[list[Any], list[Any]]:
    database = create_database(settings_db)
    try:
        async with database.engine.connect() as conn:
            usage = (await conn.execute(select(model_usage))).all()
            audit = (
                await conn.execute(
                    select(audit_records).where(audit_records.c.kind == "model_call")
                )
            ).all()
    finally:
        await database.dispose()
    return usage, audit


def _gateway(base_url: str) -> GatewaySettings:
    return GatewaySettings(
        default_model="openai:gpt-4o-mini",
        providers={"openai": ProviderSettings(base_url=base_url, timeout_s=5)},
    )


async def test_a_turn_records_usage_cost_decision_audit_and_metrics(tmp_path: Path) -> None:
    async with run_fake_openai() as upstream:
        settings = make_settings(tmp_path, gateway=_gateway(upstream.base_url))
        async with running_server(settings) as base_url:
            events, metrics, session = await _ask(base_url)
    assert events[-1]["type"] == "done" and events[-1]["model"] == "openai:gpt-4o-mini"
    usage, audit = await _rows(settings.database_url)
    assert len(usage) == 1 and len(audit) == 1
    row = usage[0]
    assert (row.tenant_id, row.surface, row.session_id) == ("acme", "chat", session)
    assert row.turn_id == events[-1]["turn_id"]
    assert (row.variant, row.reason, row.target) == ("direct", "direct", "openai:gpt-4o-mini")
    assert row.input_tokens > 0 and row.output_tokens > 0 and row.cost_micros > 0
    body = json.loads(audit[0].body)
    assert body["cost_micros"] == row.cost_micros and body["turn_id"] == row.turn_id
    assert body["variant"] == "direct" and body["outcome"] == "ok"
    assert (
        'frontdesk_gateway_requests_total{model="openai:gpt-4o-mini",outcome="ok",'
        'provider="openai",route="",tenant="acme",variant="direct"} 1.0' in metrics
    )
    assert 'frontdesk_gateway_breaker_state{model="openai:gpt-4o-mini"' in metrics
    assert session not in metrics and events[-1]["turn_id"] not in metrics


async def test_an_exhausted_budget_answers_offline(tmp_path: Path) -> None:
    root = tenant_copy(tmp_path, limits={"tenant": {"cost_per_day_usd": 0}})
    async with run_fake_openai() as upstream:
        settings = make_settings(
            tmp_path, gateway=_gateway(upstream.base_url), tenants=TenantsSettings(paths=[root])
        )
        async with running_server(settings) as base_url:
            events, metrics, _ = await _ask(base_url)
        assert upstream.requests == []  # the provider was never called
    assert events[-1]["type"] == "done" and events[-1]["model"] == "local:extractive"
    usage, _ = await _rows(settings.database_url)
    assert usage[0].variant == "degraded"
    assert "tenant:acme cost_day limit reached" in usage[0].reason
    assert 'frontdesk_gateway_limit_refusals_total{limit="cost_day",tenant="acme"} 1.0' in metrics
    assert "frontdesk_gateway_limit_alerts_total" in metrics


async def test_a_refusing_tenant_gets_a_limit_error_event(tmp_path: Path) -> None:
    limits = {"per_user": {"requests_per_minute": 0}, "chat_when_exhausted": "refuse"}
    root = tenant_copy(tmp_path, limits=limits)
    async with run_fake_openai() as upstream:
        settings = make_settings(
            tmp_path, gateway=_gateway(upstream.base_url), tenants=TenantsSettings(paths=[root])
        )
        async with running_server(settings) as base_url:
            events, _, _ = await _ask(base_url)
    error = events[-1]
    assert error["type"] == "error" and error["code"] == "limit_exceeded"
    assert error["limit"] == "requests_minute" and error["scope"].startswith("user:")
    assert 0 < error["retry_after"] <= 60

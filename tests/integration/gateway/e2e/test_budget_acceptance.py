"""Acceptance: 1,000 parallel API requests against a budget that pays for 10 — exactly 10
succeed, the rest get a 429 naming the limit with Retry-After; on SQLite (the embedded
local store) and on Redis (atomic scripts)."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path
from typing import Literal

import httpx
import pytest
from sqlalchemy import func, select

from frontdesk.api.keys import ApiKeyStore
from frontdesk.config import GatewaySettings, ProviderSettings, TenantsSettings
from frontdesk.fakes.openai_server import run_fake_openai
from frontdesk.gateway.limits.model import LimitSpec
from frontdesk.gateway.tables import model_usage
from frontdesk.storage.sql import create_database
from tests.support.server import make_settings, running_server
from tests.support.tenants import tenant_copy

MODEL = "openai:gpt-4o-mini"
MAX_TOKENS = 10
# Input free, output $1,000 per million tokens: a reply of MAX_TOKENS costs exactly $0.01,
# which is also what the gateway reserves for it — so $0.10 pays for exactly ten.
PRICES = {MODEL: {"input_per_mtok": "0", "output_per_mtok": "1000"}}


@pytest.mark.parametrize("backend", ["sql", "redis"])
async def test_a_budget_for_ten_lets_ten_of_a_thousand_through(
    tmp_path: Path, backend: Literal["sql", "redis"]
) -> None:
    root = tenant_copy(tmp_path, prices=PRICES)
    async with run_fake_openai(answer_tokens=50) as upstream:
        gateway = GatewaySettings(
            providers={"openai": ProviderSettings(base_url=upstream.base_url)},
            limits_backend=backend,
        )
        settings = make_settings(tmp_path, gateway=gateway, tenants=TenantsSettings(paths=[root]))
        async with running_server(settings) as base_url:
            database = create_database(settings.database_url)
            limits = LimitSpec(cost_per_day_usd=Decimal("0.10"))
            secret = await ApiKeyStore(database).create("acme", "bulk", "t", [], limits=limits)

            def body(n: int) -> dict[str, object]:
                # Distinct questions: identical ones would be answered by the cache, free.
                question = f"Question {n}: how do I reset the router?"
                return {
                    "model": MODEL,
                    "max_tokens": MAX_TOKENS,
                    "messages": [{"role": "user", "content": question}],
                }

            limits_http = httpx.Limits(max_connections=1000)
            async with httpx.AsyncClient(
                base_url=base_url, timeout=120, limits=limits_http
            ) as client:
                headers = {"Authorization": f"Bearer {secret}"}
                replies = await asyncio.gather(
                    *(
                        client.post("/v1/chat/completions", json=body(n), headers=headers)
                        for n in range(1000)
                    )
                )
    # After the server stopped: usage rows are written in the background, drained at shutdown.
    async with database.read() as conn:
        spent = (await conn.execute(select(func.sum(model_usage.c.cost_micros)))).scalar_one()
    await database.dispose()
    statuses = [r.status_code for r in replies]
    assert statuses.count(200) == 10 and statuses.count(429) == 990
    refusal = next(r for r in replies if r.status_code == 429)
    assert int(refusal.headers["Retry-After"]) >= 1
    error = refusal.json()["error"]
    assert error["code"] == "limit_exceeded" and error["param"] == "cost_day"
    assert "key:" in error["message"]
    assert len(upstream.requests) == 10
    assert spent == 100_000  # $0.10 in micro-dollars, not a cent more

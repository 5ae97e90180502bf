"""``GET /v1/costs`` over HTTP (ASGI), with real API keys, on SQLite and Postgres."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI

from frontdesk.api import costs
from frontdesk.api.auth import Authenticator
from frontdesk.api.errors import install_error_handlers
from frontdesk.api.keys import ApiKeyStore
from frontdesk.kit.clock import utcnow
from frontdesk.storage.sql import Database
from tests.integration.gateway.usage.usage_rows import insert_usage, usage_row


@pytest.fixture
async def keys(database: Database) -> ApiKeyStore:
    return ApiKeyStore(database)


@pytest.fixture
async def client(database: Database, keys: ApiKeyStore) -> AsyncIterator[httpx.AsyncClient]:
    now = utcnow()
    await insert_usage(
        database,
        [
            usage_row(now, tenant_id="acme", cost_micros=4_000_000),
            usage_row(now, tenant_id="acme", model="openai:gpt-4o-mini", cost_micros=1_000_000),
            usage_row(now - timedelta(days=3), tenant_id="acme", cost_micros=500_000),
            usage_row(now, tenant_id="globex", cost_micros=70_000_000, user_id="spy"),
        ],
    )
    # The two collaborators the endpoint uses, as the runtime provides them; anonymous
    # widget visitors are allowed for acme, and must still not read its costs.
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(costs.router)
    app.state.runtime = SimpleNamespace(
        auth=Authenticator(keys, anonymous_tenant="acme"), database=database
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://frontdesk") as http:
        yield http


async def bearer(keys: ApiKeyStore, tenant: str = "acme", *, admin: bool) -> dict[str, str]:
    secret = await keys.create(tenant, "ops", "test", ["admin"] if admin else [])
    return {"Authorization": f"Bearer {secret}"}


async def test_an_admin_gets_its_tenants_costs(
    client: httpx.AsyncClient, keys: ApiKeyStore
) -> None:
    response = await client.get("/v1/costs", headers=await bearer(keys, admin=True))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["by"] == ["tenant", "model"] and body["since"] < body["until"]
    assert [(r["tenant"], r["model"], r["requests"], r["cost_usd"]) for r in body["rows"]] == [
        ("acme", "openai:gpt-4o", 2, 4.5),
        ("acme", "openai:gpt-4o-mini", 1, 1.0),
    ]
    assert body["total"]["cost_micros"] == 5_500_000 and body["total"]["requests"] == 3


async def test_since_until_and_grouping(client: httpx.AsyncClient, keys: ApiKeyStore) -> None:
    headers = await bearer(keys, admin=True)
    recent = await client.get("/v1/costs?by=user&since=24h&until=", headers=headers)
    assert recent.status_code == 200, recent.text
    assert [(r["user"], r["cost_micros"]) for r in recent.json()["rows"]] == [("u1", 5_000_000)]
    older = (utcnow() - timedelta(days=1)).isoformat()
    before = await client.get("/v1/costs", params={"by": "", "until": older}, headers=headers)
    assert [r["cost_micros"] for r in before.json()["rows"]] == [500_000]


async def test_another_tenants_admin_sees_only_its_own(
    client: httpx.AsyncClient, keys: ApiKeyStore
) -> None:
    headers = await bearer(keys, "globex", admin=True)
    body = (await client.get("/v1/costs?by=tenant,user", headers=headers)).json()
    assert [(r["tenant"], r["user"]) for r in body["rows"]] == [("globex", "spy")]
    # And acme's admin, asking for every tenant, never sees globex.
    acme = await bearer(keys, admin=True)
    body = (await client.get("/v1/costs?by=tenant&tenant=globex", headers=acme)).json()
    assert {r["tenant"] for r in body["rows"]} == {"acme"}


async def test_csv_for_spreadsheets(client: httpx.AsyncClient, keys: ApiKeyStore) -> None:
    headers = await bearer(keys, admin=True)
    response = await client.get("/v1/costs?by=model&format=csv", headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["model"], r["cost_usd"]) for r in rows] == [
        ("openai:gpt-4o", "4.500000"),
        ("openai:gpt-4o-mini", "1.000000"),
    ]


async def test_only_admins(client: httpx.AsyncClient, keys: ApiKeyStore) -> None:
    user = await client.get("/v1/costs", headers=await bearer(keys, admin=False))
    assert user.status_code == 403 and user.json()["error"]["code"] == "forbidden"
    visitor = await client.get("/v1/costs")
    assert visitor.status_code == 401
    forged = await client.get("/v1/costs", headers={"Authorization": "Bearer fd_nope"})
    assert forged.status_code == 401


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("by=tenant,colour", "by: cannot group by 'colour'; choose from tenant, model"),
        ("since=last%20week", "since: 'last week' is not a time"),
        ("until=soon", "until: 'soon' is not a time"),
        ("since=1d&until=2d", "until: must be after since"),
        ("format=xml", "format: 'xml' is not one of json, csv"),
    ],
)
async def test_bad_queries_are_400s_that_say_why(
    client: httpx.AsyncClient, keys: ApiKeyStore, query: str, message: str
) -> None:
    response = await client.get(f"/v1/costs?{query}", headers=await bearer(keys, admin=True))
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_query" and message in error["message"]

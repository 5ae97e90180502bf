"""``GET /v1/routes`` and ``POST /v1/routes/{route}/evaluations`` over HTTP (ASGI)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI

from frontdesk.api import routes_admin
from frontdesk.api.auth import Authenticator
from frontdesk.api.errors import install_error_handlers
from frontdesk.api.keys import ApiKeyStore
from frontdesk.gateway.routing.repository import RouteStateRepository
from frontdesk.gateway.routing.router import RouteRouter
from frontdesk.storage.sql import Database
from tests.unit.gateway.routing.support import (
    CANARY_ROUTES,
    TENANT,
    ManualClock,
    make_router,
    write_routes,
)

CANARY = "openai:gpt-4.1-mini"


@pytest.fixture
async def router(database: Database, tmp_path: Path) -> AsyncIterator[RouteRouter]:
    write_routes(tmp_path, CANARY_ROUTES)
    routes = make_router(tmp_path, ManualClock(), states=RouteStateRepository(database))
    await routes.load()
    yield routes
    await routes.aclose()


@pytest.fixture
async def keys(database: Database) -> ApiKeyStore:
    return ApiKeyStore(database)


@pytest.fixture
async def client(router: RouteRouter, keys: ApiKeyStore) -> AsyncIterator[httpx.AsyncClient]:
    # The two collaborators the endpoints use, as the runtime provides them.
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(routes_admin.router)
    app.state.runtime = SimpleNamespace(
        auth=Authenticator(keys, anonymous_tenant=None), router=router
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://frontdesk") as http:
        yield http


async def bearer(keys: ApiKeyStore, *, admin: bool) -> dict[str, str]:
    secret = await keys.create(TENANT, "ops", "test", ["admin"] if admin else [])
    return {"Authorization": f"Bearer {secret}"}


async def test_status_needs_an_admin_key(client: httpx.AsyncClient, keys: ApiKeyStore) -> None:
    assert (await client.get("/v1/routes")).status_code == 401
    refused = await client.get("/v1/routes", headers=await bearer(keys, admin=False))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"


async def test_status_lists_the_tenants_routes(
    client: httpx.AsyncClient, keys: ApiKeyStore
) -> None:
    response = await client.get("/v1/routes", headers=await bearer(keys, admin=True))
    assert response.status_code == 200
    body = response.json()
    assert body["tenant"] == TENANT
    assert body["load_error"] is None
    (route,) = body["routes"]
    assert route["route"] == "support"
    assert [t["share"] for t in route["targets"]] == [0.5, 0.5]
    assert route["canary"]["model"] == CANARY
    assert (route["canary"]["status"], route["canary"]["percent"]) == ("ramping", 10.0)
    assert route["canary"]["window"]["calls"] == 0


async def test_a_low_score_rolls_the_canary_back_and_stores_it(
    client: httpx.AsyncClient, keys: ApiKeyStore, database: Database
) -> None:
    headers = await bearer(keys, admin=True)
    response = await client.post(
        "/v1/routes/support/evaluations", json={"model": CANARY, "score": 0.4}, headers=headers
    )
    assert response.status_code == 200
    canary = response.json()["canary"]
    assert canary["status"] == "rolled_back"
    assert canary["reason"] == "eval score 0.40 < 0.80 over 1 evaluation"
    (stored,) = await RouteStateRepository(database).load_all()
    assert (stored.status, stored.reason) == ("rolled_back", canary["reason"])


async def test_evaluations_are_validated(client: httpx.AsyncClient, keys: ApiKeyStore) -> None:
    headers = await bearer(keys, admin=True)
    url = "/v1/routes/support/evaluations"
    out_of_range = await client.post(url, json={"model": CANARY, "score": 1.2}, headers=headers)
    assert out_of_range.status_code == 422
    unknown = await client.post(
        "/v1/routes/nope/evaluations", json={"model": CANARY, "score": 0.9}, headers=headers
    )
    assert unknown.status_code == 404
    not_canary = await client.post(
        url, json={"model": "openai:gpt-4o-mini", "score": 0.9}, headers=headers
    )
    assert not_canary.status_code == 404
    visitor = await client.post(
        url, json={"model": CANARY, "score": 0.1}, headers=await bearer(keys, admin=False)
    )
    assert visitor.status_code == 403

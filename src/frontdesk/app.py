"""The ASGI application: ``create_app(settings)``; adapters are built in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from frontdesk import __version__
from frontdesk.api import costs, health, openai_compat, routes_admin, sessions, stream
from frontdesk.api.errors import install_error_handlers
from frontdesk.config import Settings
from frontdesk.runtime import open_runtime

_NO_WEB = """<!doctype html><meta charset=utf-8><title>Frontdesk</title>
<h1>Frontdesk is running</h1><p>The web page is not built. Run <code>make web</code>
(or <code>make run</code>, which builds it) and reload.</p>"""


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_runtime(settings, serve=True) as runtime:
            app.state.runtime = runtime
            yield

    app = FastAPI(
        title="Frontdesk", version=__version__, lifespan=lifespan, docs_url="/docs", redoc_url=None
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(sessions.router)
    app.include_router(stream.router)
    app.include_router(openai_compat.router)
    app.include_router(costs.router)
    app.include_router(routes_admin.router)
    dist = settings.server.web_dist
    if (dist / "index.html").exists():
        app.mount("/", StaticFiles(directory=dist, html=True), name="web")
    else:

        @app.get("/", include_in_schema=False)
        async def no_web() -> HTMLResponse:
            return HTMLResponse(_NO_WEB)

    return app

"""A real Frontdesk server on a free loopback port, in the test's own event loop."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import uvicorn

from frontdesk.app import create_app
from frontdesk.cli import WS_IMPLEMENTATION
from frontdesk.config import (
    AuthSettings,
    KnowledgeSettings,
    ServerSettings,
    Settings,
    TenantsSettings,
)

TINY_TENANT = Path(__file__).resolve().parent / "tenant"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path / "data",
        "tenants": TenantsSettings(paths=[TINY_TENANT]),
        "knowledge": KnowledgeSettings(
            embedder="hashing", vector_index="exact", abstain_below=0.05
        ),
        "auth": AuthSettings(anonymous_tenant="acme"),
        "server": ServerSettings(web_dist=tmp_path / "no-web"),
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def running_server(settings: Settings) -> AsyncIterator[str]:
    port = free_port()
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=port,
        log_config=None,
        ws=WS_IMPLEMENTATION,
        ws_max_size=settings.server.max_frame_bytes,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("server stopped during start-up")
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task

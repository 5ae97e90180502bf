"""Serving a fake from inside a test's event loop, on a free port of the loopback address."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

import uvicorn

from frontdesk.fakes.asgi import Receive, Scope, Send
from frontdesk.fakes.recording import RecordedRequest


class RecordingApp(Protocol):
    @property
    def requests(self) -> list[RecordedRequest]: ...

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...


AppT = TypeVar("AppT", bound=RecordingApp)


@dataclass(frozen=True, slots=True)
class RunningFake(Generic[AppT]):
    app: AppT
    url: str  # scheme, host and port
    base_url: str  # what the matching provider's ``base_url``/``endpoint_url`` should be

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.app.requests


@asynccontextmanager
async def serve_in_process(
    app: AppT, *, base_path: str = "", host: str = "127.0.0.1"
) -> AsyncIterator[RunningFake[AppT]]:
    """Serve ``app`` until the block exits."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))  # port 0: the kernel picks a free one, no race with other tests
    url = f"http://{host}:{sock.getsockname()[1]}"
    config = uvicorn.Config(
        app,
        lifespan="off",
        log_config=None,  # leave the host's logging alone
        access_log=False,
        timeout_graceful_shutdown=2,  # a stalled stream must not hold the test run
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()  # startup failed: raise its error
                raise RuntimeError("fake upstream stopped during startup")
            await asyncio.sleep(0.001)
        yield RunningFake(app, url, url + base_path)
    finally:
        server.should_exit = True
        await task
        sock.close()

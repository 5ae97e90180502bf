"""A protocol-level chat client for tests and benchmarks: HTTP for sessions, a real
WebSocket for the stream."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect


class ChatClient:
    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url
        self.ws_base = base_url.replace("http://", "ws://", 1)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def create_session(self, language: str | None = None) -> str:
        body = {"language": language} if language else {}
        response = await self.http.post("/v1/sessions", json=body)
        response.raise_for_status()
        session_id: str = response.json()["id"]
        return session_id

    def _headers(self) -> dict[str, str]:
        headers = dict(self.http.headers)
        cookies = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        if cookies:
            headers["Cookie"] = cookies
        headers.pop("user-agent", None)
        return {k: v for k, v in headers.items() if k.lower() in ("cookie", "authorization")}

    @asynccontextmanager
    async def stream(
        self, session_id: str, last_seq: int = 0, subprotocols: list[str] | None = None
    ) -> AsyncIterator[ClientConnection]:
        url = f"{self.ws_base}/v1/sessions/{session_id}/stream?last_seq={last_seq}"
        async with connect(
            url,
            # An empty list means "offer none" (no header at all), to test the refusal.
            subprotocols=(["frontdesk.v1"] if subprotocols is None else subprotocols)  # type: ignore[arg-type]
            or None,
            additional_headers=self._headers(),
            max_size=None,
            open_timeout=30,
        ) as ws:
            yield ws


async def next_event(ws: ClientConnection) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(await ws.recv())
    return event


async def collect_until_done(ws: ClientConnection, *, turns: int = 1) -> list[dict[str, Any]]:
    """Events until ``turns`` answers are done (or failed)."""
    events: list[dict[str, Any]] = []
    finished = 0
    while finished < turns:
        event = await next_event(ws)
        events.append(event)
        if event["type"] == "done" or (event["type"] == "error" and event.get("turn_id")):
            finished += 1
    return events


def answer_text(events: list[dict[str, Any]]) -> str:
    return "".join(e["text"] for e in events if e["type"] == "delta")

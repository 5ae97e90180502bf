"""Every request a fake receives, kept in a bounded list so tests can read what was sent
upstream (for example, that no raw PII ever left the process)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import orjson

from frontdesk.fakes.asgi import Receive, Scope, Send, send_json


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    method: str
    raw_path: str  # as sent, percent-encoding intact
    headers: dict[str, str]
    body: bytes
    client: str = ""  # "host:port" of the peer: equal ports mean a reused connection

    @property
    def path(self) -> str:
        return unquote(self.raw_path)

    def json(self) -> Any:
        return orjson.loads(self.body)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "raw_path": self.raw_path,
            "headers": self.headers,
            "body": self.body.decode("utf-8", "replace"),
            "client": self.client,
        }


class RequestLog:
    def __init__(self, max_requests: int) -> None:
        self._requests: deque[RecordedRequest] = deque(maxlen=max_requests)

    @property
    def requests(self) -> list[RecordedRequest]:
        return list(self._requests)

    def record(self, scope: Scope, body: bytes) -> RecordedRequest:
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        raw_path = scope.get("raw_path") or scope["path"].encode()
        host, port = scope.get("client") or ("", 0)
        request = RecordedRequest(
            scope["method"], raw_path.decode("latin-1"), headers, body, f"{host}:{port}"
        )
        self._requests.append(request)
        return request

    def clear(self) -> None:
        self._requests.clear()

    async def serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        """``GET /_fake/requests`` lists the recorded requests, ``DELETE`` forgets them."""
        if scope["method"] == "DELETE":
            self.clear()
            await send_json(send, 200, {"deleted": True})
        else:
            await send_json(send, 200, [r.to_dict() for r in self._requests])

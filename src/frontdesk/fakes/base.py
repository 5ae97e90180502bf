"""What every fake upstream shares: its behaviour, the request log, and the log endpoint."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any, ClassVar

from frontdesk.fakes.asgi import Receive, Scope, Send, read_body
from frontdesk.fakes.behaviour import FakeBehaviour
from frontdesk.fakes.recording import RecordedRequest, RequestLog


class FakeUpstream:
    """Base of the ASGI fakes. ``requests`` holds what it received, oldest first."""

    FAULTS: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, behaviour: FakeBehaviour | None = None, **options: Any) -> None:
        self.behaviour = replace(behaviour or FakeBehaviour(), **options)
        fault = self.behaviour.fault
        if fault is not None and fault not in self.FAULTS:
            raise ValueError(f"unknown fault {fault!r}; known: {sorted(self.FAULTS)}")
        self._log = RequestLog(self.behaviour.max_recorded)
        self._ids = itertools.count(1)

    @property
    def requests(self) -> list[RecordedRequest]:
        return self._log.requests

    async def intercept(self, scope: Scope, receive: Receive, send: Send) -> RecordedRequest | None:
        """Records an API request and returns it; answers the log endpoint itself and
        ignores lifespan and websocket scopes (None: nothing left to do)."""
        if scope["type"] != "http":
            return None  # lifespan and websockets are not part of these APIs
        if scope["path"] == "/_fake/requests":
            await self._log.serve(scope, receive, send)
            return None
        return self._log.record(scope, await read_body(receive))

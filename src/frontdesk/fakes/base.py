"""What every fake upstream shares: its behaviour, the request log, and the log endpoint."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any, ClassVar

from frontdesk.fakes.asgi import Receive, Scope, Send, header, read_body
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
        self._faulted = 0  # requests a fault struck, for ``fault_times``

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

    def pick_fault(self, scope: Scope) -> str | None:
        """The fault of this request: its ``x-fake-fault`` header, else the configured one,
        until ``fault_times`` requests have had it (a provider that fails, then recovers)."""
        fault = header(scope, b"x-fake-fault") or self.behaviour.fault
        limit = self.behaviour.fault_times
        if fault is None or limit is None:
            return fault
        if self._faulted >= limit:
            return None
        self._faulted += 1
        return fault

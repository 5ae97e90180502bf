"""The router port: which target serves a logical model for this caller."""

from __future__ import annotations

from typing import Protocol

from frontdesk.gateway.call import RouteDecision


class Router(Protocol):
    def decide(self, tenant: str, logical: str, sticky_key: str) -> RouteDecision:
        """A routed decision when ``logical`` names one of the tenant's routes; otherwise a
        ``direct`` decision with ``target == logical``. Never blocks on I/O."""
        ...

    def observe(self, decision: RouteDecision, *, ok: bool, latency_s: float) -> None:
        """The outcome of a call a decision made; canary guards are judged on these."""
        ...

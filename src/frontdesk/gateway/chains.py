"""The model a turn actually calls: its target wrapped in retries and a circuit breaker, with
the configured fallbacks behind it, ending at the offline model (the degraded mode)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from frontdesk.config import GatewaySettings
from frontdesk.gateway.model import ChatModel
from frontdesk.gateway.registry import ProviderRegistry
from frontdesk.gateway.resilience import Switch, build_resilient

log = logging.getLogger(__name__)


class ModelChains:
    def __init__(
        self,
        registry: ProviderRegistry,
        settings: GatewaySettings,
        on_switch: Callable[[Switch], None] | None = None,
    ) -> None:
        self._registry = registry
        self._settings = settings
        self._on_switch = on_switch
        self._chains: dict[str, ChatModel] = {}
        # The last model each in-flight request switched to, read (and forgotten) when the
        # request ends, so records name the model that actually answered.
        self._switched_to: dict[str, str] = {}
        for name in settings.fallback:
            registry.resolve(name)  # a typo in the fallback list fails at start-up

    def resolve(self, name: str) -> ChatModel:
        chain = self._chains.get(name)
        if chain is None:
            names = [name] + [f for f in self._settings.fallback if f != name]
            chain = build_resilient(
                [self._registry.resolve(n) for n in names],
                attempts=self._settings.retry_attempts,
                failure_threshold=self._settings.breaker_failures,
                open_s=self._settings.breaker_open_s,
                on_switch=self._switched,
            )
            self._chains[name] = chain
        return chain

    def answered_by(self, request_id: str, requested: str) -> str:
        return self._switched_to.pop(request_id, requested)

    def _switched(self, switch: Switch) -> None:
        if switch.request_id is not None:
            if len(self._switched_to) > 10_000:  # callers that never ask must not leak
                self._switched_to.clear()
            self._switched_to[switch.request_id] = switch.to_model
        log.warning(
            "model switch",
            extra={
                "from_model": switch.from_model,
                "to_model": switch.to_model,
                "after_chars": switch.after_chars,
                "error_kind": switch.error_kind,
                "turn_id": switch.request_id,
            },
        )
        if self._on_switch is not None:
            self._on_switch(switch)

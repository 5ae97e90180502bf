"""The model a call actually uses: its target wrapped in retries and a circuit breaker, with
the configured fallbacks behind it, ending at the offline model (the degraded mode).

Each target has ONE breaker, shared by every chain it appears in: when a provider is down,
every route that falls back through it learns so at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from frontdesk.config import GatewaySettings
from frontdesk.gateway.model import ChatModel
from frontdesk.gateway.registry import ProviderRegistry
from frontdesk.gateway.resilience import Switch
from frontdesk.gateway.resilience.breaker import BreakerState, CircuitBreaker
from frontdesk.gateway.resilience.fallback import FallbackModel
from frontdesk.gateway.resilience.retry import RetryingModel

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
        self._targets: dict[str, RetryingModel] = {}
        self._breakers: dict[str, CircuitBreaker] = {}
        # The last model each in-flight request switched to, read (and forgotten) when the
        # request ends, so records name the model that actually answered.
        self._switched_to: dict[str, str] = {}
        for name in settings.fallback:
            registry.resolve(name)  # a typo in the fallback list fails at start-up

    def resolve(self, name: str) -> ChatModel:
        chain = self._chains.get(name)
        if chain is None:
            names = [name] + [f for f in self._settings.fallback if f != name]
            chain = FallbackModel([self._target(n) for n in names], on_switch=self._switched)
            self._chains[name] = chain
        return chain

    def breaker_states(self) -> dict[str, BreakerState]:
        """Each target's circuit state, for metrics and health pages."""
        return {name: breaker.state for name, breaker in self._breakers.items()}

    def answered_by(self, request_id: str, requested: str) -> str:
        return self._switched_to.pop(request_id, requested)

    def _target(self, name: str) -> RetryingModel:
        target = self._targets.get(name)
        if target is None:
            s = self._settings
            breaker = CircuitBreaker(
                self._registry.resolve(name),
                failure_threshold=s.breaker_failures,
                open_s=s.breaker_open_s,
            )
            target = RetryingModel(breaker, attempts=s.retry_attempts)
            self._breakers[name] = breaker
            self._targets[name] = target
        return target

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
                "request_id": switch.request_id,
            },
        )
        if self._on_switch is not None:
            self._on_switch(switch)

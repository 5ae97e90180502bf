"""``build_resilient``: the usual stack over a list of models.

Each target gets ``RetryingModel(CircuitBreaker(model))``: retries pass through the breaker,
so every failed attempt counts towards opening it, and an open circuit's ``circuit_open``
error (whose ``retry_after`` exceeds ``max_delay`` unless ``open_s`` is short) ends the
retries at once. A :class:`FallbackModel` runs over the chain, in the given order.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Sequence

from frontdesk.gateway.model import ChatModel
from frontdesk.gateway.resilience.breaker import CircuitBreaker
from frontdesk.gateway.resilience.fallback import DEFAULT_SEPARATOR, FallbackModel, Switch
from frontdesk.gateway.resilience.retry import RetryingModel, Sleep


def build_resilient(
    models: Sequence[ChatModel],
    *,
    attempts: int = 3,
    base_delay: float = 0.2,
    max_delay: float = 5.0,
    failure_threshold: int = 5,
    window_s: float = 30.0,
    open_s: float = 15.0,
    on_switch: Callable[[Switch], None] | None = None,
    separator: str = DEFAULT_SEPARATOR,
    clock: Callable[[], float] = time.monotonic,
    sleep: Sleep = asyncio.sleep,
    rng: random.Random | None = None,
) -> FallbackModel:
    chain = [
        RetryingModel(
            CircuitBreaker(
                model,
                failure_threshold=failure_threshold,
                window_s=window_s,
                open_s=open_s,
                clock=clock,
            ),
            attempts=attempts,
            base_delay=base_delay,
            max_delay=max_delay,
            rng=rng,
            sleep=sleep,
        )
        for model in models
    ]
    return FallbackModel(chain, on_switch=on_switch, separator=separator)


def breakers(model: ChatModel) -> list[CircuitBreaker]:
    """The circuit breakers inside a stack built here, for metrics (``breaker.state``)."""
    found: list[CircuitBreaker] = []
    stack: list[object] = [model]
    while stack:
        current = stack.pop(0)
        if isinstance(current, CircuitBreaker):
            found.append(current)
        if isinstance(current, FallbackModel):
            stack.extend(current.chain)
        inner = getattr(current, "inner", None)
        if inner is not None:
            stack.append(inner)
    return found

"""``RetryingModel``: tries a model again when it failed before saying anything.

Only a :class:`ProviderError` with ``retryable=True`` is retried, and only while no chunk has
reached the caller: once text is out, a retry would repeat it (mid-stream recovery is
:class:`~frontdesk.gateway.resilience.fallback.FallbackModel`'s job).

Backoff is exponential with full jitter (``uniform(0, min(max_delay, base_delay * 2**n))``),
which spreads a burst of clients failing together. A provider's ``Retry-After`` is a floor:
the wait is at least that long. When the provider asks for more than ``max_delay`` the model
gives up at once and raises, so a fallback can answer instead of the user waiting. A retry
that meets an open circuit (the earlier attempts opened it) raises the earlier attempt's
error, which says what went wrong.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable

from frontdesk.gateway.model import ChatChunk, ChatModel, ChatRequest
from frontdesk.gateway.resilience._streams import closing_stream
from frontdesk.gateway.resilience.wrapper import ModelWrapper
from frontdesk.kit.errors import ProviderError

Sleep = Callable[[float], Awaitable[object]]


class RetryingModel(ModelWrapper):
    def __init__(
        self,
        inner: ChatModel,
        *,
        attempts: int = 3,
        base_delay: float = 0.2,
        max_delay: float = 5.0,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        if base_delay < 0 or max_delay < 0:
            raise ValueError("delays must not be negative")
        super().__init__(inner)
        self._attempts = attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._rng = rng or random.Random()
        self._sleep = sleep

    def delay_for(self, retry: int, error: ProviderError) -> float | None:
        """Seconds to wait before retry number ``retry`` (0-based); None: do not retry."""
        ceiling = min(self._max_delay, self._base_delay * 2**retry)
        delay = self._rng.uniform(0.0, ceiling)
        if error.retry_after is not None:
            if error.retry_after > self._max_delay:
                return None
            delay = max(delay, error.retry_after)
        return delay

    async def stream(self, request: ChatRequest) -> AsyncIterator[ChatChunk]:
        failure: ProviderError | None = None  # what the last attempt that ran got
        for attempt in range(self._attempts):
            yielded = False
            try:
                async with closing_stream(self.inner.stream(request)) as chunks:
                    async for chunk in chunks:
                        yielded = True
                        yield chunk
                return
            except ProviderError as error:
                if error.kind == "circuit_open" and failure is not None:
                    # This request's own failure opened the circuit (or a failed probe
                    # re-opened it): report that failure, not the breaker's refusal, so the
                    # fallback's switch and the caller name the cause.
                    raise failure from error
                if yielded or not error.retryable or attempt + 1 >= self._attempts:
                    raise
                failure = error
                delay = self.delay_for(attempt, error)
                if delay is None:
                    raise
            await self._sleep(delay)

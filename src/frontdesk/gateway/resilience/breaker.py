"""``CircuitBreaker``: stops calling a provider that keeps failing, then probes it.

* closed: requests pass; each failure (a *retryable* :class:`ProviderError`: 429, 5xx,
  timeouts, dropped streams, refused connections) is remembered for ``window_s`` seconds.
  ``failure_threshold`` failures inside the window open the circuit.
* open: requests fail at once with ``ProviderError(kind="circuit_open", retryable=True)``,
  whose ``retry_after`` says when the circuit will half-open, so a fallback answers instead.
* half_open (``open_s`` after opening): ONE probe request goes through, the rest still fail
  fast. The probe finishing its stream closes the circuit; the probe failing re-opens it.
  A probe the caller abandons decides nothing and the next request probes again.

Non-retryable errors (bad request, context length, auth) do not count: the provider
answered, the request was at fault. ``state`` is for metrics and health pages.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import Literal

from frontdesk.gateway.model import ChatChunk, ChatModel, ChatRequest
from frontdesk.gateway.resilience._streams import closing_stream, provider_of
from frontdesk.gateway.resilience.wrapper import ModelWrapper
from frontdesk.kit.errors import ProviderError

BreakerState = Literal["closed", "open", "half_open"]


class CircuitBreaker(ModelWrapper):
    def __init__(
        self,
        inner: ChatModel,
        *,
        failure_threshold: int = 5,
        window_s: float = 30.0,
        open_s: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        super().__init__(inner)
        self._threshold = failure_threshold
        self._window_s = window_s
        self._open_s = open_s
        self._clock = clock
        self._failures: deque[float] = deque()
        self._opened_at: float | None = None
        self._probing = False

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self._open_s:
            return "half_open"
        return "open"

    async def stream(self, request: ChatRequest) -> AsyncIterator[ChatChunk]:
        probe = self._admit()
        settled = False
        try:
            async with closing_stream(self.inner.stream(request)) as chunks:
                async for chunk in chunks:
                    yield chunk
        except ProviderError as error:
            settled = True
            if error.retryable:
                self._record_failure(probe)
            else:
                self._record_success(probe)
            raise
        else:
            settled = True
            self._record_success(probe)
        finally:
            if probe and not settled:  # abandoned, cancelled or a non-provider bug
                self._probing = False

    def _admit(self) -> bool:
        """Lets the request through (True if it is the half-open probe) or raises."""
        state = self.state
        if state == "closed":
            return False
        if state == "half_open" and not self._probing:
            self._probing = True
            return True
        assert self._opened_at is not None
        remaining = max(0.0, self._opened_at + self._open_s - self._clock())
        raise ProviderError(
            f"circuit open for {self.name}: too many recent failures",
            provider=provider_of(self.name),
            retryable=True,
            retry_after=remaining,
            kind="circuit_open",
        )

    def _record_failure(self, probe: bool) -> None:
        now = self._clock()
        if probe:
            self._probing = False
            self._open(now)
            return
        if self._opened_at is not None:
            return  # a request admitted before the circuit opened; already counted enough
        self._failures.append(now)
        while self._failures and now - self._failures[0] > self._window_s:
            self._failures.popleft()
        if len(self._failures) >= self._threshold:
            self._open(now)

    def _record_success(self, probe: bool) -> None:
        if probe:
            self._probing = False
            self._opened_at = None
            self._failures.clear()

    def _open(self, now: float) -> None:
        self._opened_at = now
        self._failures.clear()

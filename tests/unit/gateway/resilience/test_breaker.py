"""CircuitBreaker: closed → open → half-open → closed or open again."""

from __future__ import annotations

import asyncio

import pytest

from frontdesk.gateway.model import ChatRequest, Message
from frontdesk.gateway.resilience import CircuitBreaker
from frontdesk.kit.errors import ProviderError

from .scripted import ScriptedModel, Step, collect, fail

REQUEST = ChatRequest((Message("user", "hi"),))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def fail_n(breaker: CircuitBreaker, n: int) -> None:
    for _ in range(n):
        with pytest.raises(ProviderError):
            await collect(breaker, REQUEST)


async def test_opens_after_threshold_failures_and_fails_fast() -> None:
    clock = Clock()
    inner = ScriptedModel("openai:x", Step(error=fail()))
    breaker = CircuitBreaker(inner, failure_threshold=3, open_s=10, clock=clock)
    await fail_n(breaker, 2)
    assert str(breaker.state) == "closed"
    await fail_n(breaker, 1)
    assert str(breaker.state) == "open"
    clock.now += 4
    with pytest.raises(ProviderError) as caught:
        await collect(breaker, REQUEST)
    error = caught.value
    assert (error.kind, error.retryable, error.retry_after) == ("circuit_open", True, 6.0)
    assert error.provider == "openai"
    assert len(inner.requests) == 3


async def test_failures_outside_the_window_do_not_count() -> None:
    clock = Clock()
    breaker = CircuitBreaker(
        ScriptedModel("s:m", Step(error=fail())), failure_threshold=3, window_s=30, clock=clock
    )
    await fail_n(breaker, 2)
    clock.now += 31
    await fail_n(breaker, 2)
    assert str(breaker.state) == "closed"
    await fail_n(breaker, 1)
    assert str(breaker.state) == "open"


async def test_non_retryable_errors_do_not_count() -> None:
    breaker = CircuitBreaker(
        ScriptedModel("s:m", Step(error=fail("bad_request", retryable=False))), failure_threshold=1
    )
    await fail_n(breaker, 3)
    assert str(breaker.state) == "closed"


async def test_half_open_probe_success_closes() -> None:
    clock = Clock()
    inner = ScriptedModel("s:m", Step(error=fail()), Step(("ok",)))
    breaker = CircuitBreaker(inner, failure_threshold=1, open_s=5, clock=clock)
    await fail_n(breaker, 1)
    clock.now += 5
    assert str(breaker.state) == "half_open"
    assert "".join(c.delta for c in await collect(breaker, REQUEST)) == "ok"
    assert str(breaker.state) == "closed"


async def test_half_open_probe_failure_reopens() -> None:
    clock = Clock()
    breaker = CircuitBreaker(
        ScriptedModel("s:m", Step(error=fail())), failure_threshold=1, open_s=5, clock=clock
    )
    await fail_n(breaker, 1)
    clock.now += 5
    await fail_n(breaker, 1)
    assert str(breaker.state) == "open"
    clock.now += 4.9
    assert str(breaker.state) == "open"


async def test_only_one_probe_at_a_time() -> None:
    clock = Clock()
    gate = asyncio.Event()

    class Slow(ScriptedModel):
        async def stream(self, request: ChatRequest):  # type: ignore[no-untyped-def]
            await gate.wait()
            async for chunk in super().stream(request):
                yield chunk

    inner = Slow("s:m", Step(error=fail()), Step(("ok",)))
    breaker = CircuitBreaker(inner, failure_threshold=1, open_s=5, clock=clock)
    gate.set()
    await fail_n(breaker, 1)
    gate.clear()
    clock.now += 5
    probe = asyncio.create_task(collect(breaker, REQUEST))
    await asyncio.sleep(0)
    with pytest.raises(ProviderError) as caught:
        await collect(breaker, REQUEST)
    assert caught.value.kind == "circuit_open"
    gate.set()
    await probe
    assert str(breaker.state) == "closed"


async def test_abandoned_probe_lets_the_next_request_probe() -> None:
    clock = Clock()
    inner = ScriptedModel("s:m", Step(error=fail()), Step(("a", "b")))
    breaker = CircuitBreaker(inner, failure_threshold=1, open_s=5, clock=clock)
    await fail_n(breaker, 1)
    clock.now += 5
    stream = breaker.stream(REQUEST)
    assert (await anext(stream)).delta == "a"
    await stream.aclose()  # type: ignore[attr-defined]
    assert str(breaker.state) == "half_open"
    await collect(breaker, REQUEST)
    assert str(breaker.state) == "closed"

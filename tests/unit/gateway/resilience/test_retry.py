"""RetryingModel: which errors are retried, when, and how long it waits."""

from __future__ import annotations

import random

import pytest

from frontdesk.gateway.model import ChatRequest, Message
from frontdesk.gateway.resilience import RetryingModel
from frontdesk.kit.errors import ProviderError

from .scripted import ScriptedModel, Step, collect, fail

REQUEST = ChatRequest((Message("user", "hi"),))


class Sleeps:
    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


async def test_retries_retryable_error_before_any_chunk_then_succeeds() -> None:
    inner = ScriptedModel("s:m", Step(error=fail()), Step(error=fail()), Step(("ok",)))
    sleeps = Sleeps()
    chunks = await collect(RetryingModel(inner, sleep=sleeps, rng=random.Random(1)), REQUEST)
    assert "".join(c.delta for c in chunks) == "ok"
    assert len(inner.requests) == 3
    assert len(sleeps.calls) == 2


async def test_full_jitter_stays_under_the_exponential_ceiling() -> None:
    model = RetryingModel(ScriptedModel("s:m", Step()), base_delay=0.5, max_delay=3.0)
    for retry, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 3.0), (8, 3.0)]:
        delays = [model.delay_for(retry, fail()) for _ in range(200)]
        assert all(d is not None and 0.0 <= d <= ceiling for d in delays)
        assert max(d for d in delays if d is not None) > ceiling / 2


async def test_gives_up_after_attempts_and_raises_the_last_error() -> None:
    inner = ScriptedModel("s:m", Step(error=fail("timeout")))
    with pytest.raises(ProviderError) as caught:
        await collect(RetryingModel(inner, attempts=3, sleep=Sleeps()), REQUEST)
    assert caught.value.kind == "timeout"
    assert len(inner.requests) == 3


async def test_non_retryable_error_raises_at_once() -> None:
    inner = ScriptedModel("s:m", Step(error=fail("auth", retryable=False)), Step(("ok",)))
    sleeps = Sleeps()
    with pytest.raises(ProviderError):
        await collect(RetryingModel(inner, sleep=sleeps), REQUEST)
    assert (len(inner.requests), sleeps.calls) == (1, [])


async def test_no_retry_once_a_chunk_was_yielded() -> None:
    inner = ScriptedModel("s:m", Step(("partial ",), error=fail("stream_interrupted")))
    with pytest.raises(ProviderError):
        await collect(RetryingModel(inner, sleep=Sleeps()), REQUEST)
    assert len(inner.requests) == 1


async def test_retry_after_is_a_floor() -> None:
    inner = ScriptedModel("s:m", Step(error=fail("rate_limited", retry_after=2.5)), Step())
    sleeps = Sleeps()
    await collect(RetryingModel(inner, base_delay=0.01, sleep=sleeps), REQUEST)
    assert sleeps.calls == [2.5]


async def test_retry_after_beyond_max_delay_gives_up_for_the_fallback() -> None:
    inner = ScriptedModel("s:m", Step(error=fail("rate_limited", retry_after=60)), Step())
    sleeps = Sleeps()
    with pytest.raises(ProviderError) as caught:
        await collect(RetryingModel(inner, max_delay=5, sleep=sleeps), REQUEST)
    assert caught.value.retry_after == 60
    assert (len(inner.requests), sleeps.calls) == (1, [])


def test_rejects_nonsense_settings() -> None:
    with pytest.raises(ValueError, match="attempts"):
        RetryingModel(ScriptedModel("s:m", Step()), attempts=0)

"""Retry, circuit breaker and fallback over real sockets, against the fake OpenAI upstream.

The fake fails every request while its behaviour has a ``fault``; tests make it recover by
replacing ``fake.app.behaviour`` (from the injected sleep, as if the upstream healed while
the client backed off).
"""

from __future__ import annotations

import dataclasses
import socket
from typing import Any

import pytest

from frontdesk.config import ProviderSettings
from frontdesk.fakes import run_fake_openai
from frontdesk.fakes.runner import RunningFake
from frontdesk.gateway.model import ChatChunk, ChatModel, ChatRequest, ContextPassage, Message
from frontdesk.gateway.providers.local import LocalExtractiveModel
from frontdesk.gateway.providers.openai import OpenAIChatModel
from frontdesk.gateway.resilience import (
    CONTINUE_INSTRUCTION,
    CircuitBreaker,
    RetryingModel,
    Switch,
    build_resilient,
)
from frontdesk.kit.errors import ProviderError

REQUEST = ChatRequest(
    (Message("system", "Be brief."), Message("user", "How do I reset my router?")),
    max_output_tokens=200,
)
PASSAGE = ContextPassage(
    1, "To reset the router, unplug it for thirty seconds.", "Router", "kb/router.md", 0.9
)
PRIMARY_ANSWER = "one two three four five six seven eight nine ten."


def openai(base_url: str, model_id: str = "gpt-4o-mini", **settings: Any) -> OpenAIChatModel:
    return OpenAIChatModel(
        model_id, ProviderSettings(base_url=base_url, timeout_s=5, connect_timeout_s=1, **settings)
    )


def heal(fake: RunningFake[Any]) -> None:
    fake.app.behaviour = dataclasses.replace(fake.app.behaviour, fault=None)


def refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


class Sleeps:
    """Records the waits instead of waiting; ``then`` runs after the first one."""

    def __init__(self, then: Any = None) -> None:
        self.calls: list[float] = []
        self._then = then

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self._then is not None:
            self._then()
            self._then = None


async def collect(model: ChatModel, request: ChatRequest = REQUEST) -> list[ChatChunk]:
    return [chunk async for chunk in model.stream(request)]


def text(chunks: list[ChatChunk]) -> str:
    return "".join(c.delta for c in chunks)


# --- retry ---------------------------------------------------------------------------------


async def test_retries_http_503_then_succeeds() -> None:
    async with run_fake_openai(fault="http_503", answer="Recovered.") as fake:
        sleeps = Sleeps(then=lambda: heal(fake))
        model = RetryingModel(openai(fake.base_url), base_delay=0.05, sleep=sleeps)
        chunks = await collect(model)
        await model.aclose()
    assert text(chunks) == "Recovered."
    assert len(fake.requests) == 2
    assert len(sleeps.calls) == 1
    assert 0.0 <= sleeps.calls[0] <= 0.05


@pytest.mark.parametrize(
    ("fault", "kind"), [("http_401", "auth"), ("context_length", "context_length")]
)
async def test_no_retry_on_non_retryable_errors(fault: str, kind: str) -> None:
    async with run_fake_openai(fault=fault) as fake:
        sleeps = Sleeps()
        model = RetryingModel(openai(fake.base_url), sleep=sleeps)
        with pytest.raises(ProviderError) as caught:
            await collect(model)
        await model.aclose()
    assert caught.value.kind == kind
    assert (len(fake.requests), sleeps.calls) == (1, [])


async def test_retry_after_from_http_429_is_honoured() -> None:
    async with run_fake_openai(fault="http_429", answer="Fine now.") as fake:
        sleeps = Sleeps(then=lambda: heal(fake))
        model = RetryingModel(openai(fake.base_url), base_delay=0.01, max_delay=5, sleep=sleeps)
        chunks = await collect(model)
        await model.aclose()
    assert text(chunks) == "Fine now."
    assert sleeps.calls == [1.0]  # the fake sends Retry-After: 1


async def test_retry_after_longer_than_max_delay_gives_up_at_once() -> None:
    async with run_fake_openai(fault="http_429") as fake:
        sleeps = Sleeps()
        model = RetryingModel(openai(fake.base_url), max_delay=0.5, sleep=sleeps)
        with pytest.raises(ProviderError) as caught:
            await collect(model)
        await model.aclose()
    assert (caught.value.kind, caught.value.retry_after) == ("rate_limited", 1.0)
    assert (len(fake.requests), sleeps.calls) == (1, [])


# --- circuit breaker -----------------------------------------------------------------------


async def test_breaker_opens_after_failures_and_half_open_probe_closes_it() -> None:
    now = [0.0]
    async with run_fake_openai(fault="http_503", answer="Back.") as fake:
        breaker = CircuitBreaker(
            openai(fake.base_url),
            failure_threshold=3,
            window_s=30,
            open_s=10,
            clock=lambda: now[0],
        )
        for _ in range(3):
            with pytest.raises(ProviderError):
                await collect(breaker)
        assert str(breaker.state) == "open"
        with pytest.raises(ProviderError) as caught:
            await collect(breaker)
        assert caught.value.kind == "circuit_open"
        assert len(fake.requests) == 3  # failed fast: the upstream was not called

        now[0] += 10
        assert str(breaker.state) == "half_open"
        heal(fake)
        assert text(await collect(breaker)) == "Back."
        assert str(breaker.state) == "closed"
        await breaker.aclose()
    assert len(fake.requests) == 4


# --- fallback ------------------------------------------------------------------------------


async def test_falls_back_to_a_second_upstream_on_connection_refused() -> None:
    switches: list[Switch] = []
    async with run_fake_openai(answer="From the backup.") as backup:
        stack = build_resilient(
            [openai(refused_url(), "gpt-4o"), openai(backup.base_url)],
            attempts=2,
            sleep=Sleeps(),
            on_switch=switches.append,
        )
        chunks = await collect(stack)
        await stack.aclose()
    assert text(chunks) == "From the backup."
    assert switches == [Switch("openai:gpt-4o", "openai:gpt-4o-mini", 0, "connect")]


async def test_mid_stream_failover_continues_the_same_answer() -> None:
    async with (
        run_fake_openai(
            fault="die_mid_stream", fault_after_tokens=5, answer=PRIMARY_ANSWER
        ) as primary,
        run_fake_openai(answer="six seven eight nine ten.") as secondary,
    ):
        stack = build_resilient(
            [openai(primary.base_url, "gpt-4o"), openai(secondary.base_url)], sleep=Sleeps()
        )
        chunks = await collect(stack)
        await stack.aclose()
    partial = "one two three four five "
    assert text(chunks) == partial + "six seven eight nine ten."
    assert len(primary.requests) == 1  # text was out: no retry of the primary
    [sent] = secondary.requests
    messages = sent.json()["messages"]
    assert messages[-2] == {"role": "assistant", "content": partial}
    assert messages[-1] == {"role": "user", "content": CONTINUE_INSTRUCTION}
    assert stack.switches == [
        Switch("openai:gpt-4o", "openai:gpt-4o-mini", len(partial), "stream_interrupted")
    ]
    final = chunks[-1]
    assert final.finish_reason == "stop"
    assert final.usage is not None
    assert final.usage.output_tokens == 5  # the secondary's; the primary never reported


async def test_chain_ends_in_the_local_extractive_model_when_both_remotes_fail() -> None:
    request = ChatRequest(REQUEST.messages, passages=(PASSAGE,))
    async with (
        run_fake_openai(fault="http_503") as first,
        run_fake_openai(fault="http_401") as second,
    ):
        stack = build_resilient(
            [openai(first.base_url, "gpt-4o"), openai(second.base_url), LocalExtractiveModel()],
            sleep=Sleeps(),
        )
        chunks = await collect(stack, request)
        await stack.aclose()
    expected = text([c async for c in LocalExtractiveModel().stream(request)])
    assert text(chunks) == expected and "[1]" in expected
    assert [(s.to_model, s.error_kind) for s in stack.switches] == [
        ("openai:gpt-4o-mini", "server"),
        ("local:extractive", "auth"),
    ]
    assert (len(first.requests), len(second.requests)) == (3, 1)


async def test_local_model_after_a_mid_stream_failure_answers_after_a_separator() -> None:
    request = ChatRequest(REQUEST.messages, passages=(PASSAGE,))
    async with run_fake_openai(
        fault="die_mid_stream", fault_after_tokens=5, answer=PRIMARY_ANSWER
    ) as primary:
        stack = build_resilient(
            [openai(primary.base_url), LocalExtractiveModel()], sleep=Sleeps(), separator="| "
        )
        chunks = await collect(stack, request)
        await stack.aclose()
    expected = text([c async for c in LocalExtractiveModel().stream(request)])
    assert text(chunks) == "one two three four five | " + expected

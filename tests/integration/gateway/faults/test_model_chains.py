"""Failover end to end through :class:`ModelChains`, what every caller uses: the configured
fallbacks, ending at the offline ``local:extractive`` model, with real waits and the switch
reported the way a trace marks it."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from frontdesk.config import GatewaySettings, ProviderSettings
from frontdesk.fakes import run_fake_openai
from frontdesk.fakes.openai_server import FakeOpenAI
from frontdesk.fakes.runner import RunningFake
from frontdesk.gateway.chains import ModelChains
from frontdesk.gateway.model import ChatChunk, ChatModel, ChatRequest, ContextPassage
from frontdesk.gateway.providers.local import LocalExtractiveModel
from frontdesk.gateway.registry import ProviderRegistry, load_providers
from frontdesk.gateway.resilience import Switch
from frontdesk.gateway.resilience.fallback import DEFAULT_SEPARATOR
from frontdesk.kit.errors import ProviderError
from tests.integration.gateway.faults.scenarios import TIMEOUT_S
from tests.integration.gateway.faults.support import (
    ANSWER,
    PARTIAL,
    REQUEST,
    REST,
    SLACK_S,
    running,
)

PRIMARY, BACKUP, LOCAL = "openai:gpt-4o", "backup:gpt-4o-mini", "local:extractive"
PASSAGE = ContextPassage(
    1, "To reset the router, unplug it for thirty seconds.", "Router", "kb/router.md", 0.9
)
GROUNDED = ChatRequest(REQUEST.messages, passages=(PASSAGE,), metadata={"request_id": "req-1"})


@asynccontextmanager
async def chains(
    primary: RunningFake[FakeOpenAI],
    backup: RunningFake[FakeOpenAI] | None,
    switches: list[Switch],
) -> AsyncIterator[ModelChains]:
    """ModelChains over the fakes: ``openai`` is the primary, ``backup`` (the OpenAI adapter
    under another name) the first fallback when given, ``local:extractive`` the last."""

    def upstream(url: str, **extra: str) -> ProviderSettings:
        return ProviderSettings(
            base_url=url, timeout_s=TIMEOUT_S, connect_timeout_s=TIMEOUT_S, **extra
        )

    providers = {"openai": upstream(primary.base_url)}
    fallback = [LOCAL]
    if backup is not None:
        providers["backup"] = upstream(backup.base_url, adapter="openai")
        fallback.insert(0, BACKUP)
    registry = load_providers(ProviderRegistry(settings=providers))
    settings = GatewaySettings(fallback=fallback, retry_attempts=2, breaker_failures=5)
    try:
        yield ModelChains(registry, settings, on_switch=switches.append)
    finally:
        await registry.aclose()


async def collect(model: ChatModel, request: ChatRequest = GROUNDED) -> list[ChatChunk]:
    return [chunk async for chunk in model.stream(request)]


def text(chunks: list[ChatChunk]) -> str:
    return "".join(c.delta for c in chunks)


async def local_answer(request: ChatRequest = GROUNDED) -> str:
    return text(await collect(LocalExtractiveModel(), request))


async def test_when_every_remote_provider_fails_the_offline_model_answers(
    switches: list[Switch],
) -> None:
    async with (
        running(run_fake_openai(fault="http_503"), run_fake_openai(fault="http_401")) as (
            primary,
            backup,
        ),
        chains(primary, backup, switches) as model_chains,
    ):
        chunks = await collect(model_chains.resolve(PRIMARY))
        answered_by = model_chains.answered_by("req-1", PRIMARY)
    expected = await local_answer()
    assert text(chunks) == expected and "[1]" in expected
    assert (len(primary.requests), len(backup.requests)) == (2, 1)  # 503 retried, 401 not
    assert switches == [
        Switch(PRIMARY, BACKUP, 0, "server", "req-1"),
        Switch(BACKUP, LOCAL, 0, "auth", "req-1"),
    ]
    assert answered_by == LOCAL


async def test_a_stream_dying_mid_answer_is_continued_by_the_fallback(
    switches: list[Switch],
) -> None:
    async with (
        running(
            run_fake_openai(fault="die_mid_stream", fault_after_tokens=3, answer=ANSWER),
            run_fake_openai(answer=REST),
        ) as (primary, backup),
        chains(primary, backup, switches) as model_chains,
    ):
        chunks = await collect(model_chains.resolve(PRIMARY))
        answered_by = model_chains.answered_by("req-1", PRIMARY)
    assert text(chunks) == ANSWER  # one answer, the switch invisible in the text
    assert switches == [Switch(PRIMARY, BACKUP, len(PARTIAL), "stream_interrupted", "req-1")]
    assert answered_by == BACKUP
    assert (len(primary.requests), len(backup.requests)) == (1, 1)


async def test_a_stall_mid_answer_ends_at_the_timeout_and_the_offline_model_answers_after(
    switches: list[Switch],
) -> None:
    # local:extractive cannot continue another model's sentence: it answers afresh, after a
    # separator, so the caller still gets one answer that ends properly.
    async with (
        running(run_fake_openai(fault="stall", fault_after_tokens=3, answer=ANSWER)) as (primary,),
        chains(primary, None, switches) as model_chains,
    ):
        started = time.perf_counter()
        chunks = await collect(model_chains.resolve(PRIMARY))
        elapsed = time.perf_counter() - started
    assert text(chunks) == PARTIAL + DEFAULT_SEPARATOR + await local_answer()
    assert chunks[-1].finish_reason == "stop"
    assert switches == [Switch(PRIMARY, LOCAL, len(PARTIAL), "timeout", "req-1")]
    assert TIMEOUT_S <= elapsed < TIMEOUT_S + SLACK_S


async def test_retry_after_is_waited_for_in_real_time(switches: list[Switch]) -> None:
    async with (
        running(
            run_fake_openai(fault="http_429", fault_times=1, answer=ANSWER),
            run_fake_openai(answer="not this one"),
        ) as (primary, backup),
        chains(primary, backup, switches) as model_chains,
    ):
        started = time.perf_counter()
        chunks = await collect(model_chains.resolve(PRIMARY))
        elapsed = time.perf_counter() - started
    assert text(chunks) == ANSWER
    assert 1.0 <= elapsed < 1.0 + SLACK_S  # the fake's Retry-After: 1, then the answer
    assert (len(primary.requests), len(backup.requests), switches) == (2, 0, [])


async def test_a_content_policy_refusal_reaches_the_caller_without_retry_or_fallback(
    switches: list[Switch],
) -> None:
    async with (
        running(run_fake_openai(fault="content_filter"), run_fake_openai(answer=ANSWER)) as (
            primary,
            backup,
        ),
        chains(primary, backup, switches) as model_chains,
    ):
        with pytest.raises(ProviderError) as caught:
            await collect(model_chains.resolve(PRIMARY))
    assert (caught.value.kind, caught.value.retryable) == ("content_filter", False)
    assert (len(primary.requests), len(backup.requests), switches) == (1, 0, [])

"""What the fault tests share: the request and its answer, the providers with their fakes,
the resilient chain they run through, and the checks a scenario row stands for.

Every upstream is a real fake server on a real socket; the only test double is
:class:`CountingModel`, a wrapper (like the product's own) that counts the attempts reaching
an adapter, for upstreams that cannot count them because nothing is listening.
"""

from __future__ import annotations

import asyncio
import random
import socket
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from frontdesk.config import ProviderSettings
from frontdesk.fakes import run_fake_anthropic, run_fake_bedrock, run_fake_openai
from frontdesk.fakes.runner import RunningFake
from frontdesk.gateway.model import ChatChunk, ChatModel, ChatRequest, Message
from frontdesk.gateway.providers.anthropic import AnthropicChatModel
from frontdesk.gateway.providers.bedrock import BedrockChatModel
from frontdesk.gateway.providers.openai import OpenAIChatModel
from frontdesk.gateway.resilience import (
    CONTINUE_INSTRUCTION,
    FallbackModel,
    Switch,
    breakers,
    build_resilient,
)
from frontdesk.gateway.resilience.wrapper import ModelWrapper
from frontdesk.kit.errors import ProviderError
from tests.integration.gateway.faults.scenarios import (
    ATTEMPTS,
    BASE_DELAY_S,
    REFUSED,
    TIMEOUT_S,
    UNRESOLVABLE,
    Outcome,
    Scenario,
)

REQUEST = ChatRequest(
    (Message("system", "Be brief."), Message("user", "How do I reset my router?")),
    max_output_tokens=100,
)
# Not ASCII throughout: a drip splits its characters across reads, and a continuation must
# not garble them either.
ANSWER = "Unplug the router — wait thirty seconds, then plug it back in. ✓ Hecho, señor."
FAULT_AFTER_TOKENS = 3  # the fakes' tokens are words with their trailing space
PARTIAL = "Unplug the router "  # the first FAULT_AFTER_TOKENS tokens
REST = ANSWER.removeprefix(PARTIAL)
# Beyond the timeouts a scenario sits through: connection set-up, client creation (botocore
# loads its service model) and two busy cores.
SLACK_S = 1.5

Turns = list[tuple[str, str]]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Upstream:
    """A provider adapter and the fake that speaks its wire format."""

    name: str
    run: Callable[..., AbstractAsyncContextManager[RunningFake[Any]]]
    model: Callable[..., ChatModel]  # (base URL, model id, **extra settings)
    primary_id: str
    backup_id: str
    turns: Callable[[Any], Turns]  # a request body's conversation as (role, text)
    # Fault → (kind, status) where this provider reports a fault differently from OpenAI.
    differences: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    def expected_error(self, scenario: Scenario) -> tuple[str | None, int | None]:
        return self.differences.get(scenario.provoke, (scenario.kind, scenario.status))


def _settings(**extra: Any) -> ProviderSettings:
    return ProviderSettings(**{"timeout_s": TIMEOUT_S, "connect_timeout_s": TIMEOUT_S, **extra})


def _message_turns(body: Any) -> Turns:
    """OpenAI's and Anthropic's ``messages``, without OpenAI's system messages."""
    return [(m["role"], m["content"]) for m in body["messages"] if m["role"] != "system"]


def _bedrock_turns(body: Any) -> Turns:
    return [(m["role"], "".join(b["text"] for b in m["content"])) for m in body["messages"]]


OPENAI = Upstream(
    "openai",
    run_fake_openai,
    lambda url, model_id, **extra: OpenAIChatModel(model_id, _settings(base_url=url, **extra)),
    "gpt-4o",
    "gpt-4o-mini",
    _message_turns,
)
ANTHROPIC = Upstream(
    "anthropic",
    run_fake_anthropic,
    lambda url, model_id, **extra: AnthropicChatModel(
        model_id, _settings(base_url=url, api_key="sk-ant", **extra)
    ),
    "claude-sonnet-4-0",
    "claude-3-5-haiku-latest",
    _message_turns,
)
BEDROCK = Upstream(
    "bedrock",
    run_fake_bedrock,
    lambda url, model_id, **extra: BedrockChatModel(
        model_id,
        _settings(
            endpoint_url=url,
            region="eu-west-1",
            aws_access_key_id="AKIDFAKE",
            aws_secret_access_key="fake-secret",
            **extra,
        ),
    ),
    "amazon.nova-pro-v1:0",
    "amazon.nova-lite-v1:0",
    _bedrock_turns,
    # botocore reads an HTML body as a corrupt event stream: a checksum mismatch. Same
    # treatment (not retried, failed over), different name.
    differences={"wrong_content_type": ("malformed", None)},
)


def refused_url() -> str:
    """A port that was free a moment ago and has nothing listening now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


UNRESOLVABLE_URL = "http://frontdesk-faults.invalid/v1"  # RFC 2606: resolves nowhere


def unreachable_url(scenario: Scenario) -> str | None:
    """The primary's base URL for the faults where nothing answers, else None."""
    if scenario.provoke == REFUSED:
        return refused_url()
    if scenario.provoke == UNRESOLVABLE:
        return UNRESOLVABLE_URL
    return None


def faulty_fake(
    scenario: Scenario, upstream: Upstream
) -> AbstractAsyncContextManager[RunningFake[Any]]:
    """The primary's fake, which answers ANSWER unless the scenario's fault strikes."""
    return upstream.run(
        fault=scenario.provoke,
        fault_times=scenario.fault_times,
        answer=ANSWER,
        fault_after_tokens=FAULT_AFTER_TOKENS,
        drip_interval_ms=0,  # still one byte per write; see test_slow_drip_*
    )


@asynccontextmanager
async def primary_for(scenario: Scenario, upstream: Upstream = OPENAI) -> AsyncIterator[str]:
    """The primary upstream's base URL while the scenario's upstream runs."""
    url = unreachable_url(scenario)
    if url is not None:
        yield url
        return
    async with faulty_fake(scenario, upstream) as fake:
        yield fake.base_url


@asynccontextmanager
async def running(*contexts: AbstractAsyncContextManager[T]) -> AsyncIterator[list[T]]:
    """Enters the contexts in order and leaves them all at once: a fake takes ~0.2 s to
    stop (uvicorn's shutdown ticks), which adds up over a hundred tests."""
    entered: list[AbstractAsyncContextManager[T]] = []
    values: list[T] = []
    try:
        for context in contexts:
            values.append(await context.__aenter__())
            entered.append(context)
        yield values
    finally:
        await asyncio.gather(*(context.__aexit__(None, None, None) for context in entered))


class CountingModel(ModelWrapper):
    """Counts the streams opened on the wrapped adapter: upstream attempts."""

    def __init__(self, inner: ChatModel) -> None:
        super().__init__(inner)
        self.calls = 0

    def stream(self, request: ChatRequest) -> AsyncIterator[ChatChunk]:
        self.calls += 1
        return self.inner.stream(request)


class ManualClock:
    """A monotonic clock the test moves, for the circuit breaker's open period."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RecordedSleeps:
    """The retry wrapper's waits, recorded instead of waited (wall-clock Retry-After is
    covered once, through ModelChains)."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        await asyncio.sleep(0)


@dataclass
class AdapterRun:
    deltas: list[str]
    error: ProviderError | None
    elapsed_s: float


async def run_adapter(model: ChatModel) -> AdapterRun:
    deltas: list[str] = []
    error: ProviderError | None = None
    started = time.perf_counter()
    try:
        async for chunk in model.stream(REQUEST):
            deltas.append(chunk.delta)
    except ProviderError as exc:
        error = exc
    finally:
        await model.aclose()
    return AdapterRun(deltas, error, time.perf_counter() - started)


def check_adapter(scenario: Scenario, upstream: Upstream, run: AdapterRun) -> None:
    """The adapter alone raises the scenario's error, after the text it had streamed; a
    timeout ends within the configured timeout."""
    kind, status = upstream.expected_error(scenario)
    streamed = "".join(run.deltas)
    if kind is None:
        assert run.error is None
        assert streamed == ANSWER
        return
    error = run.error
    assert error is not None, f"{scenario.name}: no error, streamed {streamed!r}"
    assert (error.kind, error.retryable, error.status_code) == (kind, scenario.retryable, status)
    assert error.provider == upstream.name
    assert error.retry_after == scenario.retry_after
    assert streamed == (PARTIAL if scenario.mid_stream else "")
    if scenario.timeouts:
        assert TIMEOUT_S * 0.9 <= run.elapsed_s < TIMEOUT_S + SLACK_S


@dataclass
class ChainRun:
    chunks: list[ChatChunk]
    error: ProviderError | None
    elapsed_s: float
    attempts: int  # streams opened on the primary adapter
    sleeps: list[float]
    switches: list[Switch]
    breaker_states: list[str]


async def run_chain(
    scenario: Scenario, upstream: Upstream, primary_url: str, backup_url: str
) -> ChainRun:
    """The request through ``build_resilient([primary, backup])`` with the suite's settings."""
    primary = CountingModel(upstream.model(primary_url, upstream.primary_id))
    sleeps = RecordedSleeps()
    switches: list[Switch] = []
    stack: FallbackModel = build_resilient(
        [primary, upstream.model(backup_url, upstream.backup_id)],
        attempts=ATTEMPTS,
        base_delay=BASE_DELAY_S,
        max_delay=scenario.max_delay_s,
        sleep=sleeps,
        rng=random.Random(7),
        on_switch=switches.append,
    )
    chunks: list[ChatChunk] = []
    error: ProviderError | None = None
    started = time.perf_counter()
    try:
        async for chunk in stack.stream(REQUEST):
            chunks.append(chunk)
    except ProviderError as exc:
        error = exc
    finally:
        elapsed = time.perf_counter() - started
        states = [str(b.state) for b in breakers(stack)]
        await stack.aclose()
    return ChainRun(chunks, error, elapsed, primary.calls, sleeps.calls, switches, states)


async def check_through_the_chain(scenario: Scenario, upstream: Upstream = OPENAI) -> None:
    """Through retries, breaker and fallback: the attempts, the waits, what the caller
    receives and which switch is reported. The backup answers whatever completes ANSWER."""
    backup_answer = REST if scenario.mid_stream else ANSWER
    url = unreachable_url(scenario)
    fakes = [upstream.run(answer=backup_answer)]
    if url is None:
        fakes.append(faulty_fake(scenario, upstream))
    async with running(*fakes) as (backup, *primary):
        run = await run_chain(scenario, upstream, url or primary[0].base_url, backup.base_url)
    check_attempts_and_waits(scenario, run)
    if primary:  # the fake saw every attempt the adapter made, no more
        assert len(primary[0].requests) == scenario.attempts
    assert run.breaker_states == ["closed", "closed"]  # below the threshold: not this test's
    check_outcome(scenario, upstream, run, [upstream.turns(r.json()) for r in backup.requests])


def check_attempts_and_waits(scenario: Scenario, run: ChainRun) -> None:
    assert run.attempts == scenario.attempts
    assert len(run.sleeps) == scenario.attempts - 1  # a wait before every retry, none after
    for retry, delay in enumerate(run.sleeps):
        if scenario.retry_after is not None:
            assert scenario.retry_after <= delay <= scenario.max_delay_s  # Retry-After: a floor
        else:
            assert 0.0 <= delay <= BASE_DELAY_S * 2**retry  # full jitter under the ceiling
    budget = scenario.timeouts * TIMEOUT_S
    assert budget <= run.elapsed_s < budget + SLACK_S


def check_outcome(
    scenario: Scenario, upstream: Upstream, run: ChainRun, backup_turns: list[Turns]
) -> None:
    primary = f"{upstream.name}:{upstream.primary_id}"
    backup = f"{upstream.name}:{upstream.backup_id}"
    kind, _ = upstream.expected_error(scenario)
    if scenario.outcome is Outcome.REFUSED:
        assert run.error is not None and run.error.kind == kind
        assert (run.chunks, run.switches, backup_turns) == ([], [], [])
        return
    assert run.error is None, f"{scenario.name}: {run.error!r}"
    assert "".join(c.delta for c in run.chunks) == ANSWER  # one answer, nothing repeated
    finals = [c for c in run.chunks if c.finish_reason is not None]
    assert finals == [run.chunks[-1]]
    assert finals[0].finish_reason == "stop"
    assert finals[0].usage is not None
    question = [("user", REQUEST.last_user_text)]
    if scenario.outcome in (Outcome.ANSWERED, Outcome.RETRIED_THEN_SUCCEEDED):
        assert (run.switches, backup_turns) == ([], [])
    elif scenario.outcome is Outcome.FAILED_OVER:
        assert run.switches == [Switch(primary, backup, 0, str(kind))]
        assert backup_turns == [question]  # the original request, not a continuation
    else:
        assert scenario.outcome is Outcome.CONTINUED_MID_STREAM
        assert run.switches == [Switch(primary, backup, len(PARTIAL), str(kind))]
        assert run.switches[0].after_chars > 0
        [turns] = backup_turns
        assert turns == [*question, ("assistant", PARTIAL), ("user", CONTINUE_INSTRUCTION)]

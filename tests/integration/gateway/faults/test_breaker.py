"""The circuit breaker over real sockets, inside the chain: an open circuit skips its target
without an upstream attempt, and after ``open_s`` one half-open probe decides."""

from __future__ import annotations

import asyncio
import dataclasses

from frontdesk.fakes import run_fake_openai
from frontdesk.gateway.model import ChatModel
from frontdesk.gateway.resilience import FallbackModel, Switch, breakers, build_resilient
from tests.integration.gateway.faults.support import (
    ANSWER,
    OPENAI,
    REQUEST,
    CountingModel,
    ManualClock,
    RecordedSleeps,
    running,
)

THRESHOLD = 3
OPEN_S = 10.0


def stack_of(
    primary: ChatModel, backup_url: str, clock: ManualClock, switches: list[Switch]
) -> FallbackModel:
    return build_resilient(
        [primary, OPENAI.model(backup_url, "gpt-4o-mini")],
        attempts=3,
        base_delay=0.01,
        max_delay=2.0,  # below OPEN_S: an open circuit ends the retries at once
        failure_threshold=THRESHOLD,
        open_s=OPEN_S,
        clock=clock,
        sleep=RecordedSleeps(),
        on_switch=switches.append,
    )


async def answer(model: ChatModel) -> str:
    return "".join([chunk.delta async for chunk in model.stream(REQUEST)])


async def test_open_circuit_skips_the_target_and_a_successful_probe_closes_it(
    clock: ManualClock, switches: list[Switch]
) -> None:
    async with running(
        run_fake_openai(fault="http_503", fault_times=THRESHOLD, answer=ANSWER),
        run_fake_openai(answer=ANSWER),
    ) as (primary, backup):
        counted = CountingModel(OPENAI.model(primary.base_url, "gpt-4o"))
        stack = stack_of(counted, backup.base_url, clock, switches)
        [breaker, _] = breakers(stack)

        assert await answer(stack) == ANSWER  # three 503s open the circuit; backup answers
        assert (len(primary.requests), breaker.state) == (THRESHOLD, "open")

        assert await answer(stack) == ANSWER
        assert (len(primary.requests), counted.calls) == (THRESHOLD, THRESHOLD)  # skipped
        assert [s.error_kind for s in switches] == ["server", "circuit_open"]

        clock.advance(OPEN_S)
        assert breaker.state == "half_open"
        assert await answer(stack) == ANSWER  # the probe: the upstream has recovered
        assert (len(primary.requests), breaker.state) == (THRESHOLD + 1, "closed")
        assert (len(switches), len(backup.requests)) == (2, 2)  # the primary answered
        await stack.aclose()


async def test_a_failed_probe_reopens_the_circuit_after_one_attempt(
    clock: ManualClock, switches: list[Switch]
) -> None:
    async with running(run_fake_openai(fault="http_503"), run_fake_openai(answer=ANSWER)) as (
        primary,
        backup,
    ):
        stack = stack_of(OPENAI.model(primary.base_url, "gpt-4o"), backup.base_url, clock, switches)
        [breaker, _] = breakers(stack)
        assert await answer(stack) == ANSWER
        clock.advance(OPEN_S)

        assert await answer(stack) == ANSWER
        # One probe, not three attempts: its failure re-opened the circuit, and the retry
        # met the open circuit, whose wait exceeds max_delay.
        assert (len(primary.requests), breaker.state) == (THRESHOLD + 1, "open")
        assert [s.error_kind for s in switches] == ["server", "server"]  # the cause, twice
        await stack.aclose()


async def test_while_the_probe_is_in_flight_other_requests_skip_the_target(
    clock: ManualClock, switches: list[Switch]
) -> None:
    async with running(
        run_fake_openai(fault="http_503", fault_times=THRESHOLD, answer=ANSWER),
        run_fake_openai(answer=ANSWER),
    ) as (primary, backup):
        stack = stack_of(OPENAI.model(primary.base_url, "gpt-4o"), backup.base_url, clock, switches)
        [breaker, _] = breakers(stack)
        await answer(stack)
        clock.advance(OPEN_S)
        primary.app.behaviour = dataclasses.replace(primary.app.behaviour, ttft_ms=300)

        probe = asyncio.create_task(answer(stack))
        await asyncio.sleep(0.05)  # the probe is admitted at once, then waits 300 ms upstream
        assert await answer(stack) == ANSWER  # answered by the backup meanwhile
        assert await probe == ANSWER
        assert (len(primary.requests), breaker.state) == (THRESHOLD + 1, "closed")
        assert [s.error_kind for s in switches] == ["server", "circuit_open"]
        await stack.aclose()

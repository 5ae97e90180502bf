"""Faults of the response body: a stream that breaks, stalls or never starts, and a slow
one that must not be mistaken for a broken one."""

from __future__ import annotations

import time

import pytest

from frontdesk.fakes import run_fake_openai
from tests.integration.gateway.faults.scenarios import TIMEOUT_S, Scenario, in_layer
from tests.integration.gateway.faults.support import (
    OPENAI,
    check_adapter,
    check_through_the_chain,
    primary_for,
    run_adapter,
)

STREAM = in_layer("stream")


@pytest.mark.parametrize("scenario", STREAM, ids=lambda s: s.id)
async def test_the_adapter_raises_the_scenarios_error(scenario: Scenario, http_client: str) -> None:
    async with primary_for(scenario) as url:
        run = await run_adapter(OPENAI.model(url, OPENAI.primary_id, http_client=http_client))
    check_adapter(scenario, OPENAI, run)


@pytest.mark.parametrize("scenario", STREAM, ids=lambda s: s.id)
async def test_through_the_resilient_chain(scenario: Scenario) -> None:
    await check_through_the_chain(scenario)


async def test_slow_drip_longer_than_the_timeout_in_total_still_completes(
    http_client: str,
) -> None:
    # The timeout bounds each read, not the answer: ~900 bytes a millisecond apart take
    # several times timeout_s, and no single read waits long.
    timeout_s = 0.2
    async with run_fake_openai(
        fault="slow_drip", drip_interval_ms=1, answer="Drip, drîp — ✓."
    ) as fake:
        model = OPENAI.model(fake.base_url, "gpt-4o", http_client=http_client, timeout_s=timeout_s)
        started = time.perf_counter()
        run = await run_adapter(model)
    assert run.error is None
    assert "".join(run.deltas) == "Drip, drîp — ✓."
    assert time.perf_counter() - started > 2 * timeout_s


async def test_a_first_byte_late_but_within_the_timeout_is_waited_for(http_client: str) -> None:
    async with run_fake_openai(ttft_ms=TIMEOUT_S * 600, answer="Worth the wait.") as fake:
        run = await run_adapter(OPENAI.model(fake.base_url, "gpt-4o", http_client=http_client))
    assert (run.error, "".join(run.deltas)) == (None, "Worth the wait.")
    assert run.elapsed_s >= TIMEOUT_S * 0.6

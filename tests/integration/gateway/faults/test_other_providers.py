"""The stream faults every fake implements, against the Anthropic and Bedrock adapters: the
same errors (where their wire formats allow) and the same behaviour through the chain,
mid-stream continuation included."""

from __future__ import annotations

import pytest

from frontdesk.fakes.behaviour import STREAM_FAULTS
from tests.integration.gateway.faults.scenarios import SCENARIOS, Scenario
from tests.integration.gateway.faults.support import (
    ANTHROPIC,
    BEDROCK,
    Upstream,
    check_adapter,
    check_through_the_chain,
    primary_for,
    run_adapter,
)

CASES = [
    pytest.param(upstream, scenario, id=f"{upstream.name}-{scenario.id}")
    for upstream in (ANTHROPIC, BEDROCK)
    for scenario in SCENARIOS
    if scenario.provoke in STREAM_FAULTS
]


@pytest.mark.parametrize(("upstream", "scenario"), CASES)
async def test_the_adapter_raises_the_scenarios_error(
    upstream: Upstream, scenario: Scenario
) -> None:
    async with primary_for(scenario, upstream) as url:
        run = await run_adapter(upstream.model(url, upstream.primary_id))
    check_adapter(scenario, upstream, run)


@pytest.mark.parametrize(("upstream", "scenario"), CASES)
async def test_through_the_resilient_chain(upstream: Upstream, scenario: Scenario) -> None:
    await check_through_the_chain(scenario, upstream)

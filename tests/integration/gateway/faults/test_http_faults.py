"""Faults the upstream reports with an HTTP error status."""

from __future__ import annotations

import pytest

from tests.integration.gateway.faults.scenarios import Scenario, in_layer
from tests.integration.gateway.faults.support import (
    OPENAI,
    check_adapter,
    check_through_the_chain,
    primary_for,
    run_adapter,
)

HTTP = in_layer("http")


@pytest.mark.parametrize("scenario", HTTP, ids=lambda s: s.id)
async def test_the_adapter_raises_the_scenarios_error(scenario: Scenario, http_client: str) -> None:
    async with primary_for(scenario) as url:
        run = await run_adapter(OPENAI.model(url, OPENAI.primary_id, http_client=http_client))
    check_adapter(scenario, OPENAI, run)


@pytest.mark.parametrize("scenario", HTTP, ids=lambda s: s.id)
async def test_through_the_resilient_chain(scenario: Scenario) -> None:
    await check_through_the_chain(scenario)

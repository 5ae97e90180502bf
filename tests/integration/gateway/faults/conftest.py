"""Fixtures of the provider-fault suite. The scenario table is in ``scenarios.py``; the
upstreams, the chain and the checks each row stands for are in ``support.py``."""

from __future__ import annotations

import pytest

from frontdesk.gateway.resilience import Switch
from tests.integration.gateway.faults.support import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def switches() -> list[Switch]:
    """Where ``on_switch`` reports model switches, as a trace would mark them."""
    return []

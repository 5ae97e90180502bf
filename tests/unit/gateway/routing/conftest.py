"""Fixtures of the routing tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from frontdesk.gateway.registry import ProviderRegistry, load_providers
from tests.unit.gateway.routing.support import ManualClock


@pytest.fixture
async def registry() -> AsyncIterator[ProviderRegistry]:
    """The real provider registry: model names are checked the way production checks them."""
    models = load_providers(ProviderRegistry())
    yield models
    await models.aclose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def tenant_root(tmp_path: Path) -> Path:
    root = tmp_path / "acme"
    root.mkdir()
    return root

"""Fixtures of the gateway integration tests."""

from __future__ import annotations

import pytest

from frontdesk.gateway.providers.sse_client import HTTP_CLIENTS


@pytest.fixture(params=sorted(HTTP_CLIENTS))
def http_client(request: pytest.FixtureRequest) -> str:
    """Runs an SSE provider test once per HTTP library: they must behave identically."""
    name: str = request.param
    return name

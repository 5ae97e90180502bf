from __future__ import annotations

import pytest

from frontdesk.guard.injection import InjectionDetector


@pytest.fixture(scope="session")
def detector() -> InjectionDetector:
    """Cheap layers only (no embedder): what every message goes through."""
    return InjectionDetector()

"""A real Frontdesk process serving the demo tenant and the built web page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from frontdesk.config import REPO_ROOT
from tests.support.process import frontdesk_process


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not (REPO_ROOT / "web" / "dist" / "index.html").exists():
        raise RuntimeError("the web page is not built: run `make web` first")
    data = tmp_path_factory.mktemp("e2e")
    env = {"FRONTDESK_DATA_DIR": str(data), "FRONTDESK_LOGGING__LEVEL": "WARNING"}
    with frontdesk_process(env, log_path=data / "server.log") as (base_url, _):
        yield base_url

"""Copies of the tiny test tenant with extra configuration (limits, prices, routes)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from tests.support.server import TINY_TENANT


def tenant_copy(
    tmp_path: Path, *, name: str = "tenant", routes: str | None = None, **config: Any
) -> Path:
    """The tiny tenant under ``tmp_path / name`` with ``config`` merged into tenant.yaml and,
    when given, ``routes`` written as its routes.yaml."""
    root = tmp_path / name
    shutil.copytree(TINY_TENANT, root)
    data = yaml.safe_load((root / "tenant.yaml").read_text())
    data.update(config)
    (root / "tenant.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    if routes is not None:
        (root / "routes.yaml").write_text(routes)
    return root

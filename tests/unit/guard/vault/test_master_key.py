"""The local master key file: created once with 0600, refused when exposed or damaged."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from frontdesk.guard.vault.master_key import load_or_create_master_key
from frontdesk.kit.errors import ConfigError


def test_created_on_first_use_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "guard" / "master.key"
    key = load_or_create_master_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_master_key(path) == key
    assert [p.name for p in path.parent.iterdir()] == ["master.key"]


def test_concurrent_first_uses_agree_on_one_key(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: load_or_create_master_key(path), range(32)))
    assert len(keys) == 1


def test_a_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    load_or_create_master_key(path)
    path.chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_or_create_master_key(path)


def test_a_key_of_the_wrong_size_is_refused_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    path.write_bytes(b"x" * 16)
    path.chmod(0o600)
    with pytest.raises(ConfigError, match="32 bytes"):
        load_or_create_master_key(path)
    assert path.read_bytes() == b"x" * 16

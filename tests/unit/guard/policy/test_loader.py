"""Per-tenant policies: loaded at start, reloaded when the file changes, kept on a bad edit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from frontdesk.guard.policy.inbound import check_inbound
from frontdesk.guard.policy.loader import DEFAULT_POLICY, GuardPolicies
from frontdesk.kit.errors import ConfigError

FIRST = "inbound:\n  word_filters:\n    en: [darn]\n"
SECOND = "inbound:\n  word_filters:\n    en: [heck]\n"
BROKEN = "inbound:\n  word_filters:\n    en: [heck]\n    fr: [zut]\n"


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def write(path: Path, text: str, mtime_ns: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))  # distinct even on coarse file-system clocks


@pytest.fixture
def tenant_root(tmp_path: Path) -> Path:
    root = tmp_path / "acme"
    root.mkdir()
    return root


async def test_reloads_after_a_change(tenant_root: Path) -> None:
    path = tenant_root / "guard.yaml"
    write(path, FIRST, 1_000_000_000)
    ticks = Ticks()
    policies = GuardPolicies({"acme": tenant_root}, reload_s=2.0, ticks=ticks)
    await policies.load_all()
    assert check_inbound(await policies.policy("acme"), "darn it", "en")

    write(path, SECOND, 2_000_000_000)
    ticks.now = 1.0  # within reload_s: the file is not looked at
    assert check_inbound(await policies.policy("acme"), "darn it", "en")
    ticks.now = 3.0
    policy = await policies.policy("acme")
    assert not check_inbound(policy, "darn it", "en")
    assert check_inbound(policy, "heck", "en")


async def test_broken_edit_keeps_the_previous_policy(tenant_root: Path) -> None:
    path = tenant_root / "guard.yaml"
    write(path, FIRST, 1_000_000_000)
    ticks = Ticks()
    policies = GuardPolicies({"acme": tenant_root}, ticks=ticks)
    await policies.load_all()
    write(path, BROKEN, 2_000_000_000)
    ticks.now = 10.0
    policy = await policies.policy("acme")
    assert check_inbound(policy, "darn it", "en")  # still the first policy
    state = policies.state("acme")
    assert state is not None and state.error is not None
    assert state.error.line == 4
    assert f"{path}:4:" in str(state.error)

    write(path, SECOND, 3_000_000_000)  # fixed
    ticks.now = 20.0
    assert check_inbound(await policies.policy("acme"), "heck", "en")
    assert state.error is None


async def test_broken_file_at_start_is_an_error(tenant_root: Path) -> None:
    write(tenant_root / "guard.yaml", BROKEN, 1_000_000_000)
    with pytest.raises(ConfigError) as caught:
        await GuardPolicies({"acme": tenant_root}).load_all()
    assert caught.value.line == 4


async def test_missing_file_and_unknown_tenant_get_defaults(tenant_root: Path) -> None:
    policies = GuardPolicies({"acme": tenant_root})
    await policies.load_all()
    assert await policies.policy("acme") is DEFAULT_POLICY
    assert await policies.policy("nobody") is DEFAULT_POLICY


async def test_deleting_the_file_restores_defaults(tenant_root: Path) -> None:
    path = tenant_root / "guard.yaml"
    write(path, FIRST, 1_000_000_000)
    ticks = Ticks()
    policies = GuardPolicies({"acme": tenant_root}, ticks=ticks)
    await policies.load_all()
    path.unlink()
    ticks.now = 10.0
    assert await policies.policy("acme") is DEFAULT_POLICY

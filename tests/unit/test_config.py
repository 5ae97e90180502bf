"""Settings: environment overrides and YAML errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.config import load_settings
from frontdesk.kit.errors import ConfigError
from frontdesk.tenants import load_tenant


def test_environment_overrides_nested_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDESK_SERVER__PORT", "9123")
    monkeypatch.setenv("FRONTDESK_GATEWAY__DEFAULT_MODEL", "openai:gpt-4o-mini")
    settings = load_settings()
    assert settings.server.port == 9123
    assert settings.gateway.default_model == "openai:gpt-4o-mini"


def test_yaml_file_error_names_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "frontdesk.yaml"
    config.write_text("server:\n  host: 0.0.0.0\n  port: not-a-number\n")
    monkeypatch.setenv("FRONTDESK_CONFIG", str(config))
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert f"{config}:3:" in info.value.message and "server.port" in info.value.message


def test_unknown_key_in_yaml_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "frontdesk.yaml"
    config.write_text("knowledge:\n  top_k: 3\nunknown_group: 1\n")
    monkeypatch.setenv("FRONTDESK_CONFIG", str(config))
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert ":3:" in info.value.message


def test_broken_yaml_syntax_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "tenant.yaml").write_text("id: acme\nname: [unclosed\nlanguages: [it]\n")
    with pytest.raises(ConfigError) as info:
        load_tenant(tmp_path)
    assert "tenant.yaml:" in info.value.message and "invalid YAML" in info.value.message


def test_tenant_validation_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "tenant.yaml").write_text("id: acme\nname: Acme\nlanguages: it\n")
    with pytest.raises(ConfigError) as info:
        load_tenant(tmp_path)
    assert "tenant.yaml:3:" in info.value.message

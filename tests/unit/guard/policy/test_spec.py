"""``guard.yaml`` validation: every mistake names the file and the line to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.config import REPO_ROOT
from frontdesk.guard.policy.loader import DEFAULT_POLICY, load_guard_policy, read_guard_spec
from frontdesk.kit.errors import ConfigError
from tests.unit.guard.policy.support import write_policy

DEMO = REPO_ROOT / "examples" / "unaempresa" / "guard.yaml"


def error_for(tmp_path: Path, yaml_text: str) -> ConfigError:
    path = write_policy(tmp_path, yaml_text)
    with pytest.raises(ConfigError) as caught:
        read_guard_spec(path)
    assert caught.value.path == str(path)
    return caught.value


def test_demo_policy_is_valid() -> None:
    spec = read_guard_spec(DEMO)
    names = [t.name for t in spec.inbound.denied_topics]
    assert {"medical_advice", "legal_advice", "competitor_pricing", "politics"} <= set(names)
    assert spec.outbound.grounding.action == "warn"
    assert spec.outbound.toxicity.action == "block"


def test_unknown_key_names_its_line(tmp_path: Path) -> None:
    error = error_for(
        tmp_path,
        """
        inbound:
          max_message_chars: 100
        outbound:
          pii_leak: strip
          grounding:
            action: warn
            min_suport: 0.4
        """,
    )
    assert error.line == 7
    assert "min_suport" in error.message
    assert f"{error.path}:7:" in str(error)


def test_action_a_rule_does_not_offer(tmp_path: Path) -> None:
    error = error_for(
        tmp_path,
        """
        inbound:
          denied_topics:
            - name: weapons
              keywords: {en: [rifle]}
              action: strip
        """,
    )
    assert error.line == 5
    assert "denied_topics.0.action" in error.message


def test_unsupported_language_key(tmp_path: Path) -> None:
    error = error_for(
        tmp_path,
        """
        inbound:
          denied_topics:
            - name: weapons
              keywords:
                en: [rifle]
                fr: [fusil]
        """,
    )
    assert error.line == 6
    assert "fr" in error.message


def test_term_without_letters(tmp_path: Path) -> None:
    error = error_for(
        tmp_path,
        """
        inbound:
          word_filters:
            es: [tonto, "**"]
        """,
    )
    assert error.line == 3
    assert "word_filters.es.1" in error.message


def test_topic_needs_keywords_or_descriptions(tmp_path: Path) -> None:
    error = error_for(
        tmp_path,
        """
        inbound:
          denied_topics:
            - name: empty
              action: block
        """,
    )
    assert error.line == 3
    assert "descriptions or keywords" in error.message


def test_duplicate_topic_names(tmp_path: Path) -> None:
    error = error_for(
        tmp_path,
        """
        inbound:
          denied_topics:
            - {name: politics, keywords: {it: [elezioni]}}
            - {name: politics, keywords: {es: [elecciones]}}
        """,
    )
    assert error.line == 3
    assert "repeated: ['politics']" in error.message


def test_out_of_range_number(tmp_path: Path) -> None:
    error = error_for(tmp_path, "outbound:\n  grounding:\n    min_support: 1.5\n")
    assert error.line == 3


def test_invalid_yaml(tmp_path: Path) -> None:
    error = error_for(tmp_path, "inbound:\n  word_filters: {en: [a, b\n")
    assert error.line is not None
    assert "invalid YAML" in error.message


async def test_missing_file_means_defaults(tmp_path: Path) -> None:
    policy = await load_guard_policy(tmp_path / "guard.yaml")
    assert policy is DEFAULT_POLICY
    assert policy.spec.outbound.system_prompt_canary == "block"
    assert policy.spec.outbound.pii_leak == "strip"
    assert policy.spec.inbound.denied_topics == []

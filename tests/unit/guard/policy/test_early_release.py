"""Which answer words may be shown before their sentence is checked, per policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.guard.policy.early_release import early_release
from frontdesk.guard.policy.loader import DEFAULT_POLICY
from tests.unit.guard.policy.support import policy_from


def test_plain_words_go_risky_ones_wait() -> None:
    plain = early_release(DEFAULT_POLICY, "en")
    assert plain is not None
    assert all(plain(w) for w in ("Hold ", "the ", "Reset ", "button, ", "Milano "))
    for risky in ("42 ", "luigi@example.com ", "+39 ", "<EMAIL_1> ", "FD-a1b2 ", "[1]. "):
        assert not plain(risky), risky


async def test_toxic_terms_wait_for_their_sentence(tmp_path: Path) -> None:
    policy = await policy_from(tmp_path, "outbound:\n  toxicity:\n    en: [muppet]\n")
    plain = early_release(policy, "en")
    assert plain is not None and not plain("muppet ") and plain("puppet ")


@pytest.mark.parametrize(
    "yaml_text",
    [
        "outbound:\n  release: sentence\n",
        "outbound:\n  pii_leak_names: true\n",  # names are plain words
        "outbound:\n  grounding:\n    action: strip\n",  # judges the whole sentence
    ],
)
async def test_whole_sentences_when_a_check_can_rewrite_any_word(
    tmp_path: Path, yaml_text: str
) -> None:
    assert early_release(await policy_from(tmp_path, yaml_text), "en") is None

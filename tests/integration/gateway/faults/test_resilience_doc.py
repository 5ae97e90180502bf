"""docs/resilience.md shows the scenario table the suite runs, and the table covers every
fault the resilience issue names."""

from __future__ import annotations

import re

from frontdesk.config import REPO_ROOT
from frontdesk.fakes.openai_server import FAULTS as OPENAI_FAULTS
from tests.integration.gateway.faults.scenarios import (
    REFUSED,
    SCENARIOS,
    UNRESOLVABLE,
    markdown_table,
)

DOC = REPO_ROOT / "docs" / "resilience.md"
ISSUE_FAULTS = {
    "connection refused",
    "timeout before first byte",
    "429 with Retry-After",
    "500",
    "503",
    "malformed JSON",
    "stream dies mid-answer",
    "stream stalls",
    "truncated SSE",
    "invalid UTF-8",
    "slow drip",
    "wrong content type",
    "401",
    "context-length error",
    "content-policy refusal",
    "unresolvable host",
}


def test_the_doc_carries_the_generated_table_verbatim() -> None:
    found = re.search(
        r"<!-- scenarios:begin -->\n(.*)<!-- scenarios:end -->", DOC.read_text(), re.DOTALL
    )
    assert found is not None, "docs/resilience.md lost its scenario markers"
    assert found.group(1) == markdown_table(), (
        "regenerate: .venv/bin/python -m tests.integration.gateway.faults.scenarios"
    )


def test_every_fault_the_issue_names_is_a_scenario() -> None:
    names = [s.name for s in SCENARIOS]
    assert not ISSUE_FAULTS - set(names)
    assert len(names) == len(set(names))


def test_every_scenario_is_provoked_by_something_the_fake_does() -> None:
    for scenario in SCENARIOS:
        assert scenario.provoke in OPENAI_FAULTS | {REFUSED, UNRESOLVABLE}, scenario.name

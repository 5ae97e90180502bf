"""Price files: merged over the bundled table; mistakes name the file and the line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from frontdesk.gateway.model import Usage
from frontdesk.gateway.pricing.table import BUNDLED_PRICES, load_price_table, read_price_file
from frontdesk.kit.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "prices.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_extra_file_replaces_and_adds_entries(tmp_path: Path) -> None:
    extra = write(
        tmp_path,
        """\
models:
  "openai:gpt-4o": {input_per_mtok: 1, output_per_mtok: 2}
  "vllm:*": {input_per_mtok: 0.01, output_per_mtok: 0.02}
""",
    )
    table = load_price_table(extra)
    assert table.cost_micros("t", "openai:gpt-4o", Usage(1000, 1000, 1000)) == 3000
    assert table.cost_micros("t", "vllm:llama", Usage(10**6, 0)) == 10_000
    assert table.price("t", "openai:gpt-4o-mini") is not None  # the rest is still there


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (
            'models:\n  "openai:a": {input_per_mtok: 1, output_per_mtok: 1}\n'
            '  "openai:b": {input_per_mtok: -1, output_per_mtok: 1}\n',
            3,
            "greater than or equal to 0",
        ),
        (
            'models:\n  "openai:a":\n    input_per_mtok: 1\n    output_per_mtok: lots\n',
            4,
            "output_per_mtok",
        ),
        ('models:\n  "openai:a": {input_per_mtok: 1}\n', 2, "output_per_mtok"),
        (
            'models:\n  "openai:a": {input_per_mtok: 1, output_per_mtok: 1, cost: 3}\n',
            2,
            "cost",
        ),
        ('models:\n  "gpt-4o": {input_per_mtok: 1, output_per_mtok: 1}\n', 2, "provider:model"),
        (
            'models:\n  "openai:a": {input_per_mtok: 1, output_per_mtok: 1}\n'
            '  "openai:a": {input_per_mtok: 2, output_per_mtok: 2}\n',
            3,
            "listed twice",
        ),
        ("as_of: 2025-11-30\ncurrency: EUR\nmodels: {}\n", 2, "currency"),
        ('models:\n  "openai:a": {input_per_mtok: 1, output_per_mtok: [1\n', 3, "invalid YAML"),
    ],
)
def test_mistakes_name_the_file_and_line(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_price_table(path)
    assert caught.value.path == str(path) and caught.value.line == line
    assert problem in caught.value.message
    assert caught.value.message.startswith(f"{path}:{line}: ")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_price_table(tmp_path / "nope.yaml")


def test_the_bundled_file_is_valid_and_exact() -> None:
    prices = read_price_file(BUNDLED_PRICES)
    assert len(prices) > 50
    # Decimal from the YAML's text, not a binary float approximation.
    assert prices["bedrock:amazon.nova-micro-v1:0"].cached_input_per_mtok == Decimal("0.00875")

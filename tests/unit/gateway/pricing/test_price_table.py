"""The price table: cost arithmetic, precedence of overrides, and how model names resolve."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from frontdesk.gateway.model import Usage
from frontdesk.gateway.pricing.model import ModelPrice
from frontdesk.gateway.pricing.table import PriceTable, load_price_table, price_names
from frontdesk.kit.errors import ConfigError


def price(inp: str, out: str, cached: str | None = None) -> ModelPrice:
    return ModelPrice(
        input_per_mtok=Decimal(inp),
        output_per_mtok=Decimal(out),
        cached_input_per_mtok=None if cached is None else Decimal(cached),
    )


TABLE = PriceTable(
    {
        "openai:gpt-4o": price("2.50", "10.00", "1.25"),
        "openai:gpt-4o-2024-05-13": price("5.00", "15.00"),
        "openai:cheap": price("0.15", "0.60"),
        "bedrock:anthropic.claude-3-7-sonnet-20250219-v1:0": price("3", "15", "0.30"),
        "local:*": price("0", "0"),
        "vllm:*": price("0.10", "0.10"),
        "vllm:big-*": price("1", "1"),
    },
    {"acme": {"openai:gpt-4o": price("2.00", "8.00", "1.00"), "custom:*": price("9", "9")}},
)


def test_input_output_and_cached_tokens_each_at_their_price() -> None:
    # 600 uncached x 2.50 + 400 cached x 1.25 + 500 output x 10 = 7,000 micro-dollars.
    assert TABLE.cost_micros("t", "openai:gpt-4o", Usage(1000, 500, 400)) == 7000
    assert TABLE.cost_micros("t", "openai:gpt-4o", Usage(1_000_000, 0, 0)) == 2_500_000


def test_no_cached_price_bills_cached_tokens_as_input() -> None:
    assert TABLE.cost_micros("t", "openai:cheap", Usage(1000, 0, 1000)) == 150


def test_cached_tokens_never_exceed_the_input() -> None:
    assert TABLE.cost_micros("t", "openai:gpt-4o", Usage(100, 0, 5000)) == 125


@pytest.mark.parametrize(
    ("usage", "micros"),
    [
        (Usage(input_tokens=3), 0),  # 0.45 rounds down
        (Usage(input_tokens=10), 2),  # 1.5 rounds half up
        (Usage(input_tokens=30), 5),  # 4.5 rounds half up, not to even
        (Usage(input_tokens=1, output_tokens=1), 1),  # 0.15 + 0.60 = 0.75: one rounding
    ],
)
def test_rounds_once_per_call_half_up(usage: Usage, micros: int) -> None:
    assert TABLE.cost_micros("t", "openai:cheap", usage) == micros


def test_estimate_is_the_most_a_call_can_cost_rounded_up() -> None:
    assert TABLE.estimate_micros("t", "openai:gpt-4o", 1000, 512) == 2500 + 5120
    assert TABLE.estimate_micros("t", "openai:cheap", 3, 0) == 1  # 0.45 -> 1


def test_tenant_override_beats_the_table_for_that_tenant_only() -> None:
    usage = Usage(1000, 1000, 0)
    assert TABLE.cost_micros("acme", "openai:gpt-4o", usage) == 2000 + 8000
    assert TABLE.cost_micros("globex", "openai:gpt-4o", usage) == 2500 + 10000
    # Also for the model's dated snapshots, which the tenant's name covers.
    assert TABLE.price("acme", "openai:gpt-4o-2024-08-06") == price("2.00", "8.00", "1.00")
    assert TABLE.price("acme", "custom:anything") == price("9", "9")
    assert TABLE.price("globex", "custom:anything") is None


def test_wildcards_match_by_the_longest_prefix() -> None:
    assert TABLE.cost_micros("t", "local:extractive", Usage(10_000, 10_000)) == 0
    assert TABLE.price("t", "vllm:big-model") == price("1", "1")
    assert TABLE.price("t", "vllm:small") == price("0.10", "0.10")


def test_snapshot_dates_resolve_to_the_model_unless_priced_themselves() -> None:
    assert TABLE.price("t", "openai:gpt-4o-2024-08-06") == price("2.50", "10.00", "1.25")
    assert TABLE.price("t", "openai:gpt-4o-2024-05-13") == price("5.00", "15.00")
    assert price_names("anthropic:claude-sonnet-4-5-20250929")[-1] == (
        "anthropic:claude-sonnet-4-5"
    )
    assert price_names("anthropic:claude-3-5-haiku-latest")[-1] == "anthropic:claude-3-5-haiku"


BASE = "bedrock:anthropic.claude-3-7-sonnet-20250219-v1:0"


@pytest.mark.parametrize(
    "model",
    [
        BASE,
        "bedrock:eu.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "bedrock:us.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "bedrock:apac.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "bedrock:global.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "bedrock:arn:aws:bedrock:us-east-1::foundation-model/"
        "anthropic.claude-3-7-sonnet-20250219-v1:0",
        "bedrock:arn:aws:bedrock:eu-west-1:123456789012:inference-profile/"
        "eu.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "bedrock:arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/"
        "us-gov.anthropic.claude-3-7-sonnet-20250219-v1:0",
    ],
)
def test_bedrock_profiles_and_arns_cost_what_the_base_model_costs(model: str) -> None:
    assert price_names(model)[-1] == BASE
    assert TABLE.cost_micros("t", model, Usage(1000, 100, 500)) == 1500 + 150 + 1500


def test_an_exact_profile_price_beats_the_base_model() -> None:
    regional = "bedrock:eu.anthropic.claude-3-7-sonnet-20250219-v1:0"
    table = PriceTable({BASE: price("3", "15"), regional: price("3.30", "16.50")})
    assert table.price("t", regional) == price("3.30", "16.50")


def test_provisioned_throughput_arns_are_not_guessed() -> None:
    arn = "bedrock:arn:aws:bedrock:eu-west-1:123456789012:provisioned-model/abc"
    assert price_names(arn) == [arn]
    assert TABLE.price("t", arn) is None


def test_unknown_model_costs_nothing_and_is_reported_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    table = PriceTable({"openai:gpt-4o": price("2.50", "10.00")})
    with caplog.at_level(logging.WARNING, logger="frontdesk.gateway.pricing.table"):
        assert table.cost_micros("t", "mystery:model", Usage(1000, 1000)) == 0
        assert table.estimate_micros("t", "mystery:model", 1000, 1000) == 0
        assert table.cost_micros("u", "mystery:model", Usage(5, 5)) == 0
    warnings = [r for r in caplog.records if "mystery:model" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    assert table.unpriced("mystery:model") and not table.unpriced("openai:gpt-4o")
    assert table.unpriced_models == {"mystery:model"}


def test_bundled_table_prices_the_common_models() -> None:
    table = load_price_table()
    for model in (
        "openai:gpt-4o",
        "openai:gpt-4o-mini-2024-07-18",
        "openai:gpt-4.1-nano",
        "openai:o4-mini",
        "openai:gpt-5-mini",
        "anthropic:claude-opus-4-1-20250805",
        "anthropic:claude-haiku-4-5-20251001",
        "anthropic:claude-3-7-sonnet-latest",
        "bedrock:eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "bedrock:amazon.nova-micro-v1:0",
        "bedrock:meta.llama3-1-70b-instruct-v1:0",
        "bedrock:mistral.mistral-large-2407-v1:0",
    ):
        found = table.price("t", model)
        assert found is not None and found.input_per_mtok > 0, model
        assert found.output_per_mtok >= found.input_per_mtok, model
        cached = found.cached_input_per_mtok
        assert cached is None or cached <= found.input_per_mtok, model
    assert table.cost_micros("t", "local:extractive", Usage(10**6, 10**6)) == 0
    # Anthropic's cached input is the cache-read price, a tenth of the input price.
    sonnet = table.price("t", "anthropic:claude-sonnet-4-5")
    assert sonnet == price("3", "15", "0.30")


def test_tenant_prices_with_a_bad_model_name_are_refused() -> None:
    with pytest.raises(ConfigError, match="tenant acme: prices: 'gpt-4o' is not a model name"):
        load_price_table(overrides={"acme": {"gpt-4o": price("1", "1")}})

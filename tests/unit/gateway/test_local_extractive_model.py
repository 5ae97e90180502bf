"""The offline extractive model as a streaming ChatModel, its registration, its text units."""

from __future__ import annotations

import pytest

from frontdesk.config import ProviderSettings
from frontdesk.gateway.model import ChatRequest, Message
from frontdesk.gateway.providers.extractive_text import content_tokens, split_units
from frontdesk.gateway.providers.local import LocalExtractiveModel, chunk_text, register
from frontdesk.gateway.registry import ProviderRegistry
from frontdesk.kit.errors import ConfigError, UnknownModel
from tests.unit.gateway.extractive_cases import (
    BILLING_EN,
    PARKS_EN,
    ROAMING,
    collect,
    mixed_router_passages,
    passage,
    request,
)

# --- streaming model -----------------------------------------------------------------------


async def test_stream_concatenates_to_the_composed_answer() -> None:
    model = LocalExtractiveModel()
    req = request("¿Cuánto cuesta el roaming en Japón?", (passage(1, ROAMING["es"], "es"),), "es")

    chunks = await collect(model, req)

    deltas = [c.delta for c in chunks if c.delta]
    assert "".join(deltas) == model.answer(req).text
    assert len(deltas) > 3
    assert all(len(d.split()) <= 3 for d in deltas)
    final = chunks[-1]
    assert final.delta == ""
    assert final.finish_reason == "stop"
    assert final.usage is not None
    assert final.usage.output_tokens == len(model.answer(req).text.split())
    words_in = 5 + 6 + len(ROAMING["es"].split())  # system prompt + question + passage
    assert final.usage.input_tokens == words_in
    assert all(c.finish_reason is None for c in chunks[:-1])


async def test_stream_is_deterministic() -> None:
    model = LocalExtractiveModel()
    req = request("How do I reset my router?", mixed_router_passages(), "en")
    assert await collect(model, req) == await collect(model, req)


async def test_stream_abstains_with_one_final_chunk() -> None:
    model = LocalExtractiveModel()
    req = request("What is the capital of Australia?", (passage(1, PARKS_EN, "en", 0.2),), "en")

    chunks = await collect(model, req)

    assert len(chunks) == 1
    assert chunks[0].finish_reason == "abstain"
    assert chunks[0].delta == ""
    assert chunks[0].usage is not None
    assert chunks[0].usage.output_tokens == 0


async def test_stream_respects_max_output_tokens() -> None:
    model = LocalExtractiveModel()
    req = request("How do I reset my router?", mixed_router_passages(), "en", max_tokens=6)

    chunks = await collect(model, req)

    text = "".join(c.delta for c in chunks)
    assert 0 < len(text.split()) <= 6
    assert chunks[-1].finish_reason == "length"


async def test_passages_already_in_the_prompt_are_counted_once() -> None:
    passages = (passage(1, BILLING_EN, "en"),)
    system = f"Answer from these passages:\n[1]\n{BILLING_EN}"
    req = ChatRequest(
        messages=(Message("system", system), Message("user", "When is my invoice charged?")),
        passages=passages,
        language="en",
    )
    chunks = await collect(LocalExtractiveModel(), req)
    usage = chunks[-1].usage
    assert usage is not None
    assert usage.input_tokens == len(system.split()) + 5


def test_chunk_text_round_trips() -> None:
    text = "According to our documentation:\n1. Unplug it.\n2. Wait  30 seconds. [1]"
    assert "".join(chunk_text(text)) == text
    assert "".join(chunk_text("  leading space")) == "  leading space"
    assert chunk_text("") == []


# --- registry ------------------------------------------------------------------------------


def test_registers_local_extractive() -> None:
    registry = ProviderRegistry()
    register(registry)

    model = registry.resolve("local:extractive")
    assert model.name == "local:extractive"
    assert isinstance(model, LocalExtractiveModel)
    with pytest.raises(UnknownModel):
        registry.resolve("local:gpt-4")


def test_min_support_comes_from_provider_settings() -> None:
    registry = ProviderRegistry(settings={"local": ProviderSettings(min_support=0.99)})
    register(registry)
    model = registry.resolve("local:extractive")
    assert isinstance(model, LocalExtractiveModel)
    assert model.answer(
        request("When is my invoice charged?", (passage(1, BILLING_EN, "en"),), "en")
    ).abstained


@pytest.mark.parametrize("bad", ["high", 1.5, -0.1])
def test_invalid_min_support_is_a_config_error(bad: object) -> None:
    registry = ProviderRegistry(settings={"local": ProviderSettings(min_support=bad)})
    register(registry)
    with pytest.raises(ConfigError, match="min_support"):
        registry.resolve("local:extractive")


# --- text handling -------------------------------------------------------------------------


def test_tokens_meet_across_inflections_accents_and_decimal_commas() -> None:
    assert content_tokens("Come resetto il router?") == content_tokens("How do I reset my router?")
    assert content_tokens("Japón") == content_tokens("japon")
    assert "4.99" in content_tokens("costa 4,99 €")
    assert "eur" in content_tokens("¿Cuánto cuesta?")
    assert content_tokens("giga") == content_tokens("GB")
    assert content_tokens("wi-fi") == content_tokens("wifi")


def test_units_keep_lists_together_and_skip_markdown_furniture() -> None:
    text = "## Reset\n\nTo reset the router:\n1. Unplug it.\n2. Wait.\n\n"
    text += "| a | b |\n|---|---|\n| 1 | 2 |"
    units = split_units(text)

    assert [u.text for u in units] == [
        "To reset the router:",
        "1. Unplug it.",
        "2. Wait.",
        "| a | b |",
        "| 1 | 2 |",
    ]
    assert units[0].group == units[1].group == units[2].group is not None
    assert units[1].context == frozenset(content_tokens("Reset"))


def test_a_chunk_cut_mid_sentence_is_marked_as_fragment() -> None:
    units = split_units("the router and wait. Then plug it back in and wait until the light")
    assert units[0].fragment
    assert units[-1].fragment

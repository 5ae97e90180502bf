"""The built-in providers register through the same hook a plugin uses."""

from __future__ import annotations

import pytest

from frontdesk.config import ProviderSettings
from frontdesk.gateway.model import ChatModel
from frontdesk.gateway.providers import anthropic, bedrock, openai
from frontdesk.gateway.registry import ProviderRegistry
from frontdesk.kit.errors import UnknownModel


@pytest.fixture
def registry() -> ProviderRegistry:
    registry = ProviderRegistry(settings={"bedrock": ProviderSettings(region="eu-west-1")})
    for module in (openai, anthropic, bedrock):
        module.register(registry)
    return registry


@pytest.mark.parametrize(
    "name",
    [
        "openai:gpt-4o-mini",
        "openai:llama3.1:8b",  # an Ollama tag: only the first colon separates the provider
        "anthropic:claude-sonnet-4-0",
        "bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0",
        "bedrock:eu.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "bedrock:arn:aws:bedrock:eu-west-1:123456789012:provisioned-model/abc",
    ],
)
async def test_names_resolve_with_the_model_id_intact(
    registry: ProviderRegistry, name: str
) -> None:
    model = registry.resolve(name)
    assert isinstance(model, ChatModel)
    assert model.name == name
    await registry.aclose()


def test_known_models_feed_the_did_you_mean_hint(registry: ProviderRegistry) -> None:
    with pytest.raises(UnknownModel, match="did you mean 'openai:gpt-4o'"):
        registry.resolve("opnai:gpt-4o")

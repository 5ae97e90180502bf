"""Provider registry: ``provider:model`` names resolve to :class:`ChatModel` instances.

Providers register a factory under their name; built-ins load through the same
``frontdesk.providers`` entry-point group a third-party package would use, so there is no
``if provider == ...`` anywhere. A misspelt name fails with a did-you-mean hint.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points

from frontdesk.config import ProviderSettings
from frontdesk.gateway.aliased import AliasedModel
from frontdesk.gateway.model import ChatModel
from frontdesk.kit.errors import ConfigError, UnknownModel

ProviderFactory = Callable[[str, ProviderSettings], ChatModel]

ENTRY_POINT_GROUP = "frontdesk.providers"


@dataclass(slots=True)
class _Provider:
    factory: ProviderFactory
    known_models: tuple[str, ...]
    accepts_any_model: bool


@dataclass
class ProviderRegistry:
    settings: dict[str, ProviderSettings] = field(default_factory=dict)
    _providers: dict[str, _Provider] = field(default_factory=dict)
    _models: dict[str, ChatModel] = field(default_factory=dict)

    def register(
        self,
        name: str,
        factory: ProviderFactory,
        *,
        known_models: Iterable[str] = (),
        accepts_any_model: bool = True,
    ) -> None:
        """Add a provider. ``accepts_any_model`` is true where ids are open-ended (ARNs,
        self-hosted names); unknown ids are then passed through instead of refused."""
        if name in self._providers:
            raise ConfigError(f"provider {name!r} is registered twice")
        self._providers[name] = _Provider(factory, tuple(known_models), accepts_any_model)

    @property
    def provider_names(self) -> list[str]:
        return sorted(self._providers)

    def known_names(self) -> list[str]:
        return sorted(f"{p}:{m}" for p, prov in self._providers.items() for m in prov.known_models)

    def resolve(self, name: str) -> ChatModel:
        cached = self._models.get(name)
        if cached is not None:
            return cached
        provider_name, sep, model_id = name.partition(":")
        if not sep or not model_id:
            raise UnknownModel(
                f"model {name!r} must be written provider:model, for example local:extractive"
                + self._hint(name)
            )
        provider = self._providers.get(provider_name)
        configured = self.settings.get(provider_name)
        if provider is None and configured is not None and configured.adapter:
            provider = self._providers.get(configured.adapter)
            if provider is None:
                raise UnknownModel(
                    f"provider {provider_name!r} names unknown adapter {configured.adapter!r}"
                    + self._hint(configured.adapter + ":")
                )
        if provider is None:
            raise UnknownModel(f"unknown provider {provider_name!r}" + self._hint(name))
        if not provider.accepts_any_model and model_id not in provider.known_models:
            raise UnknownModel(f"unknown model {name!r}" + self._hint(name))
        model = provider.factory(model_id, configured or ProviderSettings())
        if model.name != name:
            model = AliasedModel(model, name)
        self._models[name] = model
        return model

    def _hint(self, name: str) -> str:
        candidates = self.known_names() + [f"{p}:" for p in self.provider_names]
        close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.5)
        if close:
            return "; did you mean " + " or ".join(repr(c.rstrip(":")) for c in close) + "?"
        return "; known providers: " + ", ".join(self.provider_names)

    async def aclose(self) -> None:
        for model in self._models.values():
            await model.aclose()
        self._models.clear()


def load_providers(registry: ProviderRegistry) -> ProviderRegistry:
    """Call ``register(registry)`` of every installed provider plugin, built-ins included."""
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        register = ep.load()
        register(registry)
    return registry

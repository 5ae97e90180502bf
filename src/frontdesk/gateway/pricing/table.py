"""The price table: the bundled ``prices.yaml``, a deployment's own file over it, and each
tenant's negotiated rates over both; and the cost of a call in integer micro-dollars.

A price is USD per million tokens, so ``tokens x price`` is already micro-dollars: costs are
exact decimals until the one rounding (half up) at the end of each call.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, BaseModel, Field

from frontdesk.gateway.model import Usage
from frontdesk.gateway.pricing.model import ModelPrice
from frontdesk.kit.errors import ConfigError
from frontdesk.kit.yamlfile import read_yaml, validate_yaml_data

log = logging.getLogger(__name__)

BUNDLED_PRICES = Path(__file__).with_name("prices.yaml")

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*:(?:[^*\s]+\*?|\*)$")
# Cross-region inference profiles are a geography (or ``global``) before the base model id.
_BEDROCK_PROFILE = re.compile(r"^(?:us|us-gov|eu|apac|jp|au|ca|global)\.")
_BEDROCK_ARN = re.compile(
    r"^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:"
    r"(?:foundation-model|inference-profile|system-defined-inference-profile)/(.+)$"
)
# Snapshot suffixes: OpenAI ``-2024-08-06``, Anthropic ``-20250929``, aliases ``-latest``.
_SNAPSHOT = re.compile(r"-(?:\d{4}-\d{2}-\d{2}|\d{8}|latest)$")


def _model_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(
            f"{name!r} is not a model name: write provider:model, optionally ending in * "
            "(e.g. openai:gpt-4o, local:*)"
        )
    return name


ModelName = Annotated[str, AfterValidator(_model_name)]


class PriceFile(BaseModel):
    model_config = {"extra": "forbid"}

    as_of: date | None = None
    currency: Literal["USD"] = "USD"
    source: str | None = None
    models: dict[ModelName, ModelPrice] = Field(default_factory=dict)


def price_names(model: str) -> list[str]:
    """The names a model's price is looked up by, most specific first: the name itself, then
    the Bedrock base model of a profile or ARN, or the name without its snapshot date."""
    provider, _, rest = model.partition(":")
    names = [model]
    if provider == "bedrock":
        arn = _BEDROCK_ARN.match(rest)
        if arn:
            rest = arn.group(1)
            names.append(f"bedrock:{rest}")
        base = _BEDROCK_PROFILE.sub("", rest, count=1)
        if base != rest:
            names.append(f"bedrock:{base}")
    else:
        undated = _SNAPSHOT.sub("", rest)
        if undated != rest:
            names.append(f"{provider}:{undated}")
    return names


class _Prices:
    """One layer of the table: exact names, and ``prefix*`` wildcards (longest wins)."""

    def __init__(self, prices: Mapping[str, ModelPrice]) -> None:
        self.exact = {k: v for k, v in prices.items() if not k.endswith("*")}
        wild = [(k[:-1], v) for k, v in prices.items() if k.endswith("*")]
        self.wildcards = sorted(wild, key=lambda item: len(item[0]), reverse=True)

    def find(self, names: Iterable[str]) -> ModelPrice | None:
        names = list(names)
        for name in names:
            if name in self.exact:
                return self.exact[name]
        for name in names:
            for prefix, price in self.wildcards:
                if name.startswith(prefix):
                    return price
        return None


class PriceTable:
    def __init__(
        self,
        prices: Mapping[str, ModelPrice],
        overrides: Mapping[str, Mapping[str, ModelPrice]] | None = None,
    ) -> None:
        self._base = _Prices(prices)
        self._tenants = {tenant: _Prices(p) for tenant, p in (overrides or {}).items() if p}
        self._unpriced: set[str] = set()

    def price(self, tenant: str, model: str) -> ModelPrice | None:
        """The tenant's negotiated price if it has one, else the table's; None if unknown."""
        names = price_names(model)
        own = self._tenants.get(tenant)
        found = own.find(names) if own is not None else None
        return found if found is not None else self._base.find(names)

    def cost_micros(self, tenant: str, model: str, usage: Usage) -> int:
        """What a call cost: cached input tokens at the cached price, the rest of the input
        at the input price, output at the output price; rounded half up."""
        price = self._known(tenant, model)
        if price is None:
            return 0
        input_tokens = max(usage.input_tokens, 0)
        cached = min(max(usage.cached_input_tokens, 0), input_tokens)
        cached_price = (
            price.input_per_mtok
            if price.cached_input_per_mtok is None
            else price.cached_input_per_mtok
        )
        exact = (
            (input_tokens - cached) * price.input_per_mtok
            + cached * cached_price
            + max(usage.output_tokens, 0) * price.output_per_mtok
        )
        return int(exact.to_integral_value(rounding=ROUND_HALF_UP))

    def estimate_micros(
        self, tenant: str, model: str, input_tokens: int, max_output_tokens: int
    ) -> int:
        """The most a call can cost (no cache hits, every output token used), rounded up:
        what a budget reserves before the call."""
        price = self._known(tenant, model)
        if price is None:
            return 0
        most = (
            max(input_tokens, 0) * price.input_per_mtok
            + max(max_output_tokens, 0) * price.output_per_mtok
        )
        return int(most.to_integral_value(rounding=ROUND_CEILING))

    def unpriced(self, model: str) -> bool:
        """Whether calls of ``model`` were costed at 0 because no price matched it."""
        return model in self._unpriced

    @property
    def unpriced_models(self) -> frozenset[str]:
        return frozenset(self._unpriced)

    def _known(self, tenant: str, model: str) -> ModelPrice | None:
        price = self.price(tenant, model)
        if price is None and model not in self._unpriced:
            # Once per model: a missing price must be seen, not flood the log on every call.
            self._unpriced.add(model)
            log.warning(
                "no price for model %s: its calls are recorded at cost 0; add it to the "
                "tenant's prices or to gateway.prices_path",
                model,
                extra={"model": model, "tenant": tenant},
            )
        return price


def read_price_file(path: Path) -> dict[str, ModelPrice]:
    """The ``models`` of a price file; errors name the file and the line."""
    data, node = read_yaml(path)
    _reject_duplicates(node, path)
    return dict(validate_yaml_data(PriceFile, data, node, path).models)


def _reject_duplicates(node: yaml.Node | None, path: Path) -> None:
    """YAML keeps the last of two equal keys silently; in a price table that hides a typo."""
    if not isinstance(node, yaml.MappingNode):
        return
    models = next((v for k, v in node.value if getattr(k, "value", None) == "models"), None)
    if not isinstance(models, yaml.MappingNode):
        return
    seen: set[str] = set()
    for key, _ in models.value:
        name = str(getattr(key, "value", ""))
        if name in seen:
            raise ConfigError(
                f"models: {name!r} is listed twice", path=str(path), line=key.start_mark.line + 1
            )
        seen.add(name)


def load_price_table(
    extra_path: Path | None = None,
    overrides: Mapping[str, Mapping[str, ModelPrice]] | None = None,
    *,
    bundled: Path = BUNDLED_PRICES,
) -> PriceTable:
    """The bundled table, ``extra_path`` merged over it (entry by entry), and tenants'
    overrides (``{tenant_id: {model: price}}``) over both. Reads files: call it at start-up
    (or in a worker thread), not on a request."""
    prices = read_price_file(bundled)
    if extra_path is not None:
        prices.update(read_price_file(extra_path))
    for tenant, own in (overrides or {}).items():
        for name in own:
            try:
                _model_name(name)
            except ValueError as exc:
                raise ConfigError(f"tenant {tenant}: prices: {exc}") from exc
    return PriceTable(prices, overrides)

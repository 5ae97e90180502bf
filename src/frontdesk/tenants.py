"""Tenants are configuration: a folder with ``tenant.yaml`` and the tenant's data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from frontdesk.gateway.limits.model import LimitSpec
from frontdesk.gateway.pricing.model import ModelPrice
from frontdesk.kit.errors import ConfigError, NotFound
from frontdesk.kit.yamlfile import load_yaml_model

LANGUAGES = ("it", "es", "en")


class KnowledgeConfig(BaseModel):
    model_config = {"extra": "forbid"}
    paths: list[str] = Field(default_factory=lambda: ["knowledge"])
    # Files of customer text (tickets, chat logs, call transcripts), as globs relative to the
    # tenant folder: redacted irreversibly before indexing, refused without a redactor.
    personal_data: list[str] = Field(
        default_factory=lambda: ["*/tickets/*", "*/chats/*", "*/transcripts/*"]
    )


class SupportConfig(BaseModel):
    model_config = {"extra": "forbid"}
    ticket_url: str | None = None
    phone: str | None = None


class LimitsConfig(BaseModel):
    """Budgets and quotas: for the whole tenant, for each user, for each API key (a key's
    own limits, set when it is created, replace ``per_key``)."""

    model_config = {"extra": "forbid"}
    tenant: LimitSpec = LimitSpec()
    per_user: LimitSpec = LimitSpec()
    per_key: LimitSpec = LimitSpec()
    # A chat turn refused by a cost budget is answered by the offline model (``local``) or
    # gets an error event (``refuse``). API calls always get a 429.
    chat_when_exhausted: Literal["local", "refuse"] = "local"


class TenantConfig(BaseModel):
    model_config = {"extra": "forbid"}

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    name: str
    languages: list[str] = Field(default_factory=lambda: list(LANGUAGES), min_length=1)
    default_language: str = "en"
    model: str | None = None  # provider:model; the gateway default when unset
    knowledge: KnowledgeConfig = KnowledgeConfig()
    support: SupportConfig = SupportConfig()
    limits: LimitsConfig = LimitsConfig()
    # The tenant's own kinds of personal data, as regexes: ``{contract: "UE-\\d{8}"}``.
    pii_patterns: dict[str, str] = Field(default_factory=dict)
    # Price overrides by ``provider:model`` (negotiated rates), over the gateway's table.
    prices: dict[str, ModelPrice] = Field(default_factory=dict)


@dataclass(frozen=True)
class Tenant:
    config: TenantConfig
    root: Path

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def knowledge_paths(self) -> list[Path]:
        return [self.root / p for p in self.config.knowledge.paths]


class TenantDirectory:
    def __init__(self, tenants: list[Tenant]) -> None:
        self._by_id = {t.id: t for t in tenants}

    def get(self, tenant_id: str) -> Tenant:
        tenant = self._by_id.get(tenant_id)
        if tenant is None:
            raise NotFound(f"unknown tenant {tenant_id!r}")
        return tenant

    def __iter__(self) -> Iterator[Tenant]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


def load_tenant(root: Path) -> Tenant:
    path = root / "tenant.yaml"
    config = load_yaml_model(TenantConfig, path)
    unknown = [lang for lang in config.languages if lang not in LANGUAGES]
    if unknown:
        raise ConfigError(
            f"languages: unsupported {unknown}; supported: {LANGUAGES}", path=str(path)
        )
    if config.default_language not in config.languages:
        raise ConfigError("default_language must be one of languages", path=str(path))
    return Tenant(config=config, root=root.resolve())


def load_tenants(paths: list[Path]) -> TenantDirectory:
    tenants = [load_tenant(p) for p in paths]
    ids = [t.id for t in tenants]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"duplicate tenant ids in {paths}")
    return TenantDirectory(tenants)

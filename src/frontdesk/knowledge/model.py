"""Values and ports of the knowledge domain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Section:
    """A titled stretch of a parsed document; ``anchor`` is a slug of its heading.

    ``language`` is set only where a section's language differs from its document's (an FAQ
    file whose rows carry their own ``lang``); ``None`` means "the document's language".
    """

    heading: str
    anchor: str
    text: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    title: str
    language: str | None
    sections: tuple[Section, ...]
    metadata: dict[str, str]


@dataclass(frozen=True, slots=True)
class ScoredPassage:
    """A retrieved chunk with the scores that put it there."""

    chunk_id: str
    source_id: str
    source: str  # the source's path or URI as ingested, relative to the tenant root
    title: str
    anchor: str
    text: str
    language: str | None
    score: float  # fused relevance in [0, 1], comparable across queries (used to abstain)
    vector_score: float | None = None
    lexical_rank: int | None = None
    vector_rank: int | None = None
    heading: str = ""  # the section heading, for "Title › Heading" citations


@dataclass(frozen=True, slots=True)
class Passage:
    """One stored chunk as the citation viewer shows it."""

    chunk_id: str
    source_id: str
    source: str
    title: str
    heading: str
    anchor: str
    text: str
    language: str | None
    ordinal: int


class Embedder(Protocol):
    """Turns text into L2-normalised vectors. Implementations must not block the loop."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    async def embed_queries(self, texts: Sequence[str]) -> Vectors: ...

    async def embed_passages(self, texts: Sequence[str]) -> Vectors: ...

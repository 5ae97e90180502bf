"""A knowledge service on the real database of each backend, with the hashing embedder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from frontdesk.config import KnowledgeSettings
from frontdesk.knowledge.embedders import HashingEmbedder
from frontdesk.knowledge.ingest import KnowledgeService
from frontdesk.knowledge.model import Vectors
from frontdesk.knowledge.parsing import DocumentFormat, ParserRegistry, builtin_formats
from frontdesk.knowledge.vectors import create_vector_index
from frontdesk.storage.sql import Database

SETTINGS = KnowledgeSettings(
    embedder="hashing", vector_index="exact", chunk_words=40, chunk_overlap_words=10
)


class CountingEmbedder(HashingEmbedder):
    """The real hashing embedder, counting what it is asked to embed."""

    def __init__(self, dim: int = 512) -> None:
        super().__init__(dim)
        self.passages = 0

    async def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.passages += len(texts)
        return await super().embed_passages(texts)


class CountingParsers(ParserRegistry):
    """The built-in parsers, counting the files they parse."""

    def __init__(self) -> None:
        self.parsed: list[str] = []
        super().__init__(self._counting(fmt) for fmt in builtin_formats())

    def _counting(self, fmt: DocumentFormat) -> DocumentFormat:
        def parse(data: bytes, name: str):  # type: ignore[no-untyped-def]
            self.parsed.append(name)
            return fmt.parse(data, name)

        return DocumentFormat(fmt.name, fmt.extensions, parse)


@pytest.fixture
def embedder() -> CountingEmbedder:
    return CountingEmbedder()


@pytest.fixture
def parsers() -> CountingParsers:
    return CountingParsers()


def make_service(
    database: Database, embedder: HashingEmbedder, parsers: ParserRegistry | None = None
) -> KnowledgeService:
    index = create_vector_index(SETTINGS.vector_index, embedder.dim)
    return KnowledgeService(database, embedder, index, SETTINGS, parsers=parsers)


@pytest.fixture
def service(database: Database, embedder: CountingEmbedder, parsers: CountingParsers):
    return make_service(database, embedder, parsers)


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


ROUTER_EN = """---
title: Resetting the router
lang: en
---

# Resetting the router

## Restart

Unplug the UnaBox router, wait thirty seconds and plug it back in.

## Factory reset

Press the reset button with a paperclip for ten seconds until all lights flash.
"""

ROUTER_IT = """---
title: Ripristino del router
lang: it
---

# Ripristino del router

## Riavvio

Stacca il router UnaBox, aspetta trenta secondi e ricollegalo.

## Ripristino di fabbrica

Premi il tasto reset con una graffetta per dieci secondi finché le spie lampeggiano.
"""

BILLING_HTML = """<html lang="en"><head><title>Your invoice</title></head><body>
<h1>Your invoice</h1><p>The invoice is issued on the first day of every month.</p>
<h2 id="pay">Paying</h2><p>Pay by direct debit or card in the UnaEmpresa app.</p>
</body></html>"""

FAQ_CSV = """question,answer,lang
¿Cuánto cuesta el roaming en Japón?,El Pase Diario Mundo cuesta 9 euros al día.,es
How much is roaming in Japan?,The World Day Pass costs 9 euros a day.,en
"""


@pytest.fixture
def tenant_root(tmp_path: Path) -> Path:
    root = tmp_path / "tenant"
    write(
        root,
        {
            "knowledge/router-reset-en.md": ROUTER_EN,
            "knowledge/router-reset-it.md": ROUTER_IT,
            "knowledge/billing.html": BILLING_HTML,
            "knowledge/faq/roaming.csv": FAQ_CSV,
            "knowledge/README.md": "# How to write knowledge files\n",
            "knowledge/.draft.md": "# Draft\n\nnot yet\n",
            "knowledge/contract.docx": b"PK\x03\x04",
            "knowledge/broken.pdf": b"this is not a pdf at all",
            "knowledge/latin1.md": "# Perché\n\nÈ così.\n".encode("latin-1"),
            "tenant.yaml": "id: t\n",
        },
    )
    return root

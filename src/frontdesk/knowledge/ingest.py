"""The knowledge service: ingest a tenant's files, keep the vector index, answer queries.

Ingestion is incremental and safe to repeat. A file whose sha256 is unchanged costs one
read and no parsing or embedding; a changed file's chunks are swapped in one transaction;
a file gone from a directory that is ingested again loses its chunks. One bad file is
reported and never stops the others. Parsing runs in a worker thread, embedding in the
embedder's own pool, so a long ingestion never stalls the event loop serving users.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from frontdesk.config import KnowledgeSettings
from frontdesk.kit.errors import FrontdeskError, InvalidInput, NotFound
from frontdesk.knowledge.chunking import Chunk, chunk_document
from frontdesk.knowledge.embedding import CosineCalibration, default_embedders
from frontdesk.knowledge.files import KnowledgeFile, walk
from frontdesk.knowledge.model import Embedder, Passage, ScoredPassage, Vectors
from frontdesk.knowledge.parsing import ParserRegistry, default_parsers
from frontdesk.knowledge.redaction import (
    PersonalDataWithoutRedactor,
    Redactor,
    holds_personal_data,
    redact_document,
)
from frontdesk.knowledge.report import FileIssue, IngestReport, Outcome, ProgressCallback
from frontdesk.knowledge.repository import (
    KnowledgeRepository,
    NewSource,
    SourceRecord,
    SourceState,
)
from frontdesk.knowledge.retrieval import Mode, Retriever
from frontdesk.knowledge.vectors import VectorIndex
from frontdesk.storage.sql import Database

log = logging.getLogger(__name__)


class KnowledgeService:
    def __init__(
        self,
        database: Database,
        embedder: Embedder,
        index: VectorIndex,
        settings: KnowledgeSettings,
        *,
        parsers: ParserRegistry | None = None,
        calibration: CosineCalibration | None = None,
        redactor: Redactor | None = None,
    ) -> None:
        self._repo = KnowledgeRepository(database)
        self._redactor = redactor
        self._embedder = embedder
        self._index = index
        self._settings = settings
        self._parsers = parsers or default_parsers()
        self._retriever = Retriever(
            self._repo, embedder, index, calibration or _calibration_for(embedder.name)
        )
        self._locks: dict[str, asyncio.Lock] = {}

    @property
    def repository(self) -> KnowledgeRepository:
        return self._repo

    @property
    def embedder(self) -> Embedder:
        """The embedder of the knowledge (also served by ``POST /v1/embeddings``)."""
        return self._embedder

    async def load_index(self) -> int:
        """Rebuild the in-process vector index from the stored embeddings (at start-up).
        Returns the number of vectors loaded."""
        await self._index.clear()
        loaded = 0
        async for tenant_id, ids, vectors in self._repo.iter_embeddings(self._embedder.name):
            await self._index.add(tenant_id, ids, vectors)
            loaded += len(ids)
        foreign = await self._repo.count_foreign_chunks(self._embedder.name)
        if foreign:
            log.warning(
                "%d chunks were embedded by another model than %s; they are found by words "
                "only until their files are ingested again",
                foreign,
                self._embedder.name,
            )
        return loaded

    async def ingest_path(
        self,
        tenant_id: str,
        root: Path,
        path: Path | None = None,
        *,
        progress: ProgressCallback | None = None,
        force: bool = False,
        personal_data: tuple[str, ...] = (),
    ) -> IngestReport:
        """Ingest ``path`` (a file or directory, absolute or relative to ``root``; the whole
        of ``root`` when omitted). Sources are named by their path relative to ``root``.

        A directory run also removes the sources under it whose files are gone; a single
        file that is gone is removed if it was ingested before. ``force`` re-processes
        unchanged files (after changing the chunking settings, say). Files matching a
        ``personal_data`` glob are redacted before indexing (see :mod:`.redaction`).
        """
        root, target = await asyncio.to_thread(_resolve, root, path)
        lock = self._locks.setdefault(tenant_id, asyncio.Lock())
        async with lock:
            if not await asyncio.to_thread(target.exists):
                return await self._remove_missing_file(tenant_id, root, target)
            return await self._ingest_tree(tenant_id, root, target, progress, force, personal_data)

    async def _ingest_tree(
        self,
        tenant_id: str,
        root: Path,
        target: Path,
        progress: ProgressCallback | None,
        force: bool,
        personal_data: tuple[str, ...],
    ) -> IngestReport:
        report = IngestReport()
        files, report.skipped = await asyncio.to_thread(walk, root, target, self._parsers)
        states = await self._repo.source_states(tenant_id, self._embedder.name)
        for done, file in enumerate(files):
            if progress is not None:
                progress(done, len(files), file.uri)
            try:
                sensitive = holds_personal_data(file.uri, personal_data)
                outcome = await self._ingest_file(
                    tenant_id, file, states.get(file.uri), force, sensitive
                )
            except Exception as exc:  # one bad file must not stop the run
                report.failed.append(FileIssue(file.uri, _reason(exc)))
                if not isinstance(exc, FrontdeskError):
                    log.exception("ingesting %s failed", file.uri)
                continue
            report.record(outcome, file.uri)
        if await asyncio.to_thread(target.is_dir):
            await self._remove_gone(tenant_id, root, target, files, states, report)
        if progress is not None:
            progress(len(files), len(files), None)
        return report

    async def _ingest_file(
        self,
        tenant_id: str,
        file: KnowledgeFile,
        state: SourceState | None,
        force: bool,
        sensitive: bool,
    ) -> Outcome:
        data, digest = await asyncio.to_thread(file.read)
        current = state is not None and state.content_hash == digest and not state.foreign_chunks
        if current and not force:
            return "unchanged"
        if sensitive and self._redactor is None:
            raise PersonalDataWithoutRedactor(
                f"{file.uri} is marked as personal data (knowledge.personal_data) but no PII "
                "redactor is configured; it was not indexed"
            )
        redactor = self._redactor if sensitive else None
        fmt, title, language, chunks = await asyncio.to_thread(
            self._prepare, data, file.uri, redactor
        )
        vectors = await self._embedder.embed_passages([c.embed_text for c in chunks])
        source = NewSource(file.uri, title, language, fmt, digest, len(data))
        replaced = await self._repo.replace_source(
            tenant_id, source, chunks, vectors, self._embedder.name
        )
        await self._index.remove(tenant_id, replaced.removed_ids)
        await self._index.add(tenant_id, replaced.added_ids, vectors)
        return "added" if state is None else "updated"

    def _prepare(
        self, data: bytes, uri: str, redactor: Redactor | None
    ) -> tuple[str, str, str | None, list[Chunk]]:
        fmt, document = self._parsers.parse(data, uri)
        if redactor is not None:
            document = redact_document(document, redactor)
        chunks = chunk_document(
            document,
            words=self._settings.chunk_words,
            overlap=min(self._settings.chunk_overlap_words, self._settings.chunk_words - 1),
        )
        return fmt.name, document.title, document.language, chunks

    async def _remove_gone(
        self,
        tenant_id: str,
        root: Path,
        target: Path,
        files: list[KnowledgeFile],
        states: dict[str, SourceState],
        report: IngestReport,
    ) -> None:
        prefix = "" if target == root else target.relative_to(root).as_posix() + "/"
        present = {file.uri for file in files}
        gone = [s for uri, s in states.items() if uri.startswith(prefix) and uri not in present]
        if gone:
            removed = await self._repo.delete_sources(tenant_id, [s.id for s in gone])
            await self._index.remove(tenant_id, removed)
            report.removed.extend(sorted(s.uri for s in gone))

    async def _remove_missing_file(self, tenant_id: str, root: Path, target: Path) -> IngestReport:
        uri = target.relative_to(root).as_posix()
        state = (await self._repo.source_states(tenant_id, self._embedder.name)).get(uri)
        if state is None:
            raise NotFound(f"{target} does not exist")
        removed = await self._repo.delete_sources(tenant_id, [state.id])
        await self._index.remove(tenant_id, removed)
        return IngestReport(removed=[uri])

    async def retrieve(
        self,
        tenant_id: str,
        query: str,
        *,
        language: str | None = None,
        k: int = 4,
        mode: Mode = "hybrid",
        query_vector: Vectors | None = None,
    ) -> list[ScoredPassage]:
        """See :meth:`frontdesk.knowledge.retrieval.Retriever.retrieve`."""
        return await self._retriever.retrieve(
            tenant_id, query, language=language, k=k, mode=mode, query_vector=query_vector
        )

    async def embed_query(self, query: str) -> Vectors:
        return await self._retriever.embed_query(query)

    async def get_passage(self, tenant_id: str, chunk_id: str) -> Passage:
        return await self._retriever.get_passage(tenant_id, chunk_id)

    async def list_sources(self, tenant_id: str) -> list[SourceRecord]:
        return await self._repo.list_sources(tenant_id)

    def close(self) -> None:
        """Release the embedder's worker threads (at shutdown)."""
        close = getattr(self._embedder, "close", None)
        if callable(close):
            close()


def _resolve(root: Path, path: Path | None) -> tuple[Path, Path]:
    root = root.resolve()
    target = (root / path).resolve() if path is not None else root
    if not target.is_relative_to(root):
        raise InvalidInput(f"{path} is outside the tenant root {root}")
    return root, target


def _calibration_for(embedder_name: str) -> CosineCalibration:
    try:
        return default_embedders().spec(embedder_name).calibration
    except FrontdeskError:
        # An unregistered embedder: raw cosine as confidence, until it is calibrated.
        return CosineCalibration(floor=0.0, ceiling=1.0)


def _reason(exc: Exception) -> str:
    if isinstance(exc, FrontdeskError):
        return exc.message
    return f"{type(exc).__name__}: {exc}"

"""Builds the knowledge service from settings (called by the composition root only)."""

from __future__ import annotations

from frontdesk.config import KnowledgeSettings
from frontdesk.knowledge.embedding import default_embedders
from frontdesk.knowledge.ingest import KnowledgeService
from frontdesk.knowledge.redaction import Redactor
from frontdesk.knowledge.vectors import create_vector_index
from frontdesk.storage.sql import Database

__all__ = ["KnowledgeService", "build_knowledge"]


async def build_knowledge(
    database: Database, settings: KnowledgeSettings, *, redactor: Redactor | None = None
) -> KnowledgeService:
    """The service with its vector index rebuilt from storage; ``close()`` it at shutdown."""
    spec = default_embedders().spec(settings.embedder)
    embedder = spec.factory(settings)
    index = create_vector_index(settings.vector_index, embedder.dim)
    service = KnowledgeService(
        database, embedder, index, settings, calibration=spec.calibration, redactor=redactor
    )
    await service.load_index()
    return service

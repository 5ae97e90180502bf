"""Every table of every domain on one ``MetaData``, for migrations and tests."""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

from frontdesk.storage.sql import metadata

# Each domain owns a ``tables`` module; importing it declares its tables on ``metadata``.
TABLE_MODULES = (
    "frontdesk.conversation.tables",
    "frontdesk.knowledge.tables",
    "frontdesk.ops.audit_tables",
    "frontdesk.gateway.tables",
    "frontdesk.guard.tables",
)


def load_all_tables() -> MetaData:
    for module in TABLE_MODULES:
        importlib.import_module(module)
    return metadata

"""Parsers: file bytes → :class:`~frontdesk.knowledge.model.ParsedDocument`, by extension."""

from frontdesk.knowledge.parsing.registry import (
    DocumentFormat,
    ParserRegistry,
    builtin_formats,
    default_parsers,
)

__all__ = ["DocumentFormat", "ParserRegistry", "builtin_formats", "default_parsers"]

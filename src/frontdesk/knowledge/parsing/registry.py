"""Document formats by file extension.

A format is a name, the extensions it claims and a pure ``parse(data, name)`` function.
Built-ins register exactly as a third-party package would (entry-point group
``frontdesk.document_formats``, each entry a :class:`DocumentFormat`), so adding a format is
a registration, never a new branch in the ingestion code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from importlib.metadata import entry_points
from pathlib import PurePosixPath

from frontdesk.kit.errors import ConfigError
from frontdesk.knowledge.model import ParsedDocument
from frontdesk.knowledge.parsing.language import resolve_language
from frontdesk.knowledge.parsing.sections import unsupported

ParseFunction = Callable[[bytes, str], ParsedDocument]

ENTRY_POINT_GROUP = "frontdesk.document_formats"


@dataclass(frozen=True, slots=True)
class DocumentFormat:
    name: str  # stored in knowledge_sources.format, so keep it short and stable
    extensions: tuple[str, ...]  # lower case, with the dot: (".md", ".markdown")
    parse: ParseFunction


class ParserRegistry:
    def __init__(self, formats: Iterable[DocumentFormat] = ()) -> None:
        self._by_extension: dict[str, DocumentFormat] = {}
        for fmt in formats:
            self.register(fmt)

    def register(self, fmt: DocumentFormat) -> None:
        for ext in fmt.extensions:
            taken = self._by_extension.get(ext)
            if taken is not None:
                raise ConfigError(f"extension {ext} is claimed by {taken.name} and {fmt.name}")
            self._by_extension[ext] = fmt

    @property
    def extensions(self) -> frozenset[str]:
        return frozenset(self._by_extension)

    def format_for(self, name: str) -> DocumentFormat | None:
        return self._by_extension.get(PurePosixPath(name).suffix.lower())

    def parse(self, data: bytes, name: str) -> tuple[DocumentFormat, ParsedDocument]:
        """Parse ``data`` as the format ``name``'s extension says, and settle its language.

        Raises :class:`~frontdesk.kit.errors.UnsupportedDocument` (naming the file) for an
        unknown extension or a file that is not what its extension claims.
        """
        fmt = self.format_for(name)
        if fmt is None:
            raise unsupported(name, "no parser for this file type")
        document = fmt.parse(data, name)
        if not any(section.text.strip() for section in document.sections):
            raise unsupported(name, "has no text")
        return fmt, replace(document, language=resolve_language(document, name))


def builtin_formats() -> tuple[DocumentFormat, ...]:
    # Imported here, not at module level, so importing the registry stays cheap.
    from frontdesk.knowledge.parsing import faq, html, markdown, pdf, text

    return (markdown.FORMAT, html.FORMAT, pdf.FORMAT, text.FORMAT, faq.CSV_FORMAT, faq.JSON_FORMAT)


def default_parsers() -> ParserRegistry:
    """The built-in formats plus any installed through the entry-point group."""
    registry = ParserRegistry(builtin_formats())
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        fmt = entry.load()
        if not isinstance(fmt, DocumentFormat):
            raise ConfigError(f"entry point {entry.name!r} is not a DocumentFormat")
        registry.register(fmt)
    return registry

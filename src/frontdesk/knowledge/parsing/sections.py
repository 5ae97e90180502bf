"""Pieces every parser needs: strict decoding, anchors, titles from file names."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from frontdesk.kit.errors import UnsupportedDocument

_LANG_SUFFIX = re.compile(r"[-_](it|es|en)$", re.IGNORECASE)
_SLUG_DROP = re.compile(r"[^\w\- ]+")
_SLUG_SPACE = re.compile(r"[\s_]+")


def unsupported(name: str, problem: str) -> UnsupportedDocument:
    """The one way parsers refuse a file: the message starts with the file's name."""
    return UnsupportedDocument(f"{name}: {problem}", details={"path": name})


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), strictly: a wrong guess would index mojibake."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise unsupported(
            name, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc
    if "\x00" in text:
        raise unsupported(name, "contains NUL bytes; it looks like a binary file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def slugify(text: str) -> str:
    """GitHub-style heading slug: lower case, punctuation dropped, spaces to hyphens.

    Accented letters are kept (GitHub keeps them too), so ``#perché`` links still work.
    """
    normalized = unicodedata.normalize("NFC", text).strip().lower()
    return _SLUG_SPACE.sub("-", _SLUG_DROP.sub("", normalized)).strip("-")


class Anchors:
    """Hands out unique anchors within one document: ``faq``, ``faq-1``, ``faq-2``…"""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def make(self, heading: str, preferred: str | None = None) -> str:
        base = (preferred or slugify(heading))[:200]
        if not base:
            return ""
        count = self._seen.get(base, 0)
        self._seen[base] = count + 1
        return base if count == 0 else f"{base}-{count}"


def stem_without_language(name: str) -> str:
    return _LANG_SUFFIX.sub("", PurePosixPath(name).stem)


def title_from_name(name: str) -> str:
    """``router-reset-it.md`` → ``Router reset``: the last resort for an untitled file."""
    words = re.sub(r"[-_.]+", " ", stem_without_language(name)).strip()
    return words[:1].upper() + words[1:] if words else PurePosixPath(name).name


def language_from_name(name: str) -> str | None:
    match = _LANG_SUFFIX.search(PurePosixPath(name).stem)
    return match.group(1).lower() if match else None


def normalize_language(value: object) -> str | None:
    """``it-IT``, ``ES``, ``en_GB`` → ``it``, ``es``, ``en``; anything else → ``None``."""
    if not isinstance(value, str) or not value.strip():
        return None
    primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def collapse_blank_lines(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class HeadingTrail:
    """Turns a run of headings into breadcrumbs: ``Come leggere la fattura › Riepilogo``.

    The parents give a sub-section the context it needs when it is read (or embedded) alone;
    the document's own H1 is left out when it only repeats the title.
    """

    SEPARATOR = " › "

    def __init__(self, title: str) -> None:
        self._title = title
        self._open: list[tuple[int, str]] = []

    def push(self, level: int, text: str) -> str:
        self._open = [(lvl, t) for lvl, t in self._open if lvl < level] + [(level, text)]
        names = [t for lvl, t in self._open if not (lvl == 1 and t == self._title)]
        return self.SEPARATOR.join(names) if names else self._title

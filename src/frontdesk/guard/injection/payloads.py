"""Text hidden in encodings inside a message: base64 (standard and URL-safe), hex, URL
escapes. A decoded run counts only if it reads as text (printable, mostly letters): API
keys, hashes and image data decode to noise and are left alone."""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote

_BASE64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9_\-]{16,}={0,2}")
_HEX = re.compile(r"\b(?:[0-9a-fA-F]{2}[\s:,]?){8,}")
_URL_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def payloads(raw: str) -> list[tuple[str, str]]:
    """(encoding, decoded text) for every run of ``raw`` that decodes to text."""
    found: list[tuple[str, str]] = []
    for match in _BASE64.finditer(raw):
        found += [("base64", t) for t in [_decode_base64(match.group())] if t]
    for match in _HEX.finditer(raw):
        found += [("hex", t) for t in [_decode_hex(match.group())] if t]
    if len(_URL_ESCAPE.findall(raw)) >= 3:
        found.append(("url_escapes", unquote(raw)))
    return found


def _decode_base64(token: str) -> str | None:
    padded = token + "=" * (-len(token) % 4)
    try:
        altchars = b"-_" if ("-" in token or "_" in token) else None
        data = base64.b64decode(padded, altchars=altchars, validate=altchars is None)
    except (binascii.Error, ValueError):
        return None
    return _as_text(data)


def _decode_hex(token: str) -> str | None:
    digits = re.sub(r"[\s:,]", "", token)
    if len(digits) % 2:
        digits = digits[:-1]
    try:
        return _as_text(bytes.fromhex(digits))
    except ValueError:
        return None


def _as_text(data: bytes) -> str | None:
    """Decoded bytes count as a payload only if they read as text, not as noise."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    printable = sum(c.isprintable() or c in "\n\t" for c in text)
    letters = sum(c.isalpha() for c in text)
    if len(text) < 4 or printable < 0.95 * len(text) or letters < 0.5 * len(text):
        return None
    return text

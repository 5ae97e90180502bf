"""Fold a text into the forms the pattern layers read, undoing the usual disguises.

Every layer reads ``views``: the folded text first, then each de-obfuscated reading of it
(leetspeak, payloads decoded from base64, hex, URL escapes, binary or Morse, Caesar shifts
and rot13, text written backwards or letter by letter, string fragments glued together).
A reading that only exists because something was disguised is tagged with how, so a
detector can say "base64" and weigh a decoded attack as more deliberate than a plain one.
Folding: NFKC, smart quotes, format characters (zero-width, bidi controls, Unicode tag
characters) removed, case folded, Cyrillic and Greek look-alikes mapped to Latin inside
Latin text, accents dropped, spaces collapsed.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from frontdesk.guard.injection import ciphers
from frontdesk.guard.injection.confusables import HOMOGLYPHS, NON_LATIN_LOOKALIKES
from frontdesk.guard.injection.payloads import payloads

MAX_CHARS = 16_000  # head and tail of longer texts: bounded time whatever arrives
_MAX_PAYLOADS = 8
_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
_LEET = {"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a"}
_LEET_I = str.maketrans(_LEET | {"1": "i", "$": "s"})
_LEET_L = str.maketrans(_LEET | {"1": "l", "$": "s"})
# A leet word: 3-20 characters, only letters and leet symbols, at least two letters and one
# symbol ("1gn0r3", "p@$$w0rd"); "1,380,004" or "<td>2020</td>" are not words at all.
_LEET_TOKEN = re.compile(r"(?<![\w@$])(?=(?:[^a-z\s]*[a-z]){2})[a-z0-9@$]{3,20}(?![\w@$])")
# Look like leet, are not: units and ordinals ("14px", "2nd"), hex colours ("f8f9fa").
_NOT_LEET = re.compile(r"\d+[a-z]{1,3}|[0-9a-f]{6,}")
_HAS_LEET = re.compile(r"[013457893@$]")
_SPACES = re.compile(r"[^\S\n]+")
_SPACED_LETTERS = re.compile(r"\b(?:[a-z][ .\-_*/]){3,}[a-z]\b")
_GLUE = re.compile(
    r"\w\s*\+\s*\w|\b(?:combine|concatenat|join|interlace|merge|unisci|unire|une|unir)"
)
_ASSIGNED_STRING = re.compile(r"""\w+\s*[=:]\s*["'`](.{1,120}?)["'`]|\+\s*["'`](.{1,120}?)["'`]""")
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_LETTER = re.compile(r"[a-z]")
_PROSE = re.compile(r"[^.!?:\n]{20,}")
_CIPHER_HINT = re.compile(r"rot-?13|caesar|cesar|backwards|reversed?|al reves|al contrario")


@dataclass(frozen=True, slots=True)
class TextView:
    text: str
    origin: str  # "plain", or the disguise it undoes: "base64", "leetspeak", "rot13", ...


@dataclass(frozen=True, slots=True)
class NormalisedText:
    views: tuple[TextView, ...]  # the plain fold first
    obfuscations: frozenset[str]  # disguises seen while folding: zero_width, homoglyph, ...

    @property
    def plain(self) -> str:
        return self.views[0].text


def normalise(text: str) -> NormalisedText:
    return _normalise(_bounded(text), depth=0)


def _bounded(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    half = MAX_CHARS // 2
    return f"{text[:half]}\n{text[-half:]}"


def _normalise(text: str, *, depth: int) -> NormalisedText:
    seen: set[str] = set()
    hidden = "".join(chr(ord(c) - 0xE0000) for c in text if 0xE0020 <= ord(c) <= 0xE007E)
    if len(hidden) < 8:  # a flag emoji (England: "gbeng") uses tag characters honestly
        hidden = ""
    if hidden:
        seen.add("tag_characters")
    raw = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION)
    if _has_inner_format_characters(raw):
        seen.add("zero_width")
    raw = "".join(c for c in raw if unicodedata.category(c) != "Cf")
    plain = fold(raw)
    if _has_mixed_script_word(raw.casefold()):
        seen.add("homoglyph")
    if ciphers.looks_like_pig_latin(plain):
        seen.add("pig_latin")
    views = [TextView(plain, "plain")]
    views += _readings(plain)
    if depth < 2:
        for origin, payload in [("tag_characters", hidden), *payloads(raw)][:_MAX_PAYLOADS]:
            inner = _normalise(payload, depth=depth + 1) if payload else None
            if inner is not None:
                views += [TextView(v.text, origin) for v in inner.views]
                seen |= inner.obfuscations
    unique = {v.text: v for v in reversed(views) if v.text.strip()}
    ordered = tuple(v for v in views if unique.get(v.text) is v)
    return NormalisedText(ordered or (TextView("", "plain"),), frozenset(seen))


def fold(text: str) -> str:
    """Case, look-alike letters, accents and spacing folded; newlines kept for structure."""
    folded = _strip_accents(_fold_lookalikes(text.casefold()))
    return "\n".join(line.strip() for line in _SPACES.sub(" ", folded).splitlines())


def _strip_accents(text: str) -> str:
    """Accents off Latin, Greek and Cyrillic letters; other scripts' marks are spelling
    (Japanese dakuten, Devanagari vowel signs) and stay. NFC rebuilds Hangul syllables."""
    kept: list[str] = []
    base = ""
    for char in unicodedata.normalize("NFKD", text):
        if not unicodedata.combining(char):
            base = char
        elif base < "\u0530":
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def _fold_lookalikes(text: str) -> str:
    """Map Cyrillic and Greek look-alikes to Latin inside Latin text only: in a word that
    mixes them with ASCII letters, or anywhere in a text that is mostly ASCII letters.
    Real Russian or Greek keeps its letters, for the patterns written in them."""
    letters = [c for c in text if c.isalpha()]
    if sum("a" <= c <= "z" for c in letters) > len(letters) / 2:
        return text.translate(HOMOGLYPHS)
    return _WORD.sub(
        lambda m: m.group().translate(HOMOGLYPHS) if _ASCII_LETTER.search(m.group()) else m.group(),
        text,
    )


def _readings(plain: str) -> list[TextView]:
    readings: list[TextView] = []
    if _HAS_LEET.search(plain):
        for table in (_LEET_I, _LEET_L):
            changed = 0

            def unleet(match: re.Match[str], table: dict[int, str] = table) -> str:
                nonlocal changed
                word = _unleet(match.group(), table)
                changed += word != match.group()
                return word

            leet = _LEET_TOKEN.sub(unleet, plain)
            # One odd token in a long text is a part number or a colour, not leetspeak.
            if changed >= 2 or (changed and len(plain) < 300):
                readings.append(TextView(leet, "leetspeak"))
    spaced = _SPACED_LETTERS.sub(lambda m: re.sub(r"[ .\-_*/]", "", m.group()), plain)
    readings.append(TextView(spaced, "spaced_letters"))
    fragments = [a or b for a, b in _ASSIGNED_STRING.findall(plain)]
    if len(fragments) >= 2 and _GLUE.search(plain):
        readings.append(TextView("".join(fragments), "payload_splitting"))
        readings.append(TextView(" ".join(fragments), "payload_splitting"))
    words = _WORD.findall(plain)
    if _CIPHER_HINT.search(plain) or _looks_enciphered(words):
        readings.append(TextView(codecs.encode(plain, "rot13"), "rot13"))
        readings.append(TextView(plain[::-1], "reversed"))
    # A long text or sentence with no function word of a language we serve is not prose
    # in it: worth reading backwards, through rot13 and through the best Caesar shift.
    # A sentence with no function word of any language we serve may be shifted prose.
    for sentence in _PROSE.findall(plain):
        if ciphers.FUNCTION_WORDS.isdisjoint(_WORD.findall(sentence)):
            shifted = ciphers.caesar(sentence)
            if shifted is not None:
                readings.append(TextView(shifted, "caesar"))
    readings += [TextView(t, "morse") for t in ciphers.morse(plain)]
    readings += [TextView(t, "binary") for t in ciphers.binary(plain)]
    return [r for r in readings if r.text != plain]


def _looks_enciphered(words: list[str]) -> bool:
    """Five or more real-looking words (not markup or numbers) and not one function word."""
    long_words = [w for w in words if len(w) > 2]
    return len(long_words) >= 5 and ciphers.FUNCTION_WORDS.isdisjoint(words)


def _unleet(token: str, table: dict[int, str]) -> str:
    letters = sum(c.isalpha() for c in token)
    if not _HAS_LEET.search(token) or letters < 0.4 * len(token) or _NOT_LEET.fullmatch(token):
        return token
    return token.translate(table)


def _has_inner_format_characters(text: str) -> bool:
    """Zero-width characters between letters; a ZWJ inside an emoji sequence is not one."""
    return any(
        unicodedata.category(c) == "Cf" and text[i - 1].isalpha() and text[i + 1].isalpha()
        for i, c in enumerate(text[1:-1], start=1)
    )


def _has_mixed_script_word(text: str) -> bool:
    for word in _WORD.findall(text):
        if any(c in NON_LATIN_LOOKALIKES for c in word) and any("a" <= c <= "z" for c in word):
            return True
    return False

"""Hand ciphers worth undoing: Caesar shifts (rot13 among them), Morse, 8-bit binary, pig
latin. Each returns candidate plaintexts; the normaliser keeps them as extra readings.

A Caesar shift is guessed, not tried blindly: the shift that turns the most words into
function words of English, Italian or Spanish wins, and only if it makes real prose.
"""

from __future__ import annotations

import re
import string

# fmt: off
_MORSE = {
    ".-": "a", "-...": "b", "-.-.": "c", "-..": "d", ".": "e", "..-.": "f", "--.": "g",
    "....": "h", "..": "i", ".---": "j", "-.-": "k", ".-..": "l", "--": "m", "-.": "n",
    "---": "o", ".--.": "p", "--.-": "q", ".-.": "r", "...": "s", "-": "t", "..-": "u",
    "...-": "v", ".--": "w", "-..-": "x", "-.--": "y", "--..": "z", ".----": "1",
    "..---": "2", "...--": "3", "....-": "4", ".....": "5", "-....": "6", "--...": "7",
    "---..": "8", "----.": "9", "-----": "0", "..--..": "?", ".-.-.-": ".", "--..--": ",",
}
# fmt: on
_MORSE_RUN = re.compile(r"(?:[.\-]{1,6}[ /|]+){6,}[.\-]{1,6}")
_BINARY_RUN = re.compile(r"\b(?:[01]{8}[\s,]*){4,}")
_WORD = re.compile(r"[a-z]+")
FUNCTION_WORDS = frozenset((
    "the", "a", "an", "to", "of", "and", "is", "are", "you", "your", "i", "it", "in", "on",
    "for", "this", "that", "what", "how", "with", "be", "not", "my", "me", "we", "our", "can",
    "do", "does", "did", "have", "has", "was", "were", "will", "at", "by", "from", "or", "as",
    "if", "but", "so", "all", "il", "lo", "la", "le", "di", "che", "e", "un", "una", "per",
    "non", "sono", "mi", "ti", "tu", "del", "della", "con", "el", "los", "las", "de", "que",
    "y", "en", "es", "por", "para", "no", "me", "te", "tu", "del", "con", "se"
))  # fmt: skip
_SHIFTS = [
    str.maketrans(string.ascii_lowercase, string.ascii_lowercase[k:] + string.ascii_lowercase[:k])
    for k in range(26)
]


def caesar(text: str) -> str | None:
    """The best Caesar shift of ``text`` (folded) if one turns it into prose, else None."""
    words = _WORD.findall(text)
    if len(words) < 4:
        return None
    best_hits, best_shift = len(FUNCTION_WORDS.intersection(words)), 0
    for shift in range(1, 26):
        # Distinct function words: markup repeating "td" shifts to "is is is", not prose.
        hits = len(FUNCTION_WORDS.intersection(w.translate(_SHIFTS[shift]) for w in words))
        if hits > best_hits:
            best_hits, best_shift = hits, shift
    if best_shift == 0 or best_hits < max(3, len(set(words)) // 5):
        return None
    return text.translate(_SHIFTS[best_shift])


def morse(text: str) -> list[str]:
    decoded = []
    for run in _MORSE_RUN.findall(text):
        words = re.split(r"\s*[/|]\s*|\s{2,}", run.strip())
        letters = ["".join(_MORSE.get(code, "") for code in word.split()) for word in words]
        decoded.append(" ".join(w for w in letters if w))
    return decoded


def binary(text: str) -> list[str]:
    decoded = []
    for run in _BINARY_RUN.findall(text):
        octets = re.findall(r"[01]{8}", run)
        chars = "".join(chr(int(o, 2)) for o in octets)
        if sum(c.isalpha() or c == " " for c in chars) >= 0.8 * len(chars):
            decoded.append(chars)
    return decoded


def looks_like_pig_latin(text: str) -> bool:
    """Most words end in -ay ("erewhay oesday"). Not undone: which consonants moved is
    ambiguous, and the disguise is the signal."""
    words = _WORD.findall(text)
    pig = [w for w in words if w.endswith("ay") and len(w) > 3]
    return len(words) >= 3 and len(pig) >= 0.6 * len(words)

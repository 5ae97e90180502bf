"""Letters from other scripts that render like Latin ones, folded to the Latin letter.

NFKC already folds fullwidth forms, mathematical alphanumerics and ligatures; what it leaves
are real letters of Cyrillic, Greek, Armenian and Cherokee that look Latin ("іgnore" with a
Cyrillic і). The table is the lowercase subset of Unicode's confusables that an attacker can
type on an ordinary keyboard layout; case is folded before it is applied.
"""

from __future__ import annotations

# fmt: off
_PAIRS = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "і": "i", "ї": "i", "ј": "j", "к": "k",
    "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "һ": "h", "ӏ": "l", "ո": "n", "ս": "u", "ԍ": "g",
    "ь": "b", "п": "n", "г": "r", "л": "n", "ц": "u", "ү": "y", "ґ": "r", "ҫ": "c",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ς": "c", "σ": "o", "μ": "u", "ϲ": "c",
    "ϳ": "j", "ᴦ": "r",
    # Latin look-alikes outside ASCII that survive NFKC and accent stripping
    "ı": "i", "ȷ": "j", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŀ": "l", "ɑ": "a", "ɩ": "i",
    "ɪ": "i", "ʏ": "y", "ᴄ": "c", "ᴏ": "o", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "ꜱ": "s",
}
# fmt: on

HOMOGLYPHS = str.maketrans(_PAIRS)
# Only these mark a word as disguised when mixed with ASCII letters: "ł" or "ø" inside a
# Latin word is Polish or Danish, a Cyrillic "о" inside one is not.
NON_LATIN_LOOKALIKES = frozenset(ch for ch in _PAIRS if ch >= "\u0250")

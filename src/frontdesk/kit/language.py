"""Language of a short customer message, restricted to the languages a tenant serves.

Customer messages are often a handful of words ("hola", "eSIM iphone", "router non va"), where a
character n-gram classifier alone is unreliable: it is trained on longer text and confuses
close languages on two words. So the decision adds up two kinds of evidence:

* cues a human would use: ``¿ ¡ ñ`` and accented letters, function words, typical endings;
* ``py3langid``'s probabilities over the allowed languages, weighted by how much text there is.

Product names, numbers and words shared by every language ("ok", "iphone", "5g") are removed
first; when nothing with a signal remains the caller's ``default`` wins, because guessing a
language from "eSIM iphone" would flip the conversation's language on a whim.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

__all__ = ["detect_language", "warm_up"]

# Words that say nothing about the language: brands, product and technical terms customers
# type in every language, and interjections shared by all three.
_NEUTRAL_TEXT = """
    ok okay okey vale esim sim iphone ipad android samsung galaxy xiaomi pixel huawei apple
    google router modem wifi wi fi 4g 5g 5g+ lte volte apn pin puk sms mms app apps internet
    online email mail whatsapp smartwatch tablet roaming fibra fibre fiber fttn ftth adsl
    gb mb kb giga gigas mega megas euro euros eur usd bluetooth hotspot tv netflix spotify
    una mini smart plus infinita multisim multi pack bono ticket chat bot web link pdf
"""
_NEUTRAL = frozenset(_NEUTRAL_TEXT.split())

# Function words and very common message words with a weight per language. A word used in
# two languages appears under both, with less weight where it is the rarer reading.
_IT_WORDS = """
    il gli della dello delle degli dei nel nella nelle negli sul sulla sui alla allo alle agli
    ai dal dalla dai che non sono ho hai abbiamo avete hanno perche cosa quando dove quanto
    quanta quanti quante questo questa quello quella mio mia miei tuo tua vorrei voglio posso
    puoi devo riesco serve fare anche ancora gia piu molto grazie ciao buongiorno buonasera
    salve favore niente nessuna funziona va qual quale sempre mai adesso oggi ieri domani
    stamattina stasera bolletta fattura abbonamento offerta tariffa tariffe rete cellulare
    chiamate chiamare ricarica costa costi giappone disdire disdetta aiuto mi ci si lo ne un
    uno dopo senza tutto ogni casa negozio come com tra fra chi sullo vostro nostro vicino
    avere essere stato sto sta contratto
"""
_ES_WORDS = """
    el los las del al que por para cuanto cuanta cuantos cuantas cuesta cuestan donde cuando
    porque pero muy mas mis tengo tiene tienen tienes quiero puedo puedes pueden necesito
    hacer hago es esta estoy estan hay soy hola gracias buenos buenas dias tardes noches nada
    ninguna funciona factura tarifa tarifas contrato movil llamadas llamar ayuda cambiar darme
    baja japon red ya aun todavia ahora hoy ayer manana usted ustedes nuestro vuestro sin
    desde hasta sobre entre unos unas este esto ese esa eso tu su sus me te nos les mucho
    muchas muchos como cual tal viene llega vez puede quisiera podria habeis hemos han he
    cobraron cobran tienda cerca sale
"""
_EN_WORDS = """
    the an is are was were be been have has do does did dont can cant could would should will
    wont my your our im me you it its this that what whats how why when where which who much
    many to of for on with from and or not yes please thanks thank hello hi hey help want need
    get got bill charge charged price cost costs working work doesnt isnt there here after
    before about again since every keeps keep any some just still phone number line store
    nearest coming arrive able ive youre theres they them their than then also really way too
    off out pls plz
"""
_WORDS: dict[str, dict[str, float]] = {
    "it": {
        **dict.fromkeys(_IT_WORDS.split(), 1.0),
        **{"e": 0.6, "di": 0.9, "da": 0.6, "per": 0.9, "la": 0.4, "le": 0.4, "i": 0.3},
        **{"in": 0.3, "con": 0.4, "a": 0.3, "no": 0.3, "si": 0.4, "una": 0.3, "gli": 1.0},
        **{"telefono": 0.4, "numero": 0.4, "linea": 0.4, "problema": 0.4},
    },
    "es": {
        **dict.fromkeys(_ES_WORDS.split(), 1.0),
        **{"y": 0.9, "de": 0.7, "la": 0.4, "lo": 0.5, "le": 0.3, "se": 0.6, "un": 0.5},
        **{"una": 0.5, "con": 0.4, "en": 0.7, "a": 0.3, "no": 0.4, "si": 0.4, "mi": 0.5},
        **{"telefono": 0.4, "numero": 0.4, "linea": 0.4, "problema": 0.4, "o": 0.3},
        **{"que": 1.0},
    },
    "en": {
        **dict.fromkeys(_EN_WORDS.split(), 1.0),
        **{"i": 0.8, "a": 0.5, "in": 0.5, "no": 0.3, "at": 0.9, "by": 0.9, "if": 0.9},
        **{"go": 0.8, "so": 0.5, "all": 0.7, "new": 0.9, "up": 0.9, "am": 0.8, "us": 0.5},
    },
}

# Endings of content words: weaker than function words, but they catch "disattivazione"
# or "reclamacion" where no function word is present.
_ENDINGS: dict[str, tuple[tuple[str, float], ...]] = {
    "it": (("zione", 0.8), ("zioni", 0.8), ("are", 0.3), ("ere", 0.3), ("tto", 0.4),
           ("ggio", 0.6), ("mente", 0.2), ("ato", 0.3), ("ito", 0.2), ("gli", 0.5),
           ("cchi", 0.5), ("tta", 0.3)),
    "es": (("cion", 0.8), ("ciones", 0.8), ("dad", 0.7), ("ar", 0.3), ("er", 0.1),
           ("ado", 0.4), ("ada", 0.3), ("ido", 0.3), ("amos", 0.6), ("emos", 0.6),
           ("mente", 0.2), ("os", 0.3), ("as", 0.2), ("ito", 0.1)),
    "en": (("ing", 0.6), ("tion", 0.6), ("ed", 0.4), ("ly", 0.4), ("ness", 0.6),
           ("ful", 0.6), ("ght", 0.7), ("th", 0.3), ("wh", 0.0)),
}  # fmt: skip

# Single characters that all but settle the question in this trio.
_CHAR_CUES: dict[str, tuple[str, float]] = {
    "¿": ("es", 3.0), "¡": ("es", 3.0), "ñ": ("es", 3.0),
    "à": ("it", 1.5), "è": ("it", 1.5), "ì": ("it", 1.5), "ò": ("it", 1.5), "ù": ("it", 1.5),
    "á": ("es", 1.5), "í": ("es", 1.5), "ó": ("es", 1.5), "ú": ("es", 1.5),
}  # fmt: skip

_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_NOISE_RE = re.compile(r"\S*\d\S*|[^\w\s]")  # tokens with digits ("5g", "15pro") and symbols
# Text this many letters long gives py3langid its full say; below it, cues dominate.
_FULL_TRUST_LETTERS = 30
_LANGID_WEIGHT = 2.5
# The winner must be ahead by this much, or the message has no usable signal.
_MIN_EVIDENCE = 0.45


def detect_language(
    text: str, allowed: Sequence[str] = ("it", "es", "en"), default: str = "en"
) -> str:
    """The most likely of ``allowed`` for ``text``, or ``default`` when nothing tells."""
    langs = tuple(dict.fromkeys(allowed))
    if not langs:
        return default
    if len(langs) == 1:
        return langs[0]
    lowered = unicodedata.normalize("NFC", text.lower())
    scores = dict.fromkeys(langs, 0.0)
    for char, (lang, weight) in _CHAR_CUES.items():
        if lang in scores and char in lowered:
            scores[lang] += weight
    words = [w for w in _words(lowered) if w not in _NEUTRAL]
    for word in words:
        _add_word_cues(word, scores)
    letters = sum(len(w) for w in words)
    if letters >= 3:
        trust = _LANGID_WEIGHT * min(1.0, letters / _FULL_TRUST_LETTERS)
        for lang, prob in _langid_probs(" ".join(words), langs).items():
            scores[lang] += trust * prob
    best, best_score = max(scores.items(), key=lambda kv: kv[1])
    # A near tie is no signal, unless it is a tie the default is not part of ("la linea no
    # va" is Italian or Spanish, but certainly not English).
    if best_score - scores.get(default, 0.0) < _MIN_EVIDENCE:
        return default
    return best


def warm_up(allowed: Iterable[str] = ("it", "es", "en")) -> None:
    """Load the n-gram model now (about half a second) rather than on the first message."""
    _identifier(tuple(sorted(set(allowed))))


def _words(lowered: str) -> list[str]:
    cleaned = _NOISE_RE.sub(" ", lowered.replace("’", "'"))
    out: list[str] = []
    for token in _WORD_RE.findall(cleaned):
        # "l'app", "c'e", "dell'esim": the elided article is the Italian cue, keep both parts.
        out.extend(_fold(part) for part in token.split("'") if part)
    return out


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _add_word_cues(word: str, scores: dict[str, float]) -> None:
    matched = False
    for lang in scores:
        weight = _WORDS.get(lang, {}).get(word)
        if weight is not None:
            scores[lang] += weight
            matched = True
    if matched or len(word) < 4:
        return
    for lang in scores:
        for ending, weight in _ENDINGS.get(lang, ()):
            if word.endswith(ending):
                scores[lang] += weight
                break


def _langid_probs(text: str, langs: tuple[str, ...]) -> dict[str, float]:
    ident = _identifier(tuple(sorted(langs)))
    if ident is None:
        return {}
    return {lang: float(prob) for lang, prob in ident.rank(text) if lang in langs}


@lru_cache(maxsize=16)
def _identifier(langs: tuple[str, ...]) -> Any:
    # A shallow copy per language set: ``set_languages`` rebinds the copy's arrays, so the
    # shared full model is never mutated and py3langid's module-level global is left alone.
    full = _full_identifier()
    # A tenant may list a code the model does not know: it is left to the cues, and with
    # fewer than two known languages the model has nothing to choose between.
    known = [lang for lang in langs if lang in full.labels]
    if len(known) < 2:
        return None
    ident = copy.copy(full)
    ident.set_languages(known)
    return ident


@lru_cache(maxsize=1)
def _full_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

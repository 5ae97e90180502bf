"""Text handling for the offline extractive model: answer units, and tokens to compare.

A passage is cut into *units*, the smallest pieces the model may quote: a sentence of a
paragraph, one list item, or one table row. Units keep their exact text (whitespace
collapsed), because the model must never say anything the documentation does not say.
Headings are not quoted; their words are kept as context for the units beneath them.

Tokens are for matching only: lower case, accents folded, stopwords dropped and light
suffix stripping, so that "resetto", "resettare" and "reset" meet, and "4,99" equals "4.99".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

# Stopwords of the three demo languages in one set: a customer question is matched against
# passages of its own language, and no content word of one of these languages is a function
# word of another, so one set is simpler and loses nothing. Question words and the verbs of
# "how do I / can I / I want" are included; they are in every question and carry no topic.
_STOPWORDS_TEXT = """
    a about after all also am an and any are as at be been before being but by can cant could
    did do does doesnt dont for from get got had has have how i if im in into is isnt it its
    just me my no not of on or our out please should so some than that the their them still
    much many
    yet already ever always even only more most very really now
    then there these this those to too up us want was we were what whats when where which who
    why will with wont would you your yours tell know hi hello thanks thank way doesn isn
    don didn won aren wasn couldn shouldn re ll ve
    il lo la i gli le un uno una di del dello della dei degli delle da dal dallo dalla dai
    dagli dalle in nel nello nella nei negli nelle su sul sullo sulla sui sugli sulle per tra
    fra con e ed o che chi cui non ne ci vi si mi ti ho hai ha abbiamo avete hanno sono sei
    siamo siete come cosa dove quando quanto quanta quanti quante perche quale quali questo
    questa questi queste quello quella mio mia miei mie tuo tua suo sua nostro vostro loro
    posso puoi puo possiamo voglio vorrei devo devi faccio fare fa anche piu gia ancora solo
    molto ciao grazie salve buongiorno buonasera per favore al allo alla ai agli alle all dell
    nell sull c l d un po sempre ora adesso mai
    el los las unos unas del al de en con por para sin sobre y u que quien cual cuales como
    cuando cuanto cuanta cuantos cuantas donde porque pero mas muy ya es son soy eres esta
    estan estoy hay ser estar tengo tiene tienes tienen puedo puede puedes pueden quiero
    quieres necesito hago hacer mi mis tu tus su sus nuestro nuestra este esto ese eso esa
    lo le les se me te nos os hola gracias favor buenos buenas dias todavia aun siempre tambien
    ahora nunca
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

# Endings removed before comparing, longest first. Deliberately light: the aim is to merge
# inflections of one word ("attivare"/"attivo"/"attivazione"), not to be a real stemmer.
_SUFFIX_TEXT = """
    azioni azione amento amenti aciones acion iciones icion ations ation ing ed es s ly
    are ere ire ato ata ati ate ito ita iti ite ar er ir ado ada ados adas ido ida idos idas
    ando endo iendo o a i e os as
"""
_SUFFIXES = sorted(_SUFFIX_TEXT.split(), key=len, reverse=True)
_VOWELS = frozenset("aeiou")
_CURRENCY = frozenset({"€", "euro", "euros", "eur"})
# Stems of "cost / price" words: a question about a price is answered by a figure in euros,
# so both become one token ("quanto costa" meets "14,90 €/mese").
_PRICE_STEMS = frozenset({"cost", "costan", "cuest", "cuestan", "prezz", "preci", "pric", "eur"})
# Customers say "giga" and "megas"; documentation writes "GB" and "MB".
_UNIT_ALIASES = {"giga": "gb", "gigas": "gb", "gigabyte": "gb", "gigabytes": "gb"} | {
    "mega": "mb",
    "megas": "mb",
    "megabyte": "mb",
    "megabytes": "mb",
}
_MIN_STEM = 4

# "wi-fi", "e-mail", "add-on" are one word to the customer who types "wifi".
_HYPHENATED_RE = re.compile(r"\b([a-z]{1,3})-([a-z]{1,4})\b")
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)?[a-z]*\+?|[a-z]+\+?|€|%")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"»”)]?\s+(?=[\"«“(¿¡]?[A-ZÀ-ÖØ-Þ0-9*])")
_LIST_ITEM_RE = re.compile(r"^\s*(?:(\d{1,2})[.)]|[-*•+])\s+")
_HEADING_RE = re.compile(r"^\s*#{1,6}\s+")
_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}")
_COMPLETE_END_RE = re.compile(r"[.!?…:;)\]»\"'*|]$")
_AMOUNT_RE = re.compile(r"€\s*\d|\d\s*(?:€|%|gb\b|mb\b|eur)", re.IGNORECASE)
# Abbreviations that end in a dot without ending a sentence, in the three languages.
_ABBREVIATION_TEXT = (
    "e.g i.e etc ecc es p.es approx aprox tel n no nr num sig sr sra dott ing art pag"
)
_ABBREVIATIONS = frozenset([*_ABBREVIATION_TEXT.split(), "min", "max", "vs", "ca", "incl"])


def fold(text: str) -> str:
    """Lower case without accents: "Japón" and "japon" are one word to a customer."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(token: str) -> str:
    if len(token) <= _MIN_STEM or not token.isalpha():
        return token
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= _MIN_STEM:
            token = token[: -len(suffix)]
            break
    # "resett" -> "reset": Italian doubles consonants that English and Spanish do not.
    if len(token) > _MIN_STEM and token[-1] == token[-2] and token[-1] not in _VOWELS:
        token = token[:-1]
    return token


def content_tokens(text: str) -> list[str]:
    """Stemmed content words and numbers of ``text``, in order, duplicates kept."""
    out: list[str] = []
    for raw in _TOKEN_RE.findall(_HYPHENATED_RE.sub(r"\1\2", fold(text))):
        if raw in STOPWORDS or (len(raw) == 1 and raw.isalpha()):
            continue
        if raw in _CURRENCY:
            raw = "eur"
        elif raw[0].isdigit():
            raw = raw.replace(",", ".")
        raw = _UNIT_ALIASES.get(raw, raw)
        stemmed = stem(raw)
        out.append("eur" if stemmed in _PRICE_STEMS else stemmed)
    return out


def similarity(a: str, b: str) -> float:
    """1 for the same stem, 0.8 when one is a long enough prefix of the other, else 0."""
    if a == b:
        return 1.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 5 and long.startswith(short) and short.isalpha():
        return 0.8
    return 0.0


@dataclass(frozen=True, slots=True)
class Unit:
    """One quotable piece of a passage. ``group`` ties a list's items to its intro line."""

    text: str
    position: int
    tokens: frozenset[str]
    context: frozenset[str]  # tokens of the heading the unit sits under
    group: int | None = None
    numbered: bool = False
    fragment: bool = False  # cut by chunking mid-sentence: quotable but reads badly
    heading: bool = False

    @property
    def is_intro(self) -> bool:
        return self.text.rstrip().endswith(":")


def split_units(text: str) -> list[Unit]:
    """Cut a passage into units, in document order."""
    units: list[Unit] = []
    heading: frozenset[str] = frozenset()
    group_id = 0
    in_list = False
    pending_intro: int | None = None  # index of a paragraph unit ending with ":"
    for line in _body_lines(text):
        if _HEADING_RE.match(line):
            heading = frozenset(content_tokens(line))
            in_list, pending_intro = False, None
            # "Una Smart – 14,90 €/mese": a heading with a figure is often the answer itself.
            if _AMOUNT_RE.search(line):
                title = _HEADING_RE.sub("", line)
                units.append(replace(_unit(title, len(units), heading, None, False), heading=True))
            continue
        if _TABLE_RULE_RE.match(line):
            continue
        item = _LIST_ITEM_RE.match(line)
        if item:
            if not in_list:
                group_id += 1
                in_list = True
                if pending_intro is not None:
                    intro = units[pending_intro]
                    units[pending_intro] = replace(intro, group=group_id)
            units.append(_unit(line, len(units), heading, group_id, item.group(1) is not None))
            continue
        in_list, pending_intro = False, None
        for sentence in _sentences(line):
            units.append(_unit(sentence, len(units), heading, None, False))
        if units and units[-1].is_intro:
            pending_intro = len(units) - 1
    # A chunk window may stop mid-sentence: its last unit is then cut short.
    last = units[-1] if units else None
    if last and last.group is None and not last.heading and not _COMPLETE_END_RE.search(last.text):
        units[-1] = replace(last, fragment=True)
    return units


def _body_lines(text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    if lines and lines[0] == "---" and "---" in lines[1:]:
        lines = lines[lines.index("---", 1) + 1 :]  # front matter is metadata, not prose
    return [line for line in lines if line]


def _sentences(line: str) -> list[str]:
    pieces = _SENTENCE_END_RE.split(line)
    merged: list[str] = []
    for piece in pieces:
        if merged and _ends_without_sentence_break(merged[-1]):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return [p.strip() for p in merged if p.strip()]


def _ends_without_sentence_break(piece: str) -> bool:
    last = piece.rsplit(" ", 1)[-1].rstrip(".").lower()
    # "Art. 5", "p.es. la", or a bare list number "2." inside a flattened list.
    return last in _ABBREVIATIONS or (last.isdigit() and len(last) <= 2)


def _unit(text: str, position: int, heading: frozenset[str], group: int | None, num: bool) -> Unit:
    stripped = text.strip()
    body = _LIST_ITEM_RE.sub("", stripped).lstrip("*_\"'«“(¿¡ ")
    first_word = body.split(" ", 1)[0] if body else ""
    # "iPhone: Settings > ..." starts with a lower-case letter but is not cut mid-sentence.
    fragment = first_word.islower() and group is None and not stripped.startswith("|")
    return Unit(
        text=stripped,
        position=position,
        tokens=frozenset(content_tokens(stripped)),
        context=heading,
        group=group,
        numbered=num,
        fragment=fragment,
    )

"""Postal addresses in Italian, Spanish, English and neighbouring conventions.

An address is found from its street: a number next to a street word ("Via Roma 12", "24 Clarke
Avenue", "Koskikatu 25"), a unit ("Apt. 864", "Interno 4", "P.O. Box 242"), or numbered
capitalised words after "address", "indirizzo", "dirección". The span then runs on over what
follows a street in every convention (flat, town, region code, country, postcode), one
comma-, line- or space-separated part at a time, and stops at the end of the sentence or at a
lower-case word, so the whole address is one entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from frontdesk.guard.model import PiiEntity
from frontdesk.guard.pii import entity_types as t
from frontdesk.guard.pii.patterns import PatternRecognizer, PatternRule, has_context
from frontdesk.guard.pii.recognizers import address_words as vocab
from frontdesk.guard.pii.registry import register_recognizer

_TOKEN = re.compile(
    r"(?P<nl>\n)|(?P<num>[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}(?!\w)"  # UK postcode: NW1 6XE
    r"|\d+(?:[-/]\d+)*[A-Za-z]?(?![^\W\d_]))"
    r"|(?P<word>[^\W\d_]+(?:['’\-][^\W\d_]+)*)|(?P<punct>\S)"
)
_SEPARATORS = frozenset({"\n", ",", "|", "-"})
# Line starts of lists and quoted mail: "> ", "* ", "??? " (mangled bullets).
_BULLETS = frozenset({">", "*", "?", "•", "·", "-"})
_MAX_NAME_WORDS = 5
_MAX_TAIL_PARTS = 8
_AND = frozenset({"and", "&", "e", "y"})
_TAIL_PART_BONUS = 0.1
# US military post: "PSC 6477, Box 2981 APO AE 83700", "USNS Sekerková FPO AA 65728".
_MILITARY = re.compile(
    r"(?:(?:PSC|Unit|CMR)\s\d{3,5},?\s+Box\s\d{3,5}|US(?:NS|NV|S|CGC)\s[^\W\d_]+)"
    r"\s+[ADF]PO\sA[AEP]\s\d{5}",
    re.IGNORECASE,  # "psc 5420, box 2708 apo aa 33879" typed in lower case
)
# Postcodes alone count after "ZIP", "CAP", "código postal": 00184, 28013, 90010-170, 7412 SL.
# 394 13 (Czechia, Slovakia, Sweden, Greece) too.
_POSTCODE = re.compile(r"(?<![\w-])(?:\d{4,5}(?:-\d{3,4}|\s[A-Z]{2})?|\d{3}\s\d{2})(?![\w-])")
_POSTCODE_CONTEXT = frozenset({"zip", "postcode", "postal", "cap", "c.a.p", "código postal",
                               "codigo postal", "cp", "post code"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # nl, num, word, punct
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def _tokenize(text: str) -> list[_Token]:
    return [
        _Token(m.lastgroup or "punct", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]


class _Scan:
    """One message's tokens and the questions the rules ask about them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        # In a message typed all in lower case, capitals say nothing about names.
        self.lowercase = not any(c.isupper() for c in text)

    def kind(self, i: int) -> str:
        return self.tokens[i].kind if i < len(self.tokens) else "end"

    def word(self, i: int) -> str:
        return self.tokens[i].lower if self.kind(i) == "word" else ""

    def is_name(self, i: int) -> bool:
        token = self.tokens[i] if i < len(self.tokens) else None
        if token is None or token.kind != "word" or token.lower in vocab.NOT_A_PLACE:
            return False
        return self.lowercase or token.text[0].isupper() or not token.text.isalpha()

    def in_street_name(self, i: int) -> bool:
        """A word of a street's name: capitalised, or a street word ("Luite tee 87")."""
        word = self.word(i)
        return self.is_name(i) or word in vocab.STREET_AFTER or word in vocab.STREET_BEFORE

    def skip_dot(self, i: int) -> int:
        return i + 1 if i < len(self.tokens) and self.tokens[i].text in "./" else i

    def after_newline(self, i: int) -> bool:
        while i > 0 and self.tokens[i - 1].text in _BULLETS:
            i -= 1
        return i > 0 and self.tokens[i - 1].kind == "nl"

    def number(self, i: int) -> bool:
        return self.kind(i) == "num" and len(self.tokens[i].text) <= 10

    def name_run(self, i: int, after_street_word: bool = False) -> int:
        """End of a run of street-name words (particles allowed inside) from ``i``; right
        after a street word the name may open with particles: "Piazza della Repubblica",
        "avenue de Provence", "rue La Boétie"."""
        end, count = i, 0
        while count < _MAX_NAME_WORDS:
            if self.in_street_name(end) if count else self.is_name(end):
                end = self.skip_dot(end + 1) if self.word(end) in vocab.STREET_AFTER else end + 1
                count += 1
            elif (
                self.word(end) in vocab.PARTICLES
                and (count or after_street_word)
                and end - i < _MAX_NAME_WORDS
                and (self.is_name(end + 1) or self.word(end + 1) in vocab.PARTICLES)
            ):
                end += 1
            else:
                break
        return end

    def street_word(self, i: int, j: int) -> bool:
        return any(
            self.word(k) in vocab.STREET_AFTER or self.word(k).endswith(vocab.STREET_ENDINGS)
            for k in range(i, j)
        )

    def unit(self, i: int) -> int | None:
        """End of "Apt. 864", "Suite 12", "P.O. Box 242", "Casella postale 7" at ``i``."""
        word = self.word(i)
        if word in vocab.UNIT:
            j = self.skip_dot(i + 1)
            if self.number(j) or (self.kind(j) == "word" and len(self.tokens[j].text) == 1):
                return j + 1
        if word in ("p", "po", "casella", "apartado"):
            j = i + 1
            while j < i + 6 and self.word(j) not in vocab.PO_BOX and self.kind(j) != "num":
                j += 1
            j = j + 1 if self.word(j) in vocab.PO_BOX else j
            j += 1 if self.word(j) == "de" else 0
            j += 1 if self.word(j) == "correos" else 0
            if self.number(j) and j > i + 1:
                return j + 1
        return None

    def street(self, i: int, near_context: bool) -> tuple[int, float] | None:
        """End and score of a street (with its numbers) starting at token ``i``."""
        j, numbered = i, False
        while self.number(j) and j < i + 2:  # "6750 Koskikatu 25", "846 31 Rue ..."
            j, numbered = j + 1, True
        keyword = self.word(j)
        # A street word in lower case ("ul. Miła 53") needs the number after the name; one
        # that is also an English word needs a particle too: "via dei Mille 5", not "via
        # WhatsApp 24/7".
        first = self.skip_dot(j + 1)
        lower_keyword = keyword not in vocab.ENGLISH_WORDS or self.word(first) in vocab.PARTICLES
        # In text typed in lower case every word "looks like a name", so an ambiguous street
        # word ("al" is Polish "aleja" and the Italian/Spanish "to the") needs its dot, a
        # particle or a cue: "quanto si paga al mese la fibra da 1 giga" is no address.
        looks_named = self.is_name(j) and (not self.lowercase or lower_keyword or first > j + 1)
        if keyword in vocab.STREET_BEFORE and (
            numbered or near_context or looks_named or lower_keyword
        ):
            k = self.name_run(first, after_street_word=True)
            if any(self.is_name(n) for n in range(first, k)):
                if self.kind(k) == "punct" and self.tokens[k].text == "," and self.number(k + 1):
                    k += 1  # "Via Roma, 12": the Italian comma before the house number
                has_number = self.number(k)
                if not (numbered or near_context or self.is_name(j) or has_number):
                    return None
                end = k + 1 if has_number else k
                if numbered or has_number:
                    return end, 0.85
                return (end, 0.7) if near_context else None
        if not self.is_name(j):
            return None
        k = self.name_run(j)
        if self.lowercase and not self.street_word(j + 1, k):
            # Without capitals a street needs its word after a name: "table for 4 people at
            # 7", "square root of 95" are not streets, "baker street 5" is.
            return None
        has_number = self.number(self.skip_dot(k))
        end = self.skip_dot(k) + 1 if has_number else k
        if self.street_word(j, k) and (numbered or has_number):
            return end, 0.85
        if has_number and (numbered or near_context):
            return end, 0.75 if near_context else 0.6
        if j == i + 2:  # "9816 214 Pavlou Drandaki": two numbers, then a name
            return k, 0.7
        if self.street_word(k - 1, k) and self.tokens[k - 1].text[:1].isupper() and k - j > 1:
            return k, 0.55  # "on Berg Hills Street": a named street without a number
        return None

    def tail_part(self, i: int) -> int | None:
        """End of one part that may follow a street: unit, town, region, country, postcode."""
        unit = self.unit(i)
        if unit is not None:
            return unit
        street = self.street(i, near_context=False)
        if street is not None:
            return street[0]
        if self.number(i) or self.word(i) == "nan":
            return i + 1
        token = self.tokens[i] if i < len(self.tokens) else None
        if (
            token is not None
            and token.kind == "word"
            and token.text.isupper()
            and len(token.text) <= 3
        ):
            return i + 1  # a region code: CO, NI, VIC
        if not self.is_name(i):
            return None
        end = self.name_run(i)
        if self.tokens[end].text == "(" if end < len(self.tokens) else False:
            close = self.name_run(end + 1)
            end = close + 1 if close < len(self.tokens) and self.tokens[close].text == ")" else end
        nxt = self.kind(end)
        if nxt == "word" and not self.tokens[end].text.isupper() and not self.lowercase:
            return None  # "... Roma Marco said": the capitals were a sentence, not a town
        return end

    def extend(self, end: int) -> tuple[int, int]:
        """End of the address and how many parts followed the street."""
        for parts in range(_MAX_TAIL_PARTS):
            i = end
            while i < len(self.tokens) and (
                self.tokens[i].text in _SEPARATORS
                or (self.tokens[i].text in _BULLETS and self.after_newline(i))
            ):
                i += 1
            if i < len(self.tokens) and self.tokens[i].text == "." and self.unit(i + 1):
                i += 1  # "Rákóczi út 66. Apt. 268"
            if self.word(i) in _AND and self.street(i + 1, near_context=True):
                i += 1  # "the corner of Kuusiku 7 and Alexander Flat"
            part = self.tail_part(i) if i < len(self.tokens) else None
            if part is None or part <= i:
                return end, parts
            end = part
        return end, _MAX_TAIL_PARTS


class AddressRecognizer:
    name = "address"

    def find(self, text: str, language: str) -> Iterable[PiiEntity]:
        scan = _Scan(text)
        found: list[PiiEntity] = []
        i = 0
        while i < len(scan.tokens):
            token = scan.tokens[i]
            if token.kind not in ("num", "word"):
                i += 1
                continue
            unit = scan.unit(i)
            if unit is None and scan.number(i) and scan.kind(i + 1) == "word":
                unit = scan.unit(i + 1)  # "45818 P.O. Box 242": a number before the box
            street = (unit, 0.6) if unit is not None else scan.street(i, near_context=False)
            # The context words are looked up only where they can change the answer.
            near = (street is not None or scan.is_name(i) or scan.number(i)) and has_context(
                text, token.start, token.start, vocab.CONTEXT
            )
            if street is None and near:
                street = scan.street(i, near_context=True)
            if street is None:
                i += 1
                continue
            end_index, score = street
            end_index, parts = scan.extend(end_index)
            score += _TAIL_PART_BONUS * parts + (0.1 if near else 0.0)
            last = scan.tokens[end_index - 1]
            found.append(PiiEntity(t.ADDRESS, token.start, last.end, min(0.95, score), self.name))
            i = end_index
        for match in _MILITARY.finditer(text):
            found.append(PiiEntity(t.ADDRESS, match.start(), match.end(), 0.85, self.name))
        return found


@register_recognizer("address")
def address_recognizer() -> AddressRecognizer:
    return AddressRecognizer()


@register_recognizer("postcode")
def postcode_recognizer() -> PatternRecognizer:
    rule = PatternRule(t.ADDRESS, _POSTCODE, 0.0, 0.7, _POSTCODE_CONTEXT)
    return PatternRecognizer("postcode", (rule,))

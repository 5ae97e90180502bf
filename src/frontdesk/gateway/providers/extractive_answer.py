"""Compose an answer by quoting retrieved passages, or abstain.

The offline model never writes a sentence of its own apart from a fixed lead-in: it picks the
passage units (sentences, list items, table rows) that best cover the question's content words
and quotes them verbatim, each followed by its citation ``[n]``. When nothing covers the
question it abstains and says nothing, and the conversation layer tells the customer the
answer is not available.

How units are scored and picked is in ``extractive_score``.

``support`` is the best blend, over all units, of 0.75 x coverage and 0.25 x retriever score;
below ``min_support`` the model abstains. The default 0.3 was chosen by hand on demo-style
questions, not on an eval set: a question whose content words mostly appear in one unit scores
above 0.5, an off-topic question with weakly retrieved passages below 0.1. Retriever scores
alone can never reach it (0.25 at most), so some word of the question must be in the quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from frontdesk.gateway.model import ContextPassage
from frontdesk.gateway.providers.extractive_score import Candidate, clamp, is_row, pick, score_units
from frontdesk.gateway.providers.extractive_text import content_tokens, fold
from frontdesk.kit.language import detect_language

__all__ = ["DEFAULT_MIN_SUPPORT", "ExtractiveAnswer", "compose_answer", "lead_in"]

DEFAULT_MIN_SUPPORT = 0.3

_LEAD_INS = {
    "it": "Ecco cosa dice la nostra documentazione:",
    "es": "Según nuestra documentación:",
    "en": "According to our documentation:",
}
_LEAD_INS_OTHER_LANGUAGE = {
    "it": "Ecco cosa dice la nostra documentazione (disponibile solo in {name}):",
    "es": "Según nuestra documentación (disponible solo en {name}):",
    "en": "According to our documentation (available only in {name}):",
}
_LANGUAGE_NAMES = {
    "it": {"es": "spagnolo", "en": "inglese"},
    "es": {"it": "italiano", "en": "inglés"},
    "en": {"it": "Italian", "es": "Spanish"},
}
# Questions asking for a procedure: their answer is the whole list of steps, in order.
# Only the asking words: "reset" alone may ask what a reset does, not how to do one (and a
# bare "reset router" usually lands on the list's intro line, which brings the list anyway).
_PROCEDURAL_RE = re.compile(
    r"\b(?:how (?:do|can|to|should)|steps?|procedure|instructions?|come|passaggi|procedura"
    r"|istruzioni|como|pasos?|procedimiento|instrucciones)\b"
)
_PIECE_RE = re.compile(r"\S+\s*")

# Price questions without a price word; the others ("quanto costa") are caught by the tokens.
_PRICE_QUESTION_RE = re.compile(
    r"\bhow much (?:is|are|does|do|will)\b|\bcuanto (?:vale|es|sale)\b|\bquanto (?:viene|e)\b"
)


@dataclass(frozen=True, slots=True)
class ExtractiveAnswer:
    """The composed text, the passage numbers it cites in order of first use, and why."""

    text: str
    cited: list[int]
    support: float
    abstained: bool
    truncated: bool = False  # the budget cut a unit short: finish like a model at its limit
    language: str | None = None  # language of the quoted passages


def lead_in(language: str, quoted_language: str | None) -> str:
    if quoted_language is None or quoted_language == language:
        return _LEAD_INS.get(language, _LEAD_INS["en"])
    template = _LEAD_INS_OTHER_LANGUAGE.get(language, _LEAD_INS_OTHER_LANGUAGE["en"])
    names = _LANGUAGE_NAMES.get(language, _LANGUAGE_NAMES["en"])
    return template.format(name=names.get(quoted_language, quoted_language))


def compose_answer(
    question: str,
    passages: Sequence[ContextPassage],
    language: str,
    max_words: int = 512,
    *,
    min_support: float = DEFAULT_MIN_SUPPORT,
) -> ExtractiveAnswer:
    """Quote the passages that answer ``question``; ``max_words`` bounds the whole text."""
    pool, quoted_language = _passages_to_quote(passages, language)
    candidates = score_units(_question_tokens(question), pool)
    if not candidates or max_words < 1:
        return ExtractiveAnswer("", [], 0.0, True)
    support = round(max(0.75 * c.coverage + 0.25 * clamp(c.passage.score) for c in candidates), 4)
    if support < min_support:
        return ExtractiveAnswer("", [], support, True, language=quoted_language)
    procedural = _PROCEDURAL_RE.search(fold(question)) is not None
    picks = pick(candidates, procedural)
    head = lead_in(language, quoted_language)
    text, cited, truncated = _render(head, picks, max_words)
    return ExtractiveAnswer(text, cited, support, False, truncated, quoted_language)


def _question_tokens(question: str) -> list[str]:
    tokens = content_tokens(question)
    if _PRICE_QUESTION_RE.search(fold(question)) and "eur" not in tokens:
        tokens.append("eur")
    return tokens


def _passages_to_quote(
    passages: Sequence[ContextPassage], language: str
) -> tuple[list[ContextPassage], str | None]:
    # The demo knowledge has every topic in every language, so the retriever usually returns
    # the same answer in several; quoting the customer's language is the whole point.
    def lang(p: ContextPassage) -> str:
        return p.language or detect_language(p.text[:600], default="")

    same = [p for p in passages if lang(p) == language]
    if same or not passages:
        return same, language
    return list(passages), lang(passages[0]) or None


def _render(
    head: str, blocks: list[list[Candidate]], max_words: int
) -> tuple[str, list[int], bool]:
    """Fit whole blocks into the word budget, then order them as the documentation does.

    The best block always leads; the lead-in goes first when the budget is tight. A best
    block that does not fit even alone is cut, and the answer ends like a model's at its limit:
    half a procedure must not look like a whole one.
    """
    for prefix in (head, ""):
        budget = max_words - len(prefix.split())
        if _words(blocks[0]) <= budget:
            kept = [blocks[0]]
            budget -= _words(blocks[0])
            for block in blocks[1:]:
                if _words(block) <= budget:
                    kept.append(block)
                    budget -= _words(block)
            return _layout(prefix, kept), list(dict.fromkeys(b[-1].passage.n for b in kept)), False
    return _cut(blocks[0], max_words)


def _layout(head: str, kept: list[list[Candidate]]) -> str:
    # Passages in the order of their best quote; units within a passage in document order.
    passage_order = {b[0].rank: i for i, b in reversed(list(enumerate(kept)))}
    kept = sorted(kept, key=lambda b: (passage_order[b[0].rank], b[0].unit.position))
    as_lines = any(len(b) > 1 or b[0].unit.group is not None or is_row(b[0].unit) for b in kept)
    sep = "\n" if as_lines else " "
    quoted = sep.join("\n".join(c.unit.text for c in b) + f" [{b[-1].passage.n}]" for b in kept)
    return f"{head}{sep}{quoted}" if head else quoted


def _words(block: list[Candidate]) -> int:
    return sum(len(c.unit.text.split()) for c in block) + 1  # + the citation marker


def _cut(block: list[Candidate], max_words: int) -> tuple[str, list[int], bool]:
    pieces = _PIECE_RE.findall("\n".join(c.unit.text for c in block))  # keeps line breaks
    if max_words < 2:  # no room for a marker
        return pieces[0].strip(), [], True
    n = block[-1].passage.n
    return "".join(pieces[: max_words - 1]).rstrip() + f" [{n}]", [n], True

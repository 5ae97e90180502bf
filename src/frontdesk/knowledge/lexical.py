"""Query text → full-text query expressions for each backend.

User questions are OR-ed bags of words: requiring every word (the default of both engines)
would miss most paraphrases. FTS5's bm25 weighs terms by rarity, so SQLite keeps every word.
Postgres' ``ts_rank_cd`` has no notion of rarity, so there function words are dropped first,
or "how do I" would outrank the words that carry the question.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+")
# Long questions gain nothing from more terms and cost a wider OR; keep the first ones.
MAX_TERMS = 48

_STOPWORD_LIST = """
    a an and are as at be been but by can could did do does for from had has have how i if
    in into is it its me my no not of on or our so than that the their them then there these
    they this to was we were what when where which who why will with would you your
    il lo la i gli le un uno una di da del della dello dei degli delle in con su per tra fra
    che chi cui non come dove quando perche e ed o al allo alla ai agli alle dal dalla nel
    nella sul sulla mi ti ci si vi ne sono è ho hai ha abbiamo avete hanno mio mia tuo tua
    el los las unos unas de del al en con por para que quien como donde cuando porque y o u
    se lo le les me te nos mi tu su sus es son está están hay he has ha hemos muy más pero
"""
STOPWORDS = frozenset(_STOPWORD_LIST.split())


def query_terms(query: str, *, drop_stopwords: bool = False) -> list[str]:
    folded = unicodedata.normalize("NFKC", query).casefold()
    terms = list(dict.fromkeys(_WORD.findall(folded)))
    if drop_stopwords:
        kept = [t for t in terms if t not in STOPWORDS and _fold(t) not in STOPWORDS]
        terms = kept or terms  # a question made only of stopwords still deserves an answer
    return terms[:MAX_TERMS]


def fts5_match(terms: list[str]) -> str:
    """``"wifi" OR "lento"``: every term quoted, so no user input is read as FTS5 syntax."""
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


def tsquery_words(terms: list[str]) -> str:
    """Space-separated words for ``plainto_tsquery``; the SQL turns its ANDs into ORs."""
    return " ".join(terms)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))

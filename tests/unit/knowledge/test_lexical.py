from __future__ import annotations

from frontdesk.knowledge.lexical import MAX_TERMS, fts5_match, query_terms


def test_terms_are_folded_deduplicated_words():
    assert query_terms("Wi-Fi lento? wifi LENTO") == ["wi", "fi", "lento", "wifi"]


def test_fts5_query_quotes_every_term():
    # An injected FTS5 operator is just a word, and a quote cannot break out.
    assert fts5_match(["near", 'a"b', "or"]) == '"near" OR "a""b" OR "or"'


def test_stopwords_dropped_only_when_asked_and_never_to_nothing():
    assert query_terms("how do I reset the router", drop_stopwords=True) == ["reset", "router"]
    assert query_terms("come si fa", drop_stopwords=True) == ["fa"]
    assert query_terms("what is it", drop_stopwords=True) == ["what", "is", "it"]
    assert "how" in query_terms("how do I reset the router")


def test_long_queries_are_capped():
    assert len(query_terms(" ".join(f"t{i}" for i in range(200)))) == MAX_TERMS

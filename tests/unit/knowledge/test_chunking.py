from __future__ import annotations

import itertools

import pytest

from frontdesk.knowledge.chunking import chunk_document, split_words
from frontdesk.knowledge.model import ParsedDocument, Section


def words(n: int, start: int = 0) -> str:
    return " ".join(f"w{i}" for i in range(start, start + n))


def test_windows_overlap_by_exactly_the_overlap():
    pieces = list(split_words(words(25), words=10, overlap=3))
    assert [p.split()[0] for p in pieces] == ["w0", "w7", "w14", "w21"]
    for before, after in itertools.pairwise(pieces):
        assert before.split()[-3:] == after.split()[:3]
    assert pieces[-1].split()[-1] == "w24"
    assert all(len(p.split()) <= 10 for p in pieces)


def test_a_short_text_is_one_window_and_empty_text_none():
    assert list(split_words("just a few words", words=10, overlap=3)) == ["just a few words"]
    assert list(split_words("   \n ", words=10, overlap=3)) == []


def test_windows_end_at_a_sentence_when_one_is_near():
    text = "one two three four five six seven. eight nine ten eleven twelve"
    first = next(split_words(text, words=8, overlap=2))
    assert first.endswith("seven.")


def test_original_formatting_is_kept():
    text = "- item one\n- item two\n\n**bold** end"
    assert list(split_words(text, words=50, overlap=5)) == [text]


@pytest.mark.parametrize(("size", "overlap"), [(0, 0), (10, 10), (10, -1)])
def test_bad_window_settings(size, overlap):
    with pytest.raises(ValueError, match="overlap"):
        list(split_words("a b c", words=size, overlap=overlap))


def test_chunks_never_cross_sections_and_keep_heading_and_anchor():
    document = ParsedDocument(
        title="Router",
        language="en",
        sections=(
            Section("Router", "", words(12)),
            Section("Reset", "reset", words(5, start=100), language=None),
            Section("Reinicio", "reinicio", "Desenchufa el router.", language="es"),
        ),
        metadata={},
    )
    chunks = chunk_document(document, words=10, overlap=2)
    assert [(c.ordinal, c.heading, c.anchor) for c in chunks] == [
        (0, "Router", ""),
        (1, "Router", ""),
        (2, "Reset", "reset"),
        (3, "Reinicio", "reinicio"),
    ]
    assert chunks[2].text == words(5, start=100)  # not glued to the previous section
    assert [c.language for c in chunks] == ["en", "en", "en", "es"]
    # Embedded text carries the context; stored text does not; no doubled title.
    assert chunks[2].embed_text == f"Router\nReset\n{chunks[2].text}"
    assert chunks[0].embed_text == f"Router\n{chunks[0].text}"

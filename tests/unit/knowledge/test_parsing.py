"""Parsers on small files written into tmp_path, read back as bytes like ingestion does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontdesk.kit.errors import ConfigError, UnsupportedDocument
from frontdesk.knowledge.model import ParsedDocument
from frontdesk.knowledge.parsing import DocumentFormat, ParserRegistry, default_parsers


@pytest.fixture(scope="module")
def parsers() -> ParserRegistry:
    return default_parsers()


def parse(parsers: ParserRegistry, tmp_path: Path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    fmt, document = parsers.parse(path.read_bytes(), name)
    return fmt.name, document


MARKDOWN = """---
title: Restablecer el router
lang: es
topic: router
---

Texto de introducción.

# Restablecer el router

Cómo reiniciar o restablecer.

## Reinicio

Desenchufa el router.

```sh
# esto no es un título
```

### Con la app

Pulsa **Reiniciar**.

## Reinicio

Segunda sección con el mismo título.
"""


def test_markdown_front_matter_sections_and_anchors(parsers, tmp_path):
    fmt, doc = parse(parsers, tmp_path, "router.md", MARKDOWN)
    assert fmt == "markdown"
    assert doc.title == "Restablecer el router"
    assert doc.language == "es"
    assert doc.metadata["topic"] == "router"
    headings = [s.heading for s in doc.sections]
    assert headings == [
        "Restablecer el router",  # text before the first heading
        "Restablecer el router",
        "Reinicio",
        "Reinicio › Con la app",  # a sub-section carries its parent
        "Reinicio",
    ]
    anchors = [s.anchor for s in doc.sections]
    assert anchors == ["", "restablecer-el-router", "reinicio", "con-la-app", "reinicio-1"]
    # The fenced "# esto no es un título" stays inside its section as code.
    assert "# esto no es un título" in doc.sections[2].text


def test_markdown_title_falls_back_to_h1_then_file_name(parsers, tmp_path):
    _, doc = parse(parsers, tmp_path, "a.md", "# Il titolo\n\nTesto del documento qui.\n")
    assert doc.title == "Il titolo"
    _, doc = parse(parsers, tmp_path, "wifi-lento-it.md", "Solo testo senza titoli.\n")
    assert doc.title == "Wifi lento"
    assert doc.language == "it"  # from the -it suffix


def test_markdown_that_is_not_utf8_names_the_file(parsers, tmp_path):
    with pytest.raises(UnsupportedDocument) as caught:
        parse(parsers, tmp_path, "latin1.md", "# Perché\n\nÈ così.\n".encode("latin-1"))
    assert "latin1.md" in caught.value.message
    assert "UTF-8" in caught.value.message


def test_markdown_with_broken_front_matter(parsers, tmp_path):
    with pytest.raises(UnsupportedDocument, match=r"bad\.md: front matter is not valid YAML"):
        parse(parsers, tmp_path, "bad.md", "---\ntitle: [unclosed\n---\n# X\n\ntext\n")
    with pytest.raises(UnsupportedDocument, match="never ends"):
        parse(parsers, tmp_path, "open.md", "---\ntitle: x\n# X\n")


@pytest.mark.parametrize("name", ["empty.md", "empty.txt", "empty.html", "empty.csv", "empty.json"])
def test_an_empty_file_is_refused_not_indexed(parsers, tmp_path, name):
    with pytest.raises(UnsupportedDocument, match=rf"{name}: has no text"):
        parse(parsers, tmp_path, name, b"")


HTML = """<!doctype html>
<html lang="it-IT"><head>
  <title>Spie del router</title>
  <meta name="topic" content="modem-lights">
  <style>body { color: red }</style>
</head><body>
  <nav><a href="/">Home</a> menu di navigazione</nav>
  <h1>Spie del router</h1>
  <p>Il router ha <strong>sei</strong> spie.</p>
  <h2 id="power">Spia Power</h2>
  <ul><li>Spenta: nessuna corrente.</li><li>Verde: tutto bene.</li></ul>
  <h3>Rossa</h3>
  <p>Guasto hardware.</p>
  <table><tr><th>Colore</th><th>Significato</th></tr><tr><td>Blu</td><td>WPS</td></tr></table>
  <script>trackUser()</script>
</body></html>
"""


def test_html_metadata_sections_and_stripping(parsers, tmp_path):
    fmt, doc = parse(parsers, tmp_path, "spie.html", HTML)
    assert fmt == "html"
    assert (doc.title, doc.language, doc.metadata["topic"]) == (
        "Spie del router",
        "it",
        "modem-lights",
    )
    assert [s.heading for s in doc.sections] == [
        "Spie del router",
        "Spia Power",
        "Spia Power › Rossa",
    ]
    assert [s.anchor for s in doc.sections] == ["spie-del-router", "power", "rossa"]
    assert doc.sections[0].text == "Il router ha sei spie."
    assert doc.sections[1].text == "- Spenta: nessuna corrente.\n- Verde: tutto bene."
    assert "Colore | Significato\nBlu | WPS" in doc.sections[2].text
    everything = " ".join(s.text for s in doc.sections)
    assert "menu di navigazione" not in everything
    assert "trackUser" not in everything and "color: red" not in everything


def make_pdf(pages: list[str], title: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def test_pdf_pages_become_sections(parsers, tmp_path):
    data = make_pdf(["Router guide first page.", "Reset: hold the button ten seconds."], "Guide")
    fmt, doc = parse(parsers, tmp_path, "guide-en.pdf", data)
    assert fmt == "pdf"
    assert doc.title == "Guide"
    assert doc.language == "en"
    assert [s.anchor for s in doc.sections] == ["page=1", "page=2"]
    assert "hold the button" in doc.sections[1].text


def test_a_file_named_pdf_that_is_not_a_pdf(parsers, tmp_path):
    with pytest.raises(UnsupportedDocument) as caught:
        parse(parsers, tmp_path, "fake.pdf", b"<html>this is not a pdf</html>")
    assert caught.value.message.startswith("fake.pdf: ")
    assert caught.value.details == {"path": "fake.pdf"}


def test_a_truncated_pdf_is_refused_not_crashed(parsers, tmp_path):
    data = make_pdf(["Some text."])[:300]
    with pytest.raises(UnsupportedDocument, match=r"cut\.pdf: "):
        parse(parsers, tmp_path, "cut.pdf", data)


def test_plain_text_first_line_is_title(parsers, tmp_path):
    fmt, doc = parse(
        parsers, tmp_path, "orari.txt", "\n\nOrari dei negozi\n\nAperti dalle 9 alle 20.\n"
    )
    assert fmt == "text"
    assert doc.title == "Orari dei negozi"
    assert doc.sections[0].text == "Aperti dalle 9 alle 20."


def test_faq_csv_rows_with_their_own_language(parsers, tmp_path):
    content = (
        "question;answer;lang;topic\n"
        "¿Cuánto cuesta el roaming?;Es gratis en la UE.;es;roaming\n"
        "Quanto costa il roaming?;È gratis nella UE.;it;roaming\n"
        ";;;\n"
    )
    fmt, doc = parse(parsers, tmp_path, "faq.csv", content)
    assert fmt == "faq-csv"
    assert [(s.heading, s.language) for s in doc.sections] == [
        ("¿Cuánto cuesta el roaming?", "es"),
        ("Quanto costa il roaming?", "it"),
    ]
    assert doc.metadata == {"topic": "roaming"}
    assert doc.language in ("it", "es")  # a mix: detected, each row keeps its own


def test_faq_csv_errors_name_the_file_and_line(parsers, tmp_path):
    with pytest.raises(UnsupportedDocument, match=r"faq\.csv: CSV header lacks column\(s\) answer"):
        parse(parsers, tmp_path, "faq.csv", "question,lang\nhello,en\n")
    with pytest.raises(UnsupportedDocument, match=r"line 3: both question and answer"):
        parse(parsers, tmp_path, "faq.csv", "question,answer\nq1,a1\nq2,\n")


def test_faq_json(parsers, tmp_path):
    items = [
        {"question": "How much is roaming?", "answer": "Free in the EU.", "lang": "en"},
        {"question": "Can I keep my number?", "answer": "Yes.", "lang": "en", "topic": "port"},
    ]
    fmt, doc = parse(parsers, tmp_path, "faq.json", json.dumps(items))
    assert fmt == "faq-json"
    assert doc.language == "en"
    assert [s.anchor for s in doc.sections] == ["how-much-is-roaming", "can-i-keep-my-number"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "invalid JSON at line 1"),
        ('{"question": "q", "answer": "a"}', "must be a list"),
        ('["just a string"]', "item 0 is not an object"),
        ('[{"question": "q"}]', "item 0: both question and answer"),
    ],
)
def test_faq_json_errors(parsers, tmp_path, content, problem):
    with pytest.raises(UnsupportedDocument, match=problem):
        parse(parsers, tmp_path, "faq.json", content)


def test_language_is_detected_when_not_declared(parsers, tmp_path):
    _, doc = parse(
        parsers,
        tmp_path,
        "notes.txt",
        "Note\n\nPer disattivare la segreteria telefonica chiama il numero gratuito e "
        "segui le istruzioni della voce guida.",
    )
    assert doc.language == "it"


def test_registry_refuses_unknown_types_and_double_claims(parsers):
    with pytest.raises(UnsupportedDocument, match=r"x\.docx: no parser"):
        parsers.parse(b"data", "x.docx")

    def fake(data: bytes, name: str) -> ParsedDocument:
        raise AssertionError

    registry = ParserRegistry([DocumentFormat("a", (".md",), fake)])
    with pytest.raises(ConfigError, match=r"\.md is claimed by a and b"):
        registry.register(DocumentFormat("b", (".md",), fake))

"""Render the UnaEmpresa PDF knowledge documents.

The demo ships the generated PDFs in ``examples/unaempresa/knowledge/`` so nothing has
to be run; this script exists to regenerate them after editing a source file.

Sources live in ``tools/pdf_sources/<topic>-<lang>.md`` and use a tiny Markdown subset:

    # Title              (first line, document title)
    ## Section / ### Subsection
    - bullet item
    1. numbered item
    blank-line separated paragraphs

Usage (from the repository root):

    .venv/bin/python examples/unaempresa/tools/make_pdfs.py [--check]

``--check`` re-extracts the text of every PDF with pypdf and verifies that each
heading and a sample of accented words survived the round trip.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "pdf_sources"
OUTPUT = HERE.parent / "knowledge"

# A TrueType font gives us the euro sign and every accented letter. If DejaVu is not
# installed we fall back to the core Helvetica font (latin-1 only, "€" becomes "EUR").
TTF_CANDIDATES = [
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
    (
        Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
        Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ),
]

FOOTER = {
    "it": "UnaEmpresa Telecom · Servizio clienti 900 000 000 · Pagina {page}",
    "es": "UnaEmpresa Telecom · Atención al cliente 900 000 000 · Página {page}",
    "en": "UnaEmpresa Telecom · Customer service 900 000 000 · Page {page}",
}

# Fixed date so regenerating an unchanged source gives a byte-identical PDF.
CREATION_DATE = dt.datetime(2025, 1, 15, 9, 0, 0, tzinfo=dt.timezone.utc)

NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")


class HelpCentrePDF(FPDF):
    def __init__(self, lang: str) -> None:
        super().__init__(format="A4")
        self.lang_code = lang
        self.family, self.core = pick_font(self)
        self.set_margins(22, 20, 22)
        self.set_auto_page_break(auto=True, margin=22)

    def clean(self, text: str) -> str:
        if self.core:
            text = text.replace("€", "EUR").replace("·", "-")
        return text

    def header(self) -> None:
        self.set_font(self.family, "B", 9)
        self.set_text_color(0, 94, 132)
        self.cell(0, 6, "UnaEmpresa Telecom", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.set_draw_color(0, 94, 132)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(self.family, "", 8)
        self.set_text_color(110, 110, 110)
        text = FOOTER[self.lang_code].format(page=self.page_no())
        self.cell(0, 8, self.clean(text), align="C")
        self.set_text_color(0, 0, 0)


def pick_font(pdf: FPDF) -> tuple[str, bool]:
    for regular, bold in TTF_CANDIDATES:
        if regular.exists() and bold.exists():
            pdf.add_font("Body", "", str(regular))
            pdf.add_font("Body", "B", str(bold))
            return "Body", False
    return "Helvetica", True


def render(source: Path, target: Path) -> list[str]:
    """Render one source file; return its headings (for the round-trip check)."""
    lang = source.stem.rsplit("-", 1)[-1]
    lines = source.read_text(encoding="utf-8").splitlines()
    title = lines[0].lstrip("# ").strip()

    pdf = HelpCentrePDF(lang)
    family, core = pdf.family, pdf.core
    pdf.set_title(title)
    pdf.set_author("UnaEmpresa Telecom")
    pdf.set_subject(source.stem.rsplit("-", 1)[0])
    pdf.set_creator("examples/unaempresa/tools/make_pdfs.py")
    pdf.set_lang(lang)
    pdf.set_creation_date(CREATION_DATE)
    pdf.add_page()

    headings = [title]
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font(family, "B", 20)
    pdf.set_text_color(0, 94, 132)
    pdf.multi_cell(width, 10, pdf.clean(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)

    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            pdf.set_font(family, "", 11)
            pdf.multi_cell(width, 6, pdf.clean(" ".join(paragraph)), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            pdf.ln(3)
            paragraph.clear()

    def item(marker: str, text: str) -> None:
        pdf.set_font(family, "", 11)
        pdf.set_x(pdf.l_margin + 4)
        pdf.cell(7, 6, marker)
        pdf.multi_cell(width - 11, 6, pdf.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.ln(1)

    for raw in lines[1:]:
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("### "):
            flush()
            headings.append(line[4:])
            pdf.ln(1)
            pdf.set_font(family, "B", 12)
            pdf.multi_cell(width, 7, pdf.clean(line[4:]), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            pdf.ln(1)
        elif line.startswith("## "):
            flush()
            headings.append(line[3:])
            pdf.ln(3)
            pdf.set_font(family, "B", 14)
            pdf.set_text_color(0, 94, 132)
            pdf.multi_cell(width, 8, pdf.clean(line[3:]), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            pdf.set_text_color(0, 0, 0)
            pdf.ln(2)
        elif line.startswith("- "):
            flush()
            item("•" if not core else "-", line[2:])
        elif match := NUMBERED.match(line):
            flush()
            item(f"{match.group(1)}.", match.group(2))
        else:
            paragraph.append(line)
    flush()

    target.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(target))
    return headings


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check(target: Path, headings: list[str]) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(str(target))
    text = normalise("\n".join(page.extract_text() or "" for page in reader.pages))
    problems = []
    if len(reader.pages) < 2:
        problems.append(f"{target.name}: only {len(reader.pages)} page(s)")
    for heading in headings:
        if normalise(heading) not in text:
            problems.append(f"{target.name}: heading not extracted: {heading!r}")
    for word in re.findall(r"\b\w*[àèéìòùñáíóúÀÈÉÌÒÙÑ]\w*\b", " ".join(headings)):
        if word not in text:
            problems.append(f"{target.name}: accented word lost: {word!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the text extracts back with pypdf")
    args = parser.parse_args()

    sources = sorted(SOURCES.glob("*.md"))
    if not sources:
        print(f"no sources in {SOURCES}", file=sys.stderr)
        return 1
    problems: list[str] = []
    for source in sources:
        target = OUTPUT / f"{source.stem}.pdf"
        headings = render(source, target)
        print(f"wrote {target.relative_to(HERE.parent.parent.parent)}")
        if args.check:
            problems += check(target, headings)
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

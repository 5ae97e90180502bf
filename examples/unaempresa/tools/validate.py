"""Sanity checks for the UnaEmpresa demo tenant.

    .venv/bin/python examples/unaempresa/tools/validate.py

Checks that tenant.yaml, every knowledge file and evals/questions.yaml load; that each
document has its metadata (front matter, <html lang>, meta topic, PDF text); that document
sizes stay in the 250-900 word range; that every topic exists in it/es/en; and that each
answerable question's expected_source exists and contains its must_mention facts verbatim.
Exits non-zero on any problem.
"""

from __future__ import annotations

import csv
import html
import json
import re
import sys
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import yaml
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
LANGS = ("it", "es", "en")
NAME = re.compile(r"^(?P<topic>[a-z0-9-]+)-(?P<lang>it|es|en)\.(?P<ext>md|html|txt|pdf)$")

problems: list[str] = []


def problem(msg: str) -> None:
    problems.append(msg)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.lang = None
        self.topic = None
        self.title = None
        self._in_title = False
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "meta" and a.get("name") == "topic":
            self.topic = a.get("content")
        self._in_title = tag == "title"
        if tag in {"p", "li", "h1", "h2", "h3", "td", "th", "tr"}:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in {"p", "li", "h1", "h2", "h3", "td", "th", "tr"}:
            self.parts.append(" ")

    def handle_data(self, data):
        if self._in_title:
            self.title = data.strip()
        self.parts.append(data)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def document_text(path: Path) -> str:
    """Plain text of a knowledge document, as a reader would see it."""
    ext = path.suffix
    raw = path.read_text(encoding="utf-8") if ext != ".pdf" else ""
    if ext == ".md":
        m = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S)
        if not m:
            problem(f"{path.name}: missing YAML front matter")
            return norm(raw)
        meta = yaml.safe_load(m.group(1)) or {}
        stem = NAME.match(path.name)
        for key in ("title", "lang", "topic"):
            if not meta.get(key):
                problem(f"{path.name}: front matter lacks {key}")
        if stem and (meta.get("lang") != stem["lang"] or meta.get("topic") != stem["topic"]):
            problem(f"{path.name}: front matter lang/topic disagree with the file name")
        if "\n## " not in m.group(2):
            problem(f"{path.name}: no ## headings")
        return norm(m.group(2).replace("**", ""))
    if ext == ".html":
        parser = _Text()
        parser.feed(raw)
        stem = NAME.match(path.name)
        if stem and parser.lang != stem["lang"]:
            problem(f"{path.name}: <html lang> is {parser.lang!r}")
        if stem and parser.topic != stem["topic"]:
            problem(f"{path.name}: meta topic is {parser.topic!r}")
        if not parser.title or not parser.tags["h1"] or not parser.tags["h2"]:
            problem(f"{path.name}: needs <title>, <h1> and <h2>")
        return norm(html.unescape("".join(parser.parts)))
    if ext == ".txt":
        first = raw.splitlines()[0].strip() if raw else ""
        if not first:
            problem(f"{path.name}: first line must be the title")
        return norm(raw)
    if ext == ".pdf":
        reader = PdfReader(str(path))
        if len(reader.pages) < 2:
            problem(f"{path.name}: expected a multi-page PDF")
        return norm("\n".join(page.extract_text() or "" for page in reader.pages))
    raise ValueError(path)


def main() -> int:
    tenant = yaml.safe_load((ROOT / "tenant.yaml").read_text(encoding="utf-8"))
    for key in ("id", "name", "languages", "default_language", "knowledge", "support"):
        if key not in tenant:
            problem(f"tenant.yaml: missing {key}")

    texts: dict[str, str] = {}
    by_format: Counter[str] = Counter()
    by_lang: Counter[str] = Counter()
    topics: dict[str, set[str]] = defaultdict(set)

    for path in sorted(KNOWLEDGE.iterdir()):
        if path.name == "README.md":
            continue
        if path.name.startswith("faq-"):
            if path.suffix == ".csv":
                with path.open(encoding="utf-8", newline="") as f:
                    rows = list(csv.DictReader(f))
            elif path.suffix == ".json":
                rows = json.loads(path.read_text(encoding="utf-8"))
            else:
                problem(f"{path.name}: unexpected FAQ format")
                continue
            if len(rows) < 20:
                problem(f"{path.name}: only {len(rows)} Q/A pairs")
            for i, row in enumerate(rows):
                if set(row) != {"question", "answer", "lang", "topic"} or row["lang"] not in LANGS:
                    problem(f"{path.name}: row {i} malformed: {row}")
            by_format[path.suffix.lstrip(".")] += 1
            texts[path.name] = norm(" ".join(r["question"] + " " + r["answer"] for r in rows))
            print(f"  {path.name:40s} {len(rows):3d} Q/A  " + str(dict(Counter(r['lang'] for r in rows))))
            continue
        m = NAME.match(path.name)
        if not m:
            problem(f"{path.name}: name is not <topic>-<lang>.<ext>")
            continue
        text = document_text(path)
        texts[path.name] = text
        words = len(text.split())
        if not 250 <= words <= 900:
            problem(f"{path.name}: {words} words (want 250-900)")
        placeholder = re.search(r"(?i:lorem|ipsum|\[insert)|\b(?:TODO|TBD|XXX|FIXME)\b", text)
        if placeholder:
            problem(f"{path.name}: placeholder text {placeholder.group(0)!r}")
        by_format[m["ext"]] += 1
        by_lang[m["lang"]] += 1
        topics[m["topic"]].add(m["lang"])

    for topic, langs in sorted(topics.items()):
        if set(langs) != set(LANGS):
            problem(f"topic {topic}: languages {sorted(langs)}")

    data = yaml.safe_load((ROOT / "evals" / "questions.yaml").read_text(encoding="utf-8"))
    questions = data["questions"]
    ids = [q["id"] for q in questions]
    if len(ids) != len(set(ids)):
        problem("questions.yaml: duplicate ids")
    tally: Counter[tuple[str, bool]] = Counter()
    for q in questions:
        tally[(q["lang"], q["answerable"])] += 1
        if q["answerable"]:
            src = q.get("expected_source")
            if src not in texts:
                problem(f"{q['id']}: expected_source {src!r} does not exist")
                continue
            mentions = q.get("must_mention") or []
            if not 1 <= len(mentions) <= 2:
                problem(f"{q['id']}: must_mention should list 1-2 facts")
            for fact in mentions:
                if norm(fact) not in texts[src]:
                    problem(f"{q['id']}: {fact!r} not found verbatim in {src}")
        elif "expected_source" in q or "must_mention" in q:
            problem(f"{q['id']}: unanswerable question with a source")

    print()
    print("knowledge documents by format:", dict(by_format))
    print("knowledge documents by language (FAQ files excluded):", dict(by_lang))
    print("topics:", len(topics))
    print("questions:", {f"{lang}/{'answerable' if a else 'unanswerable'}": n for (lang, a), n in sorted(tally.items())})
    for msg in problems:
        print("PROBLEM:", msg)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

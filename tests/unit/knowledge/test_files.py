from __future__ import annotations

from frontdesk.knowledge.files import walk
from frontdesk.knowledge.parsing import default_parsers


def test_walk_keeps_knowledge_and_says_why_it_skips_the_rest(tmp_path):
    (tmp_path / "kb" / "sub").mkdir(parents=True)
    (tmp_path / "kb" / ".git").mkdir()
    for name in ("kb/a.md", "kb/sub/b.html", "kb/README.md", "kb/.draft.md", "kb/c.docx",
                 "kb/.git/config.md"):  # fmt: skip
        (tmp_path / name).write_text("x")
    files, skipped = walk(tmp_path, tmp_path / "kb", default_parsers())
    assert [f.uri for f in files] == ["kb/a.md", "kb/sub/b.html"]
    assert {s.path: s.reason for s in skipped} == {
        "kb/.draft.md": "hidden file",
        "kb/README.md": "README (documentation, not knowledge)",
        "kb/c.docx": "unsupported file type .docx",
    }


def test_reading_gives_bytes_and_sha256(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"abc")
    files, _ = walk(tmp_path, tmp_path, default_parsers())
    data, digest = files[0].read()
    assert data == b"abc"
    assert digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

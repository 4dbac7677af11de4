"""Reading files: encodings, line endings, markup, and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from copyhound.errors import InputError
from copyhound.read.documents import expand_paths, read_document


def test_utf8_bom_is_dropped_and_crlf_kept(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbfOne line.\r\nTwo \xe2\x80\x9cquoted\xe2\x80\x9d.\r\n")
    doc = read_document(p)
    assert doc.text == "One line.\r\nTwo “quoted”.\r\n"
    assert doc.encoding == "utf-8-sig"
    assert doc.text[11:14] == "Two"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encodings_are_detected(tmp_path: Path, encoding: str):
    text = (
        "Le président a déclaré à la presse que la réforme était nécessaire. "
        "Über die Brücke gingen viele Leute, während es regnete. "
    ) * 3
    if encoding == "cp1252":
        text += "“Curly quotes” and an em dash — and the euro sign €."
    p = tmp_path / "legacy.txt"
    p.write_bytes(text.encode(encoding))
    assert read_document(p).text == text


def test_utf16_with_bom(tmp_path: Path):
    p = tmp_path / "u16.txt"
    p.write_bytes("Ünïcödé text".encode("utf-16"))
    assert read_document(p).text == "Ünïcödé text"


def test_markdown_is_recognised_by_content_and_masked(tmp_path: Path):
    p = tmp_path / "article.txt"
    p.write_text("# Title\n\nHe [announced](https://x.org/a) it.\n", encoding="utf-8")
    doc = read_document(p)
    assert doc.format == "markdown"
    assert doc.text.startswith("# Title")
    assert "x.org" not in doc.match_text and len(doc.match_text) == len(doc.text)


def test_plain_text_stays_plain(tmp_path: Path):
    p = tmp_path / "plain.txt"
    p.write_text("Nothing [special] here (really).\n", encoding="utf-8")
    assert read_document(p).format == "text"


def test_empty_file_reads_as_empty_document(tmp_path: Path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert read_document(p).text == ""


def test_missing_file(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_binary_file_is_refused(tmp_path: Path):
    p = tmp_path / "blob.txt"
    p.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError, match="binary"):
        read_document(p)


def test_folder_given_as_file(tmp_path: Path):
    with pytest.raises(InputError, match="is a folder"):
        read_document(tmp_path)


def test_size_limit(tmp_path: Path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"word " * 3000)
    with pytest.raises(InputError, match=r"over the .* limit \(raise it with --max-size\)"):
        read_document(p, max_bytes=10_000)


def test_folder_expansion(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("b", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("h", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.txt", "b.md"]


def test_folder_without_text_files(tmp_path: Path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(InputError, match="holds no text files"):
        expand_paths([tmp_path])


def test_markdown_needs_two_signs_and_plain_text_is_not_scanned_for_them():
    from copyhound.read.documents import _MD_SIGNS, looks_like_markdown

    cases = {
        b"Plain prose, no brackets, no hashes at all.\n" * 50: False,
        b"One [link](http://x) only.\n": False,
        b"# Title\n\nSee [the source](http://x).\n": True,
        b"#hashtag and [brackets] but no sign\n#nospace\n": False,
        b"[a]: http://x\n[b]: http://y\n": True,
        b"   [ref]: http://x\n## Heading\n": True,
    }
    for data, want in cases.items():
        assert looks_like_markdown(data) is want, data
        # The same answer as counting every sign of the first 200,000 bytes.
        assert (len(_MD_SIGNS.findall(data[:200_000])) >= 2) is want

"""Reading real document formats: same passages as the plain text, offsets into extracted text."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docmakers import (
    make_docx,
    make_encrypted_pdf,
    make_image_only_pdf,
    make_odt,
    make_pdf,
    make_rtf,
    odt_paragraphs,
)

from copyhound import compare
from copyhound.errors import InputError
from copyhound.read.documents import detect_format, read_bytes, read_document
from copyhound.read.formats import pdf as pdf_format
from copyhound.read.formats import zipsafe
from copyhound.report.verdicts import verdict_of


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def txt_report(founding_pair):
    essay, article = founding_pair
    return compare(essay, [article])


@pytest.mark.parametrize(
    "maker",
    [make_docx, make_pdf, make_rtf, lambda t, p: make_odt(odt_paragraphs(t), p)],
    ids=["docx", "pdf", "rtf", "odt"],
)
def test_founding_essay_in_a_real_format_gives_the_txt_passages(
    founding_pair, txt_report, tmp_path, maker
):
    essay, article = founding_pair
    ext = {"make_docx": "docx", "make_pdf": "pdf", "make_rtf": "rtf"}.get(
        getattr(maker, "__name__", ""), "odt"
    )
    doc_path = maker(essay.read_text(encoding="utf-8"), tmp_path / f"essay.{ext}")
    report = compare(doc_path, [article])
    assert report.suspect.format == ext
    assert len(report.matches) == len(txt_report.matches) >= 3
    for got, want in zip(report.matches, txt_report.matches, strict=True):
        assert got.source_span == want.source_span
        assert got.kind == want.kind
        assert verdict_of(got) == verdict_of(want)  # quoted / attributed survive the format
        # Offsets point into the extracted text, and cover the same words as in the .txt.
        assert squash(report.suspect.slice(got.suspect)) == squash(
            txt_report.suspect.slice(want.suspect)
        )


def test_pdf_locations_name_the_page(tmp_path, founding_pair):
    text = founding_pair[0].read_text(encoding="utf-8")
    doc = read_document(make_pdf(text, tmp_path / "long.pdf", repeat=4))
    assert doc.metadata["pages"] >= 3
    marker = "Behind the doors"
    offsets = [m.start() for m in re.finditer(marker, doc.text)]
    pages = [doc.locations.place(o).number for o in offsets]
    assert pages[0] == 1 and pages[-1] >= 3 and pages == sorted(pages)
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(tmp_path / "long.pdf"))
    for number in pages:  # the page named really holds the words, as PDFium reads that page
        assert marker in pdf[number - 1].get_textpage().get_text_range()
    last = doc.locations.place(offsets[-1])
    page_start = offsets[-1] - last.char
    assert doc.text[page_start - 2 : page_start] == "\n\n"  # pages are separate blocks
    assert doc.locations.describe(offsets[-1]) == f"page {last.number}"


def test_pdf_joins_words_broken_across_lines(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "hyphen.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 720, "Detecting text re-")
    c.drawString(72, 705, "use is hard; the Anglo-")
    c.drawString(72, 690, "Saxon word stays whole.")
    c.save()
    text = read_document(path).text
    assert "text reuse is hard" in text
    assert "Anglo-Saxon" in text  # a capital after the break: a real hyphen, kept


def test_reflow_joins_full_lines_and_keeps_paragraph_ends():
    full = "a line of text that fills the whole width of the page"
    text = "\n".join([full, full, "short last line.", full, full, "end."])
    assert pdf_format.reflow(text) == (f"{full} {full} short last line.\n{full} {full} end.")
    assert pdf_format.reflow("two\nshort lines") == "two\nshort lines"  # too few to judge


def test_pdf_white_transparent_and_tiny_letters_are_left_out(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "evasion.pdf"
    c = canvas.Canvas(str(path))
    x = 72.0
    pieces = [("Detecting ", "ink"), ("zz", "white"), (" text", "ink"), ("qq", "tiny")]
    pieces += [(" re", "ink"), ("ww", "clear"), ("use.", "ink")]
    for word, how in pieces:
        c.setFont("Helvetica", 0.5 if how == "tiny" else 12)
        c.setFillColorRGB(*((1, 1, 1) if how == "white" else (0, 0, 0)))
        c.setFillAlpha(0 if how == "clear" else 1)
        c.drawString(x, 720, word)
        x += c.stringWidth(word, "Helvetica", 0.5 if how == "tiny" else 12)
    c.save()
    doc = read_document(path)
    assert " ".join(doc.text.split()) == "Detecting text reuse."
    assert doc.metadata["hidden_chars"] == 6


def test_pdf_invisible_ocr_layer_is_kept(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "ocr.pdf"
    c = canvas.Canvas(str(path))
    text = c.beginText(72, 720)
    text.setTextRenderMode(3)  # how OCR tools lay the recognised text over a scan
    text.textLine("Recognised words of a scanned page.")
    c.drawText(text)
    c.save()
    doc = read_document(path)
    assert doc.text == "Recognised words of a scanned page."
    assert doc.metadata["hidden_chars"] == 0


def test_page_text_rules():
    assert pdf_format.page_text("co-\r\noperate\r\nnext") == "cooperate\nnext"
    assert pdf_format.page_text("1990-\n2000") == "1990-\n2000"
    assert pdf_format.page_text("re\ufffeuse, Anglo\ufffeSaxon") == "reuse, Anglo-Saxon"
    assert pdf_format.page_text("bad\x01char") == "bad char"


def test_docx_headings_tables_and_footnotes(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Reuse in essays", level=1)
    d.add_paragraph("The first paragraph of prose.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "cell one", "cell two"
    table.cell(1, 0).text = "second row"
    d.add_paragraph("After the table.")
    path = add_footnote(d, tmp_path / "rich.docx", "A footnote citing the source.")
    doc = read_document(path)
    assert doc.text == (
        "Reuse in essays\n\nThe first paragraph of prose.\n\ncell one\tcell two\nsecond row\t\n\n"
        "After the table.\n\nA footnote citing the source."
    )
    at = doc.locations.place
    assert at(doc.text.index("Reuse")).unit == "heading"
    assert at(doc.text.index("first")).describe() == "paragraph 2"
    assert at(doc.text.index("second row")).describe() == "table 1"
    assert at(doc.text.index("After")).describe() == "paragraph 3"
    assert at(doc.text.index("citing")).describe() == "footnote 1"


def test_docx_content_controls_and_nested_tables_are_read(tmp_path):
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    d = docx.Document()
    wrapped = d.add_paragraph("Inside a content control.")
    sdt = etree.SubElement(d.element.body, qn("w:sdt"))
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    wrapped._p.addprevious(sdt)
    content.append(wrapped._p)  # moved into the control, where iter_inner_content misses it
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "outer cell"
    inner = outer.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "nested cell"
    d.add_paragraph("Last.")
    d.save(tmp_path / "sdt.docx")
    doc = read_document(tmp_path / "sdt.docx")
    assert doc.text == "Inside a content control.\n\nouter cell\tnested cell\n\nLast."


def test_docx_hidden_white_and_tiny_letters_are_left_out(tmp_path):
    import docx
    from docx.shared import Pt, RGBColor

    d = docx.Document()
    p = d.add_paragraph()
    sentence = "the copied sentence reads as the reader sees it"
    for word in sentence.split(" "):
        p.add_run(word)
        junk = p.add_run("x")
        kind = len(p.runs) % 3
        if kind == 0:
            junk.font.hidden = True
        elif kind == 1:
            junk.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        else:
            junk.font.size = Pt(1)
        p.add_run(" ")
    visible = p.add_run("Visible.")
    visible.font.hidden = False  # an explicit "not hidden" stays
    doc = read_document(d.save(tmp_path / "evasion.docx") or tmp_path / "evasion.docx")
    assert doc.text == sentence + " Visible."
    assert doc.metadata["hidden_chars"] == 9  # one junk letter after each word


def add_footnote(d, path: Path, note: str) -> Path:
    """Save ``d`` with a footnotes part (python-docx writes none itself)."""
    buf = io.BytesIO()
    d.save(buf)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    notes = (
        f'<w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>---</w:t></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    src = zipfile.ZipFile(buf)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            out.writestr(item, data)
        out.writestr("word/footnotes.xml", notes)
    return path


def test_html_keeps_main_text_and_drops_boilerplate():
    page = b"""<!DOCTYPE html><html><head><title>An article</title>
    <script>document.write('tracking')</script><style>p{color:red}</style></head>
    <body><nav><a href="/">Home</a> <a href="/about">About us</a></nav>
    <header>Daily Site</header><aside>Related stories</aside>
    <main><h1>The  headline</h1><p>First &amp; <em>only</em> paragraph,
    with &lt;script&gt;alert(1)&lt;/script&gt; as text.</p>
    <div hidden>hidden words</div><p style="display: none">invisible</p>
    <ul><li>one item</li><li>two items</li></ul></main>
    <footer>Copyright</footer></body></html>"""
    doc = read_bytes(page, "page.bin")
    assert doc.format == "html"
    assert doc.text == (
        "The headline\n\nFirst & only paragraph, with <script>alert(1)</script> as text.\n\n"
        "one item\n\ntwo items"
    )
    assert doc.metadata["title"] == "An article"
    assert doc.locations.place(doc.text.index("one item")).describe() == "paragraph 3"


def test_html_drops_chrome_named_by_class_or_id():
    page = b"""<html><body><div id="cookie-banner">We use cookies. Accept?</div>
    <div class="layout"><div class="sidebar_left">Popular: ten tips</div>
    <div class="content"><p>The real text of the page.</p>
    <div class="share-buttons">Share on everything</div>
    <section id="comments"><p>First!</p></section></div></div></body></html>"""
    assert read_bytes(page, "p.html").text == "The real text of the page."


def test_html_without_main_uses_the_largest_article():
    page = (
        "<html><body><article><p>short teaser</p></article><article><p>"
        + "the long body of the real story " * 10
        + "</p></article></body></html>"
    ).encode()
    doc = read_bytes(page, "x.html")
    assert doc.text.startswith("the long body") and "teaser" not in doc.text


def test_html_declared_charset_is_used():
    page = '<html><head><meta charset="windows-1252"></head><body><p>caf\xe9 “q”</p>'
    doc = read_bytes(page.encode("cp1252"), "p.htm")
    assert doc.text == "café “q”"


def test_odt_spaces_tables_and_notes(tmp_path):
    body = (
        '<text:h text:outline-level="1">Title</text:h>'
        '<text:p>two<text:s text:c="2"/>spaces<text:tab/>tab'
        "<text:note><text:note-citation>1</text:note-citation><text:note-body>"
        "<text:p>The note.</text:p></text:note-body></text:note> end</text:p>"
        "<table:table><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell>"
        "<table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>"
    )
    doc = read_document(make_odt(body, tmp_path / "x.odt"))
    assert doc.text == "Title\n\ntwo  spaces\ttab end\n\na\tb\n\nThe note."
    assert doc.locations.describe(doc.text.index("The note")) == "footnote 1"


def test_encrypted_odt():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0">'
            '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
            "</manifest:file-entry></manifest:manifest>",
        )
        z.writestr("content.xml", b"\x93\x11 ciphertext")
    assert "encrypted" in error_of(buf.getvalue(), "secret.odt")


def test_rtf_unicode_escapes(tmp_path):
    doc = read_document(make_rtf("It’s “quoted”.\nSecond paragraph.", tmp_path / "x.rtf"))
    assert doc.text == "It’s “quoted”.\nSecond paragraph."
    assert doc.locations.describe(doc.text.index("Second")) == "paragraph 2"


def test_formats_are_chosen_by_content_not_name(tmp_path):
    docx_named_txt = make_docx("Some words in a Word file.", tmp_path / "a.docx")
    data = docx_named_txt.read_bytes()
    assert detect_format(data, "essay.txt") == "docx"
    assert read_bytes(data, "essay.txt").text == "Some words in a Word file."
    assert detect_format(b"%PDF-1.7\n...", "notes.txt") == "pdf"
    assert detect_format(b"{\\rtf1 hi}", "x") == "rtf"
    assert detect_format(b"plain words", "x.txt") == "text"


# --- bad input: a clear one-line error each ---------------------------------------------------


def error_of(data: bytes, name: str) -> str:
    with pytest.raises(InputError) as info:
        read_bytes(data, name)
    message = str(info.value)
    assert "\n" not in message and message.startswith(name)
    return message


def test_corrupt_docx():
    assert "not a valid Word document" in error_of(b"this is no zip at all", "a.docx")


def test_truncated_docx(tmp_path):
    data = make_docx("Some text here.", tmp_path / "a.docx").read_bytes()
    assert "not a valid Word document" in error_of(data[: len(data) // 2], "cut.docx")


def test_zip_that_is_no_word_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "word/document.xml is missing" in error_of(buf.getvalue(), "a.docx")


def test_encrypted_docx():
    # Word saves a password-protected .docx as an OLE compound file holding "EncryptedPackage".
    data = zipsafe.OLE_MAGIC + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64
    assert "encrypted" in error_of(data, "secret.docx")


def test_old_binary_doc():
    data = zipsafe.OLE_MAGIC + b"\0" * 100 + "WordDocument".encode("utf-16-le")
    assert "old binary Word document" in error_of(data, "old.doc")


def ratio_bomb() -> bytes:
    """A 4 MB part squeezed into a few kilobytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (4 * 1024 * 1024))
    return buf.getvalue()


def test_zip_bomb_docx_by_ratio():
    data = ratio_bomb()
    assert len(data) < 64 * 1024
    assert "zip bomb" in error_of(data, "bomb.docx")


def test_zip_bomb_docx_by_total_size(tmp_path, monkeypatch):
    data = make_docx("x " * 2000, tmp_path / "a.docx").read_bytes()
    monkeypatch.setattr(zipsafe, "MAX_UNCOMPRESSED", 10_000)
    assert "would unpack to" in error_of(data, "big.docx")


def test_pdf_without_text_layer(tmp_path):
    data = make_image_only_pdf(tmp_path / "scan.pdf").read_bytes()
    message = error_of(data, "scan.pdf")
    assert "no text layer" in message and "OCR" in message


def test_encrypted_pdf(tmp_path):
    data = make_encrypted_pdf("Secret words.", tmp_path / "locked.pdf").read_bytes()
    assert "encrypted" in error_of(data, "locked.pdf")


def test_corrupt_pdf():
    assert "damaged" in error_of(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage", "bad.pdf")
    assert "not a PDF" in error_of(b"plain words", "fake.pdf")


def test_cli_reports_a_broken_docx_in_one_line(tmp_path, capsys, founding_pair):
    from copyhound.cli import main

    bad = tmp_path / "essay.docx"
    bad.write_bytes(b"PK\x03\x04 broken beyond repair")
    with pytest.raises(SystemExit) as info:
        main(["check", str(bad), "--source", str(founding_pair[1])])
    assert info.value.code != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "essay.docx: not a valid Word document" in err


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("corrupt.docx", lambda p: b"PK\x03\x04" + b"\x00" * 50, "not a valid Word document"),
        (
            "locked.docx",
            lambda p: zipsafe.OLE_MAGIC + "EncryptedPackage".encode("utf-16-le"),
            "encrypted",
        ),
        ("bomb.docx", lambda p: ratio_bomb(), "zip bomb"),
        ("scan.pdf", lambda p: make_image_only_pdf(p / "scan.pdf").read_bytes(), "no text layer"),
        ("locked.pdf", lambda p: make_encrypted_pdf("x", p / "l.pdf").read_bytes(), "encrypted"),
    ],
)
def test_cli_bad_documents_one_line_exit_2(tmp_path, capsys, founding_pair, name, make, expected):
    from copyhound.cli import main

    bad = tmp_path / name
    bad.write_bytes(make(tmp_path))
    with pytest.raises(SystemExit) as info:
        main(["check", str(founding_pair[0]), "--source", str(bad)])
    captured = capsys.readouterr()
    assert info.value.code == 2
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith(f"copyhound: error: {bad}: ") and expected in captured.err

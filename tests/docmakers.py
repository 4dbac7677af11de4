"""Make real .docx, .pdf, .odt and .rtf files from plain text, for reader tests and benchmarks."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def make_docx(text: str, path: Path, heading: str | None = None) -> Path:
    import docx

    doc = docx.Document()
    if heading:
        doc.add_heading(heading, level=1)
    for p in paragraphs(text):
        doc.add_paragraph(p)
    doc.save(path)
    return path


def make_pdf(text: str, path: Path, repeat: int = 1) -> Path:
    """A PDF with a real text layer, wrapped and paginated by reportlab's layout engine."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    story = [Paragraph(escape(p), style) for _ in range(repeat) for p in paragraphs(text)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def make_image_only_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF of drawn shapes and no text at all, as a scan without OCR is."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for _ in range(pages):
        c.rect(50, 50, 400, 600, fill=1)
        c.showPage()
    c.save()
    return path


def make_encrypted_pdf(text: str, path: Path) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner")
    c = canvas.Canvas(str(path), encrypt=enc)
    c.drawString(72, 720, text[:80])
    c.showPage()
    c.save()
    return path


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">
<office:body><office:text>{body}</office:text></office:body></office:document-content>"""


def make_odt(body_xml: str, path: Path) -> Path:
    """An .odt whose office:text body is ``body_xml`` (text:p, text:h, table:table...)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        z.writestr("content.xml", ODT_CONTENT.format(body=body_xml), zipfile.ZIP_DEFLATED)
    path.write_bytes(buf.getvalue())
    return path


def odt_paragraphs(text: str) -> str:
    return "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs(text))


def rtf_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) > 127:
            out.append(f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?")
        else:
            out.append(ch)
    return "".join(out)


def make_rtf(text: str, path: Path) -> Path:
    body = "".join(f"{rtf_escape(p)}\\par\n" for p in paragraphs(text))
    path.write_text(
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n" + body + "}",
        encoding="ascii",
    )
    return path


def deflate_bomb(size: int, fill: bytes = b" ") -> bytes:
    """A zlib stream of ``size`` copies of ``fill``, about a thousandth of their size, made fast.

    One megabyte is deflated once and its block (byte-aligned by a full flush, which also
    clears the history) repeated, then the checksum of the whole is appended.
    """
    import zlib

    chunk = fill * (1 << 20)
    count, rest = divmod(size, 1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    closer = zlib.compressobj(9, zlib.DEFLATED, -15)
    last = closer.compress(fill * rest) + closer.flush()
    checksum = 1
    for _ in range(count):
        checksum = zlib.adler32(chunk, checksum)
    checksum = zlib.adler32(fill * rest, checksum)
    return b"\x78\xda" + block * count + last + checksum.to_bytes(4, "big")


def raw_pdf(content: bytes, filters: str = "/Filter /FlateDecode", text: str = "") -> bytes:
    """A one-page PDF written by hand: ``content`` is the page's content stream as stored.

    With ``text``, a second content stream shows it (Helvetica), after ``content``.
    """
    shown = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [4 0 R 5 0 R] "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        f"<< /Length {len(content)} {filters} >>\nstream\n".encode() + content + b"\nendstream",
        f"<< /Length {len(shown)} >>\nstream\n".encode() + shown + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    out += trailer.encode()
    return bytes(out)

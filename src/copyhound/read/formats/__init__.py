"""Readers for the documents people hand in: HTML, DOCX, PDF, ODT and RTF.

One module per format; each exposes ``sniff(data) -> bool`` and a reader
``(data, name) -> Document`` whose ``locations`` map text offsets back to pages or
paragraphs. ``copyhound.read.documents`` lists them (content first, extension as a
fallback so a damaged ``.docx`` gets the .docx reader's error, not "binary file"). Libraries
are imported inside the readers: the CLI starts without loading them.
"""

from __future__ import annotations

from pathlib import Path

from copyhound.read.formats import docx, html, odt, pdf, rtf

#: Format name -> (module with its sniff(), reader, extensions), in sniffing order.
FORMATS = {
    "pdf": (pdf, pdf.read_pdf, {".pdf"}),
    "docx": (docx, docx.read_docx, {".docx", ".docm"}),
    "odt": (odt, odt.read_odt, {".odt"}),
    "rtf": (rtf, rtf.read_rtf, {".rtf"}),
    "html": (html, html.read_html, {".html", ".htm", ".xhtml"}),
}


def sniff_content(data: bytes, name: str) -> str | None:
    """The format the bytes themselves show, whatever the file is called."""
    for fmt, (module, _reader, _exts) in FORMATS.items():
        if module.sniff(data):
            return fmt
    return None


def sniff_extension(data: bytes, name: str) -> str | None:
    """The format the name says, for files whose content shows none (damaged, encrypted)."""
    suffix = Path(name).suffix.lower()
    for fmt, (_module, _reader, exts) in FORMATS.items():
        if suffix in exts:
            return fmt
    if suffix == ".doc":
        return "docx"  # the .docx reader explains what an OLE Word file is
    return None

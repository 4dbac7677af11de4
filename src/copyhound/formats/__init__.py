"""Readers for the documents people hand in: HTML, DOCX, PDF, ODT and RTF.

One module per format; each exposes ``sniff(data) -> bool`` and a reader
``(data, name) -> Document`` whose ``locations`` map text offsets back to pages or
paragraphs. ``register()`` plugs them into ``copyhound.read`` (content first, extension as a
fallback so a damaged ``.docx`` gets the .docx reader's error, not "binary file"). Libraries
are imported inside the readers: the CLI starts without loading them.
"""

from __future__ import annotations

from pathlib import Path

from . import docx, html, odt, pdf, rtf

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


def register() -> None:
    """Add these formats to ``copyhound.read``'s registries (idempotent)."""
    from .. import read

    for fmt, (_module, reader, exts) in FORMATS.items():
        read.READERS[fmt] = reader
        read.EXTRA_EXTENSIONS.update(exts)
    for sniffer in (sniff_content, sniff_extension):
        if sniffer not in read.SNIFFERS:
            read.SNIFFERS.append(sniffer)

"""PDF: the text layer, page by page, with words broken across lines joined again.

Read with pypdfium2 (Google's PDFium, the engine in Chromium): it is a maintained C library
with wheels for every platform and reads ~300 pages per second here, where pure-Python readers
take tens of milliseconds a page (see docs/formats.md). Text comes in PDFium's order, which is
the content-stream order: right for ordinary single-column documents. Text a reader cannot
see (white, transparent, under 1 pt) is left out and counted in ``metadata["hidden_chars"]``;
invisible OCR layers (render mode 3) are the text of scans and are kept.
"""

from __future__ import annotations

import re
import zlib

from copyhound.errors import InputError
from copyhound.model import Document
from copyhound.read.formats.locations import TextBuilder, require
from copyhound.read.limits import budget

KIND = "PDF"

#: A line ending in a word broken by a hyphen, the next line going on in lower case:
#: "reuse-\nable" becomes "reusable". PDFium itself joins such lines and marks the hyphen
#: U+FFFE; soft hyphens (U+00AD, U+0002) are treated alike.
_LOWER_NEXT = r"(?=[a-z\u00df-\u00ff])"
_BROKEN_WORD = re.compile(
    r"(?<=[^\W\d_])(?:[-\u00ad\x02]\r?\n|[\ufffe\u00ad\x02]\r?\n?)" + _LOWER_NEXT
)
#: PDFium's line-end hyphen before anything but a lower-case letter is a real hyphen.
_MARKED_HYPHEN = re.compile("\ufffe")
_LINE_BREAK = re.compile(r"\r\n?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\uffff]")


def sniff(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def page_text(raw: str) -> str:
    """One page's text: broken words joined, lines reflowed into paragraphs, controls blanked."""
    text = _LINE_BREAK.sub("\n", raw)
    text = _BROKEN_WORD.sub("", text)
    text = _MARKED_HYPHEN.sub("-", text)
    return reflow(_CONTROLS.sub(" ", text))


def reflow(text: str) -> str:
    """Join a paragraph's lines with spaces, so reports show paragraphs, not PDF lines.

    A line well short of the page's full lines (its 90th percentile) ends its paragraph, as the
    last line of a paragraph does; so does one ending in a colon. Only line breaks change, so
    the words and their order stay the same.
    """
    lines = text.split("\n")
    lengths = sorted(len(line.rstrip()) for line in lines if len(line.strip()) >= 20)
    if len(lengths) < 3:
        return text
    full = lengths[int(0.9 * (len(lengths) - 1))]
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        if i == len(lines) - 1:
            break
        size = len(line.rstrip())
        nxt = lines[i + 1].lstrip()
        joins = size >= 0.75 * full and nxt != "" and not line.rstrip().endswith(":")
        out.append(" " if joins and not line.endswith(" ") else "" if joins else "\n")
    return "".join(out)


#: Text drawn white (or fully transparent) or smaller than this many points is not seen by a
#: reader; writers slip such letters between copied words to hide a copy from checkers.
MIN_POINTS = 1.0
_FILLED_MODES = (0, 2, 4, 6)  # fill, fill+stroke, and their clipping variants; 3 (OCR) is kept
#: Text objects checked per document at most (~20 us each): producers that write one object
#: per glyph would otherwise take ~10 s for 300 pages. Pages past the budget are not checked.
MAX_CHECKED_OBJECTS = 150_000


def hidden_text_objects(page, raw) -> set[int]:
    """Addresses of the page's text objects a reader cannot see (white, transparent, tiny).

    Raw PDFium calls, no wrapper objects: some producers write one text object per glyph.
    Form XObjects are not entered.
    """
    import ctypes

    hidden = set()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    size = ctypes.c_float()
    matrix = raw.FS_MATRIX()
    handle_page = page.raw
    for i in range(raw.FPDFPage_CountObjects(handle_page)):
        obj = raw.FPDFPage_GetObject(handle_page, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_TEXT:
            continue
        tiny = False
        if raw.FPDFTextObj_GetFontSize(obj, size) and raw.FPDFPageObj_GetMatrix(obj, matrix):
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            tiny = size.value * scale < MIN_POINTS
        blank = False
        if raw.FPDFTextObj_GetTextRenderMode(obj) in _FILLED_MODES and raw.FPDFPageObj_GetFillColor(
            obj, r, g, b, a
        ):
            blank = a.value == 0 or min(r.value, g.value, b.value) >= 250
        if tiny or blank:
            hidden.add(ctypes.cast(obj, ctypes.c_void_p).value)
    return hidden


def drop_hidden(textpage, raw_text: str, hidden: set[int], raw) -> tuple[str, int]:
    """The page's text without characters of hidden objects, and how many were dropped."""
    import ctypes

    if len(raw_text) != textpage.count_chars():  # astral characters: no 1:1 map, keep all
        return raw_text, 0
    keep = []
    for i in range(len(raw_text)):
        obj = raw.FPDFText_GetTextObject(textpage.raw, i)
        keep.append(not obj or ctypes.cast(obj, ctypes.c_void_p).value not in hidden)
    return "".join(ch for ch, k in zip(raw_text, keep, strict=True) if k), keep.count(False)


_STREAM = re.compile(rb"\bstream(?:\r\n|\n|\r)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
#: Bytes inflated at a time while streams are measured.
_CHUNK = 1 << 20


def spend_streams(data: bytes) -> None:
    """Inflate every Flate stream once, chunk by chunk, against the unpacked-bytes budget.

    PDFium inflates a page's content streams whole, with no bound (a 4 MB file can ask for
    14 GB), and offers no hook to stop it; so before PDFium sees the file, each stream is
    inflated here into nothing but a count. Image streams are skipped: PDFium decodes those
    only to draw them, which copyhound never does. The deflate data's own end (not ``/Length``
    or ``endstream``, which a bomb may fake) ends each stream.
    """
    spend = budget()
    view = memoryview(data)
    for m in _STREAM.finditer(data):
        start = m.end()
        head = data.rfind(b"obj", max(0, m.start() - 4096), m.start())
        if head >= 0 and _IMAGE.search(data, head, m.start()):
            continue
        inflater = zlib.decompressobj()
        pos = start
        try:
            while not inflater.eof and pos < len(data):
                pending = view[pos : pos + _CHUNK]
                pos += len(pending)
                while pending and not inflater.eof:
                    out = inflater.decompress(pending, _CHUNK)
                    spend.unpack(len(out))
                    pending = inflater.unconsumed_tail
        except zlib.error:
            continue  # not Flate (or damaged, or encrypted): PDFium decides


def _open(data: bytes, name: str):
    pdfium = require("pypdfium2", "pypdfium2", "a PDF")  # heavy: only when a PDF is read

    if not sniff(data):
        raise InputError(f"{name}: not a PDF (no %PDF header)")
    spend_streams(data)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise InputError(
                f"{name}: the PDF is encrypted (password-protected); save an unprotected copy"
            ) from None
        if "security" in message:
            raise InputError(f"{name}: the PDF uses an unsupported security handler") from None
        raise InputError(f"{name}: not a valid PDF (the file is damaged)") from None


def read_pdf(data: bytes, name: str) -> Document:
    pdf = _open(data, name)
    import pypdfium2.raw as raw

    out = TextBuilder()
    empty_pages = []
    hidden_chars = checked = 0
    objects_left = MAX_CHECKED_OBJECTS
    try:
        pages = len(pdf)
        for index in range(pages):
            budget().check_time()
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                raw_text = textpage.get_text_range()
                objects_left -= raw.FPDFPage_CountObjects(page.raw)
                hidden = hidden_text_objects(page, raw) if objects_left >= 0 else set()
                checked += objects_left >= 0
                if hidden:
                    raw_text, dropped = drop_hidden(textpage, raw_text, hidden, raw)
                    hidden_chars += dropped
                text = page_text(raw_text)
            finally:
                textpage.close()
                page.close()
            if text.strip():
                out.add(text, "page", index + 1)
            else:
                empty_pages.append(index + 1)
    except InputError:
        raise
    except Exception as exc:  # PDFium raises on damaged page trees
        raise InputError(f"{name}: not a valid PDF ({type(exc).__name__}: {exc})") from None
    finally:
        pdf.close()
    text = out.text
    if not text.strip():
        raise InputError(
            f"{name}: the PDF has no text layer ({pages} page{'s' if pages != 1 else ''} of "
            "images, a scan?); run OCR on it first, e.g. ocrmypdf"
        )
    return Document(
        text=text,
        name=name,
        format="pdf",
        locations=out.locations,
        metadata={
            "pages": pages,
            "pages_without_text": empty_pages,
            "hidden_chars": hidden_chars,
            "pages_checked_for_hidden_text": checked,
        },
    )

"""Rich Text Format (.rtf): text through striprtf, split into numbered paragraphs.

RTF is 7-bit text with escapes; striprtf turns control words, ``\\'xx`` and ``\\uN`` escapes into
text and drops font tables, pictures and other groups that hold no prose.
"""

from __future__ import annotations

import re

from copyhound.errors import InputError
from copyhound.model import Document
from copyhound.read.decode import valid_unicode
from copyhound.read.formats.locations import TextBuilder, require

_PARAGRAPHS = re.compile(r"\n\s*\n|\n")
_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")


def sniff(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"{\\rtf"


def read_rtf(data: bytes, name: str) -> Document:
    rtf_to_text = require("striprtf.striprtf", "striprtf", "RTF").rtf_to_text

    codepage = _CODEPAGE.search(data[:4096])
    encoding = f"cp{codepage.group(1).decode()}" if codepage else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    if not sniff(data):
        raise InputError(f"{name}: not an RTF document (no {{\\rtf header)")
    try:
        raw = rtf_to_text(data.decode("latin-1"), encoding=encoding, errors="replace")
    except Exception as exc:  # striprtf raises plain errors on broken groups
        raise InputError(f"{name}: not a valid RTF document ({type(exc).__name__})") from None
    raw = valid_unicode(raw)  # Word writes an emoji as a surrogate pair of \uN escapes
    out = TextBuilder("\n")
    number = 0
    for block in _PARAGRAPHS.split(raw.replace("\r\n", "\n")):
        if block.strip():
            number += 1
            out.add(block.strip(), "paragraph", number)
    if not out.text.strip():
        raise InputError(f"{name}: the RTF document holds no text")
    return Document(
        text=out.text,
        name=name,
        format="rtf",
        encoding=encoding,
        locations=out.locations,
        metadata={"paragraphs": number},
    )

"""OpenDocument text (.odt): headings, paragraphs, lists and tables, then notes.

An .odt is a zip holding ``content.xml``; its text model is small (``text:p``, ``text:h``,
``text:s`` for runs of spaces, ``text:tab``, ``text:line-break``, ``text:note``), so we read it
with lxml directly rather than through odfpy (unmaintained since 2020).
"""

from __future__ import annotations

from copyhound.errors import InputError
from copyhound.model import Document
from copyhound.read.formats.locations import TextBuilder
from copyhound.read.formats.xmlsafe import parse_xml
from copyhound.read.formats.zipsafe import open_zip, read_member
from copyhound.read.limits import budget

KIND = "OpenDocument text (.odt)"
MIMETYPE = b"application/vnd.oasis.opendocument.text"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def sniff(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") and MIMETYPE in data[:200]


def _space_count(value: str | None) -> int:
    """``text:c`` of a ``text:s``: a count of spaces, checked before any space is made."""
    try:
        count = int((value or "1").strip())
    except ValueError:
        count = 1  # a damaged count: one space, as if the attribute were absent
    count = max(count, 1)
    budget().space_run(count)
    return count


def _inline(el, notes: list[str]) -> str:
    """The text of a paragraph or heading; notes are collected, not inlined."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):  # a comment or processing instruction: not text
            parts.append(child.tail or "")
            continue
        if tag == f"{TEXT}s":
            parts.append(" " * _space_count(child.get(f"{TEXT}c")))
        elif tag == f"{TEXT}tab":
            parts.append("\t")
        elif tag == f"{TEXT}line-break":
            parts.append("\n")
        elif tag == f"{TEXT}note":
            body = child.find(f"{TEXT}note-body")
            if body is not None:
                notes.append("\n".join(_inline(p, notes) for p in body.iter(f"{TEXT}p")))
        elif tag in (f"{OFFICE}annotation", f"{TEXT}note-citation"):
            pass
        else:
            parts.append(_inline(child, notes))
        parts.append(child.tail or "")
    return "".join(parts)


def read_odt(data: bytes, name: str) -> Document:
    archive = open_zip(data, name, KIND)
    manifest = read_member(archive, "META-INF/manifest.xml", name, KIND) or b""
    if b"encryption-data" in manifest:
        raise InputError(f"{name}: the OpenDocument text is encrypted (password-protected)")
    content = read_member(archive, "content.xml", name, KIND)
    if content is None:
        raise InputError(f"{name}: not an OpenDocument text: content.xml is missing")
    body = parse_xml(content, name, KIND).find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise InputError(f"{name}: not an OpenDocument text (no office:text body)")
    out = TextBuilder()
    notes: list[str] = []
    paragraphs = tables = 0
    # Walk in document order; a table's cells are joined into rows, not paragraphs.
    stack = list(reversed(list(body)))
    while stack:
        el = stack.pop()
        if el.tag in (f"{TEXT}p", f"{TEXT}h"):
            text = _inline(el, notes)
            if text.strip():
                paragraphs += 1
                out.add(text, "heading" if el.tag == f"{TEXT}h" else "paragraph", paragraphs)
        elif el.tag == f"{TABLE}table":
            tables += 1
            rows = []
            for row in el.iter(f"{TABLE}table-row"):
                cells = [
                    " ".join(_inline(p, notes) for p in cell.iter(f"{TEXT}p")).strip()
                    for cell in row.iter(f"{TABLE}table-cell")
                ]
                if any(cells):
                    rows.append("\t".join(cells))
            out.add("\n".join(rows), "table", tables)
        else:
            stack.extend(reversed(list(el)))
    for n, note in enumerate(notes, 1):
        out.add(note.strip(), "footnote", n)
    if not out.text.strip():
        raise InputError(f"{name}: the OpenDocument text holds no text")
    return Document(
        text=out.text,
        name=name,
        format="odt",
        locations=out.locations,
        metadata={"paragraphs": paragraphs, "tables": tables},
    )

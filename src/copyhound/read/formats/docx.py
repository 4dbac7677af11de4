"""Word .docx: body paragraphs, headings and tables in document order, then footnotes/endnotes.

Text is what a reader sees: hidden, white and microscopic runs are left out (and counted in
``metadata["hidden_chars"]``), so letters slipped between copied words cannot hide a copy.

Read part by part with lxml through the budgeted zip and XML readers (``zipsafe``,
``xmlsafe``): the main part, its relationships, styles, footnotes and endnotes; nothing else is
inflated. Each block's place is kept:
"paragraph 12" is the 12th non-empty paragraph (headings included), "table 2, row 3" is
reported as table 2, footnotes by their number.
"""

from __future__ import annotations

import posixpath

from copyhound.errors import InputError
from copyhound.model import Document
from copyhound.read.formats.locations import TextBuilder
from copyhound.read.formats.xmlsafe import parse_xml
from copyhound.read.formats.zipsafe import OLE_MAGIC, ole_message, open_zip, read_member

KIND = "Word document (.docx)"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN_PART = "word/document.xml"


def sniff(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]


def _note_texts(blob: bytes, name: str, tag: str) -> list[str]:
    """Footnote or endnote bodies, separators skipped, paragraphs on their own lines."""
    root = parse_xml(blob, name, KIND)
    notes = []
    for note in root.iter(f"{W}{tag}"):
        if note.get(f"{W}type") in {"separator", "continuationSeparator", "continuationNotice"}:
            continue
        paragraphs = [visible_text(p)[0] for p in note.iter(f"{W}p")]
        notes.append("\n".join(paragraphs).strip())
    return notes


#: Runs a reader never sees: hidden (w:vanish), white, or under 2 pt. Writers hide letters
#: between copied words this way so a checker sees other words than the reader does.
WHITE = frozenset({"FFFFFF", "WHITE"})
MIN_HALF_POINTS = 4


def _off(el) -> bool:
    return el is not None and el.get(f"{W}val", "true").lower() not in {"0", "false", "off"}


def _invisible(run) -> bool:
    props = run.find(f"{W}rPr")
    if props is None:
        return False
    if _off(props.find(f"{W}vanish")) or _off(props.find(f"{W}specVanish")):
        return True
    color = props.find(f"{W}color")
    if color is not None and (color.get(f"{W}val") or "").upper() in WHITE:
        return True
    size = props.find(f"{W}sz")
    try:
        return size is not None and int(size.get(f"{W}val") or 99) < MIN_HALF_POINTS
    except ValueError:
        return False


def _runs(p_element):
    """The paragraph's own runs, in order, through hyperlinks, insertions and content controls.

    Never into a run (a text box drawn inside one is stored twice, as choice and fallback) nor
    into a deletion.
    """
    stack = list(reversed(list(p_element)))
    while stack:
        el = stack.pop()
        if el.tag == f"{W}r":
            yield el
        elif el.tag not in (f"{W}del", f"{W}moveFrom", f"{W}pPr"):
            stack.extend(reversed(list(el)))


def visible_text(p_element) -> tuple[str, int]:
    """A paragraph's text as a reader sees it, and how many hidden characters were left out."""
    parts: list[str] = []
    hidden = 0
    for run in _runs(p_element):
        chars = []
        for el in run:
            if el.tag == f"{W}t":
                chars.append(el.text or "")
            elif el.tag in (f"{W}tab", f"{W}ptab"):
                chars.append("\t")
            elif el.tag in (f"{W}br", f"{W}cr"):
                chars.append("\n")
            elif el.tag == f"{W}noBreakHyphen":
                chars.append("-")
        text = "".join(chars)
        if _invisible(run):
            hidden += len(text)
        else:
            parts.append(text)
    return "".join(parts), hidden


#: Block-level wrappers whose content is read as if it stood in the body (content controls).
WRAPPERS = frozenset({f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"})


def body_blocks(container):
    """Paragraph and table elements of a body or cell in order, through content controls."""
    stack = list(reversed(list(container)))
    while stack:
        el = stack.pop()
        if el.tag in (f"{W}p", f"{W}tbl"):
            yield el
        elif el.tag in WRAPPERS:
            stack.extend(reversed(list(el)))


def table_text(tbl) -> tuple[str, int]:
    """One line per row, cells tab-separated (nested tables inline), and hidden characters."""
    rows, hidden = [], 0
    for tr in tbl.iter(f"{W}tr"):
        if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:
            continue  # a nested table's row: read with its own table
        cells = []
        for tc in tr.iter(f"{W}tc"):
            if tc.getparent() is not tr:
                continue
            parts = []
            for block in body_blocks(tc):
                text, left_out = visible_text(block) if block.tag == f"{W}p" else table_text(block)
                hidden += left_out
                parts.append(text)
            cells.append(" ".join(p.strip() for p in parts if p.strip()))
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows), hidden


def _relationships(archive, part: str, name: str) -> dict[str, str]:
    """Relationship type -> target part (inside the package) for one part's internal links."""
    folder, _, base = part.rpartition("/")
    blob = read_member(archive, f"{folder}/_rels/{base}.rels", name, KIND)
    if blob is None:
        return {}
    found: dict[str, str] = {}
    for rel in parse_xml(blob, name, KIND).iter(f"{REL}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.setdefault((rel.get("Type") or "").rsplit("/", 1)[-1], posixpath.normpath(path))
    return found


def _style_names(archive, part: str | None, name: str) -> dict[str, str]:
    """Style id -> lower-case style name ("heading 1", "title")."""
    blob = read_member(archive, part, name, KIND) if part else None
    if blob is None:
        return {}
    names = {}
    for style in parse_xml(blob, name, KIND).iter(f"{W}style"):
        label = style.find(f"{W}name")
        if label is not None:
            names[style.get(f"{W}styleId") or ""] = (label.get(f"{W}val") or "").lower()
    return names


def _extract(archive, name: str) -> tuple[TextBuilder, dict[str, int]]:
    """Body blocks in document order, then footnotes and endnotes.

    The package is read part by part through the budgeted zip and XML readers (python-docx
    would inflate and parse every part, images included, with no bound).
    """
    rels = _relationships(archive, MAIN_PART, name)
    styles = _style_names(archive, rels.get("styles"), name)
    root = parse_xml(read_member(archive, MAIN_PART, name, KIND) or b"", name, KIND)
    body = root.find(f"{W}body")
    if body is None:
        raise InputError(f"{name}: not a valid {KIND} (the document has no body)")
    out = TextBuilder()
    paragraphs = tables = hidden = 0
    for block in body_blocks(body):
        if block.tag == f"{W}tbl":
            tables += 1
            text, left_out = table_text(block)
            hidden += left_out
            out.add(text, "table", tables)
            continue
        text, left_out = visible_text(block)
        hidden += left_out
        if not text.strip():
            continue
        paragraphs += 1
        style_el = block.find(f"{W}pPr/{W}pStyle")
        style = styles.get(style_el.get(f"{W}val") if style_el is not None else "", "")
        heading = style.startswith(("heading", "title", "subtitle"))
        out.add(text, "heading" if heading else "paragraph", paragraphs)
    for rel_type, tag in (("footnotes", "footnote"), ("endnotes", "endnote")):
        blob = read_member(archive, rels[rel_type], name, KIND) if rel_type in rels else None
        if blob is not None:
            for n, note in enumerate(_note_texts(blob, name, tag), 1):
                out.add(note, tag, n)
    return out, {"paragraphs": paragraphs, "tables": tables, "hidden_chars": hidden}


def read_docx(data: bytes, name: str) -> Document:
    if data.startswith(OLE_MAGIC):
        raise InputError(ole_message(data, name, "Word document", ".docx"))
    archive = open_zip(data, name, KIND)
    if MAIN_PART not in archive.namelist():
        raise InputError(f"{name}: not a Word document (.docx): word/document.xml is missing")
    out, counts = _extract(archive, name)
    text = out.text
    if not text.strip():
        raise InputError(f"{name}: the Word document holds no text")
    return Document(
        text=text,
        name=name,
        format="docx",
        locations=out.locations,
        metadata=counts,
    )

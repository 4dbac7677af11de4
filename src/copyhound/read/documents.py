"""Reading documents: bytes on disk to a ``Document`` whose offsets match the file's text.

Readers are chosen by content first, then by extension, and listed in ``READERS`` so more
formats plug in behind the same small interface: ``reader(data: bytes, name: str) -> Document``.
Plain text and Markdown live here.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from copyhound.errors import InputError
from copyhound.model import Document
from copyhound.read import formats
from copyhound.read.decode import decode, replace_lone_surrogates
from copyhound.read.limits import Budget, ReadLimits, configured, spending

#: Files larger than this are refused (override with ``max_bytes`` or ``--max-size``).
DEFAULT_MAX_BYTES = 32_000_000

Reader = Callable[[bytes, str], Document]

#: Extensions read as Markdown; every other text file is plain text.
MARKDOWN_EXTENSIONS = {".md", ".markdown", ".mdown", ".mkd"}
TEXT_EXTENSIONS = {".txt", ".text", ""} | MARKDOWN_EXTENSIONS


_MD_LINK = re.compile(r"(!?\[)([^\]\n]*)(\]\([^)\n]*\))")
_MD_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*$", re.M)
_MD_HTML = re.compile(r"<[A-Za-z/!][^>\n]*>")
_MD_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\s]*>")


def _blank(m: re.Match[str]) -> str:
    return re.sub(r"[^\r\n]", " ", m.group())


def markdown_match_text(text: str) -> str:
    """Blank out Markdown markup that is not prose, keeping every character's offset.

    Link targets and reference definitions, HTML tags and autolinks become spaces; the link
    text stays. Emphasis marks and ``#`` are punctuation, which matching ignores anyway.
    """
    out = _MD_LINK.sub(lambda m: " " * len(m.group(1)) + m.group(2) + " " * len(m.group(3)), text)
    out = _MD_REF_DEF.sub(_blank, out)
    out = _MD_AUTOLINK.sub(_blank, out)
    out = _MD_HTML.sub(_blank, out)
    return out


def human_size(n: int) -> str:
    """``32 MB``, ``1.5 MB``, ``900 kB`` or ``12 bytes``: sizes in error messages."""
    if n >= 1_000_000:
        return f"{n / 1e6:.3g} MB"
    if n >= 1_000:
        return f"{n / 1e3:.3g} kB"
    return f"{n} bytes"


def read_text(data: bytes, name: str) -> Document:
    text, encoding = decode(data, name)
    return Document(text=text, name=name, format="text", encoding=encoding)


def read_markdown(data: bytes, name: str) -> Document:
    text, encoding = decode(data, name)
    return Document(
        text=text,
        name=name,
        format="markdown",
        encoding=encoding,
        match_text=markdown_match_text(text),
    )


#: Format name -> reader: plain text and Markdown here, the structured formats from ``formats``.
READERS: dict[str, Reader] = {
    "text": read_text,
    "markdown": read_markdown,
    **{fmt: reader for fmt, (_module, reader, _exts) in formats.FORMATS.items()},
}

#: Sniffers tried in order on the first bytes; each returns a format name or None.
SNIFFERS: list[Callable[[bytes, str], str | None]] = [
    formats.sniff_content,
    formats.sniff_extension,
]


_MD_SIGNS = re.compile(rb"\[[^\]\n]+\]\([^)\n]*\)|^#{1,6} \S|^ {0,3}\[[^\]\n]+\]: \S", re.M)


def looks_like_markdown(data: bytes) -> bool:
    """Markdown links, headings or link definitions: a plain-text name hides a Markdown file."""
    head = data[:200_000]
    # Every sign holds "](", "]:" or a "#" starting a line: without them there is nothing to
    # scan for (prose often has brackets and "#", seldom these).
    if b"](" not in head and b"]:" not in head and b"\n#" not in head and head[:1] != b"#":
        return False
    return sum(1 for _ in itertools.islice(_MD_SIGNS.finditer(head), 2)) == 2


def detect_format(data: bytes, name: str) -> str:
    """The format of a file, by its content where it tells, else by its extension."""
    for sniff in SNIFFERS:
        found = sniff(data, name)
        if found:
            return found
    suffix = Path(name).suffix.lower()
    if suffix in MARKDOWN_EXTENSIONS or looks_like_markdown(data):
        return "markdown"
    return "text"


def read_bytes(
    data: bytes, name: str, fmt: str | None = None, *, limits: ReadLimits | None = None
) -> Document:
    """Read a document's bytes within ``limits``; every failure is a one-line ``InputError``.

    The reader runs inside a fresh budget (see ``copyhound.read.limits``; without ``limits``,
    the process's, ``configured()``: the built-in defaults unless ``--limit`` or
    ``COPYHOUND_LIMITS`` set others). Whatever it raises
    that is not an ``InputError`` (a library's own exception on input nobody foresaw) becomes
    one too, saying the reader failed, so one bad file never stops a run with a traceback; the
    original stays attached as ``__cause__`` for ``COPYHOUND_DEBUG``. The text handed on never
    holds surrogate code points (they cannot be written as UTF-8).
    """
    fmt = fmt or detect_format(data, name)
    reader = READERS.get(fmt)
    if reader is None:
        raise InputError(f"{name}: unsupported format {fmt!r}")
    limits = limits or configured()
    spend = None
    try:
        with spending(limits, name) as spend:
            doc = reader(data, name)
    except InputError as exc:
        message = str(exc)
        if "\n" in message or "\r" in message:
            raise InputError(" ".join(message.split())) from exc.__cause__
        raise
    except RecursionError:
        raise InputError(f"{name}: refused: structures nested too deep to read") from None
    except MemoryError:
        raise InputError(f"{name}: refused: out of memory reading the {fmt} file") from None
    except Exception as exc:
        if spend is not None and spend.timed_out:  # the timer's error, wrapped by a library
            raise spend.out_of_time() from None
        detail = " ".join(str(exc).split())[:200]
        raise InputError(
            f"{name}: {READER_FAILED} {fmt} file ({type(exc).__name__}: {detail})"
        ) from exc
    if len(doc.text) > limits.max_chars:  # readers without a TextBuilder (plain text)
        raise Budget(limits, name).refuse(
            f"over {limits.max_chars:,} characters of text", f"max_chars={limits.max_chars}"
        )
    same = doc.match_text is doc.text
    doc.text = replace_lone_surrogates(doc.text)
    doc.match_text = doc.text if same else replace_lone_surrogates(doc.match_text)
    return doc


#: Said by the error for a reader's unforeseen exception; the fuzz tests count these as bugs.
READER_FAILED = "the reader failed on this"


def read_document(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
    limits: ReadLimits | None = None,
) -> Document:
    """Read one file into a Document; errors are ``InputError`` with a one-line message.

    ``max_bytes`` bounds the file; ``limits`` what reading it may cost (unpacked bytes,
    characters, XML nodes, nesting, repeated spaces, seconds; the process's by default).
    """
    p = Path(path)
    shown = name or str(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror})") from None
    if p.is_dir():
        raise InputError(f"{shown}: is a folder, not a file")
    if size > max_bytes:
        raise InputError(
            f"{shown}: {human_size(size)} is over the {human_size(max_bytes)} limit "
            "(raise it with --max-size)"
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror})") from None
    doc = read_bytes(data, shown, limits=limits)
    doc.path = str(path)
    return doc


def supported_file(path: Path) -> bool:
    """Whether a file found in a folder should be read as a document."""
    return path.suffix.lower() in TEXT_EXTENSIONS or path.suffix.lower() in EXTRA_EXTENSIONS


#: Extensions the structured formats read.
EXTRA_EXTENSIONS: set[str] = {ext for _m, _r, exts in formats.FORMATS.values() for ext in exts}


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named directly, plus the supported files inside named folders (recursively)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and not f.name.startswith(".") and supported_file(f)
            )
            if not found:
                raise InputError(f"{raw}: folder holds no text files to read")
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise InputError(f"{raw}: no such file or folder")
    return out

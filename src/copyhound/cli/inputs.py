"""Reading many files for one command: the skip policy ``check -s FOLDER``, ``batch`` and
``index add`` share.

A file named directly must read: its error stops the command (exit 2). A file found inside a
named folder that cannot be read (an ``InputError``, a document with no text, or an unexpected
error inside a reader) is skipped: the work goes on with the others, a warning names the file
and the reason (``copyhound: warning: skipped PATH: REASON``), every report lists it, and the
command exits with ``EXIT_SKIPPED`` (3) unless a stronger code applies (docs/formats.md, "Exit
codes"). When every file of the work was skipped, nothing was checked: that is an error (2),
never an empty result that looks clean.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import click

from copyhound.errors import CopyhoundError, InputError
from copyhound.model import Document
from copyhound.read.documents import read_document

#: Longest reason kept from an unexpected error's message (one line, readable).
_REASON_CHARS = 200


def one_line(text: str) -> str:
    return " ".join(text.split())


def skip_reason(path: str | os.PathLike[str], exc: BaseException) -> str:
    """``"PATH: reason"`` on one line, for a file that could not be read."""
    shown = str(path)
    if isinstance(exc, CopyhoundError):
        message = one_line(str(exc))
    else:  # a reader's bug must not stop a class's check; it is named like any failure
        detail = one_line(f"{type(exc).__name__}: {exc}")[:_REASON_CHARS]
        message = f"could not be read (internal error in the reader: {detail})"
    return message if message.startswith(f"{shown}:") else f"{shown}: {message}"


def require_text(doc: Document) -> Document:
    """The document, or an ``InputError`` when it holds no text: an empty file compared with
    anything finds nothing, which must not read as a clean result."""
    if not doc.text.strip():
        raise InputError(f"{doc.name}: holds no text (empty document)")
    return doc


def read_with_text(path: str | os.PathLike[str], max_bytes: int) -> Document:
    return require_text(read_document(path, max_bytes=max_bytes))


def warn_skipped(reason: str) -> None:
    """The warning line (standard error, also with ``--quiet``)."""
    click.echo(f"copyhound: warning: skipped {reason}", err=True)


def read_each(
    paths: Iterable[Path],
    max_bytes: int,
    skipped: list[str],
    named: frozenset[Path] | set[Path] = frozenset(),
    on_skip: Callable[[], None] | None = None,
) -> Iterator[Document]:
    """The documents of ``paths`` that read, in order; each one that does not is warned about
    and appended to ``skipped`` as ``"PATH: reason"``, unless it is in ``named`` (resolved
    paths given directly), whose errors are raised."""
    debug = bool(os.environ.get("COPYHOUND_DEBUG"))
    for path in paths:
        try:
            doc = read_with_text(path, max_bytes)
        except Exception as exc:
            if path.resolve() in named or (debug and not isinstance(exc, CopyhoundError)):
                raise
            reason = skip_reason(path, exc)
            skipped.append(reason)
            warn_skipped(reason)
            if on_skip:
                on_skip()
            continue
        yield doc


def nothing_read(total: int, where: str, outcome: str = "nothing checked") -> InputError:
    """The error when every file of the work was skipped (``where``: "in FOLDER")."""
    files = "the file" if total == 1 else f"any of the {total} files"
    return InputError(f"could not read {files} {where} (each is named above); {outcome}")


def skipped_line(skipped: list[str], total: int, what: str) -> str:
    """The closing line when some files were skipped (standard error)."""
    return (
        f"copyhound: {len(skipped)} of {total} {what} could not be read and "
        f"{'was' if len(skipped) == 1 else 'were'} skipped (named above); "
        "the result covers the others"
    )

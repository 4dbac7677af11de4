"""What ``copyhound check`` reads from stdin and writes out: formats, files and exit codes.

Exit codes (docs/formats.md): 0 done (and at or below ``--fail-above``), 1 the reuse index is
above ``--fail-above``, 2 bad input or usage, 70 internal error, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from copyhound.errors import InputError
from copyhound.model import Document, Report
from copyhound.read.documents import human_size, read_bytes, read_document

#: What ``--format`` accepts: the terminal summary, or a document on standard output.
FORMATS = ("text", "json", "html", "pan")
EXIT_OK, EXIT_ABOVE_THRESHOLD = 0, 1
STDIN_NAME = "stdin"


def read_suspect(arg: Path | str, max_bytes: int, stdin: BinaryIO | None = None) -> Document:
    """The suspect document; ``-`` reads it from standard input (any supported format)."""
    if str(arg) != "-":
        return read_document(arg, max_bytes=max_bytes)
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            f"{STDIN_NAME}: over the {human_size(max_bytes)} limit (raise it with --max-size)"
        )
    if not data.strip():
        raise InputError(f"{STDIN_NAME}: no input (pipe a document in, or name a file)")
    return read_bytes(data, STDIN_NAME)


def render(report: Report, fmt: str) -> str:
    """The report as a document in ``fmt`` (json, html or pan)."""
    if fmt == "json":
        from copyhound.report import json as json_report

        return json_report.dumps(report)
    if fmt == "html":
        from copyhound.report.html import render_html

        return render_html(report)
    if fmt == "pan":
        from copyhound.evaluate.pan import pan_xml

        return pan_xml(report.suspect.name, report.matches)
    raise ValueError(f"no document format {fmt!r}")


def exit_code(report: Report, fail_above: float | None) -> tuple[int, str]:
    """The exit code for ``--fail-above PERCENT`` and a line saying why."""
    if fail_above is None:
        return EXIT_OK, ""
    from copyhound.report.verdicts import reuse_index

    index = reuse_index(report)
    what = "unattributed reuse" if index.basis == "unattributed" else "reused share"
    if index.percent > fail_above:
        return EXIT_ABOVE_THRESHOLD, f"{what} {index.percent:.1f}% is above {fail_above:g}%"
    return EXIT_OK, f"{what} {index.percent:.1f}% is within {fail_above:g}%"


def progress_bar(console: Console, quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    )


def write_output(path: Path, content: str, inputs: list[Path]) -> None:
    """Write a report atomically, refusing to overwrite any input document."""
    target = path.resolve()
    for p in inputs:
        if p.resolve() == target:
            raise InputError(f"{path}: is an input document; refusing to overwrite it")
    if target.is_dir():
        raise InputError(f"{path}: is a folder; give a file name for the report")
    if not target.parent.is_dir():
        raise InputError(f"{path}: folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    # mkstemp makes the file private (0600); a report gets the permissions a new file would.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

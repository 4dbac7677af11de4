"""What ``copyhound check`` reads from stdin and writes out: formats, files and exit codes.

Exit codes (docs/formats.md): 0 done (and at or below ``--fail-above``), 1 the reuse index is
above ``--fail-above``, 2 bad input or usage, 70 internal error, 130 interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .model import Document, Report
from .read import human_size, read_bytes, read_document

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
        from .report import json as json_report

        return json_report.dumps(report)
    if fmt == "html":
        from .report.html import render_html

        return render_html(report)
    if fmt == "pan":
        from .evaluate.pan import pan_xml

        return pan_xml(report.suspect.name, report.matches)
    raise ValueError(f"no document format {fmt!r}")


def exit_code(report: Report, fail_above: float | None) -> tuple[int, str]:
    """The exit code for ``--fail-above PERCENT`` and a line saying why."""
    if fail_above is None:
        return EXIT_OK, ""
    from .report.verdicts import reuse_index

    index = reuse_index(report)
    what = "unattributed reuse" if index.basis == "unattributed" else "reused share"
    if index.percent > fail_above:
        return EXIT_ABOVE_THRESHOLD, f"{what} {index.percent:.1f}% is above {fail_above:g}%"
    return EXIT_OK, f"{what} {index.percent:.1f}% is within {fail_above:g}%"

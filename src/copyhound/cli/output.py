"""What ``copyhound check`` reads from stdin and writes out: formats, files and exit codes.

Exit codes (docs/formats.md, "Exit codes"): 0 done (and at or below ``--fail-above``), 1 the
reuse index is above ``--fail-above``, 2 bad input or usage, 3 done but some files found in a
folder could not be read and were skipped, 70 internal error, 130 interrupted, 141 standard
output was closed early (``| head``). When several apply, the first of 2, 1, 3 wins: 1 before
3 because a skipped source can only add reuse, so an index above the threshold stays above it.

Reports go to regular files only, written atomically; ``-``, ``/dev/stdout`` and
``/dev/stderr`` name the streams themselves.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from rich.console import Console as RichConsole
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from copyhound.cli.codes import EXIT_ABOVE_THRESHOLD, EXIT_OK, EXIT_SKIPPED
from copyhound.cli.inputs import require_text
from copyhound.errors import InputError
from copyhound.model import Document, Report
from copyhound.read.documents import human_size, read_bytes, read_document

#: What ``--format`` accepts: the terminal summary, or a document on standard output.
FORMATS = ("text", "json", "html", "pan")
STDIN_NAME = "stdin"
STDOUT, STDERR = "standard output", "standard error"
#: Output names that mean a stream, not a file to replace (``/dev/stdout`` into a pipe is not
#: a file either: it cannot be replaced, only written to).
_STREAMS = {
    "-": STDOUT,
    "/dev/stdout": STDOUT,
    "/dev/fd/1": STDOUT,
    "/proc/self/fd/1": STDOUT,
    "/dev/stderr": STDERR,
    "/dev/fd/2": STDERR,
    "/proc/self/fd/2": STDERR,
}


class Console(RichConsole):
    """rich's console, except that standard output closed by its reader (``| head -1``)
    raises ``BrokenPipeError`` for ``main`` to end quietly with 141; rich itself exits with 1,
    the code of ``--fail-above``."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def read_suspect(arg: Path | str, max_bytes: int, stdin: BinaryIO | None = None) -> Document:
    """The suspect document; ``-`` reads it from standard input (any supported format)."""
    if str(arg) != "-":
        return require_text(read_document(arg, max_bytes=max_bytes))
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            f"{STDIN_NAME}: over the {human_size(max_bytes)} limit (raise it with --max-size)"
        )
    if not data.strip():
        raise InputError(f"{STDIN_NAME}: no input (pipe a document in, or name a file)")
    return require_text(read_bytes(data, STDIN_NAME))


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
    """The exit code for ``--fail-above PERCENT`` and a line saying why; with files skipped
    and nothing above the threshold, ``EXIT_SKIPPED`` (the closing line names them)."""
    skipped = EXIT_SKIPPED if report.skipped else EXIT_OK
    if fail_above is None:
        return skipped, ""
    from copyhound.report.verdicts import reuse_index

    index = reuse_index(report)
    what = "unattributed reuse" if index.basis == "unattributed" else "reused share"
    if index.percent > fail_above:
        return EXIT_ABOVE_THRESHOLD, f"{what} {index.percent:.1f}% is above {fail_above:g}%"
    return skipped, f"{what} {index.percent:.1f}% is within {fail_above:g}%"


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


def stream_of(path: Path | str | None) -> str | None:
    """``STDOUT`` or ``STDERR`` when an output name means a stream, else None."""
    return None if path is None else _STREAMS.get(str(path))


def check_outputs(
    outputs: dict[str, Path | None], inputs: list[Path], stdout_format: str | None = None
) -> None:
    """Refuse, before any work is done, every output ``write_output`` would refuse, and two
    outputs that name one file or stream (one would silently replace the other).

    ``outputs`` maps an option (``--json``) to its path; ``stdout_format`` is the ``--format``
    that already writes to standard output, if any.
    """
    taken: dict[str, str] = {STDOUT: f"--format {stdout_format}"} if stdout_format else {}
    for option, path in outputs.items():
        if path is None:
            continue
        stream = stream_of(path)
        key = stream or os.path.realpath(path)
        if key in taken:
            where = stream or str(path)
            raise InputError(
                f"{where}: both {taken[key]} and {option} write to it; give each its own file"
            )
        taken[key] = option
        if stream is None:
            _check_target(path, inputs)


def _kind_of_special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _check_target(path: Path, inputs: list[Path]) -> Path:
    """The resolved file a report may be written to, or an ``InputError`` saying why not."""
    target = path.resolve()
    for p in inputs:
        if p.resolve() == target:
            raise InputError(f"{path}: is an input document; refusing to overwrite it")
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InputError(f"{path}: cannot write the report there ({exc.strerror})") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder; give a file name for the report")
    if mode is not None and not stat.S_ISREG(mode):
        raise InputError(
            f"{path}: is {_kind_of_special(mode)}; refusing to write a report over it "
            "(give a file name, or - for standard output)"
        )
    if not target.parent.is_dir():
        raise InputError(f"{path}: folder {target.parent} does not exist")
    return target


def write_output(path: Path, content: str, inputs: list[Path]) -> None:
    """Write a report: to a stream (``-``, ``/dev/stdout``, ``/dev/stderr``), or atomically to
    a regular file, refusing any input document, a folder and a special file."""
    stream = stream_of(path)
    if stream is not None:
        out = sys.stdout if stream == STDOUT else sys.stderr
        out.write(content)
        out.flush()
        return
    target = _check_target(path, inputs)
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

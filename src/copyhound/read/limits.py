"""Resource limits for reading one document, enforced while it is read.

A few kilobytes can ask for gigabytes: a zip or PDF stream that inflates a thousandfold, a
``<text:s text:c="3000000000"/>``, millions of XML nodes, 100,000 nested HTML elements. Rather
than a guard per trick, every reader goes through the same few choke points, and each of them
spends from one ``Budget``:

- inflating (zip members, PDF streams) spends *unpacked bytes*, counted chunk by chunk;
- parsing XML spends *nodes* and is bounded in *depth* (HTML nesting is bounded the same way);
- building the text (``TextBuilder``) spends *characters*; a run of repeated spaces is checked
  against ``max_space_run`` before it is made;
- each of those steps checks the document's *deadline*.

``read_bytes`` opens a budget for the document it reads (a context variable, so every reader
and helper sees it without the ``(data, name) -> Document`` interface changing). Exceeding a
limit is a one-line ``InputError`` naming the file and the limit.

Wall time is also enforced by a timer (``SIGALRM``) when reading runs on the main thread: it
interrupts a slow loop with no checkpoint, a regular expression backtracking, or a C call that
lets signals in. A C call that never returns to Python (PDFium on one page) is only bounded in
a worker process (``index add -j N``), which the OS can end.

The limits are settable: ``parse_limits`` reads ``NAME=VALUE`` settings (the CLI's ``--limit``,
the ``COPYHOUND_LIMITS`` environment variable), ``configure`` makes them the process's default,
which every read without limits of its own uses.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from copyhound.errors import InputError


@dataclass(frozen=True)
class ReadLimits:
    """What reading one document may cost. The defaults admit any real document we know of.

    A 2,000-page thesis is about 5 M characters, 50 MB of XML and under 1 M XML nodes.
    """

    #: Bytes inflated from zip members and PDF streams, all added up.
    max_unpacked_bytes: int = 256_000_000
    #: Characters of extracted text.
    max_chars: int = 50_000_000
    #: XML elements in all the parts parsed.
    max_xml_nodes: int = 4_000_000
    #: Elements nested inside each other (XML parts and HTML pages).
    max_depth: int = 1_000
    #: Spaces one ``<text:s text:c=N/>`` (ODT) may stand for.
    max_space_run: int = 10_000
    #: Wall time for reading one document: checked between steps, and by a timer on the main
    #: thread (a library call that never lets Python run, such as PDFium loading one page, is
    #: only interrupted in a worker process).
    max_seconds: float = 60.0


DEFAULT_LIMITS = ReadLimits()

#: ``NAME`` of a ``NAME=VALUE`` setting -> the ``ReadLimits`` field it sets.
LIMIT_NAMES = {
    "bytes": "max_unpacked_bytes",
    "chars": "max_chars",
    "nodes": "max_xml_nodes",
    "depth": "max_depth",
    "spaces": "max_space_run",
    "seconds": "max_seconds",
}
#: The environment variable holding the default settings (``chars=1M,seconds=20``).
LIMITS_ENV = "COPYHOUND_LIMITS"

_SUFFIXES = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def _count(text: str) -> int:
    """``5000``, ``500k``, ``2M``, ``1G`` (``B`` allowed after a size)."""
    v = text.strip().lower()
    if v.endswith("b") and len(v) > 1 and v[-2] in _SUFFIXES:
        v = v[:-1]
    scale = _SUFFIXES.get(v[-1:], 1)
    number = float(v[:-1] if scale != 1 else v)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(text)
    value = int(number * scale)
    if value != number * scale:
        raise ValueError(text)
    return value


def parse_limits(
    settings: Iterable[str], base: ReadLimits = DEFAULT_LIMITS, source: str = "--limit"
) -> ReadLimits:
    """``base`` with each ``NAME=VALUE`` applied; a bad one is a one-line ``InputError``.

    Names: bytes (unpacked), chars, nodes, depth, spaces (integers >= 1, with k/M/G allowed)
    and seconds (a number > 0)."""
    valid = ", ".join(LIMIT_NAMES)
    changes: dict[str, float] = {}
    for setting in settings:
        name, eq, raw = setting.partition("=")
        name = name.strip().lower()
        if not eq or name not in LIMIT_NAMES:
            what = f"unknown limit {name!r}" if eq else "expected NAME=VALUE"
            raise InputError(f"{source} {setting!r}: {what}; limits are {valid}")
        try:
            value: float = float(raw) if name == "seconds" else _count(raw)
        except ValueError:
            value = float("nan")
        if not value > 0 or value == float("inf"):
            kind = "a number of seconds > 0" if name == "seconds" else "a whole number >= 1"
            raise InputError(f"{source} {setting!r}: {name} must be {kind} (e.g. 500k, 2M)")
        changes[LIMIT_NAMES[name]] = value
    return dataclasses.replace(base, **changes)


def format_limits(limits: ReadLimits) -> str:
    """The ``NAME=VALUE,...`` settings that ``parse_limits`` turns back into ``limits``."""
    return ",".join(f"{name}={getattr(limits, field):g}" for name, field in LIMIT_NAMES.items())


_CONFIGURED: ReadLimits | None = None


def configure(limits: ReadLimits | None) -> None:
    """Make ``limits`` the default of every read in this process (None: back to
    ``COPYHOUND_LIMITS``, else the built-in defaults)."""
    global _CONFIGURED
    _CONFIGURED = limits


def configured() -> ReadLimits:
    """The limits a read uses when given none."""
    if _CONFIGURED is not None:
        return _CONFIGURED
    env = os.environ.get(LIMITS_ENV, "").strip()
    if env:
        return parse_limits(env.split(","), source=LIMITS_ENV)
    return DEFAULT_LIMITS


class Budget:
    """What one document has left to spend; every overspend raises a one-line ``InputError``."""

    __slots__ = (
        "limits",
        "name",
        "unpacked",
        "chars",
        "spaces",
        "nodes",
        "deadline",
        "timed_out",
    )

    def __init__(self, limits: ReadLimits, name: str) -> None:
        self.limits = limits
        self.name = name
        self.unpacked = 0
        self.chars = 0
        self.spaces = 0
        self.nodes = 0
        self.deadline = time.monotonic() + limits.max_seconds
        #: Set once the wall-time limit has been hit (by a check or by the timer).
        self.timed_out = False

    def refuse(self, what: str, limit: str) -> InputError:
        return InputError(f"{self.name}: refused: {what} (limit {limit})")

    def out_of_time(self) -> InputError:
        self.timed_out = True
        return self.refuse(
            f"reading took over {self.limits.max_seconds:g} s",
            f"max_seconds={self.limits.max_seconds:g}",
        )

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise self.out_of_time()

    def unpack(self, n: int) -> None:
        self.unpacked += n
        if self.unpacked > self.limits.max_unpacked_bytes:
            raise self.refuse(
                f"unpacks to over {self.limits.max_unpacked_bytes:,} bytes (zip or stream bomb?)",
                f"max_unpacked_bytes={self.limits.max_unpacked_bytes}",
            )
        self.check_time()

    def add_chars(self, n: int) -> None:
        self.chars += n
        if self.chars > self.limits.max_chars:
            raise self.refuse(
                f"over {self.limits.max_chars:,} characters of text",
                f"max_chars={self.limits.max_chars}",
            )

    def add_nodes(self, n: int) -> None:
        self.nodes += n
        if self.nodes > self.limits.max_xml_nodes:
            raise self.refuse(
                f"over {self.limits.max_xml_nodes:,} XML elements",
                f"max_xml_nodes={self.limits.max_xml_nodes}",
            )
        self.check_time()

    def depth(self, depth: int) -> None:
        if depth > self.limits.max_depth:
            raise self.refuse(
                f"elements nested over {self.limits.max_depth:,} deep",
                f"max_depth={self.limits.max_depth}",
            )

    def space_run(self, n: int) -> None:
        """Before a run of ``n`` spaces is made: each run, and all of them together, bounded."""
        if n > self.limits.max_space_run:
            raise self.refuse(
                f"a run of {n:,} repeated spaces", f"max_space_run={self.limits.max_space_run}"
            )
        self.spaces += n
        if self.spaces > self.limits.max_chars:
            raise self.refuse(
                f"repeated spaces add up to over {self.limits.max_chars:,} characters",
                f"max_chars={self.limits.max_chars}",
            )


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "copyhound_read_budget", default=None
)


def budget() -> Budget:
    """The budget of the document being read (a default one outside ``read_bytes``)."""
    found = _CURRENT.get()
    # A reader or helper called directly: still bounded, by the defaults, for this one call.
    return found if found is not None else Budget(configured(), "document")


@contextlib.contextmanager
def spending(limits: ReadLimits, name: str) -> Iterator[Budget]:
    """Open a fresh budget for reading one document (and its timer, on the main thread)."""
    current = Budget(limits, name)
    token = _CURRENT.set(current)
    try:
        with _alarm(current):
            yield current
    finally:
        _CURRENT.reset(token)


@contextlib.contextmanager
def _alarm(spend: Budget) -> Iterator[None]:
    """Raise the budget's time refusal from a ``SIGALRM`` once its deadline passes.

    Only on the main thread of a platform with ``setitimer``, and never over a timer that
    would fire sooner (a test runner's own timeout): that one is put back, less the time
    spent, when reading ends."""
    seconds = spend.limits.max_seconds
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if outer_delay and outer_delay <= seconds:
        yield  # the outer timer comes first; the checks between steps still hold
        return

    def ring(_signum: int, _frame: object) -> None:
        raise spend.out_of_time()

    started = time.monotonic()
    try:
        previous = signal.signal(signal.SIGALRM, ring)
    except ValueError:  # not the main interpreter
        yield
        return
    try:
        # A limit already spent (0 or less) rings at once; one too large for the OS is left
        # to the checks.
        signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-6))
    except (OverflowError, ValueError, signal.ItimerError):
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
        yield
        return
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
        if outer_delay:
            left = outer_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer_interval)

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
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator
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
    #: Wall time for reading one document, checked between steps (a single library call,
    #: such as PDFium loading one page, is not interrupted).
    max_seconds: float = 60.0


DEFAULT_LIMITS = ReadLimits()


class Budget:
    """What one document has left to spend; every overspend raises a one-line ``InputError``."""

    __slots__ = ("limits", "name", "unpacked", "chars", "spaces", "nodes", "deadline")

    def __init__(self, limits: ReadLimits, name: str) -> None:
        self.limits = limits
        self.name = name
        self.unpacked = 0
        self.chars = 0
        self.spaces = 0
        self.nodes = 0
        self.deadline = time.monotonic() + limits.max_seconds

    def refuse(self, what: str, limit: str) -> InputError:
        return InputError(f"{self.name}: refused: {what} (limit {limit})")

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise self.refuse(
                f"reading took over {self.limits.max_seconds:g} s",
                f"max_seconds={self.limits.max_seconds:g}",
            )

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
    return found if found is not None else Budget(DEFAULT_LIMITS, "document")


@contextlib.contextmanager
def spending(limits: ReadLimits, name: str) -> Iterator[Budget]:
    """Open a fresh budget for reading one document."""
    current = Budget(limits, name)
    token = _CURRENT.set(current)
    try:
        yield current
    finally:
        _CURRENT.reset(token)

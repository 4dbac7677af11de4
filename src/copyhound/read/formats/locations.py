"""Where a stretch of extracted text came from: page and character for PDF, paragraph for DOCX.

Readers of structured formats build the text block by block with ``TextBuilder``; each block
records the place it came from, so any offset into ``Document.text`` maps back to "page 3" or
"paragraph 12" without touching the offsets themselves.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """One place in the original file; ``char`` counts from the start of that place."""

    #: "page" (PDF), "paragraph", "heading", "table", "footnote" (DOCX, ODT, HTML, RTF).
    unit: str
    #: 1-based number of the page or block, in the document's own order.
    number: int
    char: int = 0

    def describe(self) -> str:
        label = "paragraph" if self.unit == "heading" else self.unit
        return f"{label} {self.number}"

    def to_dict(self) -> dict[str, int | str]:
        return {"unit": self.unit, "number": self.number, "char": self.char}


class Locations:
    """A sorted map from text offsets to the block (page, paragraph) that starts there."""

    __slots__ = ("_starts", "_blocks")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._blocks: list[tuple[str, int]] = []

    def add(self, offset: int, unit: str, number: int) -> None:
        if self._starts and offset < self._starts[-1]:
            raise ValueError("blocks must be added in text order")
        self._starts.append(offset)
        self._blocks.append((unit, number))

    def __len__(self) -> int:
        return len(self._starts)

    def place(self, offset: int) -> Place | None:
        """The place holding the character at ``offset`` (None before the first block)."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        unit, number = self._blocks[i]
        return Place(unit, number, offset - self._starts[i])

    def describe(self, offset: int) -> str:
        found = self.place(offset)
        return found.describe() if found else ""


class TextBuilder:
    """Joins blocks into one text, recording where each block starts.

    Blocks are separated by a blank line (paragraphs) so sentence ends never run together.
    Every block is spent from the document's character budget (``copyhound.read.limits``).
    """

    def __init__(self, separator: str = "\n\n") -> None:
        from copyhound.read.limits import budget

        self._parts: list[str] = []
        self._size = 0
        self.separator = separator
        self.locations = Locations()
        self._budget = budget()

    def add(self, text: str, unit: str, number: int) -> None:
        self._budget.add_chars(len(text))
        self._budget.check_time()
        if not text.strip():
            return
        if self._parts:
            self._parts.append(self.separator)
            self._size += len(self.separator)
        self.locations.add(self._size, unit, number)
        self._parts.append(text)
        self._size += len(text)

    @property
    def text(self) -> str:
        return "".join(self._parts)


def require(module: str, package: str, what: str):
    """Import a reader library, or say in one line how to install it (they are dependencies
    of copyhound, so this is met only in an environment where one was removed)."""
    import importlib

    from copyhound.errors import InputError

    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(
            f"reading {what} needs {package}, which is missing here: pip install {package}"
        ) from None

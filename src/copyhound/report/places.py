"""Where a passage sits in its original file, in words a reader can look up."""

from __future__ import annotations

from copyhound.model import Document


def describe_place(doc: Document, offset: int) -> str:
    """ "page 3" (PDF), "paragraph 12" (DOCX, HTML...), else "line 40" of a plain text file."""
    locations = doc.locations
    if locations is not None and hasattr(locations, "describe"):
        found = locations.describe(offset)
        if found:
            return found
    return f"line {doc.text.count(chr(10), 0, offset) + 1}"

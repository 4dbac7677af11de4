"""Shared by the attribution class tests: judge an essay against sources and read verdicts."""

from __future__ import annotations

from copyhound import Document, compare


def verdicts(text: str, *sources: Document) -> list[tuple[str, str]]:
    """Each reported passage's suspect text and its verdict, in report order."""
    report = compare(Document(text, "essay", format="markdown"), list(sources))
    return [(text[m.suspect.start : m.suspect.end], m.judgement.verdict) for m in report.matches]


def verdict_of(text: str, words: str, *sources: Document) -> list[str]:
    """The verdicts of the passages that hold ``words``."""
    return [v for t, v in verdicts(text, *sources) if words in t]


#: A second compared source by other authors, so that a signal naming it is a trap: it must
#: not credit the source a class test is about.
OTHER = Document(
    "# Salt Roads of the Northern Coast\n\nBy Ødegård Ingrid and Çelik Mehmet\n\n"
    "Salt was boiled from seawater in iron pans along the whole northern shore, and the pans "
    "were fired with peat cut from the moors above the villages.\n",
    "salt.md",
    format="markdown",
)

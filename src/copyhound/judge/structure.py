"""Paragraphs and sentences of a text, as spans, for deciding what governs a passage.

Sentence ends are ``.``, ``!`` or ``?`` (with any closing quotes and brackets after them)
followed by space and a capital, digit or opening quote; abbreviations (``Dec.``, ``Dr.``,
``U.S.``, initials) do not end a sentence, and a parenthetical citation straight after a
sentence (``... government.” (People's Dispatch)``) or a note number (``...good.¹``) stays
with that sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import numpy as np

from copyhound.model import Span

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*(?:>[ \t]*)?\n|\n(?=[ \t]*#)")
#: A note number after the end punctuation belongs to the sentence it ends (CMOS 14.26):
#: ``¹``, ``^1``, ``[^1]``, ``<sup>1</sup>``.
_NOTE_MARK = r"(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\^\d+|\[\^\w+\]|<sup>\w+</sup>)"
_SENTENCE_END = re.compile(rf"[.!?]+[\"'”’)\]]*{_NOTE_MARK}?(?=\s)")
_NON_SPACE = re.compile(r"\S")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_ABBREVIATION_WORDS = (
    "mr mrs ms dr prof sr jr st vs etc al fig eg ie cf no vol pp p ed eds pr gen col lt sgt "
    "rev gov sen rep jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept "
    "univ v"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())


@dataclass(frozen=True, slots=True)
class Layout:
    """The paragraphs and sentences of one text, each a sorted list of spans."""

    paragraphs: list[Span]
    sentences: list[Span]
    _para_starts: list[int] = field(default_factory=list, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)
    _ends: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def of(cls, paragraphs: list[Span], sentences: list[Span]) -> Layout:
        return cls(
            paragraphs,
            sentences,
            [p.start for p in paragraphs],
            [s.start for s in sentences],
            [s.end for s in sentences],
        )

    def paragraph_at(self, offset: int) -> Span | None:
        return _containing(self.paragraphs, self._para_starts, offset)

    def paragraph_starts_at(self, offsets: np.ndarray) -> np.ndarray:
        """For each of ``offsets``, the start of the paragraph holding it, or -1."""
        starts = np.asarray(self._para_starts, dtype=np.int64)
        ends = np.asarray([p.end for p in self.paragraphs] + [0], dtype=np.int64)
        k = np.searchsorted(starts, offsets, "right") - 1
        inside = (k >= 0) & (offsets < ends[k])
        return np.where(inside, np.r_[starts, -1][k], -1)

    def sentence_at(self, offset: int) -> Span | None:
        return _containing(self.sentences, self._starts, offset)

    def sentences_in(self, span: Span) -> list[Span]:
        """Sentences overlapping ``span``."""
        k = max(0, bisect.bisect_right(self._starts, span.start) - 1)
        out = []
        while k < len(self.sentences) and self.sentences[k].start < max(span.end, span.start + 1):
            if self.sentences[k].end > span.start:
                out.append(self.sentences[k])
            k += 1
        return out

    def paragraphs_in(self, span: Span) -> list[Span]:
        """Paragraphs overlapping ``span``."""
        k = max(0, bisect.bisect_right(self._para_starts, span.start) - 1)
        out = []
        while k < len(self.paragraphs) and self.paragraphs[k].start < span.end:
            if self.paragraphs[k].end > span.start:
                out.append(self.paragraphs[k])
            k += 1
        return out

    def previous_sentence(self, offset: int) -> Span | None:
        """The last sentence ending at or before ``offset``."""
        k = bisect.bisect_right(self._ends, offset) - 1
        return self.sentences[k] if k >= 0 else None

    def next_sentence(self, offset: int) -> Span | None:
        """The first sentence starting at or after ``offset``."""
        k = bisect.bisect_left(self._starts, offset)
        return self.sentences[k] if k < len(self.sentences) else None


def _containing(spans: list[Span], starts: list[int], offset: int) -> Span | None:
    k = bisect.bisect_right(starts, offset) - 1
    if k >= 0 and offset < spans[k].end:
        return spans[k]
    return None


def paragraphs(text: str) -> list[Span]:
    """Paragraphs: text between blank lines (or before a heading), outer whitespace trimmed."""
    out, pos = [], 0
    for m in list(_PARAGRAPH_BREAK.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        span = _trim(text, pos, end)
        if span:
            out.extend(_split_heading(text, span))
        pos = m.end() if m else len(text)
    return out


def _split_heading(text: str, span: Span) -> list[Span]:
    """A ``#`` heading line is a paragraph of its own, apart from the text under it."""
    newline = text.find("\n", span.start, span.end)
    if text[span.start] != "#" or newline < 0:
        return [span]
    rest = _trim(text, newline, span.end)
    head = _trim(text, span.start, newline)
    return [s for s in (head, rest) if s]


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def _is_abbreviation(text: str, dot: int) -> bool:
    """The ``.`` at ``dot`` ends an abbreviation or initial rather than a sentence."""
    m = _WORD_BEFORE.search(text[max(0, dot - 20) : dot])
    if not m:
        return False
    word = m.group(1)
    if "." in word or (len(word) == 1 and word.isupper()):
        return True  # U.S., e.g., J. Smith
    return word.lower() in _ABBREVIATIONS


def _sentence_ends(text: str, para: Span) -> list[int]:
    ends = []
    for m in _SENTENCE_END.finditer(text, para.start, para.end):
        end = m.end()
        # The first character after the spaces (``\S`` is ``str.isspace``'s complement).
        after = _NON_SPACE.search(text, end, para.end)
        if after is None:
            continue
        nxt = after.group()
        if nxt in "([" or not (nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘«>*_-—"):
            continue
        dot = m.start()
        if text[dot] == "." and m.end() - m.start() == 1 and _is_abbreviation(text, dot):
            continue
        ends.append(end)
    return ends


def layout(text: str) -> Layout:
    """Split ``text`` into paragraphs and sentences."""
    paras = paragraphs(text)
    sentences = []
    for para in paras:
        start = para.start
        for end in _sentence_ends(text, para) + [para.end]:
            span = _trim(text, start, end)
            if span:
                sentences.append(span)
            start = end
    return Layout.of(paras, sentences)

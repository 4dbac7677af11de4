"""Sentence splitting with offsets: the units semantic detection embeds and aligns.

Splitting works on ``Document.match_text`` (markup blanked, same length as ``text``), so every
``Span`` points into the original text. Rules are deliberately simple and language-neutral:
a sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes and brackets) followed by
white space, or at a blank line. Fragments of fewer than ``min_words`` words are merged into
their neighbour (Sanchez-Perez et al. merge sentences under 3 words), and very long sentences
are cut into windows so one embedding never has to stand for a whole page.
"""

from __future__ import annotations

import re

from .model import Span

_BOUNDARY = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)\]\u00bb]*\s+|\n[ \t]*\n\s*")
_WORD = re.compile(r"\w+")
# Abbreviations after which a full stop does not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Mt|vs|etc|e\.g|i\.e|cf|No|Vol|pp|Fig|Gen|Col|Lt|Sra|Srta|"
    r"Dra|Ud|Uds|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\b(?:[A-Za-z]\.){1,})\.$"
)


def _raw_spans(text: str) -> list[Span]:
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if (
            text[m.start() - 1] == "."
            and "\n" not in m.group()
            and _ABBREV.search(text, max(0, m.start() - 12), m.start())
        ):
            continue
        spans.append(Span(start, m.start()))
        start = m.end()
    spans.append(Span(start, len(text)))
    return spans


def _trim(text: str, span: Span) -> Span | None:
    piece = text[span.start : span.end]
    stripped = piece.strip()
    if not stripped or not _WORD.search(stripped):
        return None
    lead = len(piece) - len(piece.lstrip())
    return Span(span.start + lead, span.start + lead + len(stripped))


def _windows(text: str, span: Span, max_words: int) -> list[Span]:
    """Cut a sentence longer than ``max_words`` words into consecutive windows of words."""
    # Each word takes a character and all but the last a separator: a span of at most
    # 2 x max_words characters cannot hold more than max_words words, so is not counted.
    if span.length <= 2 * max_words or word_count(text, span) <= max_words:
        return [span]
    words = list(_WORD.finditer(text, span.start, span.end))
    out = []
    for k in range(0, len(words), max_words):
        chunk = words[k : k + max_words]
        if k + 2 * max_words > len(words) and k + max_words < len(words):
            # Last two windows: split the remainder evenly rather than leave a stub.
            chunk = words[k:]
            half = len(chunk) // 2
            out.append(Span(chunk[0].start(), chunk[half - 1].end()))
            out.append(Span(chunk[half].start(), span.end))
            return out
        end = span.end if k + max_words >= len(words) else chunk[-1].end()
        out.append(Span(span.start if k == 0 else chunk[0].start(), end))
    return out


def word_count(text: str, span: Span) -> int:
    return len(_WORD.findall(text, span.start, span.end))


def _has_words(text: str, span: Span, n: int) -> bool:
    """Whether ``span`` holds at least ``n`` words (stops at the n-th, unlike counting)."""
    if n <= 0:
        return True
    pattern = _AT_LEAST.get(n)
    if pattern is None:
        pattern = _AT_LEAST[n] = re.compile(r"\w+" + r"\W+\w+" * (n - 1))
    return pattern.search(text, span.start, span.end) is not None


_AT_LEAST: dict[int, re.Pattern] = {}


def split_sentences(text: str, min_words: int = 4, max_words: int = 60) -> list[Span]:
    """Sentences of ``text`` as spans in order, none empty, none overlapping.

    ``text`` is a document's ``match_text``; each span starts and ends on a non-space.
    """
    spans = [s for s in (_trim(text, r) for r in _raw_spans(text)) if s is not None]
    merged: list[Span] = []
    carry: Span | None = None
    for span in spans:
        if carry is not None:
            span = Span(carry.start, span.end)
            carry = None
        if not _has_words(text, span, min_words):
            carry = span
            continue
        merged.append(span)
    if carry is not None:
        if merged:
            merged[-1] = Span(merged[-1].start, carry.end)
        else:
            merged.append(carry)
    out: list[Span] = []
    for span in merged:
        out.extend(_windows(text, span, max_words))
    return out

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

from copyhound.model import Span

# A terminator, then the boundary proper (group 1: closing quotes and brackets, white space),
# or a blank line. Matching the terminator itself, rather than looking behind for it at every
# character, halves the scan.
_BOUNDARY = re.compile(r"[.!?\u2026]([\"'\u201d\u2019)\]\u00bb]*\s+)|\n[ \t]*\n\s*")
_WORD = re.compile(r"\w+")
# Abbreviations after which a full stop does not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Mt|vs|etc|e\.g|i\.e|cf|No|Vol|pp|Fig|Gen|Col|Lt|Sra|Srta|"
    r"Dra|Ud|Uds|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\b(?:[A-Za-z]\.){1,})\.$"
)


# Internally a span is a plain ``(start, end)`` tuple: a document has hundreds of candidate
# sentences, and only the final ones become ``Span`` objects.


def _raw_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        after_terminator = m.start(1) >= 0
        at = m.start(1) if after_terminator else m.start()
        if (
            text[at - 1] == "."
            and "\n" not in m.group(1 if after_terminator else 0)
            and _ABBREV.search(text, max(0, at - 12), at)
        ):
            continue
        spans.append((start, at))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped or not _WORD.search(stripped):
        return None
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(stripped)


def _windows(text: str, start: int, end: int, max_words: int) -> list[Span]:
    """Cut a sentence longer than ``max_words`` words into consecutive windows of words."""
    # Each word takes a character and all but the last a separator: a span of at most
    # 2 x max_words characters cannot hold more than max_words words, so is not counted.
    if end - start <= 2 * max_words or not _more_words(text, start, end, max_words):
        return [Span(start, end)]
    words = list(_WORD.finditer(text, start, end))
    out = []
    for k in range(0, len(words), max_words):
        chunk = words[k : k + max_words]
        if k + 2 * max_words > len(words) and k + max_words < len(words):
            # Last two windows: split the remainder evenly rather than leave a stub.
            chunk = words[k:]
            half = len(chunk) // 2
            out.append(Span(chunk[0].start(), chunk[half - 1].end()))
            out.append(Span(chunk[half].start(), end))
            return out
        window_end = end if k + max_words >= len(words) else chunk[-1].end()
        out.append(Span(start if k == 0 else chunk[0].start(), window_end))
    return out


def _more_words(text: str, start: int, end: int, n: int) -> bool:
    """Whether ``text[start:end]`` holds more than ``n`` words: one anchored match with
    possessive runs (no backtracking, no list of words), cheaper than counting them all."""
    pattern = _MORE_THAN.get(n)
    if pattern is None:
        pattern = _MORE_THAN[n] = re.compile(r"\W*+(?:\w++\W*+){" + str(n + 1) + "}")
    return pattern.match(text, start, end) is not None


_MORE_THAN: dict[int, re.Pattern] = {}


def _has_words(text: str, start: int, end: int, n: int) -> bool:
    """Whether ``text[start:end]`` holds at least ``n`` words (stops at the n-th)."""
    if n <= 0:
        return True
    pattern = _AT_LEAST.get(n)
    if pattern is None:
        pattern = _AT_LEAST[n] = re.compile(r"\w+" + r"\W+\w+" * (n - 1))
    return pattern.search(text, start, end) is not None


_AT_LEAST: dict[int, re.Pattern] = {}


def split_sentences(text: str, min_words: int = 4, max_words: int = 60) -> list[Span]:
    """Sentences of ``text`` as spans in order, none empty, none overlapping.

    ``text`` is a document's ``match_text``; each span starts and ends on a non-space.
    """
    spans = [t for t in (_trim(text, *r) for r in _raw_spans(text)) if t is not None]
    merged: list[tuple[int, int]] = []
    carry: int | None = None  # start of fragments too short to stand alone
    for start, end in spans:
        if carry is not None:
            start, carry = carry, None
        if not _has_words(text, start, end, min_words):
            carry = start
            continue
        merged.append((start, end))
    if carry is not None:
        # Trailing fragments join the last sentence (or are the only one).
        last_end = spans[-1][1]
        if merged:
            merged[-1] = (merged[-1][0], last_end)
        else:
            merged.append((carry, last_end))
    out: list[Span] = []
    for start, end in merged:
        out.extend(_windows(text, start, end, max_words))
    return out

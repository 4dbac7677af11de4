"""Find the quotations of a document: the spans its writer put inside quotation marks.

Curly quotes and guillemets say which way they face, so they pair with a stack, which also
handles nesting. Straight quotes are read from their neighbours (a quote after a space opens,
one before a space closes). A right single quote or straight apostrophe between letters
(``Castillo's``), before a decade (``'90s``) or in a short elision (``'em``, ``rock 'n' roll``)
is an apostrophe, never a quote. A quotation may run over paragraphs, either by the
convention of re-opening each paragraph or by closing in a later one; an unclosed quotation
ends with its paragraph. Markdown block quotes (``>``) and indented paragraphs in a text whose
other paragraphs are not indented are block quotations.

Every span is a code-point offset into ``Document.text``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import numpy as np

from copyhound.model import Span

#: Opening mark -> (kind, closing marks it pairs with).
_OPENERS = {
    "\u201c": ("double", "\u201d"),  # “ ”
    "\u201e": ("double", "\u201c\u201d"),  # „ closes with “ (German) or ”
    "\u00ab": ("guillemet", "\u00bb"),  # « »
    "\u2039": ("single-guillemet", "\u203a"),  # ‹ ›
    "\u2018": ("single", "\u2019"),  # ‘ ’
    "\u201a": ("single", "\u2018\u2019"),  # ‚
}
_CLOSERS = {"\u201d": "double", "\u00bb": "guillemet", "\u203a": "single-guillemet"}
_QUOTE_CHARS = set(_OPENERS) | set(_CLOSERS) | {'"', "'", "\u2019"}
_QUOTE_CHAR = re.compile("[" + re.escape("".join(sorted(_QUOTE_CHARS))) + "]")

_ELISIONS = re.compile(r"(?:em|tis|twas|til|cause|n|round|bout|ere)\b", re.I)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class Quotation:
    """One quotation: ``inner`` is the quoted text, ``outer`` includes the marks."""

    inner: Span
    outer: Span
    #: ``double``, ``single``, ``guillemet``, ``single-guillemet``, ``block`` or ``indented``.
    style: str
    #: 0 for a quotation in the writer's own text, 1 for one nested inside it, and so on.
    depth: int = 0


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _apostrophe(text: str, i: int) -> bool:
    """A ``'`` or ``’`` at ``i`` that is part of a word rather than a quotation mark."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if _is_word(before) and _is_word(after):
        return True  # Castillo's, don't
    if not _is_word(before) and re.match(r"\d\ds\b|\d\d\b", text[i + 1 : i + 4]):
        return True  # '90s
    return (
        not _is_word(before)
        and bool(_ELISIONS.match(text, i + 1))
        and (text[i + 1 : i + 2].islower())
    )


def _straight_direction(text: str, i: int) -> str | None:
    """``open``, ``close`` or None (undecided) for a straight quote from its neighbours."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens = (before.isspace() or before in "([{\u2014-/\u201c\u2018\"'") and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in ".,;:!?)]}\u2014-/\"'")
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return None


def _paragraph_ends(text: str) -> list[int]:
    return [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]


@dataclass
class _Open:
    kind: str
    closers: str
    start: int  # offset of the opening mark
    paragraph: int  # index of the paragraph it was opened in


def inline_quotations(text: str) -> list[Quotation]:
    """Quotations marked with quotation marks, nested ones included, in document order."""
    para_ends = _paragraph_ends(text)
    found: list[Quotation] = []
    stack: list[_Open] = []

    def close(k: int, end: int, mark_len: int) -> None:
        opened = stack[k]
        del stack[k:]
        found.append(
            Quotation(
                Span(opened.start + 1, end), Span(opened.start, end + mark_len), opened.kind, k
            )
        )

    def find_open(kind: str) -> int | None:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k].kind == kind:
                return k
        return None

    for found_mark in _QUOTE_CHAR.finditer(text):
        i, ch = found_mark.start(), found_mark.group()
        para = bisect.bisect_left(para_ends, i)
        reopen_kind = _OPENERS[ch][0] if ch in _OPENERS else None
        if ch == '"' and _straight_direction(text, i) == "open":
            reopen_kind = "straight-double"
        if reopen_kind and _starts_paragraph(text, i):
            k = find_open(reopen_kind)
            if k is not None and stack[k].paragraph < para:
                for o in stack:
                    o.paragraph = para
                continue  # a quotation re-opened at each new paragraph it runs into
        _settle_paragraphs(text, stack, para, para_ends, close, i)
        if ch in ("'", "\u2019") and _apostrophe(text, i):
            continue
        if ch == '"':
            direction = _straight_direction(text, i)
            k = find_open("straight-double")
            if direction == "close" or (direction is None and k is not None):
                if k is not None:
                    close(k, i, 1)
            else:
                stack.append(_Open("straight-double", '"', i, para))
            continue
        if ch == "'":
            direction = _straight_direction(text, i)
            k = find_open("straight-single")
            if direction == "close" and k is not None:
                close(k, i, 1)
            elif direction == "open":
                stack.append(_Open("straight-single", "'", i, para))
            continue
        if ch == "\u2019":
            k = find_open("single")
            if k is not None:
                close(k, i, 1)
            continue
        if ch in _OPENERS:
            kind, closers = _OPENERS[ch]
            k = find_open(kind)
            # „ ... “ : the German closer is also an English opener.
            if k is not None and ch in stack[k].closers:
                close(k, i, 1)
                continue
            stack.append(_Open(kind, closers, i, para))
            continue
        kind = _CLOSERS[ch]
        k = find_open(kind)
        if k is not None:
            close(k, i, 1)
    _settle_paragraphs(text, stack, len(para_ends), para_ends, close, len(text))
    return sorted((_normalise_kind(q) for q in found), key=lambda q: (q.outer.start, q.depth))


def _normalise_kind(q: Quotation) -> Quotation:
    style = {"straight-double": "double", "straight-single": "single"}.get(q.style, q.style)
    return Quotation(q.inner, q.outer, style, q.depth)


def _starts_paragraph(text: str, i: int) -> bool:
    """Only spaces stand between the start of ``i``'s line and ``i``."""
    k = i - 1
    while k >= 0 and text[k] != "\n":
        if not text[k].isspace():
            return False
        k -= 1
    return True


def _settle_paragraphs(text, stack, para, para_ends, close, pos) -> None:
    """Close quotations left open in paragraphs before ``para`` unless they carry on.

    A quotation carries on when its closing mark comes later, before another opening mark of
    its kind, or when the next paragraph re-opens it (the multi-paragraph convention).
    """
    while stack and stack[-1].paragraph < para:
        opened = stack[-1]
        if _next_mark(text, para_ends[opened.paragraph], opened) == "carry":
            for o in stack:
                o.paragraph = para
            return
        close(len(stack) - 1, _trim_end(text, opened.start, para_ends[opened.paragraph]), 0)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _next_mark(text: str, after: int, opened: _Open) -> str:
    """``carry`` when the quotation opened at ``opened`` continues past ``after``."""
    if opened.kind.startswith("straight"):
        mark = '"' if opened.kind == "straight-double" else "'"
        i = text.find(mark, after)
        while i >= 0:
            if not (mark == "'" and _apostrophe(text, i)):
                direction = _straight_direction(text, i)
                if direction == "close":
                    return "carry"
                return "carry" if _starts_paragraph(text, i) else "stop"
            i = text.find(mark, i + 1)
        return "stop"
    openers = [o for o, (kind, _) in _OPENERS.items() if kind == opened.kind]
    marks = re.compile("[" + re.escape("".join(sorted(set(opened.closers) | set(openers)))) + "]")
    for m in marks.finditer(text, after):
        i, ch = m.start(), m.group()
        if ch in opened.closers and not (ch == "\u2019" and _apostrophe(text, i)):
            return "carry"
        if ch in openers:
            return "carry" if _starts_paragraph(text, i) else "stop"
    return "stop"


_BLOCK_LINE = re.compile(r"^ {0,3}> ?", re.M)


def block_quotations(text: str) -> list[Quotation]:
    """Markdown ``>`` block quotes and indented paragraphs set apart from the body."""
    found: list[Quotation] = []
    lines = _lines(text)
    k = 0
    while k < len(lines):
        start, end = lines[k]
        m = _BLOCK_LINE.match(text, start, end)
        if not m:
            k += 1
            continue
        first_inner = m.end()
        last_end = end
        k += 1
        while k < len(lines):
            s, e = lines[k]
            if not _BLOCK_LINE.match(text, s, e):
                break
            last_end = e
            k += 1
        last_end = _trim_end(text, first_inner, last_end)
        if last_end > first_inner:
            found.append(Quotation(Span(first_inner, last_end), Span(start, last_end), "block"))
    found.extend(_indented_blocks(text))
    return sorted(found, key=lambda q: q.outer.start)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line.rstrip("\r\n"))
        out.append((pos, end))
        pos += len(line)
    return out


def _indented_blocks(text: str) -> list[Quotation]:
    """Paragraphs indented by 4+ columns where most paragraphs are flush left."""
    paragraphs = []
    pos = 0
    for m in list(_PARAGRAPH_BREAK.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        if chunk.strip():
            paragraphs.append((pos, end))
        pos = m.end() if m else len(text)
    indented = []
    for start, end in paragraphs:
        body = text[start:end].lstrip("\r\n")
        lead = start + (len(text[start:end]) - len(body))
        lines = [ln for ln in body.splitlines() if ln.strip()]
        if lines and all(ln.startswith(("    ", "\t")) for ln in lines):
            indented.append((lead, end))
    if not indented or len(indented) * 2 > len(paragraphs):
        return []
    out = []
    for start, end in indented:
        inner_start = start + len(text[start:end]) - len(text[start:end].lstrip())
        inner_end = _trim_end(text, inner_start, end)
        out.append(Quotation(Span(inner_start, inner_end), Span(start, inner_end), "indented"))
    return out


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation of ``text``: block quotations and quotation-mark ones, in order."""
    found = block_quotations(text) + inline_quotations(text)
    return sorted(found, key=lambda q: (q.outer.start, -q.outer.end))


class QuoteMap:
    """Answers "is this offset quoted?" for one document in O(log n)."""

    def __init__(self, quotations: list[Quotation]) -> None:
        self.quotations = quotations
        merged: list[list[int]] = []
        for q in sorted(quotations, key=lambda q: q.inner.start):
            if merged and q.inner.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], q.inner.end)
            else:
                merged.append([q.inner.start, q.inner.end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]
        #: The quotations inside each merged stretch, in the order given.
        self._within: list[list[Quotation]] = [[] for _ in merged]
        for q in quotations:
            self._within[bisect.bisect_right(self._starts, q.inner.start) - 1].append(q)

    def covers_each(self, offsets: np.ndarray) -> np.ndarray:
        """``covers`` for each of ``offsets`` at once."""
        k = np.searchsorted(np.asarray(self._starts, dtype=np.int64), offsets, "right") - 1
        ends = np.asarray(self._ends + [0], dtype=np.int64)  # index -1: nothing covers
        return (k >= 0) & (offsets < ends[k])

    def covers(self, offset: int) -> bool:
        k = bisect.bisect_right(self._starts, offset) - 1
        return k >= 0 and offset < self._ends[k]

    def outermost(self, offset: int) -> Quotation | None:
        """The widest quotation whose quoted text holds ``offset``."""
        k = bisect.bisect_right(self._starts, offset) - 1
        if k < 0 or offset >= self._ends[k]:
            return None  # no quotation holds it
        best = None
        for q in self._within[k]:  # only these can hold it
            if q.inner.start <= offset < q.inner.end and (
                best is None or q.inner.length > best.inner.length
            ):
                best = q
        return best


class Outermost:
    """The quotations no longer quotation holds, found by where they start and end.

    A passage's quotations are looked up here in time proportional to how many it touches,
    not to how many the document has.
    """

    def __init__(self, quotations: list[Quotation]) -> None:
        order = sorted(
            range(len(quotations)),
            key=lambda k: (quotations[k].inner.start, -quotations[k].inner.end),
        )
        kept: list[int] = []
        reach_before = -1  # furthest end of quotations starting before this start
        k = 0
        while k < len(order):
            start = quotations[order[k]].inner.start
            group_end = k
            while group_end < len(order) and quotations[order[group_end]].inner.start == start:
                group_end += 1
            widest = quotations[order[k]].inner.end  # first of the group: ends furthest
            for g in range(k, group_end):
                q = quotations[order[g]]
                if reach_before < q.inner.end and widest <= q.inner.end:
                    kept.append(order[g])  # nothing longer holds it
            reach_before = max(reach_before, widest)
            k = group_end
        self._quotations = quotations
        self._kept = kept  # by start
        self._starts = [quotations[k].inner.start for k in kept]
        self._reach: list[int] = []  # furthest end among the first n kept
        for k in kept:
            self._reach.append(max(self._reach[-1] if self._reach else -1, quotations[k].inner.end))

    def overlapping(self, span: Span) -> list[Quotation]:
        """Outermost quotations overlapping ``span``, in the document's quotation order."""
        lo = bisect.bisect_right(self._reach, span.start)  # before: all end by span.start
        hi = bisect.bisect_left(self._starts, span.end)
        found = [k for k in self._kept[lo:hi] if self._quotations[k].inner.overlap(span)]
        return [self._quotations[k] for k in sorted(found)]

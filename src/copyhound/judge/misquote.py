"""Quote accuracy: does the text inside the quotation marks say what the source says?

The words of each quotation a quoted passage touches are aligned with the source around the
passage. Words changed, added or dropped inside the marks are differences, except the ones
quoting conventions allow: words in square brackets (``[establish]``, ``[he]``) are marked
editorial changes, and words dropped where the quotation has an ellipsis (``...``, ``…``)
are marked omissions. Source words before or after the quoted stretch are not "dropped":
quoting part of a sentence is not a misquote. Case, punctuation and spelling variants the
tokenizer folds (``U.S.``/``US``, curly/straight apostrophes, ``[T]he`` for ``the``) are never
differences.

A writer may join two quotations of one speaker inside one pair of marks, leaving out the
source's own words between them (``"We added hives faster than we added flowers. A colony
..."`` where the source has ``"...flowers," said Dr. Haddad. "A colony ...``): source words
left out are not "dropped" when they stand outside the source's quotation marks while the
words on both sides stand inside them. Each quotation is aligned with the source around the
whole quotation, not only the part of it one match covers, so the other half of a joined
quotation is never "added".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from copyhound.judge.quotes import QuoteMap
from copyhound.judge.wordalign import (
    EXACT_CELLS,
    Op,
    SourceWords,
    align_words,
    trim_source_edges,
)
from copyhound.model import Document, Match, Span
from copyhound.normalise.tokens import Tokens, tokenize

if TYPE_CHECKING:
    from copyhound.judge.context import SuspectContext

_ELLIPSIS = re.compile(r"\.\s?\.\s?\.|…")


@dataclass(frozen=True, slots=True)
class Difference:
    """One change inside a quotation: ``changed``, ``added`` or ``dropped`` words."""

    change: str
    #: Suspect words (empty span at the place for ``dropped``).
    suspect: Span
    #: Source words (empty span at the place for ``added``).
    source: Span
    suspect_text: str
    source_text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "suspect_offset": self.suspect.start,
            "suspect_length": self.suspect.length,
            "suspect_text": self.suspect_text,
            "source_offset": self.source.start,
            "source_length": self.source.length,
            "source_text": self.source_text,
        }


def token_range(tokens: Tokens, span: Span) -> tuple[int, int]:
    """Indices ``[lo, hi)`` of the tokens lying inside ``span``."""
    lo = int(np.searchsorted(tokens.starts, span.start, side="left"))
    hi = int(np.searchsorted(tokens.ends, span.end, side="right"))
    return lo, max(lo, hi)


def _bracketed(text: str, start: int, floor: int) -> bool:
    """The word at ``start`` lies inside ``[...]`` opened after ``floor``, or is the rest of
    a word whose first letters were bracketed (``eals`` in ``[S]eals``)."""
    if start > floor and text[start - 1] == "]":
        return True
    return text.rfind("[", floor, start) > text.rfind("]", floor, start)


def quote_differences(
    ctx: SuspectContext,
    part: Match,
    src_tokens: Tokens,
    source: Document,
    source_quotes: QuoteMap | None = None,
    source_words: SourceWords | None = None,
) -> list[Difference]:
    """Differences between each quotation ``part`` touches and the source."""
    sus = ctx.tokens
    text = ctx.document.text
    pi0, pi1 = token_range(sus, part.suspect)
    pj0, pj1 = token_range(src_tokens, part.source_span)
    if pi1 <= pi0 or pj1 <= pj0:
        return []
    windows = []
    for q in ctx.outermost.overlapping(part.suspect):
        qa, qb = token_range(sus, q.inner)
        if qb <= qa:
            continue
        # The quotation's words outside this part may sit further off in the source (a speech
        # tag between two joined quotations): look as far again on each side.
        lead, trail = max(0, pi0 - qa), max(0, qb - pi1)
        reach = lead + trail + (qb - qa) + _JOIN_REACH
        windows.append((q, qa, qb, max(0, pj0 - reach), min(len(src_tokens), pj1 + reach)))
    # In a very long passage, each quotation is compared with the window of the source that
    # its words place it in (``wordalign.SourceWords``), not with the whole source side.
    windowed = sum((qb - qa) * (wb - wa) for _, qa, qb, wa, wb in windows) > EXACT_CELLS
    if windowed and source_words is None:
        source_words = SourceWords(src_tokens.ids)
    out: list[Difference] = []
    for q, qa, qb, wa, wb in windows:
        if windowed:
            wa, wb = source_words.window(sus.ids[qa:qb].tolist(), wa, wb, pj0 + qa - pi0)
        readings = []
        for ops in _alignments(text, sus, qa, qb, src_tokens, wa, wb):
            diffs = _compare(text, sus, qa, source.text, src_tokens, wa, q.inner.start, ops)
            if source_quotes is not None:
                diffs = [d for d in diffs if not _joined(d, source_quotes, src_tokens)]
            diffs = [d for d in diffs if not _citation_tail(ctx, d, q.inner)]
            readings.append(diffs)
        out.extend(min(readings, key=len))  # the reading that explains the quotation best
    return out


#: A citation closing a block quotation: ``(Nakamura & da Silva, 2023, 14:20)``, ``(35)``.
_PAREN_TAIL = re.compile(r"\([^()\n]{1,200}\)[\s.,;:*_]*\Z")
#: An attribution line under it: ``— Corvina, *The Listening Post*``.
_DASH_LINE = re.compile(r"(?m)^[ \t>]*(?:—|–|--|―)[ \t]*\S")


def _citation_tail(ctx: SuspectContext, diff: Difference, inner: Span) -> bool:
    """``diff`` adds the citation a block quotation ends with (MLA, APA and Chicago put it
    after the quotation's last full stop, inside the indented block), or a dash line naming
    who wrote it: the writer's credit, not words put in the source's mouth."""
    if diff.change != "added":
        return False
    text = ctx.document.text
    tail = text[diff.suspect.start : inner.end]
    if text[diff.suspect.end : inner.end].strip(" \t\r\n.,;:*_)”\"’'»") != "":
        return False  # words of the quotation follow: not its closing credit
    line_start = text.rfind("\n", 0, diff.suspect.start) + 1
    if _DASH_LINE.match(text, line_start) and not text[line_start : diff.suspect.start].strip(
        " \t>—–-―*_"
    ):
        return True
    opened = text.rfind("(", inner.start, diff.suspect.start + 1)
    return (
        opened >= 0
        and not text[opened + 1 : diff.suspect.start].strip(" \t&,.;:")
        and bool(_PAREN_TAIL.match(text, opened, inner.end) or _PAREN_TAIL.search(tail))
    )


#: How many source words a speech tag between two joined quotations may take.
_JOIN_REACH = 30


def _joined(diff: Difference, source_quotes: QuoteMap, src: Tokens) -> bool:
    """A ``dropped`` stretch of the source's own words between two of its quotations."""
    if diff.change != "dropped" or diff.source.length == 0:
        return False
    k = int(np.searchsorted(src.ends, diff.source.start, side="left"))
    before = int(src.starts[k - 1]) if k > 0 else None
    after_k = int(np.searchsorted(src.starts, diff.source.end, side="left"))
    after = int(src.starts[after_k]) if after_k < len(src) else None
    if before is None or after is None:
        return False
    dropped = range(k, after_k)
    return (
        source_quotes.covers(before)
        and source_quotes.covers(after)
        and not any(source_quotes.covers(int(src.starts[t])) for t in dropped)
    )


def _quote_ids(text: str, sus: Tokens, qa: int, qb: int) -> list[int]:
    """The quotation's word ids, a bracketed letter read as the word it is part of
    (``[S]eals`` is ``Seals``: a capital changed to fit the sentence)."""
    ids = sus.ids[qa:qb].tolist()
    for k in range(qa, qb):
        end = int(sus.ends[k])
        if k + 1 < qb and text[end : end + 1] == "]" and int(sus.starts[k + 1]) == end + 1:
            end = int(sus.ends[k + 1])  # [S]eals: the bracketed letter and the rest are one word
        word = text[int(sus.starts[k]) : end]
        if "[" in word or "]" in word or end != int(sus.ends[k]):
            plain = tokenize(word.replace("[", "").replace("]", ""))
            if len(plain) == 1:
                ids[k - qa] = int(plain.ids[0])
    return ids


#: A stretch of the quotation must share this many words in a row with the source to count
#: as quoted from there; shorter coincidences are changed or added words.
_MIN_PIECE = 3


def _pieces(a: list[int], b: list[int]) -> list[Op]:
    """Ops covering the quotation ``a`` with runs copied from ``b`` in order, longest first.

    A quotation is a sequence of stretches of the source, each taken whole: where the writer
    left source words out between two stretches, the gap is one ``dropped`` op, however
    far apart they are, and words no stretch explains are ``added`` (or ``changed``).
    """
    where: dict[int, list[int]] = {}
    for j, w in enumerate(b):
        where.setdefault(w, []).append(j)
    runs: list[tuple[int, int, int]] = []  # (a start, b start, length)
    i, floor = 0, 0
    while i < len(a):
        best = (0, -1)
        for j in where.get(a[i], []):
            if j < floor:
                continue
            n = 0
            while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
                n += 1
            if n > best[0] or (n == best[0] and runs and j == runs[-1][1] + runs[-1][2]):
                best = (n, j)
        n, j = best
        contiguous = bool(runs) and j == runs[-1][1] + runs[-1][2] and i == sum(runs[-1][::2])
        if n >= _MIN_PIECE or (n > 0 and (contiguous or i + n == len(a))):
            runs.append((i, j, n))
            i, floor = i + n, j + n
        else:
            i += 1
    if not runs:
        return [Op("added", 0, len(a), 0, 0)]
    ops: list[Op] = []
    ai, bj = 0, runs[0][1]
    for ra, rb, n in runs:
        if ra > ai:
            ops.append(Op("added", ai, ra, bj, bj))
        if rb > bj:
            ops.append(Op("dropped", ra, ra, bj, rb))
        ops.append(Op("equal", ra, ra + n, rb, rb + n))
        ai, bj = ra + n, rb + n
    if ai < len(a):
        ops.append(Op("added", ai, len(a), bj, bj))
    return ops


def _alignments(text, sus, qa, qb, src, wa, wb) -> list[list[Op]]:
    """Two readings of the quotation against the source: the longest common subsequence
    (one passage with words changed) and stretches taken whole (pieces joined)."""
    # Source words beyond either end of the quoted stretch are simply not quoted.
    a, b = _quote_ids(text, sus, qa, qb), src.ids[wa:wb].tolist()
    return [trim_source_edges(align_words(a, b)), _pieces(a, b)]


def _compare(text, sus, qa, src_text, src, wa, floor, ops: list[Op]) -> list[Difference]:
    diffs: list[Difference] = []
    k = 0
    while k < len(ops):
        op = ops[k]
        if op.tag == "equal":
            k += 1
            continue
        added = (qa + op.a0, qa + op.a1) if op.tag == "added" else None
        dropped = (wa + op.b0, wa + op.b1) if op.tag == "dropped" else None
        if k + 1 < len(ops) and ops[k + 1].tag not in ("equal", op.tag):
            nxt = ops[k + 1]
            if nxt.tag == "added":
                added = (qa + nxt.a0, qa + nxt.a1)
            else:
                dropped = (wa + nxt.b0, wa + nxt.b1)
            k += 1
        k += 1
        diff = _difference(text, sus, added, dropped, src_text, src, qa + op.a0, wa + op.b0, floor)
        if diff is not None:
            diffs.append(diff)
    return diffs


def _difference(text, sus, added, dropped, src_text, src, at_sus, at_src, floor):
    if added:
        a0, a1 = added
        if all(_bracketed(text, int(sus.starts[t]), floor) for t in range(a0, a1)):
            return None  # [editorial] words
        s_span = Span(int(sus.starts[a0]), int(sus.ends[a1 - 1]))
    else:
        pos = int(sus.ends[at_sus - 1]) if at_sus > 0 else int(sus.starts[at_sus])
        nxt = int(sus.starts[at_sus]) if at_sus < len(sus) else len(text)
        if _ELLIPSIS.search(text, pos, nxt):
            return None  # words left out where the quotation shows an ellipsis
        s_span = Span(pos, pos)
    if dropped:
        d0, d1 = dropped
        t_span = Span(int(src.starts[d0]), int(src.ends[d1 - 1]))
    else:
        pos = int(src.ends[at_src - 1]) if at_src > 0 else 0
        t_span = Span(pos, pos)
    change = "changed" if added and dropped else ("added" if added else "dropped")
    return Difference(
        change, s_span, t_span, text[s_span.start : s_span.end], src_text[t_span.start : t_span.end]
    )

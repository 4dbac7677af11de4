"""Quote accuracy: does the text inside the quotation marks say what the source says?

The words of each quotation a quoted passage touches are aligned with the source around the
passage. Words changed, added or dropped inside the marks are differences, except the ones
quoting conventions allow: words in square brackets (``[establish]``, ``[he]``) are marked
editorial changes, and words dropped where the quotation has an ellipsis (``...``, ``…``)
are marked omissions. Source words before or after the quoted stretch are not "dropped":
quoting part of a sentence is not a misquote. Case, punctuation and spelling variants the
tokenizer folds (``U.S.``/``US``, curly/straight apostrophes) are never differences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from copyhound.judge.wordalign import align_words, trim_source_edges
from copyhound.model import Document, Match, Span
from copyhound.normalise.tokens import Tokens

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
    """The word at ``start`` lies inside ``[...]`` opened after ``floor``."""
    return text.rfind("[", floor, start) > text.rfind("]", floor, start)


def quote_differences(
    ctx: SuspectContext, part: Match, src_tokens: Tokens, source: Document
) -> list[Difference]:
    """Differences between each quotation ``part`` touches and the source."""
    sus = ctx.tokens
    text = ctx.document.text
    pi0, pi1 = token_range(sus, part.suspect)
    pj0, pj1 = token_range(src_tokens, part.source_span)
    if pi1 <= pi0 or pj1 <= pj0:
        return []
    outermost = [
        q
        for q in ctx.quotations
        if q.inner.overlap(part.suspect)
        and not any(
            o is not q
            and o.inner.start <= q.inner.start
            and q.inner.end <= o.inner.end
            and o.inner.length > q.inner.length
            for o in ctx.quotations
        )
    ]
    out: list[Difference] = []
    for q in outermost:
        qa, qb = token_range(sus, q.inner)
        if qb <= qa:
            continue
        lead, trail = max(0, pi0 - qa), max(0, qb - pi1)
        wa, wb = max(0, pj0 - lead), min(len(src_tokens), pj1 + trail)
        out.extend(_compare(text, sus, qa, qb, source.text, src_tokens, wa, wb, q.inner.start))
    return out


def _compare(text, sus, qa, qb, src_text, src, wa, wb, floor) -> list[Difference]:
    # Source words beyond either end of the quoted stretch are simply not quoted.
    ops = trim_source_edges(align_words(sus.ids[qa:qb].tolist(), src.ids[wa:wb].tolist()))
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

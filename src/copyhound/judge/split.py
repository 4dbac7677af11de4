"""Cutting a match at quotation boundaries, with exact offsets on both sides.

The engine may return one match over an unquoted copied sentence and the quotation after it
(the founding essay's MAAG sentence and "We are told ..."). Its suspect words are keyed
unquoted / quoted-in-paragraph-P; each stretch of equal key is word-aligned on its own with
the match's source side (``wordalign.py``), and the match is cut there. A part spans its
first to last aligned word on both sides, so every offset points into the original texts.
Stretches of fewer than ``min_words`` aligned words do not stand alone: between two stretches
of one key they join them (``“...” and “...”``), elsewhere they are dropped (a stray ``to``).
An unquoted stretch that leads into a quotation in the same sentence and is shorter than it
(``Halvorsen warns that cities are “quietly turning ...”``: the writer's lead-in happens to
share the source's words) belongs to the quoted part rather than standing as reuse alone;
so does the sentence ending in a colon that introduces a block quotation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from copyhound.engine.kinds import lexical_kind, word_similarity
from copyhound.judge.misquote import token_range
from copyhound.judge.quotes import QuoteMap
from copyhound.judge.wordalign import EXACT_CELLS, SourceWords, aligned_index, index_of
from copyhound.model import Document, Match, Span
from copyhound.normalise.tokens import Tokens

#: Kinds whose two sides share their words, so a word alignment can cut them.
LEXICAL_KINDS = ("verbatim", "near-verbatim")

if TYPE_CHECKING:
    from copyhound.judge.context import SuspectContext


def _runs(flags: list[Any], aligned: list[int | None], min_words: int) -> list[list[Any]]:
    """Runs of equal key as [key, start, end]; runs too small are absorbed.

    The key is None for unquoted words and the paragraph for quoted ones, so quotations in
    different paragraphs (a quoted title, then a block quotation) are separate parts.
    """
    runs: list[list[Any]] = []
    for k, flag in enumerate(flags):
        if runs and runs[-1][0] == flag:
            runs[-1][2] = k + 1
        else:
            runs.append([flag, k, k + 1])
    before = [0]  # aligned words before each word
    for a in aligned:
        before.append(before[-1] + (a is not None))

    def size(run: list[Any]) -> int:
        return before[run[2]] - before[run[1]]

    # The first run too small is dropped (at an edge) or removed between its neighbours
    # (joining them when their keys agree), until none is or one run is left. The runs
    # before the one changed stay large enough, so the scan goes on from there.
    kept: list[list[Any]] = []
    k = 0
    while k < len(runs):
        run = runs[k]
        left = len(kept) + len(runs) - k
        if size(run) >= min_words or left == 1:
            kept.append(run)
            k += 1
            continue
        if kept and k + 1 < len(runs) and kept[-1][0] == runs[k + 1][0]:
            kept[-1][2] = runs[k + 1][2]  # "and" between two quoted phrases: one part
            k += 2
        else:
            k += 1  # a stray word at the edge, or a gap between two parts
    return kept


def split_match(
    match: Match,
    ctx: SuspectContext,
    src_tokens: Tokens,
    source: Document,
    min_words: int,
    source_quotes: QuoteMap | None = None,
    cut_paragraphs: bool = False,
    source_words: SourceWords | None = None,
) -> list[tuple[Match, bool]]:
    """Cut ``match`` at quotation boundaries: ``(part, quoted)`` pairs with exact offsets.

    With ``cut_paragraphs`` an unquoted stretch is also cut where a paragraph ends (the
    judge asks for this when the paragraphs' attributions differ).
    Only lexical matches are cut: a paraphrase or translation has too few shared words to
    map a cut point to the source, so it stays whole, quoted when most of its words are.
    """
    i0, i1 = token_range(ctx.tokens, match.suspect)
    j0, j1 = token_range(src_tokens, match.source_span)
    if i1 <= i0 or j1 <= j0:
        return [(match, ctx.quote_map.covers(match.suspect.start))]
    flags = _quote_keys(ctx, ctx.tokens.starts[i0:i1])
    if match.kind not in LEXICAL_KINDS:
        quoted = sum(f is not None for f in flags)
        return [(match, quoted * 2 > len(flags))]
    sus_ids = ctx.tokens.ids[i0:i1].tolist()
    windowed = (i1 - i0) * (j1 - j0) > EXACT_CELLS
    src_ids = [] if windowed else src_tokens.ids[j0:j1].tolist()
    words = (source_words or SourceWords(src_tokens.ids)) if windowed else None
    # A stretch aligned once is not aligned again (after _unquote_copied most recur).
    seen: dict[tuple[int, int, int], list[int | None]] = {}

    def align(stretch: list[int], at: int, done: list[int | None]) -> list[int | None]:
        hint = j0 + _expected(done, at) if windowed else 0
        key = (at, len(stretch), hint)
        if key not in seen:
            if words is None:
                seen[key] = aligned_index(stretch, src_ids)
            else:
                seen[key] = index_of(words.align(stretch, j0, j1, hint), len(stretch))
        return seen[key]

    aligned = _align_by_key(flags, sus_ids, align)
    if source_quotes is not None:
        src_starts = src_tokens.starts[j0:j1]

        def sentence(k: int):
            return ctx.layout.sentence_at(int(ctx.tokens.starts[i0 + k]))

        if _unquote_copied(
            flags,
            aligned,
            lambda j: source_quotes.covers(int(src_starts[j])),
            min_words,
            sentence,
        ):
            aligned = _align_by_key(flags, sus_ids, align)
    runs = _runs(flags, aligned, min_words)
    _absorb_lead_ins(runs, aligned, ctx, i0)
    if cut_paragraphs:
        runs = _cut_at_paragraphs(runs, ctx, i0)
    if len(runs) == 1 and runs[0][1] == 0 and runs[0][2] == i1 - i0:
        return [(match, runs[0][0] is not None)]
    out = []
    for quoted, a, b in runs:
        hits = [k for k in range(a, b) if aligned[k] is not None]
        if len(hits) < min_words:
            continue
        first, last = hits[0], hits[-1]
        lo_src = min(aligned[k] for k in hits)
        hi_src = max(aligned[k] for k in hits)
        ps, pe = i0 + first, i0 + last + 1
        qs, qe = j0 + lo_src, j0 + hi_src + 1
        sus_end, src_end = _shared_closing(
            ctx.document.text,
            int(ctx.tokens.ends[pe - 1]),
            source.text,
            int(src_tokens.ends[qe - 1]),
        )
        # Where a part keeps the match's first or last word, it keeps the match's offset.
        sus_start = match.suspect.start if first == 0 else int(ctx.tokens.starts[ps])
        src_start = match.source_span.start if lo_src == 0 else int(src_tokens.starts[qs])
        if last == i1 - i0 - 1:
            sus_end = match.suspect.end
        if hi_src == j1 - j0 - 1:
            src_end = match.source_span.end
        sids, tids = ctx.tokens.ids[ps:pe], src_tokens.ids[qs:qe]
        part = Match(
            source=match.source,
            suspect=Span(sus_start, sus_end),
            source_span=Span(src_start, src_end),
            kind=lexical_kind(sids, tids),
            score=round(word_similarity(sids, tids), 4),
            evidence=match.evidence,
        )
        out.append((part, quoted is not None))
    return out


def _absorb_lead_ins(runs: list[list[Any]], aligned: list[int | None], ctx, i0: int) -> None:
    """Join to a quoted run the unquoted run at either end that leads into it (or follows it)
    in the same sentence and has fewer aligned words. Changes ``runs`` in place."""

    def size(run: list[Any]) -> int:
        return sum(1 for k in range(run[1], run[2]) if aligned[k] is not None)

    def sentence(k: int):
        return ctx.layout.sentence_at(int(ctx.tokens.starts[i0 + k]))

    for edge, inner in ((0, 1), (-1, -2)):
        if len(runs) < 2:
            return
        lead, quoted = runs[edge], runs[inner]
        if lead[0] is not None or quoted[0] is None or size(lead) >= size(quoted):
            continue
        near = quoted[1] if edge == 0 else quoted[2] - 1
        own = sentence(lead[1])
        same = own == sentence(near) and sentence(lead[2] - 1) == own
        if not same and not (edge == 0 and _introduces(ctx, own, lead, quoted, i0)):
            continue
        quoted[1], quoted[2] = min(lead[1], quoted[1]), max(lead[2], quoted[2])
        del runs[edge]


def _cut_at_paragraphs(runs: list[list[Any]], ctx, i0: int) -> list[list[Any]]:
    """Unquoted runs cut at paragraph boundaries (quoted runs are keyed by paragraph already)."""
    out: list[list[Any]] = []
    for key, a, b in runs:
        if key is not None:
            out.append([key, a, b])
            continue
        start = a
        para = ctx.layout.paragraph_at(int(ctx.tokens.starts[i0 + a]))
        for k in range(a + 1, b):
            here = ctx.layout.paragraph_at(int(ctx.tokens.starts[i0 + k]))
            if here != para:
                out.append([None, start, k])
                start, para = k, here
        out.append([None, start, b])
    return out


def _introduces(ctx, own, lead: list[Any], quoted: list[Any], i0: int) -> bool:
    """The unquoted ``lead`` lies in a sentence ending in a colon that introduces the
    quotation ``quoted`` begins in (a block quotation's lead-in, even in its own paragraph)."""
    if own is None or int(ctx.tokens.ends[i0 + lead[2] - 1]) > own.end:
        return False
    q = ctx.introduced_quotation(own)
    return q is not None and q.inner.start <= int(ctx.tokens.starts[i0 + quoted[1]]) < q.inner.end


def _align_by_key(flags: list[Any], sus_ids: list[int], align) -> list[int | None]:
    """Align each stretch of equal key on its own with the whole source side.

    The engine may join two copied pieces whose order the writer swapped (a quotation, then
    the sentence that precedes it in the source); aligned as one sequence, one piece would
    be lost. ``align(stretch, start, aligned_so_far)`` aligns one stretch.
    """
    aligned: list[int | None] = []
    start = 0
    for k in range(1, len(flags) + 1):
        if k == len(flags) or flags[k] != flags[start]:
            aligned.extend(align(sus_ids[start:k], start, aligned))
            start = k
    return aligned


def _expected(aligned: list[int | None], at: int) -> int:
    """Where in the source side the suspect word ``at`` is expected: on the diagonal of the
    last word aligned before it (or of the passage's start)."""
    for k in range(len(aligned) - 1, max(-1, len(aligned) - 1000), -1):
        if aligned[k] is not None:
            return aligned[k] + at - k
    return at


def _unquote_copied(
    flags: list[Any], aligned: list[int | None], src_quoted, min_words: int, sentence
) -> bool:
    """Treat as unquoted a quotation copied together with the source's own marks.

    When the source quotes someone and the writer copies the sentence around the quotation
    too (at least ``min_words`` copied words on one side), the marks are the source's, not
    the writer's: the whole stretch is one unquoted copy. A lead-in does not count as that
    copy: words of the quotation's own sentence, fewer than the quotation's (``one
    councillor warned that the town was "buying ..."``): the writer quotes what the source
    quotes, and the marks are the writer's. Changes ``flags`` in place.
    """
    runs = []
    for k, flag in enumerate(flags):
        if runs and runs[-1][0] == flag:
            runs[-1][2] = k + 1
        else:
            runs.append([flag, k, k + 1])

    def copied_words(run) -> int:
        return sum(1 for k in range(run[1], run[2]) if aligned[k] is not None)

    def lead_in(run, quoted) -> bool:
        """``run`` lies in the sentence(s) of the quotation ``quoted`` and is shorter."""
        own = {sentence(quoted[1]), sentence(quoted[2] - 1)}
        inside = sentence(run[1]) in own and sentence(run[2] - 1) in own
        return inside and copied_words(run) < copied_words(quoted)

    changed = False
    for n, (key, a, b) in enumerate(runs):
        if key is None:
            continue
        neighbours = [runs[m] for m in (n - 1, n + 1) if 0 <= m < len(runs)]
        if not any(
            r[0] is None and copied_words(r) >= min_words and not lead_in(r, runs[n])
            for r in neighbours
        ):
            continue
        hits = [aligned[k] for k in range(a, b) if aligned[k] is not None]
        if hits and sum(map(src_quoted, hits)) * 2 >= len(hits):
            flags[a:b] = [None] * (b - a)
            changed = True
    return changed


def _quote_keys(ctx: SuspectContext, offsets: np.ndarray) -> list[int | None]:
    """For each of ``offsets``: None when unquoted, else the start of its paragraph (-1 when
    outside every paragraph)."""
    offsets = np.asarray(offsets, dtype=np.int64)
    quoted = ctx.quote_map.covers_each(offsets)
    keys = np.where(quoted, ctx.layout.paragraph_starts_at(offsets), -2).tolist()
    return [None if k == -2 else k for k in keys]


_CLOSING = frozenset(".,;:!?)]}")


def _shared_closing(sus: str, se: int, src: str, te: int) -> tuple[int, int]:
    """Extend both ends over closing punctuation the two sides share (as the engine does)."""
    for _ in range(2):
        if se < len(sus) and te < len(src) and sus[se] == src[te] and sus[se] in _CLOSING:
            se, te = se + 1, te + 1
        else:
            break
    return se, te

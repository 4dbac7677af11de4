"""The judgement stage: is each reused passage quoted, attributed, or passed off?

Runs after alignment (``judge_report``). A match that straddles a quotation boundary (an
unquoted copied sentence followed by a quotation from the same place) is first cut into its
quoted and unquoted parts through the word alignment of its two sides, so each part gets
its own verdict with exact offsets on both sides; parts of fewer than ``min_part_words``
aligned words do not stand alone (``to`` and ``and`` between two quoted phrases). Each part
then gets:

- ``quoted``: its words lie inside a quotation (``quotes.py``);
- ``attributed``: an attribution signal (``attribution.py``) crediting this source, or a
  source copyhound cannot tell apart from it, governs the part: a signal in a sentence of
  the part, in the sentence that introduces its quotation (or the line after a block
  quotation), or in the lead-in sentence of its paragraph;
- ``verdict``: ``quoted-attributed``, ``quoted-unattributed``, ``attributed-unquoted`` or
  ``unattributed``;
- for quoted parts, quote accuracy (``misquote.py``).

The similarity index and its exclusions are computed last (``similarity.py``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .attribution import Resolved, Signal, find_signals, resolve, source_mentions
from .judge import lexical_kind, word_similarity
from .misquote import Difference, quote_differences
from .model import Document, Match, Report, Span
from .normalise import Tokens, tokenize
from .quotes import Quotation, QuoteMap, find_quotations
from .references import References, find_references
from .source_names import SourceNames, name_key, source_names
from .structure import Layout, layout
from .wordalign import aligned_index

VERDICTS = ("unattributed", "quoted-unattributed", "attributed-unquoted", "quoted-attributed")


@dataclass(frozen=True, slots=True)
class JudgeOptions:
    """How passages are judged and which ones the similarity index leaves out."""

    #: Parts of a split match with fewer aligned words than this are not reported alone.
    min_part_words: int = 3
    #: Leave quoted passages out of the index (they are still reported and judged).
    exclude_quotes: bool = False
    #: Leave passages in the suspect's references section out of the index.
    exclude_bibliography: bool = True
    #: Leave passages of fewer suspect words than this out of the index.
    min_match_words: int = 0
    #: Leave sources whose share of the suspect is under this percentage out of the index.
    min_source_percent: float = 0.0
    #: Text the writer was given (an assignment prompt): never counted as reuse.
    template: Document | None = None


@dataclass(slots=True)
class Judgement:
    """The judgement of one passage; ``to_dict`` is merged into the JSON match."""

    quoted: bool
    attributed: bool
    verdict: str
    quotation: Quotation | None = None
    attribution: Resolved | None = None
    differences: list[Difference] = field(default_factory=list)
    #: The match this part was cut from, when the judge split it.
    split_from: Span | None = None
    #: Why the similarity index leaves this passage out (empty: it counts).
    excluded: list[str] = field(default_factory=list)

    @property
    def misquote(self) -> bool:
        return bool(self.differences)

    def to_dict(self) -> dict[str, Any]:
        q = self.quotation
        return {
            "verdict": self.verdict,
            "quoted": self.quoted,
            "quotation": None
            if q is None
            else {"offset": q.outer.start, "length": q.outer.length, "style": q.style},
            "attributed": self.attributed,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "misquote": self.misquote,
            "quote_differences": [d.to_dict() for d in self.differences],
            "split_from": None
            if self.split_from is None
            else {
                "suspect_offset": self.split_from.start,
                "suspect_length": self.split_from.length,
            },
            "excluded": list(self.excluded),
        }


def verdict_of(quoted: bool, attributed: bool) -> str:
    if quoted:
        return "quoted-attributed" if attributed else "quoted-unattributed"
    return "attributed-unquoted" if attributed else "unattributed"


@dataclass(slots=True)
class SuspectContext:
    """What judging needs to know about the suspect, worked out once."""

    document: Document
    tokens: Tokens
    quotations: list[Quotation]
    quote_map: QuoteMap
    layout: Layout
    references: References
    signals: list[Signal]

    @classmethod
    def of(cls, doc: Document) -> SuspectContext:
        quotations = find_quotations(doc.text)
        quote_map = QuoteMap(quotations)
        references = find_references(doc.text)
        return cls(
            doc,
            tokenize(doc.match_text),
            quotations,
            quote_map,
            layout(doc.text),
            references,
            find_signals(doc.text, quote_map, references),
        )


@dataclass(slots=True)
class _Part:
    """Suspect tokens [i0, i1) aligned with source tokens [j0, j1) of one match."""

    i0: int
    i1: int
    j0: int
    j1: int
    quoted: bool


def _token_range(tokens: Tokens, span: Span) -> tuple[int, int]:
    lo = int(np.searchsorted(tokens.starts, span.start, side="left"))
    hi = int(np.searchsorted(tokens.ends, span.end, side="right"))
    return lo, max(lo, hi)


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

    def size(run: list[Any]) -> int:
        return sum(1 for k in range(run[1], run[2]) if aligned[k] is not None)

    changed = True
    while changed and len(runs) > 1:
        changed = False
        for n, run in enumerate(runs):
            if size(run) >= min_words:
                continue
            if n == 0 or n == len(runs) - 1:
                del runs[n]  # a stray word or two at the edge: not part of the passage
            else:
                prev, nxt = runs[n - 1], runs[n + 1]
                if prev[0] == nxt[0]:  # "and" between two quoted phrases: one part
                    prev[2] = nxt[2]
                    del runs[n + 1]
                del runs[n]  # else a gap between two parts
            changed = True
            break
    return runs


def split_match(
    match: Match,
    ctx: SuspectContext,
    src_tokens: Tokens,
    source: Document,
    min_words: int,
    source_quotes: QuoteMap | None = None,
) -> list[tuple[Match, bool]]:
    """Cut ``match`` at quotation boundaries: ``(part, quoted)`` pairs with exact offsets."""
    i0, i1 = _token_range(ctx.tokens, match.suspect)
    j0, j1 = _token_range(src_tokens, match.source_span)
    if i1 <= i0 or j1 <= j0:
        return [(match, ctx.quote_map.covers(match.suspect.start))]
    flags = [_quote_key(ctx, int(s)) for s in ctx.tokens.starts[i0:i1]]
    sus_ids, src_ids = ctx.tokens.ids[i0:i1].tolist(), src_tokens.ids[j0:j1].tolist()
    aligned = _align_by_key(flags, sus_ids, src_ids)
    if source_quotes is not None:
        src_starts = src_tokens.starts[j0:j1]
        if _unquote_copied(
            flags, aligned, lambda j: source_quotes.covers(int(src_starts[j])), min_words
        ):
            aligned = _align_by_key(flags, sus_ids, src_ids)
    runs = _runs(flags, aligned, min_words)
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
            kind=lexical_kind(sids, tids)
            if match.kind in ("verbatim", "near-verbatim")
            else match.kind,
            score=round(word_similarity(sids, tids), 4),
            evidence=match.evidence,
        )
        out.append((part, quoted is not None))
    return out


def _align_by_key(flags: list[Any], sus_ids: list[int], src_ids: list[int]) -> list[int | None]:
    """Align each stretch of equal key on its own with the whole source side.

    The engine may join two copied pieces whose order the writer swapped (a quotation, then
    the sentence that precedes it in the source); aligned as one sequence, one piece would
    be lost.
    """
    aligned: list[int | None] = []
    start = 0
    for k in range(1, len(flags) + 1):
        if k == len(flags) or flags[k] != flags[start]:
            aligned.extend(aligned_index(sus_ids[start:k], src_ids))
            start = k
    return aligned


def _unquote_copied(
    flags: list[Any], aligned: list[int | None], src_quoted, min_words: int
) -> bool:
    """Treat as unquoted a quotation copied together with the source's own marks.

    When the source quotes someone and the writer copies the sentence around the quotation
    too (at least ``min_words`` copied words on one side), the marks are the source's, not
    the writer's: the whole stretch is one unquoted copy. Changes ``flags`` in place.
    """
    runs = []
    for k, flag in enumerate(flags):
        if runs and runs[-1][0] == flag:
            runs[-1][2] = k + 1
        else:
            runs.append([flag, k, k + 1])

    def copied_words(run) -> int:
        return sum(1 for k in range(run[1], run[2]) if aligned[k] is not None)

    changed = False
    for n, (key, a, b) in enumerate(runs):
        if key is None:
            continue
        neighbours = [runs[m] for m in (n - 1, n + 1) if 0 <= m < len(runs)]
        if not any(r[0] is None and copied_words(r) >= min_words for r in neighbours):
            continue
        hits = [aligned[k] for k in range(a, b) if aligned[k] is not None]
        if hits and sum(map(src_quoted, hits)) * 2 >= len(hits):
            flags[a:b] = [None] * (b - a)
            changed = True
    return changed


def _quote_key(ctx: SuspectContext, offset: int) -> int | None:
    """None for an unquoted offset, else the start of its paragraph."""
    if not ctx.quote_map.covers(offset):
        return None
    para = ctx.layout.paragraph_at(offset)
    return para.start if para is not None else -1


_CLOSING = frozenset(".,;:!?)]}")


def _shared_closing(sus: str, se: int, src: str, te: int) -> tuple[int, int]:
    """Extend both ends over closing punctuation the two sides share (as the engine does)."""
    for _ in range(2):
        if se < len(sus) and te < len(src) and sus[se] == src[te] and sus[se] in _CLOSING:
            se, te = se + 1, te + 1
        else:
            break
    return se, te


def governing_regions(ctx: SuspectContext, part: Span, quotation: Quotation | None) -> list[Span]:
    """The stretches of text whose signals govern ``part``."""
    lay = ctx.layout
    regions = list(lay.sentences_in(part))
    if quotation is not None:
        outer = quotation.outer
        regions.extend(lay.sentences_in(outer))
        opening = lay.sentence_at(outer.start)
        if (
            opening is None
            or opening.start >= outer.start
            or quotation.style in ("block", "indented")
        ):
            before = lay.previous_sentence(outer.start)
            if before is not None:
                regions.append(before)
        if quotation.style in ("block", "indented"):
            after = lay.next_sentence(outer.end)
            if after is not None and ctx.document.text[after.start] in "—–-([":
                regions.append(after)
    para = lay.paragraph_at(part.start)
    if para is not None:
        lead = lay.sentence_at(para.start)
        if lead is not None:
            regions.append(lead)
    return regions


def _is_copied(signal: Signal, part: Span, source_text_key: str) -> bool:
    """A signal inside the passage whose words the source has too: the source's own words."""
    if signal.kind == "source-name":
        return False  # naming the source credits it, even in words the source also uses
    if not (part.start <= signal.span.start and signal.span.end <= part.end):
        return False
    return " ".join(signal.text.lower().split()) in source_text_key


#: No signal is longer than this (a quoted title in ``according to "..."`` is at most 150).
_LONGEST_SIGNAL = 400


def _signals_between(signals: list[Signal], lo: int, hi: int) -> list[Signal]:
    """Signals (sorted by start) starting in ``[lo, hi)``."""
    starts = [s.span.start for s in signals]
    return signals[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]


@dataclass(slots=True)
class SourceView:
    """What judging needs to know about one source, worked out once per report."""

    document: Document
    names: SourceNames
    tokens: Tokens
    #: Places where the suspect names this source (title, publication, address), by offset.
    mentions: list[Signal]
    #: The source's text lower-cased with single spaces (is a signal the source's own words?).
    text_key: str
    #: The source's text as ``name_key`` writes it (does the source talk about a name?).
    name_text: str
    quotes: QuoteMap

    @classmethod
    def of(cls, doc: Document, names: SourceNames, ctx: SuspectContext) -> SourceView:
        mentions = source_mentions(ctx.document.text, names, ctx.quote_map)
        return cls(
            doc,
            names,
            tokenize(doc.match_text),
            sorted(mentions, key=lambda s: s.span.start),
            " ".join(doc.text.lower().split()),
            f" {name_key(doc.text)} ",
            QuoteMap(find_quotations(doc.text)),
        )


def find_attribution(
    ctx: SuspectContext,
    part: Span,
    quotation: Quotation | None,
    view: SourceView,
    others: list[SourceNames],
) -> Resolved | None:
    """The signal that credits this source for ``part``, or None.

    Signals naming another compared source do not credit this one, nor do signals naming
    someone this source only writes about (``According to the regional fisheries office``
    when the office is quoted in the source: the writer credits the office, not the source).
    """
    names, mentions, source_text_key = view.names, view.mentions, view.text_key
    regions = governing_regions(ctx, part, quotation)
    lo = min(r.start for r in regions) - _LONGEST_SIGNAL if regions else part.start
    hi = max(r.end for r in regions) if regions else part.end
    candidates: list[Resolved] = []
    for signal in [*_signals_between(ctx.signals, lo, hi), *_signals_between(mentions, lo, hi)]:
        if not any(signal.span.overlap(r) or r.start <= signal.span.start < r.end for r in regions):
            continue
        if _is_copied(signal, part, source_text_key):
            continue
        resolved = resolve(signal, names, others, ctx.references, view.name_text)
        if resolved.names in ("this", "unknown"):
            candidates.append(resolved)
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda r: (r.names != "this", abs(r.signal.span.start - part.start)),
    )


def _outer_quotation(ctx: SuspectContext, part: Span) -> Quotation | None:
    for start in ctx.tokens.starts[slice(*_token_range(ctx.tokens, part))]:
        q = ctx.quote_map.outermost(int(start))
        if q is not None:
            return q
    return None


def judge_matches(
    report: Report, options: JudgeOptions | None = None, ctx: SuspectContext | None = None
) -> list[Match]:
    """Every match of ``report`` split at quotation boundaries and judged."""
    options = options or JudgeOptions()
    ctx = ctx or SuspectContext.of(report.suspect)
    by_name = {d.name: d for d in report.sources}
    names = {d.name: source_names(d) for d in report.sources}
    judged: list[Match] = []
    views: dict[str, SourceView] = {}
    for match in report.matches:
        source = by_name.get(match.source)
        if source is None:
            judged.append(match)
            continue
        if source.name not in views:
            views[source.name] = SourceView.of(source, names[source.name], ctx)
        view = views[source.name]
        src_tokens = view.tokens
        others = [n for k, n in names.items() if k != source.name]
        parts = split_match(match, ctx, src_tokens, source, options.min_part_words, view.quotes)
        own_names = {name_key(n) for n in view.names.all()}
        for part, quoted in parts:
            if name_key(report.suspect.slice(part.suspect)) in own_names:
                continue  # the source's title named in the suspect: a credit, not reuse
            quotation = _outer_quotation(ctx, part.suspect) if quoted else None
            found = find_attribution(ctx, part.suspect, quotation, view, others)
            differences = quote_differences(ctx, part, src_tokens, source) if quoted else []
            part.judgement = Judgement(
                quoted=quoted,
                attributed=found is not None,
                verdict=verdict_of(quoted, found is not None),
                quotation=quotation,
                attribution=found,
                differences=differences,
                split_from=match.suspect
                if len(parts) > 1 or part.suspect != match.suspect
                else None,
            )
            judged.append(part)
    judged.sort(key=lambda m: (m.suspect.start, m.source))
    return judged


def judge_report(report: Report, options: JudgeOptions | None = None) -> Report:
    """A new report whose matches are split and judged, with its similarity index."""
    from .similarity import similarity_index

    options = options or JudgeOptions()
    ctx = SuspectContext.of(report.suspect)
    judged = Report(
        suspect=report.suspect,
        sources=report.sources,
        matches=judge_matches(report, options, ctx),
        considered=report.considered,
    )
    judged.similarity = similarity_index(judged, options, ctx)
    return judged


def verdict_order(matches: list[Match]) -> list[Match]:
    """Matches as reports lead with them: counted before excluded, unattributed first."""

    def key(m: Match) -> tuple[int, int, int]:
        j = m.judgement
        if not isinstance(j, Judgement):
            return (0, len(VERDICTS), m.suspect.start)
        return (1 if j.excluded else 0, VERDICTS.index(j.verdict), m.suspect.start)

    return sorted(matches, key=key)


def verdict_counts(matches: list[Match]) -> dict[str, int]:
    """How many passages got each verdict (excluded ones included)."""
    counts = dict.fromkeys(VERDICTS, 0)
    for m in matches:
        if isinstance(m.judgement, Judgement):
            counts[m.judgement.verdict] += 1
    return counts

"""The similarity index, honest about what it counts, and its exclusions.

Counted in words (the tokenizer's words of the suspect), never characters, as the commercial
tools do:

- ``similarity``: share of the suspect's words inside reused passages that are not excluded;
- ``unattributed``: share of the suspect's words inside counted passages that no attribution
  governs (verdicts ``unattributed`` and ``quoted-unattributed``): the headline figure;
- ``by_verdict``: the share of the words under each verdict, and the same per source.

Exclusions leave a passage in the report (marked with why in ``Judgement.excluded``) but out
of the figures: quoted passages (``exclude_quotes``), the references section
(``exclude_bibliography``), passages under ``min_match_words`` words, sources under
``min_source_percent`` percent of the suspect. Words the suspect shares with the template
(text the writer was given) are taken out of both the counted words and the suspect's total:
the writer did not write them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from copyhound.judge.misquote import token_range
from copyhound.model import Report, Span

if TYPE_CHECKING:
    from copyhound.judge.context import JudgeOptions, SuspectContext


@dataclass(slots=True)
class SourceIndex:
    name: str
    passages: int
    reused_words: int
    similarity: float
    unattributed: float
    #: True when the whole source is left out (``min_source_percent``).
    excluded: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "passages": self.passages,
            "reused_words": self.reused_words,
            "similarity": round(self.similarity, 4),
            "unattributed": round(self.unattributed, 4),
            "excluded": self.excluded,
        }


@dataclass(slots=True)
class SimilarityIndex:
    """Headline figures of a judged report; what ``--fail-above`` and the HTML report read."""

    #: Words of the suspect counted in the denominator (template words taken out).
    words: int
    reused_words: int
    unattributed_words: int
    similarity: float
    unattributed: float
    by_verdict: dict[str, float]
    sources: list[SourceIndex]
    template_words: int = 0
    exclusions: dict[str, Any] = field(default_factory=dict)
    #: The suspect's template words as token ranges ``[lo, hi)``: the HTML report takes them
    #: out when it recounts the figures in the page (not in the JSON).
    template_ranges: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "reused_words": self.reused_words,
            "unattributed_words": self.unattributed_words,
            "similarity": round(self.similarity, 4),
            "unattributed": round(self.unattributed, 4),
            "by_verdict": {k: round(v, 4) for k, v in self.by_verdict.items()},
            "template_words": self.template_words,
            "exclusions": self.exclusions,
            "sources": [s.to_dict() for s in self.sources],
        }


def _mask(ctx: SuspectContext, spans: list[Span]) -> np.ndarray:
    mask = np.zeros(len(ctx.tokens), dtype=bool)
    for span in spans:
        lo, hi = token_range(ctx.tokens, span)
        mask[lo:hi] = True
    return mask


def template_spans(report: Report, options: JudgeOptions) -> list[Span]:
    """Suspect spans shared with the template, found by the same engine."""
    if options.template is None:
        return []
    from copyhound.engine.pipeline import Prepared, align

    return [m.suspect for m in align(Prepared.of(report.suspect), Prepared.of(options.template))]


def similarity_index(report: Report, options: JudgeOptions, ctx: SuspectContext) -> SimilarityIndex:
    """Mark each judged match's exclusions and compute the figures."""
    from copyhound.judge.context import VERDICTS

    template = _mask(ctx, template_spans(report, options))
    words = int(len(ctx.tokens) - template.sum())
    bib = ctx.references.span
    for m in report.matches:
        j = m.judgement
        if j is None:
            continue
        j.excluded = []
        lo, hi = token_range(ctx.tokens, m.suspect)
        if hi > lo and template[lo:hi].mean() > 0.5:
            j.excluded.append("template")
        if options.exclude_quotes and j.quoted:
            j.excluded.append("quoted")
        if (
            options.exclude_bibliography
            and bib is not None
            and bib.start <= m.suspect.start < bib.end
        ):
            j.excluded.append("bibliography")
        if hi - lo < options.min_match_words:
            j.excluded.append("small-match")
    names = [d.name for d in report.sources]
    shares = {name: _share(ctx, report, template, words, name, lambda j: True) for name in names}
    small = {n for n, s in shares.items() if s * 100 < options.min_source_percent}
    for m in report.matches:
        if m.judgement is not None and m.source in small:
            m.judgement.excluded.append("small-source")
    counted = _counted(ctx, report, template, None, lambda j: True)
    unattributed = _counted(ctx, report, template, None, lambda j: not j.attributed)
    by_verdict = {
        v: _ratio(_counted(ctx, report, template, None, lambda j, v=v: j.verdict == v), words)
        for v in VERDICTS
    }
    sources = []
    for name in names:
        n_reused = _counted(ctx, report, template, name, lambda j: True)
        n_unattr = _counted(ctx, report, template, name, lambda j: not j.attributed)
        passages = sum(1 for m in report.matches if m.source == name)
        sources.append(
            SourceIndex(
                name,
                passages,
                n_reused,
                _ratio(n_reused, words),
                _ratio(n_unattr, words),
                name in small,
            )
        )
    sources.sort(key=lambda s: (-s.unattributed, -s.similarity, s.name))
    return SimilarityIndex(
        words=words,
        reused_words=counted,
        unattributed_words=unattributed,
        similarity=_ratio(counted, words),
        unattributed=_ratio(unattributed, words),
        by_verdict=by_verdict,
        sources=sources,
        template_words=int(template.sum()),
        template_ranges=_runs(template),
        exclusions={
            "quotes": options.exclude_quotes,
            "bibliography": options.exclude_bibliography,
            "min_match_words": options.min_match_words,
            "min_source_percent": options.min_source_percent,
            "template": options.template.name if options.template is not None else None,
        },
    )


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """The ``[lo, hi)`` runs of True in a boolean mask."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _counted(ctx, report, template, source, keep) -> int:
    """Suspect words inside counted matches (of ``source``, or all) that ``keep`` selects."""
    spans = [
        m.suspect
        for m in report.matches
        if m.judgement is not None
        and not m.judgement.excluded
        and (source is None or m.source == source)
        and keep(m.judgement)
    ]
    return int((_mask(ctx, spans) & ~template).sum())


def _share(ctx, report, template, words, source, keep) -> float:
    return _ratio(_counted(ctx, report, template, source, keep), words)

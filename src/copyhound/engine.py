"""The alignment engine: seed, extend, filter and judge one suspect against one source."""

from __future__ import annotations

from dataclasses import dataclass, field

from .extend import Passage, diagonal_runs, extend
from .filter import FilterSettings, keep_large, resolve_overlaps
from .judge import lexical_kind, word_similarity
from .model import Document, Match, Span
from .normalise import Tokens, fold, tokenize
from .seed import ngram_seeds


@dataclass(frozen=True, slots=True)
class Settings:
    """Knobs of the lexical engine; the defaults are tuned on pan13-dev (see README)."""

    #: Words per seed n-gram.
    ngram: int = 3
    #: N-grams repeated more often than this in one document are not seeds.
    max_repeats: int = 8
    #: Clustering gaps in words, widest first.
    gaps: tuple[int, ...] = (24, 10, 4)
    #: A cluster whose sides are less covered than this is re-clustered with a narrower gap.
    min_density: float = 0.5
    filter: FilterSettings = field(default_factory=FilterSettings)


@dataclass(slots=True)
class Prepared:
    """A document with its tokens, made once and reused for every pair it is in."""

    document: Document
    tokens: Tokens
    folded: str

    @classmethod
    def of(cls, document: Document) -> Prepared:
        return cls(document, tokenize(document.match_text), fold(document.match_text))


_CLOSING = frozenset(".,;:!?)]}\"'")


def _char_spans(p: Passage, s: Prepared, t: Prepared) -> tuple[Span, Span]:
    """Character spans of a token passage; trailing punctuation both sides share is included."""
    ss, se = int(s.tokens.starts[p.i0]), int(s.tokens.ends[p.i1 - 1])
    ts, te = int(t.tokens.starts[p.j0]), int(t.tokens.ends[p.j1 - 1])
    for _ in range(2):
        if se < len(s.folded) and te < len(t.folded):
            a, b = s.folded[se], t.folded[te]
            if a == b and a in _CLOSING:
                se, te = se + 1, te + 1
                continue
        break
    return Span(ss, se), Span(ts, te)


def align(suspect: Prepared, source: Prepared, settings: Settings | None = None) -> list[Match]:
    """Every passage of ``suspect`` reused from ``source``, as matches sorted by suspect offset."""
    settings = settings or Settings()
    n = settings.ngram
    i, j = ngram_seeds(suspect.tokens, source.tokens, n, settings.max_repeats)
    if len(i) == 0:
        return []
    passages = extend(diagonal_runs(i, j, n), settings.gaps, settings.min_density)
    starts, ends = suspect.tokens.starts, suspect.tokens.ends
    passages = keep_large(passages, settings.filter, lambda p: int(ends[p.i1 - 1] - starts[p.i0]))
    passages = resolve_overlaps(passages, settings.filter)
    matches = []
    for p in passages:
        sus_span, src_span = _char_spans(p, suspect, source)
        sids = suspect.tokens.ids[p.i0 : p.i1]
        tids = source.tokens.ids[p.j0 : p.j1]
        matches.append(
            Match(
                source=source.document.name,
                suspect=sus_span,
                source_span=src_span,
                kind=lexical_kind(sids, tids),
                score=round(word_similarity(sids, tids), 4),
            )
        )
    return matches

"""Summary passages: a short run of suspect sentences whose words gather in one source region.

A summary shares few sentence pairs with its source (it condenses several source sentences into
one), so the sentence seeds of ``semantic.py`` rarely find it. What it keeps is the source's
content words, names and numbers, concentrated in one stretch of the source. Topic overlap
spreads such words over the whole suspect instead. So:

1. For every window of ``window`` consecutive suspect sentences, the share of its distinct
   content words (idf-weighted, the pair's ``PairTfidf``) found in the best source region of
   ``region_ratio x window`` consecutive sentences: the window's *coverage*.
2. The window's *lift* is its coverage minus the mean coverage of the suspect's windows that
   do not overlap it: a text on the source's topic lifts every window, a summary one.
3. The best window is a summary when its lift reaches the sensitivity's bar.

Numpy only, no model: on pan13-dev the model's cosine of window and region did not separate
summaries from same-topic text any better (docs/semantic.md, calibration of summaries).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from copyhound.model import Match, Span
from copyhound.semantic.evidence import SemanticEvidence, confidence
from copyhound.semantic.tfidf import PairTfidf

if TYPE_CHECKING:
    from copyhound.semantic.documents import SemanticDoc

#: Sensitivity -> lift bar (pan13-dev 01 vs 05, split by suspect: docs/semantic.md).
LIFT_BARS: dict[str, float] = {"low": 0.36, "normal": 0.32, "high": 0.27}


@dataclass(frozen=True, slots=True)
class SummarySettings:
    """Shape of the search; the bars are per sensitivity in ``LIFT_BARS``."""

    #: Suspect sentences per window.
    window: int = 3
    #: Source region = this many times the window, in sentences (a summary condenses).
    region_ratio: int = 4
    #: Non-overlapping windows a suspect needs so that its own baseline means something.
    min_other_windows: int = 3
    #: Windows and source regions handled per block, to bound memory on long documents.
    window_block: int = 128
    region_block: int = 1024
    #: Suspects with more windows score only this many (docs/semantic.md, summaries).
    max_windows: int = 400


@dataclass(frozen=True, slots=True)
class SummaryPassage:
    """The best window: sentence ranges [i0, i1) and [j0, j1), its coverage and lift."""

    i0: int
    i1: int
    j0: int
    j1: int
    coverage: float
    lift: float


def _presence(sent: np.ndarray, col: np.ndarray, lo: int, hi: int, width: int) -> np.ndarray:
    """Word counts of sentences [lo, hi) over ``width`` columns (rows: sentences)."""
    sel = (sent >= lo) & (sent < hi) & (col >= 0)
    flat = (sent[sel] - lo) * width + col[sel]
    counts = np.bincount(flat, minlength=(hi - lo) * width)
    return counts.reshape(hi - lo, width)


def _runs(counts: np.ndarray, length: int) -> np.ndarray:
    """Binary presence of each run of ``length`` consecutive rows (rows - length + 1 runs)."""
    cum = np.vstack([np.zeros((1, counts.shape[1]), counts.dtype), np.cumsum(counts, axis=0)])
    return (cum[length:] - cum[:-length] > 0).astype(np.float32)


def window_mass(tf: PairTfidf, n: int, k: int) -> np.ndarray:
    """idf mass of the distinct content words of each suspect window of ``k`` sentences.

    A word counts once in window i when it first occurs there in sentence s, that is when its
    previous occurrence lies before i; difference arrays make this linear in the tokens.
    """
    windows = n - k + 1
    keys = np.unique(tf.ta * max(1, n) + tf.sa)  # sorted by word, then sentence
    term, sent = keys // max(1, n), keys % max(1, n)
    prev = np.full(len(keys), -1, dtype=np.int64)
    same = term[1:] == term[:-1]
    prev[1:][same] = sent[:-1][same]
    lo = np.maximum(prev + 1, sent - k + 1)
    hi = np.minimum(sent, windows - 1)
    ok = lo <= hi
    w = tf.idf[term[ok]].astype(np.float64)
    diff = np.zeros(windows + 1)
    np.add.at(diff, lo[ok], w)
    np.add.at(diff, hi[ok] + 1, -w)
    return np.cumsum(diff)[:windows]


def _window_words(
    tf: PairTfidf, col: np.ndarray, width: int, windows: int, k: int, block: int
) -> tuple[np.ndarray, np.ndarray]:
    """(window, shared-word column) of every distinct shared word of every window, by window."""
    rows, cols = [], []
    for lo in range(0, windows, block):
        hi = min(windows, lo + block)
        r, c = np.nonzero(_runs(_presence(tf.sa, col[tf.ta], lo, hi + k - 1, width), k))
        rows.append(r + lo)
        cols.append(c)
    return np.concatenate(rows), np.concatenate(cols)


def best_summary(
    tf: PairTfidf, na: int, nb: int, settings: SummarySettings | None = None
) -> SummaryPassage | None:
    """The suspect window whose words gather most in one source region, with its lift."""
    s = settings or SummarySettings()
    k = s.window
    windows = na - k + 1
    if windows < 1 or nb < 1 or len(tf.shared) == 0:
        return None
    m = min(nb, s.region_ratio * k)
    col = np.full(tf.v, -1, dtype=np.int64)
    col[tf.shared] = np.arange(len(tf.shared))
    width = len(tf.shared)
    idf = tf.idf[tf.shared].astype(np.float32)
    mass = window_mass(tf, na, k)
    rows, cols = _window_words(tf, col, width, windows, k, s.window_block)
    weight = idf[cols]
    # Long suspects: score the windows most of whose words the source holds at all (a bound
    # on their coverage), and an even sample of windows as the baseline, not every window.
    scored = baseline = np.arange(windows)
    if windows > s.max_windows:
        held = np.bincount(rows, weights=weight, minlength=windows) / np.maximum(mass, 1e-9)
        half = s.max_windows // 2
        likely = np.argsort(-held, kind="stable")[:half]
        baseline = np.unique(np.linspace(0, windows - 1, half).astype(np.int64))
        scored = np.union1d(likely, baseline)
        keep = np.isin(rows, scored)
        rows, cols, weight = rows[keep], cols[keep], weight[keep]
    top = np.zeros(windows)
    where = np.zeros(windows, dtype=np.int64)
    # A window holds a few dozen of the pair's words: it is scored as the idf-weighted sum of
    # its words' rows in the region matrix, never as a dense product over the vocabulary.
    bounds = np.searchsorted(rows, np.arange(0, windows, s.window_block)[1:])
    chunks = np.split(np.arange(len(rows)), bounds)
    regions = nb - m + 1
    for lo2 in range(0, regions, s.region_block):
        hi2 = min(regions, lo2 + s.region_block)
        reg = _runs(_presence(tf.sb, col[tf.tb], lo2, hi2 + m - 1, width), m).T.copy()
        for part in chunks:
            if not len(part):
                continue
            r = rows[part]
            starts = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
            cov = np.add.reduceat(reg[cols[part]] * weight[part, None], starts, axis=0)
            j = cov.argmax(axis=1)
            val = cov[np.arange(len(j)), j]
            at = r[starts]
            better = val > top[at]
            top[at[better]] = val[better]
            where[at[better]] = lo2 + j[better]
    best = np.full(windows, np.nan)
    best[scored] = top[scored] / np.maximum(mass[scored], 1e-9)
    i = int(np.nanargmax(best))
    others = np.zeros(windows, dtype=bool)
    others[baseline] = True
    others[max(0, i - k + 1) : i + k] = False
    if others.sum() < s.min_other_windows:
        return None
    lift = float(best[i] - best[others].mean())
    return SummaryPassage(i, i + k, int(where[i]), int(where[i]) + m, float(best[i]), lift)


def _trim(tf: PairTfidf, p: SummaryPassage) -> tuple[int, int, int, int]:
    """Narrow both sides to what carries the match.

    The suspect side runs from the first to the last window sentence holding a word found in
    the region; the source side is the shortest stretch of the region that still holds every
    window word the region holds (a sentence at its edge that only repeats words found inside
    it is dropped).
    """
    in_a = (tf.sa >= p.i0) & (tf.sa < p.i1)
    in_b = (tf.sb >= p.j0) & (tf.sb < p.j1)
    common = np.intersect1d(tf.ta[in_a], tf.tb[in_b])
    sa = tf.sa[in_a][np.isin(tf.ta[in_a], common)]
    if not len(sa):
        return p.i0, p.i1, p.j0, p.j1
    sb, tb = tf.sb[in_b], tf.tb[in_b]
    keep = np.isin(tb, common)
    sb, tb = sb[keep], tb[keep]
    j0, j1 = p.j0, p.j1
    # Shrink from the left, then from the right, while every common word stays inside.
    while j1 - j0 > 1 and len(np.unique(tb[(sb > j0) & (sb < j1)])) == len(common):
        j0 += 1
    while j1 - j0 > 1 and len(np.unique(tb[(sb >= j0) & (sb < j1 - 1)])) == len(common):
        j1 -= 1
    return int(sa.min()), int(sa.max()) + 1, j0, j1


def _span(sentences: Sequence[Span], a: int, b: int) -> Span:
    return Span(sentences[a].start, sentences[b - 1].end)


def find_summaries(
    sus: SemanticDoc,
    src: SemanticDoc,
    tf: PairTfidf | None,
    sensitivity: str = "normal",
    lexical: list[Match] | None = None,
    settings: SummarySettings | None = None,
) -> list[Match]:
    """The pair's summary passage as a ``summary`` match, or nothing.

    Only searched within one language (``tf`` given) and where no lexical match explains the
    pair: beside a copy, shared names prove little (docs/semantic.md).
    """
    if tf is None or lexical:
        return []
    p = best_summary(tf, len(sus), len(src), settings)
    bar = LIFT_BARS[sensitivity]
    if p is None or p.lift < bar:
        return []
    i0, i1, j0, j1 = _trim(tf, p)
    return [
        Match(
            source=src.prepared.document.name,
            suspect=_span(sus.sentences, i0, i1),
            source_span=_span(src.sentences, j0, j1),
            kind="summary",
            score=round(p.coverage, 4),
            evidence=("semantic",),
            semantic=SemanticEvidence(
                passage_similarity=round(p.coverage, 4),
                method="summary",
                seed_embedding=None,
                seeds=i1 - i0,
                confidence=confidence(p.lift, LIFT_BARS["normal"]),
                languages=(sus.language, src.language),
            ),
        )
    ]

"""How much closer two passages are than the topic they share: the margin score.

Two web pages on one topic have sentence pairs the model scores as high as a paraphrase
(cosine 0.85 on pan13-dev's no-reuse pairs), so a raw cosine cannot tell reuse from a shared
topic. Bitext mining meets the same problem (hubs, topical neighbours) with a margin
(Artetxe and Schwenk 2019, "Margin-based parallel corpus mining"; CSLS, Conneau et al. 2018):
a pair counts by how much closer it is than each side's nearest other neighbours. Here the
neighbours of a passage are the sentences of the *other* document around its counterpart,
outside it: on one topic they are close too and the margin is small; a paraphrase stands
out from them.

Only the neighbourhood within ``reach`` sentences of the passage is embedded (the model is
the costly step, and a document's topic is local enough), and the ``k`` nearest of it are
averaged. Where a document has fewer than ``k`` other sentences, the missing neighbours
count as ``prior``, a typical nearest-neighbour cosine of unrelated sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from copyhound.extend.passages import Passage
from copyhound.semantic.documents import SemanticDoc
from copyhound.semantic.embed import embed_missing


@dataclass(frozen=True, slots=True)
class MarginScore:
    """A passage pair's cosine, its neighbours' cosine (the topic's) and their difference."""

    cosine: float
    background: float

    @property
    def margin(self) -> float:
        return self.cosine - self.background


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


def _neighbourhood(n: int, lo: int, hi: int, reach: int) -> np.ndarray:
    """Sentence indices within ``reach`` of [lo, hi) in a document of ``n``, outside it."""
    before = np.arange(max(0, lo - reach), lo)
    after = np.arange(hi, min(n, hi + reach))
    return np.concatenate([before, after]).astype(np.int64)


def _windows(doc: SemanticDoc, lo: int, hi: int, reach: int) -> np.ndarray:
    """Unit vectors of the runs of ``hi - lo`` consecutive sentences within ``reach`` of
    [lo, hi) that do not overlap it: neighbours of the same size as the passage (a sum of
    several sentences on one topic is closer to another such sum than to one sentence)."""
    size = hi - lo
    near = _neighbourhood(len(doc), lo, hi, reach)
    starts = [a for a in near if a + size <= len(doc) and (a + size <= lo or a >= hi)]
    if not starts:
        return np.zeros((0, doc.vectors.get([lo]).shape[1]), dtype=np.float32)
    rows = np.unique(np.concatenate([np.arange(a, a + size) for a in starts]))
    embed_missing((doc.vectors, rows))
    sums = np.stack([doc.vectors.get(np.arange(a, a + size)).sum(axis=0) for a in starts])
    return sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)


def _around(doc: SemanticDoc, lo: int, hi: int, reach: int, k: int) -> np.ndarray:
    """The neighbours of [lo, hi): runs of as many sentences (``_windows``), and single
    sentences outside it when there are fewer than ``k`` runs (a passage that fills most of a
    short document still has the rest of the document as its topic's measure)."""
    runs = _windows(doc, lo, hi, reach)
    if len(runs) >= k or hi - lo == 1:
        return runs
    near = _neighbourhood(len(doc), lo, hi, reach)
    return np.concatenate([runs, doc.vectors.get(near)]) if len(near) else runs


def _nearest_mean(cosines: np.ndarray, k: int, prior: float) -> float:
    """Mean of the ``k`` highest cosines, missing ones counted as ``prior``."""
    top = np.sort(cosines)[::-1][:k]
    padded = np.concatenate([top, np.full(k - len(top), prior, dtype=np.float64)])
    return float(padded.mean())


def margin_score(
    sus: SemanticDoc,
    src: SemanticDoc,
    p: Passage,
    k: int = 2,
    reach: int = 8,
    prior: float = 0.2,
) -> MarginScore:
    """The margin of passage ``p``: its cosine minus its sides' neighbours' (see module).

    The suspect passage's vector is compared with runs of as many source sentences around
    the source passage, and the source passage's vector with runs of as many suspect
    sentences around the suspect passage; the background is the mean of both sides' ``k``
    nearest.
    """
    sus_rows = np.arange(p.i0, p.i1)
    src_rows = np.arange(p.j0, p.j1)
    sus_near = _neighbourhood(len(sus), p.i0, p.i1, reach)
    src_near = _neighbourhood(len(src), p.j0, p.j1, reach)
    embed_missing(
        (sus.vectors, np.concatenate([sus_rows, sus_near])),
        (src.vectors, np.concatenate([src_rows, src_near])),
    )
    a = _unit(sus.vectors.get(sus_rows).sum(axis=0))
    b = _unit(src.vectors.get(src_rows).sum(axis=0))
    cosine = float(a @ b)
    around_src = _around(src, p.j0, p.j1, reach, k) @ a
    around_sus = _around(sus, p.i0, p.i1, reach, k) @ b
    background = (_nearest_mean(around_src, k, prior) + _nearest_mean(around_sus, k, prior)) / 2
    return MarginScore(cosine, background)

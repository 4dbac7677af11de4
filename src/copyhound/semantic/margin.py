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
    #: False when the search stopped early (``margin_score``'s ``need``): the background is
    #: then a lower bound and the margin an upper bound.
    complete: bool = True

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


def _neighbours(n: int, lo: int, hi: int, reach: int, k: int) -> list[tuple[int, np.ndarray]]:
    """The neighbours of [lo, hi) in a document of ``n`` sentences, nearest first, each as
    (distance in sentences, its sentence indices).

    They are the runs of ``hi - lo`` consecutive sentences within ``reach`` that do not
    overlap it (a sum of several sentences on one topic is closer to another such sum than
    to one sentence), and the single sentences within ``reach`` when there are fewer than
    ``k`` runs (a passage that fills most of a short document still has the rest of the
    document as its topic's measure).
    """
    size = hi - lo
    near = _neighbourhood(n, lo, hi, reach)
    items = [
        (lo - (a + size) if a < lo else a - hi, np.arange(a, a + size))
        for a in (int(x) for x in near)
        if a + size <= n and (a + size <= lo or a >= hi)
    ]
    if len(items) < k and size > 1:
        items += [(lo - 1 - a if a < lo else a - hi, np.array([a])) for a in map(int, near)]
    items.sort(key=lambda item: item[0])
    return items


def _unit_sum(doc: SemanticDoc, rows: np.ndarray) -> np.ndarray:
    return _unit(doc.vectors.get(rows).sum(axis=0))


def _nearest_mean(cosines: np.ndarray, k: int, prior: float) -> float:
    """Mean of the ``k`` highest cosines, missing ones counted as ``prior``."""
    top = np.sort(cosines)[::-1][:k]
    padded = np.concatenate([top, np.full(k - len(top), prior, dtype=np.float64)])
    return float(padded.mean())


#: Neighbours embedded per round of ``margin_score``: those at most this many sentences away
#: from the passage, then the rest.
ROUNDS = (0, 1, 3)


def margin_score(
    sus: SemanticDoc,
    src: SemanticDoc,
    p: Passage,
    k: int = 2,
    reach: int = 8,
    prior: float = 0.2,
    need: float | None = None,
) -> MarginScore:
    """The margin of passage ``p``: its cosine minus its sides' neighbours' (see module).

    The suspect passage's vector is compared with the source neighbours of the source
    passage, and the source passage's vector with the suspect neighbours of the suspect
    passage; the background is the mean of both sides' ``k`` nearest.

    The neighbours are embedded nearest first, in rounds (``ROUNDS``). The ``k`` nearest of
    those seen so far bound the background from below, so the margin from above
    (``margin_at_most``): with ``need``, the search stops as soon as that bound is below
    ``need``. The score returned then has ``complete`` False and its background is the
    bound; a passage that can reach ``need`` always gets its exact score.
    """
    sus_rows = np.arange(p.i0, p.i1)
    src_rows = np.arange(p.j0, p.j1)
    embed_missing((sus.vectors, sus_rows), (src.vectors, src_rows))
    a = _unit_sum(sus, sus_rows)
    b = _unit_sum(src, src_rows)
    cosine = float(a @ b)
    # Source neighbours are measured against the suspect passage, and the other way round.
    sides = [
        (src, _neighbours(len(src), p.j0, p.j1, reach, k), a),
        (sus, _neighbours(len(sus), p.i0, p.i1, reach, k), b),
    ]
    seen: list[list[float]] = [[], []]
    rounds = [*ROUNDS, None] if need is not None else [None]
    for limit in rounds:
        wanted = []
        for side, (doc, items, _) in enumerate(sides):
            todo = [rows for d, rows in items[len(seen[side]) :] if limit is None or d <= limit]
            if todo:
                wanted.append((doc.vectors, np.concatenate(todo)))
        embed_missing(*wanted)
        for side, (doc, items, vector) in enumerate(sides):
            for d, rows in items[len(seen[side]) :]:
                if limit is not None and d > limit:
                    break
                seen[side].append(float(_unit_sum(doc, rows) @ vector))
        counts = [len(items) for _, items, _ in sides]
        # Neighbours not seen yet count as -1, the lowest cosine (a lower bound); a side
        # with fewer than ``k`` neighbours at all pads with ``prior`` as always.
        lows = [
            _nearest_mean(np.array(got), k, prior if n < k else -1.0)
            for got, n in zip(seen, counts, strict=True)
        ]
        background = (lows[0] + lows[1]) / 2
        complete = all(len(got) == n for got, n in zip(seen, counts, strict=True))
        if complete or (need is not None and margin_at_most(cosine, background) < need):
            return MarginScore(cosine, background, complete)
    return MarginScore(cosine, background, True)  # pragma: no cover - the last round is all


def margin_at_most(cosine: float, background_at_least: float) -> float:
    """The largest margin a passage can have, given a lower bound of its background."""
    return cosine - background_at_least

"""Word-level alignment of the two sides of a passage, robust to repeated words.

The longest common subsequence is not unique: when the source side starts a little early
(a title repeating the passage's first words) a left-first alignment pairs those words with
the title and calls the real ones "dropped". Both the left-first and the right-first
alignment are computed and the one with fewer, shorter inner gaps is kept; gaps at either
end of the source side are simply source words outside the passage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from copyhound.engine.lcs import EXACT_CELLS, Piece, anchored_pieces, gram_hashes


@dataclass(frozen=True, slots=True)
class Op:
    """``equal``, ``added`` (words only in ``a``) or ``dropped`` (only in ``b``) on ranges."""

    tag: str
    a0: int
    a1: int
    b0: int
    b1: int


def _ops(a: list[int], b: list[int]) -> list[Op]:
    tags = {"equal": "equal", "delete": "added", "insert": "dropped"}
    return [
        Op(tags[o.tag], o.src_start, o.src_end, o.dest_start, o.dest_end)
        for o in Indel.opcodes(a, b)
        if o.tag in tags
    ]


def _reversed_ops(a: list[int], b: list[int]) -> list[Op]:
    la, lb = len(a), len(b)
    return [
        Op(o.tag, la - o.a1, la - o.a0, lb - o.b1, lb - o.b0)
        for o in reversed(_ops(a[::-1], b[::-1]))
    ]


def _inner_cost(ops: list[Op]) -> tuple[int, int]:
    inner = trim_source_edges(ops)
    gaps = [o for o in inner if o.tag != "equal"]
    return len(gaps), sum((o.a1 - o.a0) + (o.b1 - o.b0) for o in gaps)


def trim_source_edges(ops: list[Op]) -> list[Op]:
    """``ops`` without source-only words before the first or after the last shared word."""
    lo, hi = 0, len(ops)
    while lo < hi and ops[lo].tag == "dropped":
        lo += 1
    while hi > lo and ops[hi - 1].tag == "dropped":
        hi -= 1
    return ops[lo:hi]


Block = list[int]  # [a0, b0, length] of a run of equal words


def _blocks(ops: list[Op]) -> list[Block]:
    """The ``equal`` runs of ``ops``, runs that continue each other joined."""
    blocks: list[Block] = []
    for o in ops:
        if o.tag != "equal" or o.a1 == o.a0:
            continue
        last = blocks[-1] if blocks else None
        if last is not None and last[0] + last[2] == o.a0 and last[1] + last[2] == o.b0:
            last[2] += o.a1 - o.a0
        else:
            blocks.append([o.a0, o.b0, o.a1 - o.a0])
    return blocks


def _slide_edges(blocks: list[Block], a: list[int], b: list[int]) -> list[Block]:
    """Move a run of matched words at either end across a source gap when it fits there too.

    ``the river fisheries`` matched to the title, then a gap, then the body: the run slides
    onto the body, and the gap falls outside the passage. Only a run that the next one
    follows without suspect words between may slide.
    """
    blocks = [list(x) for x in blocks]
    while len(blocks) > 1:
        (a0, b0, n), (a1, b1, _) = blocks[0], blocks[1]
        if a1 != a0 + n:
            break
        to = b1 - n
        if to == b0 or b[to : to + n] != a[a0 : a0 + n]:
            break
        blocks[1] = [a0, to, n + blocks[1][2]]
        del blocks[0]
    while len(blocks) > 1:
        (a0, b0, n0), (a1, b1, n1) = blocks[-2], blocks[-1]
        if a1 != a0 + n0:
            break
        to = b0 + n0
        if to == b1 or b[to : to + n1] != a[a1 : a1 + n1]:
            break
        blocks[-2] = [a0, b0, n0 + n1]
        del blocks[-1]
    return blocks


def _blocks_to_ops(blocks: list[Block], la: int, lb: int) -> list[Op]:
    ops: list[Op] = []
    i = j = 0
    for a0, b0, n in blocks:
        if a0 > i:
            ops.append(Op("added", i, a0, j, j))
        if b0 > j:
            ops.append(Op("dropped", a0, a0, j, b0))
        ops.append(Op("equal", a0, a0 + n, b0, b0 + n))
        i, j = a0 + n, b0 + n
    if la > i:
        ops.append(Op("added", i, la, j, j))
    if lb > j:
        ops.append(Op("dropped", la, la, j, lb))
    return ops


def align_words(a: list[int], b: list[int]) -> list[Op]:
    """Opcodes turning word ids ``a`` into ``b``, preferring one contiguous alignment.

    Up to ``EXACT_CELLS`` (``len(a) * len(b)``) exactly; above, anchored on exact runs with
    the pieces between anchors aligned exactly (``copyhound.engine.lcs``).
    """
    if len(a) * len(b) > EXACT_CELLS:
        pieces = anchored_pieces(np.asarray(a, np.uint64), np.asarray(b, np.uint64), _exact_pieces)
        return [Op(*p) for p in pieces]
    return _exact(a, b)


def _exact_pieces(a: np.ndarray, b: np.ndarray) -> list[Piece]:
    return [(o.tag, o.a0, o.a1, o.b0, o.b1) for o in _exact(a.tolist(), b.tolist())]


def _exact(a: list[int], b: list[int]) -> list[Op]:
    best = min((_ops(a, b), _reversed_ops(a, b)), key=_inner_cost)
    slid = _blocks_to_ops(_slide_edges(_blocks(best), a, b), len(a), len(b))
    return min((slid, best), key=_inner_cost)


def aligned_index(a: list[int], b: list[int]) -> list[int | None]:
    """For each word of ``a``, the index of the word of ``b`` it is aligned with, or None."""
    return index_of(align_words(a, b), len(a))


def index_of(ops: list[Op], n: int) -> list[int | None]:
    """For each of ``n`` words of ``a``, the word of ``b`` that ``ops`` pair it with, or None."""
    out: list[int | None] = [None] * n
    for op in ops:
        if op.tag == "equal":
            out[op.a0 : op.a1] = range(op.b0, op.b1)
    return out


#: Source words an n-gram may occur at and still place a stretch (more: too common to say).
_MAX_PLACES = 8
#: Source words a window keeps beyond the place found for a stretch, plus a quarter of the
#: stretch's length (for edits); places of its 4-grams that far apart or closer are one
#: cluster. Few, so that another repetition of a phrase the text repeats is not taken in.
EDGE_PAD = 8


class SourceWords:
    """One source's word ids, with where each of its word 4-grams occurs (made on first use).

    Aligning every short stretch of a very long passage with the passage's whole source side
    costs the stretch count times the source length. Where that product is too large
    (``EXACT_CELLS``), ``align`` looks the stretch's 4-grams up in this index and aligns it
    with only the window of the source where they cluster (or, with none, where the previous
    stretch ended), so the cost is the stretch's own length.
    """

    def __init__(self, ids: np.ndarray) -> None:
        self.ids = np.asarray(ids, dtype=np.uint64)
        self._hashes: np.ndarray | None = None
        self._places: np.ndarray | None = None

    def _index(self) -> tuple[np.ndarray, np.ndarray]:
        if self._hashes is None:
            h = gram_hashes(self.ids)
            order = np.argsort(h, kind="stable")
            self._hashes, self._places = h[order], order
        return self._hashes, self._places

    def window(self, a: list[int], lo: int, hi: int, hint: int) -> tuple[int, int]:
        """Where in ``ids[lo:hi]`` to align ``a``: around the cluster of places its 4-grams
        put ``a[0]`` at, those found once in the source first (a phrase the source repeats
        places it everywhere), the largest cluster and then the nearest to ``hint`` (where
        ``a[0]`` is expected); with no 4-gram found, around ``hint``."""
        hashes, places = self._index()
        pad = EDGE_PAD + len(a) // 4
        mine = gram_hashes(np.asarray(a, dtype=np.uint64))
        left = np.searchsorted(hashes, mine, "left")
        right = np.searchsorted(hashes, mine, "right")
        counts = right - left
        starts, grams = self._starts_of(left, counts, counts == 1, lo, hi)
        if not len(starts):
            starts, grams = self._starts_of(left, counts, counts <= _MAX_PLACES, lo, hi)
        if len(starts):
            # Places a few words apart (edits shift the diagonal) are one cluster; another
            # copy of the same words elsewhere is another. A cluster counts its 4-grams; of
            # clusters as large, the one nearest to where the stretch is expected wins.
            order = np.argsort(starts, kind="stable")
            starts, grams = starts[order], grams[order]
            cut = np.flatnonzero(np.diff(starts) > pad) + 1
            bounds = np.r_[0, cut, len(starts)]
            cluster = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
            distinct = np.unique(cluster * (len(a) + 1) + grams) // (len(a) + 1)
            sizes = np.bincount(distinct, minlength=len(bounds) - 1)
            first, last = starts[bounds[:-1]], starts[bounds[1:] - 1]
            distance = np.maximum(0, np.maximum(first - hint, hint - last))
            k = int(np.lexsort((distance, -sizes))[0])
            w0, w1 = int(first[k]) - pad, int(last[k]) + len(a) + pad
        else:  # nothing places it: around where it is expected
            w0, w1 = hint - pad, hint + len(a) + pad
        w0 = min(max(lo, w0), hi)
        return w0, min(hi, max(w0, w1))

    def _starts_of(self, left, counts, usable, lo, hi) -> tuple[np.ndarray, np.ndarray]:
        """Where ``a[0]`` would be by each place of each usable 4-gram inside ``[lo, hi)``,
        and which 4-gram of ``a`` each place is."""
        grams = np.flatnonzero(usable & (counts > 0))
        per = counts[grams]
        first = np.repeat(left[grams] - np.cumsum(per) + per, per)
        where = self._places[first + np.arange(int(per.sum()))]
        gram_at = np.repeat(grams, per)
        inside = (where >= lo) & (where < hi)
        return (where - gram_at)[inside], gram_at[inside]

    def align(self, a: list[int], lo: int, hi: int, hint: int) -> list[Op]:
        """``align_words(a, ids[lo:hi])`` on the window of ``window``; ops in ``[lo, hi)``
        coordinates relative to ``lo``, source words outside the window ``dropped``."""
        w0, w1 = self.window(a, lo, hi, hint)
        ops = align_words(a, self.ids[w0:w1].tolist())
        shift = w0 - lo
        out = [Op("dropped", 0, 0, 0, shift)] if shift else []
        out += [Op(o.tag, o.a0, o.a1, o.b0 + shift, o.b1 + shift) for o in ops]
        if w1 < hi:
            out.append(Op("dropped", len(a), len(a), w1 - lo, hi - lo))
        return out

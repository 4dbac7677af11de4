"""Word alignment of long sequences in near-linear time, anchored on exact runs.

An exact longest-common-subsequence alignment costs time proportional to the product of the
two lengths: nothing for a passage of a few hundred words, hours for a document checked
against itself. Up to ``EXACT_CELLS`` cells the callers keep their exact alignment; above it
the sequences are cut at anchors and only the pieces between anchors are aligned exactly:

1. the common prefix and suffix are equal words (an LCS can always keep them);
2. anchors are word 4-grams that occur exactly once in each sequence (patience diff's idea,
   on word n-grams since single words repeat; single words where no 4-gram is), consecutive
   anchors on one diagonal making a run;
3. the runs kept are the heaviest chain increasing on both sides (a weighted longest
   increasing subsequence, with a Fenwick tree);
4. each gap between two kept runs is aligned the same way, recursively, until it is small
   enough for the exact alignment; a gap with no anchor at all is cut along its diagonal.

At the two ends only the part of the longer side next to the first (last) anchor is aligned
with the shorter side: words far beyond the passage's edge are outside it anyway.

The result is a valid alignment (every ``equal`` piece pairs equal words, in order on both
sides) that equals the exact one wherever the exact one is the only best alignment made of
those runs; it may keep fewer shared words than the exact LCS where the text repeats itself.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

#: Largest ``len(a) * len(b)`` aligned by one exact dynamic programme (about 10,000 words
#: against 10,000: tens of milliseconds); larger ones are anchored.
EXACT_CELLS = 100_000_000

#: Words per anchor n-gram.
ANCHOR_WORDS = 4

#: Words of the longer side kept beyond twice the shorter one at either end.
EDGE_PAD = 64

#: How deep gaps are re-anchored before they are cut along the diagonal.
MAX_DEPTH = 6

#: ``(tag, a0, a1, b0, b1)``: ``equal``, ``added`` (only in ``a``) or ``dropped`` (only in ``b``).
Piece = tuple[str, int, int, int, int]

#: Exact alignment of two small sequences, as pieces relative to their starts.
SmallAligner = Callable[[np.ndarray, np.ndarray], list[Piece]]


def anchored_pieces(
    a: np.ndarray, b: np.ndarray, small: SmallAligner, limit: int = EXACT_CELLS
) -> list[Piece]:
    """Pieces turning ``a`` into ``b``, each small gap aligned by ``small``."""
    out: list[Piece] = []
    _align(
        out,
        np.asarray(a, dtype=np.uint64),
        np.asarray(b, dtype=np.uint64),
        0,
        0,
        small,
        limit,
        0,
        "both",
    )
    return _merged(out)


def equal_words(pieces: list[Piece]) -> int:
    """How many words the ``equal`` pieces pair."""
    return sum(a1 - a0 for tag, a0, a1, _, _ in pieces if tag == "equal")


def _align(
    out: list[Piece],
    a: np.ndarray,
    b: np.ndarray,
    oa: int,
    ob: int,
    small: SmallAligner,
    limit: int,
    depth: int,
    edge: str,
) -> None:
    """Append pieces aligning ``a`` (at ``oa``) with ``b`` (at ``ob``) to ``out``.

    ``edge`` says which ends are the outer edges of the whole alignment (``start``, ``end``,
    ``both`` or ``none``): only there is the longer side cut to a window near the other.
    """
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        _gap(out, oa, n, ob, m)
        return
    head = _common_prefix(a, b)
    tail = _common_prefix(a[head:][::-1], b[head:][::-1])
    if head:
        out.append(("equal", oa, oa + head, ob, ob + head))
    a_mid, b_mid = a[head : n - tail], b[head : m - tail]
    _align_middle(
        out,
        a_mid,
        b_mid,
        oa + head,
        ob + head,
        small,
        limit,
        depth,
        _edges(edge, start=head == 0, end=tail == 0),
    )
    if tail:
        out.append(("equal", oa + n - tail, oa + n, ob + m - tail, ob + m))


def _edges(edge: str, start: bool, end: bool) -> str:
    """``edge`` less the ends that a shared prefix or suffix has already settled."""
    keep_start = edge in ("start", "both") and start
    keep_end = edge in ("end", "both") and end
    return {(True, True): "both", (True, False): "start", (False, True): "end"}.get(
        (keep_start, keep_end), "none"
    )


def _align_middle(out, a, b, oa, ob, small, limit, depth, edge) -> None:
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        _gap(out, oa, n, ob, m)
        return
    if n * m <= limit:
        _extend_shifted(out, small(a, b), oa, ob)
        return
    if edge != "none" and _cut_edge(out, a, b, oa, ob, small, limit, depth, edge):
        return
    runs = []
    if depth < MAX_DEPTH:
        runs = _chain(_anchor_runs(a, b, ANCHOR_WORDS)) or _chain(_anchor_runs(a, b, 1))
    if not runs:
        _diagonal(out, a, b, oa, ob, small, limit)
        return
    pa = pb = 0
    for k, (i, j, length) in enumerate(runs):
        gap_edge = "start" if k == 0 and edge in ("start", "both") else "none"
        _align(out, a[pa:i], b[pb:j], oa + pa, ob + pb, small, limit, depth + 1, gap_edge)
        out.append(("equal", oa + i, oa + i + length, ob + j, ob + j + length))
        pa, pb = i + length, j + length
    tail_edge = "end" if edge in ("end", "both") else "none"
    _align(out, a[pa:], b[pb:], oa + pa, ob + pb, small, limit, depth + 1, tail_edge)


def _cut_edge(out, a, b, oa, ob, small, limit, depth, edge) -> bool:
    """At an outer edge, leave out the part of the much longer side far from the other.

    Only when one side is more than twice the other plus ``EDGE_PAD``: at the start the
    longer side keeps its last words, at the end its first ones (both ends: its middle is
    not known, so nothing is cut).
    """
    n, m = len(a), len(b)
    short = min(n, m)
    keep = 2 * short + EDGE_PAD
    if max(n, m) <= keep or edge == "both":
        return False
    if edge == "start":
        if n > m:
            _gap(out, oa, n - keep, ob, 0)
            _align(out, a[n - keep :], b, oa + n - keep, ob, small, limit, depth + 1, "none")
        else:
            _gap(out, oa, 0, ob, m - keep)
            _align(out, a, b[m - keep :], oa, ob + m - keep, small, limit, depth + 1, "none")
    else:
        if n > m:
            _align(out, a[:keep], b, oa, ob, small, limit, depth + 1, "none")
            _gap(out, oa + keep, n - keep, ob + m, 0)
        else:
            _align(out, a, b[:keep], oa, ob, small, limit, depth + 1, "none")
            _gap(out, oa + n, 0, ob + keep, m - keep)
    return True


def _diagonal(out, a, b, oa, ob, small, limit) -> None:
    """No anchor: cut both sides into as many equal shares as make each pair small."""
    n, m = len(a), len(b)
    parts = 1
    while (n // parts + 1) * (m // parts + 1) > limit:
        parts *= 2
    for k in range(parts):
        a0, a1 = n * k // parts, n * (k + 1) // parts
        b0, b1 = m * k // parts, m * (k + 1) // parts
        if a1 - a0 and b1 - b0:
            _extend_shifted(out, small(a[a0:a1], b[b0:b1]), oa + a0, ob + b0)
        else:
            _gap(out, oa + a0, a1 - a0, ob + b0, b1 - b0)


def _gap(out: list[Piece], oa: int, n: int, ob: int, m: int) -> None:
    if n:
        out.append(("added", oa, oa + n, ob, ob))
    if m:
        out.append(("dropped", oa + n, oa + n, ob, ob + m))


def _extend_shifted(out: list[Piece], pieces: list[Piece], oa: int, ob: int) -> None:
    out.extend((t, a0 + oa, a1 + oa, b0 + ob, b1 + ob) for t, a0, a1, b0, b1 in pieces)


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Adjacent pieces of one tag joined; empty ones dropped."""
    out: list[Piece] = []
    for p in pieces:
        if p[1] == p[2] and p[3] == p[4]:
            continue
        if out and out[-1][0] == p[0] and out[-1][2] == p[1] and out[-1][4] == p[3]:
            last = out[-1]
            out[-1] = (p[0], last[1], p[2], last[3], p[4])
        else:
            out.append(p)
    return out


def _common_prefix(a: np.ndarray, b: np.ndarray) -> int:
    n = min(len(a), len(b))
    if n == 0:
        return 0
    differ = np.flatnonzero(a[:n] != b[:n])
    return int(differ[0]) if len(differ) else n


def gram_hashes(ids: np.ndarray, n: int = ANCHOR_WORDS) -> np.ndarray:
    """A 64-bit hash of each word n-gram of ``ids`` (verified by the callers)."""
    if len(ids) < n:
        return np.zeros(0, dtype=np.uint64)
    x = ids.astype(np.uint64)
    h = np.zeros(len(ids) - n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * np.uint64(0x100000001B3) + (x[k : len(x) - n + 1 + k] ^ np.uint64(0x9E3779B9))
    return h


def _once(h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hashes occurring exactly once in ``h`` (sorted) and where they occur."""
    order = np.argsort(h, kind="stable")
    hs = h[order]
    if len(hs) == 0:
        return hs, order
    lone = np.ones(len(hs), dtype=bool)
    same = hs[1:] == hs[:-1]
    lone[1:] &= ~same
    lone[:-1] &= ~same
    return hs[lone], order[lone]


def _anchor_runs(a: np.ndarray, b: np.ndarray, n: int) -> list[tuple[int, int, int]]:
    """Runs ``(i, j, length)`` with ``a[i:i+length] == b[j:j+length]`` made of n-grams that
    occur once on each side."""
    ha, pa = _once(gram_hashes(a, n))
    hb, pb = _once(gram_hashes(b, n))
    _, ka, kb = np.intersect1d(ha, hb, assume_unique=True, return_indices=True)
    i, j = pa[ka], pb[kb]
    if len(i) == 0:
        return []
    order = np.argsort(i, kind="stable")
    i, j = i[order], j[order]
    same = np.ones(len(i), dtype=bool)
    for k in range(n):
        same &= a[i + k] == b[j + k]
    i, j = i[same], j[same]
    if len(i) == 0:
        return []
    # Consecutive anchors on one diagonal make one run.
    starts = np.flatnonzero(np.r_[True, (np.diff(i) != 1) | (np.diff(j) != 1)])
    ends = np.r_[starts[1:], len(i)]
    lengths = (ends - starts) + n - 1
    return list(zip(i[starts].tolist(), j[starts].tolist(), lengths.tolist(), strict=True))


def _chain(runs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The heaviest chain of runs increasing on both sides, overlaps trimmed."""
    if not runs:
        return []
    ranks = {j: r + 1 for r, j in enumerate(sorted({j for _, j, _ in runs}))}
    size = len(ranks)
    tree_best = [0] * (size + 1)
    tree_at = [-1] * (size + 1)
    best = [0] * len(runs)
    parent = [-1] * len(runs)
    for k, (_, j, length) in enumerate(runs):  # runs are sorted by i, each i once
        r = ranks[j] - 1
        value, at = 0, -1
        while r > 0:
            if tree_best[r] > value:
                value, at = tree_best[r], tree_at[r]
            r -= r & -r
        best[k], parent[k] = value + length, at
        r = ranks[j]
        while r <= size:
            if best[k] > tree_best[r]:
                tree_best[r], tree_at[r] = best[k], k
            r += r & -r
    k = max(range(len(runs)), key=best.__getitem__)
    picked = []
    while k >= 0:
        picked.append(runs[k])
        k = parent[k]
    picked.reverse()
    out: list[tuple[int, int, int]] = []
    end_a = end_b = 0
    for i, j, length in picked:
        cut = max(0, end_a - i, end_b - j)
        if length - cut > 0:
            out.append((i + cut, j + cut, length - cut))
            end_a, end_b = i + length, j + length
    return out

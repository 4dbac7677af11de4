"""Word-level alignment of the two sides of a passage, robust to repeated words.

The longest common subsequence is not unique: when the source side starts a little early
(a title repeating the passage's first words) a left-first alignment pairs those words with
the title and calls the real ones "dropped". Both the left-first and the right-first
alignment are computed and the one with fewer, shorter inner gaps is kept; gaps at either
end of the source side are simply source words outside the passage.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Indel


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


def _slide_edges(pairs: list[tuple[int, int]], a: list[int], b: list[int]) -> list[tuple[int, int]]:
    """Move a run of matched words at either end across a source gap when it fits there too.

    ``the river fisheries`` matched to the title, then a gap, then the body: the run slides
    onto the body, and the gap falls outside the passage.
    """
    pairs = list(pairs)
    for from_end in (False, True):
        seq = pairs[::-1] if from_end else pairs
        step = -1 if from_end else 1
        while True:
            n = 1
            while (
                n < len(seq)
                and seq[n][0] == seq[n - 1][0] + step
                and seq[n][1] == seq[n - 1][1] + step
            ):
                n += 1
            if n >= len(seq) or seq[n][0] != seq[n - 1][0] + step:
                break
            gap = seq[n][1] - seq[n - 1][1] - step
            if gap == 0 or any(
                not (0 <= j + gap < len(b)) or b[j + gap] != a[i] for i, j in seq[:n]
            ):
                break
            seq = [(i, j + gap) for i, j in seq[:n]] + seq[n:]
        pairs = seq[::-1] if from_end else seq
    return pairs


def _pairs_to_ops(pairs: list[tuple[int, int]], la: int, lb: int) -> list[Op]:
    ops: list[Op] = []
    i = j = 0
    for pi, pj in pairs + [(la, lb)]:
        if pi > i:
            ops.append(Op("added", i, pi, j, j))
        if pj > j:
            ops.append(Op("dropped", pi, pi, j, pj))
        if pi < la:
            if ops and ops[-1].tag == "equal" and ops[-1].a1 == pi and ops[-1].b1 == pj:
                last = ops[-1]
                ops[-1] = Op("equal", last.a0, pi + 1, last.b0, pj + 1)
            else:
                ops.append(Op("equal", pi, pi + 1, pj, pj + 1))
        i, j = pi + 1, pj + 1
    return ops


def align_words(a: list[int], b: list[int]) -> list[Op]:
    """Opcodes turning word ids ``a`` into ``b``, preferring one contiguous alignment."""
    best = min((_ops(a, b), _reversed_ops(a, b)), key=_inner_cost)
    pairs = [(o.a0 + k, o.b0 + k) for o in best if o.tag == "equal" for k in range(o.a1 - o.a0)]
    slid = _pairs_to_ops(_slide_edges(pairs, a, b), len(a), len(b))
    return min((slid, best), key=_inner_cost)


def aligned_index(a: list[int], b: list[int]) -> list[int | None]:
    """For each word of ``a``, the index of the word of ``b`` it is aligned with, or None."""
    out: list[int | None] = [None] * len(a)
    for op in align_words(a, b):
        if op.tag == "equal":
            for k in range(op.a1 - op.a0):
                out[op.a0 + k] = op.b0 + k
    return out

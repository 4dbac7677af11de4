"""Seeds: places where the suspect and a source share a run of words.

A seed is a pair of token positions ``(i, j)``: the word n-gram starting at suspect token ``i``
equals the one starting at source token ``j``. N-grams made only of function words are not
seeds ("one of the" proves nothing). Everything here is vectorised with numpy.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from copyhound.normalise.tokens import Tokens

# Odd 64-bit multipliers for a polynomial hash of consecutive word ids (wraps modulo 2**64).
_MULTIPLIERS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)


def ngram_hashes(ids: np.ndarray, n: int) -> np.ndarray:
    """Hash of every run of ``n`` consecutive word ids; ``len(ids) - n + 1`` values."""
    count = len(ids) - n + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    out = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            out += ids[k : k + count] * _MULTIPLIERS[k % len(_MULTIPLIERS)]
            out ^= out >> np.uint64(29)
    return out


def informative(tokens: Tokens, n: int) -> np.ndarray:
    """True for n-grams that hold at least one content word (not only function words)."""
    count = len(tokens) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=bool)
    csum = np.concatenate(([0], np.cumsum(tokens.content, dtype=np.int64)))
    return (csum[n : n + count] - csum[:count]) > 0


def informative_ngram_hashes(tokens: Tokens, n: int) -> np.ndarray:
    """``ngram_hashes`` of ``tokens``, 0 for n-grams of function words only (never seeds)."""
    return np.where(informative(tokens, n), ngram_hashes(tokens.ids, n), np.uint64(0))


class SortedHashes:
    """Hashes with their sort order, made once for a text matched against many others.

    The order is stable unless ``stable=False`` (several times faster): then equal hashes
    come in no set order, which only reorders seeds that ``diagonal_runs`` sorts anyway.
    """

    __slots__ = ("hashes", "order", "sorted", "_counts")

    def __init__(self, hashes: np.ndarray, stable: bool = True) -> None:
        self.hashes = hashes
        self.order = np.argsort(hashes, kind="stable" if stable else "quicksort")
        self.sorted = hashes[self.order]
        self._counts: np.ndarray | None = None

    def counts(self) -> np.ndarray:
        """How often each position's hash occurs in the text (made on first use)."""
        if self._counts is None:
            counts = np.empty(len(self.hashes), dtype=np.int64)
            counts[self.order] = np.searchsorted(
                self.sorted, self.sorted, side="right"
            ) - np.searchsorted(self.sorted, self.sorted, side="left")
            self._counts = counts
        return self._counts

    @classmethod
    def of_ngrams(cls, tokens: Tokens, n: int) -> SortedHashes:
        """Informative n-gram hashes of ``tokens`` (0 where only function words)."""
        return cls(informative_ngram_hashes(tokens, n))


def _matching_positions(
    hs: np.ndarray | SortedHashes, ht: np.ndarray | SortedHashes, max_repeats: int
) -> tuple[np.ndarray, np.ndarray]:
    """All ``(i, j)`` with ``hs[i] == ht[j] != 0``, skipping hashes repeated too often.

    Either side may come as its ``SortedHashes``, made once per document (``Prepared``)."""
    empty = np.empty(0, dtype=np.int64)
    target = ht if isinstance(ht, SortedHashes) else SortedHashes(ht)
    own = None
    if isinstance(hs, SortedHashes):
        own = hs
        order_s, sorted_s, hs = hs.order, hs.sorted, hs.hashes
    else:
        # Searching in sorted order is several times faster than in text order (cache
        # friendly); any sort order gives the same bounds.
        order_s = np.argsort(hs)
        sorted_s = hs[order_s]
    if len(hs) == 0 or len(target.hashes) == 0:
        return empty, empty
    order_t, sorted_t = target.order, target.sorted
    left = np.empty(len(hs), dtype=np.int64)
    right = np.empty(len(hs), dtype=np.int64)
    lo = np.searchsorted(sorted_t, sorted_s, side="left")
    # Most hashes are not in the other text at all: the upper bound is searched only for
    # those that are (elsewhere it equals the lower one).
    found = sorted_t[np.minimum(lo, len(sorted_t) - 1)] == sorted_s
    hi = lo.copy()
    hi[found] = np.searchsorted(sorted_t, sorted_s[found], side="right")
    left[order_s] = lo
    right[order_s] = hi
    counts = right - left
    counts[hs == 0] = 0
    counts[counts > max_repeats] = 0
    hit = np.nonzero(counts)[0]
    if len(hit) == 0:
        return empty, empty
    # Drop hashes repeated too often on the suspect side as well. (Every occurrence of a
    # hash is a hit or none is, so counting among the hits counts in the whole text.)
    if own is not None:
        hit = hit[own.counts()[hit] <= max_repeats]
    else:
        _, inverse, freq = np.unique(hs[hit], return_inverse=True, return_counts=True)
        hit = hit[freq[inverse] <= max_repeats]
    if len(hit) == 0:
        return empty, empty
    reps = counts[hit]
    i = np.repeat(hit, reps)
    # Position k within each group of equal source hashes.
    starts = np.repeat(left[hit], reps)
    offsets = np.arange(len(i)) - np.repeat(np.cumsum(reps) - reps, reps)
    j = order_t[starts + offsets]
    return i.astype(np.int64), j.astype(np.int64)


def ngram_seeds(
    suspect: Tokens | SortedHashes,
    source: Tokens | SortedHashes,
    n: int = 3,
    max_repeats: int = 8,
) -> tuple[np.ndarray, np.ndarray]:
    """All ``(i, j)`` where suspect n-gram ``i`` equals source n-gram ``j``.

    N-grams that repeat more than ``max_repeats`` times in either text are boilerplate for
    this pair and are skipped, which also bounds the output to ``O(len * max_repeats)``.
    ``source`` may be given as its ``SortedHashes.of_ngrams(tokens, n)`` when it is matched
    against many texts (retrieval re-ranks dozens of candidates against one suspect).
    """
    target = source if isinstance(source, SortedHashes) else SortedHashes.of_ngrams(source, n)
    hs = suspect if isinstance(suspect, SortedHashes) else informative_ngram_hashes(suspect, n)
    return _matching_positions(hs, target, max_repeats)


def word_pair_hashes(ids: np.ndarray, skip: int) -> np.ndarray:
    """Hash of each pair of words ``skip`` apart (1: neighbours, 2: one word between)."""
    count = len(ids) - skip
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = ids[:count] * _MULTIPLIERS[0] + ids[skip:] * _MULTIPLIERS[1]
        h ^= h >> np.uint64(29)
    return h


def word_pair_seeds(
    suspect: Tokens,
    source: Tokens,
    skips: tuple[int, ...] = (1, 2),
    max_repeats: int = 2,
    hashes: Callable[[Tokens, int], SortedHashes] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Seeds from pairs of words, near neighbours or one word apart: ``(i, j, extent)``.

    On content words only (see ``Tokens.content_view``), these survive the edits of an
    obfuscated copy (words inserted, dropped, replaced or swapped) far better than n-grams.
    ``extent`` is how many tokens the seed spans (``skip + 1``). ``hashes(tokens, skip)``,
    when given, supplies each side's sorted pair hashes (kept per document by ``Prepared``).
    """
    out_i, out_j, out_n = [], [], []
    for skip in skips:
        if hashes is not None:
            hs, ht = hashes(suspect, skip), hashes(source, skip)
        else:
            hs, ht = word_pair_hashes(suspect.ids, skip), word_pair_hashes(source.ids, skip)
        i, j = _matching_positions(hs, ht, max_repeats)
        out_i.append(i)
        out_j.append(j)
        out_n.append(np.full(len(i), skip + 1, dtype=np.int64))
    return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_n)

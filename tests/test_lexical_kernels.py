"""The vectorised kernels of the lexical engine against their definitions, spelled out slowly.

They were rewritten for speed (seed look-up, a document's repeated n-grams, run ends); these
tests hold them to what they mean on texts with many repeats, where shortcuts go wrong.
"""

from __future__ import annotations

import numpy as np
import pytest

from copyhound.extend.passages import diagonal_runs
from copyhound.filter.chance import REPEAT_NGRAM, DocumentStats
from copyhound.seed.ngrams import SortedHashes, _matching_positions, ngram_hashes


def _random_ids(rng: np.random.Generator, n: int, vocabulary: int) -> np.ndarray:
    return rng.integers(0, vocabulary, n).astype(np.uint64)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("sorted_inputs", [False, True])
def test_matching_positions_are_every_equal_pair_of_hashes_not_repeated_too_often(
    seed: int, sorted_inputs: bool
):
    rng = np.random.default_rng(seed)
    hs = _random_ids(rng, 300, 40)  # 0 is among them: never a seed
    ht = _random_ids(rng, 250, 60)
    max_repeats = 6
    s_count = {h: int((hs == h).sum()) for h in set(hs.tolist())}
    t_count = {h: int((ht == h).sum()) for h in set(ht.tolist())}
    expected = {
        (i, j)
        for i, a in enumerate(hs.tolist())
        for j, b in enumerate(ht.tolist())
        if a == b != 0 and s_count[a] <= max_repeats and t_count[b] <= max_repeats
    }
    args = (SortedHashes(hs, False), SortedHashes(ht, False)) if sorted_inputs else (hs, ht)
    i, j = _matching_positions(*args, max_repeats)
    assert len(i) == len(expected) > 0
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == expected


@pytest.mark.parametrize("seed", range(6))
def test_repeats_are_the_first_and_last_reach_of_repeated_ngrams_over_each_token(seed: int):
    rng = np.random.default_rng(seed)
    ids = _random_ids(rng, 400, 8)  # a small vocabulary: many trigrams repeat, some do not
    n = REPEAT_NGRAM
    hashes = ngram_hashes(ids, n).tolist()
    where: dict[int, list[int]] = {}
    for k, h in enumerate(hashes):
        where.setdefault(h, []).append(k)
    first = [-1] * len(ids)
    last = [-1] * len(ids)
    for k, h in enumerate(hashes):
        places = where[h]
        if len(places) < 2:
            continue
        for row in range(k, k + n):
            first[row] = places[0] if first[row] == -1 else min(first[row], places[0])
            last[row] = max(last[row], places[-1] + n)
    stats = DocumentStats(*np.unique(ids, return_counts=True), ids)
    got_first, got_last = stats._repeats()
    assert got_first.tolist() == first
    assert got_last.tolist() == last
    assert (got_last >= 0).any() and (got_last < 0).any()


def test_diagonal_runs_join_overlapping_seeds_of_one_diagonal_only():
    # Diagonal 5: seeds at 0, 2 (overlapping, 3 words each) and 10 (apart); diagonal 7: one.
    i = np.array([10, 0, 2, 1])
    j = np.array([15, 5, 7, 8])
    assert diagonal_runs(i, j, 3) == [(0, 5, 5, 10), (10, 13, 15, 18), (1, 4, 8, 11)]

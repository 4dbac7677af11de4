"""Judging a passage: what kind of reuse it is and how close the two sides are."""

from __future__ import annotations

import numpy as np
from rapidfuzz.distance import Indel

from copyhound.engine.lcs import EXACT_CELLS, Piece, anchored_pieces, equal_words


def word_similarity(suspect_ids: np.ndarray, source_ids: np.ndarray) -> float:
    """Share of words the two sides have in common, in order (1.0: same words, same order).

    Exact (an LCS) up to ``EXACT_CELLS``; above, the words an anchored alignment pairs.
    """
    n, m = len(suspect_ids), len(source_ids)
    if n * m <= EXACT_CELLS:
        return float(Indel.normalized_similarity(suspect_ids.tolist(), source_ids.tolist()))
    shared = equal_words(anchored_pieces(suspect_ids, source_ids, _indel_pieces))
    return 2 * shared / (n + m)


def _indel_pieces(a: np.ndarray, b: np.ndarray) -> list[Piece]:
    tags = {"equal": "equal", "delete": "added", "insert": "dropped"}
    return [
        (tags[o.tag], o.src_start, o.src_end, o.dest_start, o.dest_end)
        for o in Indel.opcodes(a.tolist(), b.tolist())
        if o.tag in tags
    ]


def lexical_kind(suspect_ids: np.ndarray, source_ids: np.ndarray) -> str:
    """``verbatim`` when the normalised words are identical, else ``near-verbatim``.

    Normalised means case, punctuation, quotes, dashes, spacing, ``U.S.``/``US`` and
    hyphenation are already folded away; what is left differs by real words.
    """
    if len(suspect_ids) == len(source_ids) and np.array_equal(suspect_ids, source_ids):
        return "verbatim"
    return "near-verbatim"

"""Judging a passage: what kind of reuse it is and how close the two sides are."""

from __future__ import annotations

import numpy as np
from rapidfuzz.distance import Indel


def word_similarity(suspect_ids: np.ndarray, source_ids: np.ndarray) -> float:
    """Share of words the two sides have in common, in order (1.0: same words, same order)."""
    return float(Indel.normalized_similarity(suspect_ids.tolist(), source_ids.tolist()))


def lexical_kind(suspect_ids: np.ndarray, source_ids: np.ndarray) -> str:
    """``verbatim`` when the normalised words are identical, else ``near-verbatim``.

    Normalised means case, punctuation, quotes, dashes, spacing, ``U.S.``/``US`` and
    hyphenation are already folded away; what is left differs by real words.
    """
    if len(suspect_ids) == len(source_ids) and np.array_equal(suspect_ids, source_ids):
        return "verbatim"
    return "near-verbatim"

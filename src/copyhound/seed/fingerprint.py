"""Winnowed word n-gram fingerprints: a small, position-independent sample of a document.

Winnowing (Schleimer, Wilkerson, Aiken 2003) keeps the smallest n-gram hash in every window of
``window`` consecutive hashes. Two documents that share a run of at least ``window + ngram - 1``
words are then guaranteed to share at least one fingerprint, while a document keeps only about
``2 / (window + 1)`` of its n-grams. Hashes come from ``seed.ngram_hashes`` over the stable word
ids of ``normalise.tokenize``, so fingerprints computed in different processes (or stored in an
index years ago) compare equal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from copyhound.normalise.tokens import Tokens
from copyhound.seed.ngrams import informative, ngram_hashes

_NONE = np.uint64(0xFFFFFFFFFFFFFFFF)


@dataclass(frozen=True, slots=True)
class FingerprintSettings:
    """Shape of the fingerprints; an index stores the values it was built with."""

    #: Words per n-gram.
    ngram: int = 3
    #: Winnowing window, in n-grams.
    window: int = 5


def winnow(hashes: np.ndarray, window: int) -> np.ndarray:
    """Positions chosen by robust winnowing: the rightmost minimum of every window, once each."""
    n = len(hashes)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    if n <= window:
        return np.array([n - 1 - int(np.argmin(hashes[::-1]))], dtype=np.int64)
    windows = sliding_window_view(hashes, window)
    rightmost = window - 1 - np.argmin(windows[:, ::-1], axis=1)
    return np.unique(np.arange(len(windows)) + rightmost)


def fingerprint_positions(
    tokens: Tokens, settings: FingerprintSettings = FingerprintSettings()
) -> tuple[np.ndarray, np.ndarray]:
    """``(hashes, positions)``: 32-bit fingerprints and the token index where each n-gram starts.

    N-grams of function words only are never chosen (they are everywhere and prove nothing).
    """
    hashes = ngram_hashes(tokens.ids, settings.ngram)
    if len(hashes) == 0:
        return np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.int64)
    hashes = np.where(informative(tokens, settings.ngram), hashes, _NONE)
    positions = winnow(hashes, settings.window)
    positions = positions[hashes[positions] != _NONE]
    return to32(hashes[positions]), positions


def fingerprints(
    tokens: Tokens, settings: FingerprintSettings = FingerprintSettings()
) -> np.ndarray:
    """The distinct fingerprints of a document, sorted (what the index stores)."""
    return np.unique(fingerprint_positions(tokens, settings)[0])


#: Stored positions are token indexes divided by this: coarse enough to compress to about a
#: byte, fine enough for 64-word diagonal bands (uint16: exact up to 1,048,560 words).
POSITION_STEP = 16


def indexed_fingerprints(
    tokens: Tokens, settings: FingerprintSettings = FingerprintSettings()
) -> tuple[np.ndarray, np.ndarray]:
    """``(hashes, positions)``: distinct fingerprints (sorted) and where each first occurs,
    as token index // ``POSITION_STEP`` (uint16), for passage-aware ranking."""
    hashes, positions = fingerprint_positions(tokens, settings)
    unique, first = np.unique(hashes, return_index=True)
    coarse = np.minimum(positions[first] // POSITION_STEP, 0xFFFF).astype(np.uint16)
    return unique, coarse


def query_hashes(
    tokens: Tokens, settings: FingerprintSettings = FingerprintSettings()
) -> tuple[np.ndarray, np.ndarray]:
    """``(hashes, positions)`` of every informative n-gram of a query document (32-bit).

    The query side is not winnowed: any stored fingerprint of a source that occurs anywhere in
    the suspect is then found, so a passage whose n-grams were partly broken by edits still
    hits every surviving fingerprint (winnowing both sides would lose many of them).
    """
    hashes = ngram_hashes(tokens.ids, settings.ngram)
    positions = np.nonzero(informative(tokens, settings.ngram))[0]
    return to32(hashes[positions]), positions


def to32(hashes: np.ndarray) -> np.ndarray:
    """Fold 64-bit n-gram hashes to 32 bits (high half; the low bits are less mixed)."""
    return (hashes >> np.uint64(32)).astype(np.uint32)

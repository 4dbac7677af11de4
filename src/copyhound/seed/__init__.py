"""Stage 3, seed: places where a suspect and a source share words.

``ngrams`` finds shared word n-grams (verbatim and lightly edited copies) and shared pairs of
content words (heavily edited ones) by sorting and binary search of hash arrays;
``fingerprint`` winnows n-gram hashes into the small sample a collection stores.
"""

from copyhound.seed.fingerprint import FingerprintSettings, fingerprints, query_hashes, winnow
from copyhound.seed.ngrams import SortedHashes, ngram_hashes, ngram_seeds, word_pair_seeds

__all__ = [
    "FingerprintSettings",
    "SortedHashes",
    "fingerprints",
    "ngram_hashes",
    "ngram_seeds",
    "query_hashes",
    "winnow",
    "word_pair_seeds",
]

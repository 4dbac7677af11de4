"""Deterministic text generators for engine tests: no real corpus needed."""

from __future__ import annotations

import random

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "nu",
    "pe",
    "ra",
    "si",
    "to",
    "vu",
    "xe",
    "za",
    "bo",
    "de",
    "fi",
    "gu",
    "ha",
    "je",
    "ko",
    "lu",
    "ma",
    "ne",
    "po",
]


def vocabulary(size: int = 3000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def prose(n_words: int, seed: int, vocab: list[str] | None = None) -> str:
    """Sentences of pseudo-words with function words mixed in, like real prose."""
    rng = random.Random(seed)
    vocab = vocab or vocabulary()
    function = ["the", "of", "and", "a", "to", "in", "is", "that", "it", "was"]
    out, sentence = [], []
    for _ in range(n_words):
        sentence.append(rng.choice(function) if rng.random() < 0.35 else rng.choice(vocab))
        if len(sentence) >= rng.randint(8, 20):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)

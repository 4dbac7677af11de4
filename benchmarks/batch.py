"""Batch benchmark: N submissions of about W words, with injected collusion, compared at once.

Submissions are generated like retrieval distractors (topic-group Markov text from the pan13
sources, see distractors.py), so unrelated submissions on one topic still share phrases. Then
``--groups`` groups of 2-4 submissions get one passage of 80-250 words copied from the group's
first member into the others. Prints the time of ``compare_batch`` (fingerprints, candidate
pairs, alignment, clusters), how many injected pairs were found, and what else was reported.

    nice -n 10 python benchmarks/batch.py --count 500 --words 1000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from distractors import generate  # noqa: E402

from copyhound.index.batch import compare_batch  # noqa: E402
from copyhound.model import Document  # noqa: E402


def make_class(src: Path, count: int, words: int, groups: int, seed: int):
    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory() as tmp:
        generate(src, Path(tmp), count, seed=seed, min_words=words, max_words=words)
        texts = [p.read_text() for p in sorted(Path(tmp).rglob("*.txt"))]
    members = rng.permutation(count)
    injected: set[tuple[str, str]] = set()
    used = 0
    for _ in range(groups):
        size = int(rng.integers(2, 5))
        group = members[used : used + size]
        used += size
        donor = texts[group[0]].split(" ")
        length = int(rng.integers(80, 251))
        start = int(rng.integers(0, len(donor) - length))
        passage = donor[start : start + length]
        for k in group[1:]:
            target = texts[k].split(" ")
            at = int(rng.integers(0, len(target) - length))
            texts[k] = " ".join(target[:at] + passage + target[at + length :])
        names = sorted(f"sub-{k:04d}.txt" for k in group)
        injected |= {(a, b) for i, a in enumerate(names) for b in names[i + 1 :]}
    docs = [Document(text=t, name=f"sub-{k:04d}.txt") for k, t in enumerate(texts)]
    return docs, injected


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", type=Path, default=Path("../shared/data/pan13-dev/src"))
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--words", type=int, default=1000)
    ap.add_argument("--groups", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    docs, injected = make_class(args.src, args.count, args.words, args.groups, args.seed)
    start = time.perf_counter()
    result = compare_batch(docs)
    elapsed = time.perf_counter() - start
    found = {(min(p.a, p.b), max(p.a, p.b)) for p in result.pairs}
    print(
        f"{args.count} submissions x {args.words} words: {elapsed:.1f}s; "
        f"{result.aligned_pairs} candidate pairs aligned of {args.count * (args.count - 1) // 2}; "
        f"{len(result.pairs)} pairs with passages, {len(result.clusters)} clusters "
        f"(largest {max(map(len, result.clusters), default=0)})"
    )
    print(
        f"injected pairs found: {len(found & injected)}/{len(injected)}; "
        f"other pairs reported: {len(found - injected)} (topic text shared by chance)"
    )


if __name__ == "__main__":
    main()

"""Generate distractor documents on the same topics as a set of sources (for retrieval benchmarks).

Shuffled sentences of the sources are easy to reject (they share whole sentences), so each
distractor is a random walk of a word-bigram Markov chain trained on a *topic group*: one source
and its three nearest neighbours by word overlap. Distractors therefore use the sources'
vocabulary and local word order, share many 3- and 4-word n-grams with them, and sit on exactly
their topics, but copy no passage. Generation is vectorised with numpy (thousands of walks at
once), about 100,000 documents of 300-1,500 words in a few minutes on one core.

    python benchmarks/distractors.py ../shared/data/pan13-dev/src OUT_DIR --count 100000
"""

from __future__ import annotations

import argparse
import re
import time
import zlib
from pathlib import Path

import numpy as np

_TOKEN = re.compile(r"\S+")


def load_corpus(src: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """``(vocabulary, token ids of all sources end to end, source index of each token)``."""
    vocab: dict[str, int] = {}
    ids: list[int] = []
    owner: list[int] = []
    for k, path in enumerate(sorted(src.glob("*.txt"))):
        words = _TOKEN.findall(path.read_text(encoding="utf-8", errors="replace"))
        ids.extend(vocab.setdefault(w, len(vocab)) for w in words)
        owner.extend([k] * len(words))
    return list(vocab), np.array(ids, dtype=np.int64), np.array(owner, dtype=np.int64)


def topic_groups(ids: np.ndarray, owner: np.ndarray, size: int = 4) -> np.ndarray:
    """For each source, itself and its ``size - 1`` most similar sources (hashed tf cosine)."""
    docs = int(owner.max()) + 1
    dims = 1 << 14
    tf = np.zeros((docs, dims), dtype=np.float32)
    np.add.at(tf, (owner, ids % dims), 1.0)
    df = (tf > 0).sum(0)
    tf *= np.log((docs + 1) / (df + 1)).astype(np.float32)
    tf /= np.linalg.norm(tf, axis=1, keepdims=True) + 1e-9
    sims = tf @ tf.T
    np.fill_diagonal(sims, np.inf)
    return np.argsort(-sims, axis=1)[:, :size]


def generate(
    src: Path, out: Path, count: int, seed: int = 5, min_words: int = 300, max_words: int = 1500
) -> int:
    """Write ``count`` distractors under ``out`` (1,000 per sub-folder); returns bytes written."""
    rng = np.random.default_rng(seed)
    vocab, ids, owner = load_corpus(src)
    words = np.array(vocab, dtype=object)
    groups = topic_groups(ids, owner)
    n_docs, n_vocab = len(groups), len(vocab)
    # Occurrences of each word inside each group, sorted by (group, word) for range lookups.
    doc_positions = [np.nonzero(owner == d)[0] for d in range(n_docs)]
    keys, occ = [], []
    for g in range(n_docs):
        pos = np.concatenate([doc_positions[d] for d in groups[g]])
        keys.append(g * n_vocab + ids[pos])
        occ.append(pos)
    keys_arr = np.concatenate(keys)
    occ_arr = np.concatenate(occ)
    order = np.argsort(keys_arr, kind="stable")
    keys_arr, occ_arr = keys_arr[order], occ_arr[order]
    last = len(ids) - 1
    written = 0
    batch = 2000
    for first in range(0, count, batch):
        b = min(batch, count - first)
        topic = rng.integers(0, n_docs, size=b)
        lengths = rng.integers(min_words, max_words + 1, size=b)
        starts = np.array([rng.choice(doc_positions[t]) for t in topic])
        walk = np.empty((b, max_words), dtype=np.int64)
        pos = starts
        for step in range(max_words):
            walk[:, step] = ids[pos]
            nxt = np.minimum(pos + 1, last)
            # Jump to a random occurrence, within the topic group, of the next word.
            key = topic * n_vocab + ids[nxt]
            lo = np.searchsorted(keys_arr, key, side="left")
            hi = np.searchsorted(keys_arr, key, side="right")
            pick = lo + (rng.random(b) * (hi - lo)).astype(np.int64)
            pos = np.where(hi > lo, occ_arr[np.minimum(pick, len(occ_arr) - 1)], nxt)
        for k in range(b):
            n = first + k
            folder = out / f"d{n // 1000:04d}"
            if n % 1000 == 0:
                folder.mkdir(parents=True, exist_ok=True)
            text = " ".join(words[walk[k, : lengths[k]]]) + "\n"
            data = text.encode("utf-8")
            (folder / f"distractor-{n:06d}.txt").write_bytes(data)
            written += len(data)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    start = time.perf_counter()
    size = generate(args.src, args.out, args.count, args.seed)
    print(f"{args.count} distractors, {size / 1e6:.1f} MB in {time.perf_counter() - start:.1f}s")
    sample = (args.out / "d0000" / "distractor-000000.txt").read_bytes()
    print(f"zlib ratio of one distractor: {len(zlib.compress(sample)) / len(sample):.2f}")


if __name__ == "__main__":
    main()

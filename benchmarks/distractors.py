"""Generate distractor documents on the same topics as a set of sources (for retrieval benchmarks).

Shuffled sentences of the sources are easy to reject (they share whole sentences), so each
distractor is a random walk of a word-bigram Markov chain trained on a *topic group*: one source
and its three nearest neighbours by word overlap. Distractors therefore use the sources'
vocabulary and word pairs and sit on exactly their topics. Three styles:

- ``cross`` (default): each next word is taken from an occurrence of the current word in a
  *different* document of the group where there is one, so a 3-word phrase of a distractor is
  made of word pairs from two documents: topical text that copies no run of any source (other
  than phrases several documents share, and rare words whose only continuation is kept).
- ``strict``: as ``cross``, but where the next word is in no other document of the group the
  walk starts again at a random word of the group, so two word pairs in a row never come from
  one document: 1.4% of its 4-word runs are found in a source, against 22% for ``cross`` (it
  is less fluent: it starts again often). It separates what the sources' own phrases in
  ``cross`` distractors cost retrieval from what obfuscation costs.
- ``walk``: any occurrence, the same document included. Rare words pull the walk along their
  source, so distractors contain short verbatim runs (3-10 words) of the very sources they
  mimic, about 370 distractors per source at 100,000: an adversarial setting.

Generation is vectorised with numpy (thousands of walks at once): about 100,000 documents of
300-1,500 words in about nine minutes on one (shared) core.

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
    src: Path,
    out: Path,
    count: int,
    seed: int = 5,
    min_words: int = 300,
    max_words: int = 1500,
    style: str = "cross",
    first_index: int = 0,
) -> int:
    """Write ``count`` distractors under ``out`` (1,000 per sub-folder), numbered from
    ``first_index``; returns bytes written."""
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
            pick = np.minimum(lo + (rng.random(b) * (hi - lo)).astype(np.int64), len(occ_arr) - 1)
            if style in ("cross", "strict"):
                for _ in range(4):  # re-draw occurrences in the document we are leaving
                    same = (owner[occ_arr[pick]] == owner[nxt]) & (hi - lo > 1)
                    if not same.any():
                        break
                    redraw = lo + (rng.random(b) * (hi - lo)).astype(np.int64)
                    pick = np.where(same, np.minimum(redraw, len(occ_arr) - 1), pick)
            pos = np.where(hi > lo, occ_arr[pick], nxt)
            if style == "strict":
                # Still in the document we are leaving (the word is in no other document of
                # the group): start again at a random word of the topic group instead.
                stuck = owner[pos] == owner[nxt]
                if stuck.any():
                    g_lo = np.searchsorted(keys_arr, topic * n_vocab, side="left")
                    g_hi = np.searchsorted(keys_arr, (topic + 1) * n_vocab, side="left")
                    anywhere = g_lo + (rng.random(b) * (g_hi - g_lo)).astype(np.int64)
                    pos = np.where(stuck, occ_arr[anywhere], pos)
        for k in range(b):
            n = first_index + first + k
            folder = out / f"d{n // 1000:04d}"
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
    ap.add_argument("--style", choices=["cross", "strict", "walk"], default="cross")
    ap.add_argument("--first-index", type=int, default=0, help="Number of the first document.")
    args = ap.parse_args()
    start = time.perf_counter()
    size = generate(
        args.src, args.out, args.count, args.seed, style=args.style, first_index=args.first_index
    )
    print(f"{args.count} distractors, {size / 1e6:.1f} MB in {time.perf_counter() - start:.1f}s")
    sample = next(args.out.rglob("*.txt")).read_bytes()
    print(f"zlib ratio of one distractor: {len(zlib.compress(sample)) / len(sample):.2f}")


if __name__ == "__main__":
    main()

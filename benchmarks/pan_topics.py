"""How much each pan13 folder's pairs have in common at all: whole-document tf-idf cosine.

A summary of a source passage keeps that passage's subject, so a pair holding one shares
more content words than two unrelated documents do. This prints, per folder, the cosine of
the source with the whole suspect and with the suspect's best window (content words as the
core tokenizer stems them; idf over the source documents), and the share of pairs above the
95th percentile of the no-plagiarism pairs (01).
It is the evidence behind docs/semantic.md's reading of 05-summary-obfuscation.

    python benchmarks/pan_topics.py [--corpus ../shared/data/pan13-dev]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from copyhound.evaluate.pan import corpus_folders, read_pairs
from copyhound.normalise.tokens import tokenize
from copyhound.read.documents import read_document

#: Content words per suspect window (about a 200-word paragraph).
WINDOW = 100

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pan13-dev"


def content_words(path: Path) -> np.ndarray:
    """Content-word ids of a document, in order."""
    tokens = tokenize(read_document(path).match_text)
    return tokens.ids[tokens.content]


def windows(words: np.ndarray, size: int = WINDOW, step: int = WINDOW // 2) -> list[np.ndarray]:
    """Overlapping runs of ``size`` content words (the whole text when shorter)."""
    starts = range(0, max(1, len(words) - size + step), step)
    return [words[k : k + size] for k in starts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()

    sources = {p.name: content_words(p) for p in sorted((args.corpus / "src").glob("*.txt"))}
    all_words, df = np.unique(
        np.concatenate([np.unique(w) for w in sources.values()]), return_counts=True
    )
    n_docs = len(sources)

    def vector(ids: np.ndarray) -> dict[int, float]:
        words, tf = np.unique(ids, return_counts=True)
        at = np.searchsorted(all_words, words)
        known = (at < len(all_words)) & (all_words[np.minimum(at, len(all_words) - 1)] == words)
        doc_freq = np.where(known, df[np.minimum(at, len(all_words) - 1)], 0)
        weights = tf * np.log((n_docs + 1) / (doc_freq + 1))
        weights = weights / (np.linalg.norm(weights) or 1.0)
        return dict(zip(words.tolist(), weights.tolist(), strict=True))

    def cosine(a: dict[int, float], b: dict[int, float]) -> float:
        return sum(w * b.get(k, 0.0) for k, w in a.items())

    suspects: dict[str, tuple[dict[int, float], list[dict[int, float]]]] = {}
    results: dict[str, dict[str, np.ndarray]] = {}
    for folder in corpus_folders(args.corpus):
        whole, best = [], []
        for susp, src in read_pairs(folder):
            if susp not in suspects:
                words = content_words(args.corpus / "susp" / susp)
                suspects[susp] = (vector(words), [vector(w) for w in windows(words)])
            source = vector(sources[src])
            whole.append(cosine(suspects[susp][0], source))
            best.append(max(cosine(w, source) for w in suspects[susp][1]))
        results[folder.name] = {"whole": np.array(whole), "best": np.array(best)}
    for key, title in (
        ("whole", "whole suspect vs source"),
        ("best", f"best {WINDOW}-content-word suspect window vs source"),
    ):
        no_reuse = next((r[key] for k, r in results.items() if k.startswith("01")), None)
        bar = float(np.percentile(no_reuse, 95)) if no_reuse is not None else float("nan")
        print(f"tf-idf cosine, {title} (01's 95th percentile: {bar:.3f})")
        for name, r in results.items():
            v = r[key]
            print(
                f"  {name:28s} {len(v):4d} pairs: median {np.median(v):.3f}, "
                f"p10 {np.percentile(v, 10):.3f}, p90 {np.percentile(v, 90):.3f}, "
                f"above 01's p95 {np.mean(v > bar):.1%}"
            )


if __name__ == "__main__":
    main()

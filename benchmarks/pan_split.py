"""PAN 2013 dev pairs split into a tuning and a check part by suspect document (fixed seed).

The part of a pair is chosen by the SHA-1 of "seed:suspect file name", so every pair of one
suspect lands in the same part. Prints, per folder and part, the share of pairs with a
detection of at least ``--min-chars`` suspect characters (01: false alarms; 03 to 05:
detection where the corpus gives no offsets).

    python benchmarks/pan_split.py [--semantic] [--folders 01,03,04] [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from copyhound.api import PairAligner
from copyhound.engine.pipeline import Settings
from copyhound.evaluate.pan import DocumentCache, corpus_folders, read_pairs
from copyhound.filter.overlaps import FilterSettings

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pan13-dev"
SEED = 12


def part_of(suspect_name: str, seed: int = SEED) -> str:
    digest = hashlib.sha1(f"{seed}:{suspect_name}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "check"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--semantic", action="store_true")
    parser.add_argument("--folders", default="01,03,04")
    parser.add_argument("--limit", type=int, default=0, help="pairs per folder (0: all)")
    parser.add_argument("--min-chars", type=int, default=150)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    semantic = None
    if args.semantic:
        from copyhound.semantic.align import SemanticSettings

        semantic = SemanticSettings(
            threads=1, filter=FilterSettings(min_words=1, min_chars=args.min_chars)
        )
    aligner = PairAligner(Settings(filter=FilterSettings(min_chars=args.min_chars)), semantic)
    docs = DocumentCache(args.corpus)
    wanted = [f for f in args.folders.split(",") if f]
    for folder in corpus_folders(args.corpus):
        if wanted and not any(folder.name.startswith(w) for w in wanted):
            continue
        pairs = read_pairs(folder)
        counts = {"tune": [0, 0], "check": [0, 0]}
        for susp_name, src_name in pairs[: args.limit] if args.limit else pairs:
            found = [
                m
                for m in aligner(docs.get("susp", susp_name), docs.get("src", src_name))
                if m.suspect.length >= args.min_chars
            ]
            count = counts[part_of(susp_name, args.seed)]
            count[0] += bool(found)
            count[1] += 1
        print(
            folder.name,
            "  ".join(f"{p} {d}/{n} ({d / max(1, n):.1%})" for p, (d, n) in counts.items()),
        )


if __name__ == "__main__":
    main()

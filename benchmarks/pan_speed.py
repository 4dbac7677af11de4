"""Speed of the lexical engine over every pan13-dev pair, and of one suspect against 100 sources.

Prints pairs per second (reading, tokenising and aligning included; truth scoring excluded),
in CPU seconds of this process, which is one core, and in wall-clock seconds.

    python benchmarks/pan_speed.py [--corpus ../shared/data/pan13-dev] [--repeat 3]
                                   [--semantic] [--folders 01,02] [--sources 0]

``--semantic`` aligns each pair as ``eval pan --semantic`` does (the lexical engine, then the
semantic stage; the model is loaded before the clock starts and each document's sentence
vectors are made once per run). ``--sources 0`` skips the one-against-many timing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from copyhound.engine.pipeline import Prepared, Settings, align
from copyhound.evaluate.pan import corpus_folders, read_pairs
from copyhound.filter.overlaps import FilterSettings
from copyhound.read.documents import read_document

REPO = Path(__file__).resolve().parents[1]


def all_pairs(corpus: Path) -> list[tuple[str, str]]:
    return [pair for folder in corpus_folders(corpus) for pair in read_pairs(folder)]


def run_pairs(
    corpus: Path, pairs: list[tuple[str, str]], settings: Settings, semantic: bool = False
) -> int:
    """Align every pair, each document read and tokenised once (as `eval pan` does)."""
    cache: dict[tuple[str, str], Prepared] = {}
    aligner = None
    if semantic:
        from copyhound.api import PairAligner
        from copyhound.semantic.align import SemanticSettings

        aligner = PairAligner(
            settings, SemanticSettings(threads=1, filter=FilterSettings(min_words=1, min_chars=150))
        )

    def get(sub: str, name: str) -> Prepared:
        key = (sub, name)
        if key not in cache:
            cache[key] = Prepared.of(read_document(corpus / sub / name, name=name))
        return cache[key]

    found = 0
    for susp, src in pairs:
        if aligner is not None:
            found += len(aligner(get("susp", susp), get("src", src)))
        else:
            found += len(align(get("susp", susp), get("src", src), settings))
    return found


def one_against_many(corpus: Path, settings: Settings, n_sources: int = 100) -> float:
    """Seconds to check the longest suspect against ``n_sources`` source files, from disk."""
    suspects = sorted((corpus / "susp").glob("*.txt"), key=lambda p: p.stat().st_size)
    suspect = suspects[-1]
    sources = sorted((corpus / "src").glob("*.txt"))[:n_sources]
    from copyhound.api import compare

    start = time.perf_counter()
    compare(suspect, sources, settings)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / ".." / "shared/data/pan13-dev")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pairs")
    parser.add_argument(
        "--sources", type=int, default=100, help="sources for one suspect (0: skip that timing)"
    )
    parser.add_argument("--semantic", action="store_true", help="with the semantic stage")
    parser.add_argument(
        "--folders", default="", help="only these folders, by prefix: 01,02 (default: all)"
    )
    args = parser.parse_args(argv)
    settings = Settings(filter=FilterSettings(min_chars=150))
    if args.semantic:
        from copyhound.semantic.embed import load_model

        load_model(1)
    prefixes = tuple(f for f in args.folders.split(",") if f)
    pairs = [
        pair
        for folder in corpus_folders(args.corpus)
        if not prefixes or folder.name.startswith(prefixes)
        for pair in read_pairs(folder)
    ]
    if args.limit:
        pairs = pairs[: args.limit]
    cpu, wall = [], []
    for _ in range(args.repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        run_pairs(args.corpus, pairs, settings, args.semantic)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    mode = "lexical + semantic" if args.semantic else "lexical"
    print(f"pairs: {len(pairs)}, {mode} (documents read and tokenised once per run)")
    print(f"pairs/s, one core (CPU time, best of {args.repeat}): {len(pairs) / min(cpu):.0f}")
    print(
        f"pairs/s, wall clock (median of {args.repeat}): {len(pairs) / statistics.median(wall):.0f}"
    )
    if args.sources <= 0:
        return 0
    seconds = one_against_many(args.corpus, settings, args.sources)
    print(f"one suspect (longest in susp/) against {args.sources} sources: {seconds:.3f} s wall")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

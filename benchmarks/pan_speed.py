"""Speed of the lexical engine over every pan13-dev pair, and of one suspect against 100 sources.

Prints pairs per second (reading, tokenising and aligning included; truth scoring excluded),
in CPU seconds of this process, which is one core, and in wall-clock seconds.

    python benchmarks/pan_speed.py [--corpus ../shared/data/pan13-dev] [--repeat 3]
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


def run_pairs(corpus: Path, pairs: list[tuple[str, str]], settings: Settings) -> int:
    """Align every pair, each document read and tokenised once (as `eval pan` does)."""
    cache: dict[tuple[str, str], Prepared] = {}

    def get(sub: str, name: str) -> Prepared:
        key = (sub, name)
        if key not in cache:
            cache[key] = Prepared.of(read_document(corpus / sub / name, name=name))
        return cache[key]

    found = 0
    for susp, src in pairs:
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
    parser.add_argument("--sources", type=int, default=100, help="sources for one suspect")
    args = parser.parse_args(argv)
    settings = Settings(filter=FilterSettings(min_chars=150))
    pairs = all_pairs(args.corpus)
    if args.limit:
        pairs = pairs[: args.limit]
    cpu, wall = [], []
    for _ in range(args.repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        run_pairs(args.corpus, pairs, settings)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    print(f"pairs: {len(pairs)} (documents read and tokenised once per run)")
    print(f"pairs/s, one core (CPU time, best of {args.repeat}): {len(pairs) / min(cpu):.0f}")
    print(
        f"pairs/s, wall clock (median of {args.repeat}): {len(pairs) / statistics.median(wall):.0f}"
    )
    seconds = one_against_many(args.corpus, settings, args.sources)
    print(f"one suspect (longest in susp/) against {args.sources} sources: {seconds:.3f} s wall")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

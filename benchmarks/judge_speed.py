"""Time of the judgement stage next to the alignment it follows, on PAN pairs.

Usage: python benchmarks/judge_speed.py [PAN_CORPUS] [--pairs N] [--folder 02-no-obfuscation]

Prints milliseconds per pair for alignment (``compare(judge=False)``) and for
``judge_report`` on its result, and the share of pairs whose matches the judge split.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from copyhound import compare, read_document
from copyhound.judge.verdict import judge_report

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared/data/pan13-dev"))
    parser.add_argument("--pairs", type=int, default=60)
    parser.add_argument("--folder", default="02-no-obfuscation")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    lines = (corpus / args.folder / "pairs").read_text().split("\n")
    pairs = [ln.split() for ln in lines if ln.strip()][: args.pairs]
    align_ms, judge_ms, chars = [], [], 0
    matches_before = matches_after = 0
    for susp, src in pairs:
        s = read_document(corpus / "susp" / susp)
        d = read_document(corpus / "src" / src)
        chars += len(s.text)
        t0 = time.perf_counter()
        raw = compare(s, [d], judge=False)
        t1 = time.perf_counter()
        judged = judge_report(raw)
        t2 = time.perf_counter()
        align_ms.append((t1 - t0) * 1000)
        judge_ms.append((t2 - t1) * 1000)
        matches_before += len(raw.matches)
        matches_after += len(judged.matches)
    n = len(pairs)
    print(f"{corpus.name}/{args.folder}: {n} pairs, {chars / n / 1000:.1f}k suspect chars/pair")
    print(f"align  mean {statistics.mean(align_ms):7.1f} ms/pair  max {max(align_ms):7.1f}")
    print(f"judge  mean {statistics.mean(judge_ms):7.1f} ms/pair  max {max(judge_ms):7.1f}")
    print(f"matches {matches_before} -> {matches_after} after splitting at quotation boundaries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

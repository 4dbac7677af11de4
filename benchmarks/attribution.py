"""Per-verdict precision and recall of the judgement stage on the verdict corpus.

Usage: python benchmarks/attribution.py [CORPUS_FOLDER [CASE_FILE ...]]
(default tests/data/attribution, every ``*.toml`` in it; name files to score only those, e.g.
``tests/data/attribution-styleguides tune.toml`` to tune without seeing the check part)

Every ``*.toml`` case file in the folder is scored on its own: ``cases.toml`` is the corpus
written with the code, ``heldout.toml`` cases written afterwards and not tuned on. A folder
split into ``tune.toml`` and ``check.toml`` (tests/data/attribution-styleguides) ends with
the two accuracies side by side: tune on the first, report the second.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from copyhound.evaluate.verdicts import VERDICTS, load_cases, score_corpus

ROOT = Path(__file__).resolve().parents[1]


def report(folder: Path, file: str) -> tuple[int, int]:
    start = time.perf_counter()
    scores = score_corpus(folder, file)
    elapsed = time.perf_counter() - start
    cases = len(load_cases(folder, file))
    print(f"{folder.name}/{file}: {cases} cases, {len(scores.outcomes)} passages, {elapsed:.2f}s")
    print(f"{'verdict':<22}{'support':>8}{'precision':>11}{'recall':>8}")
    for v in VERDICTS:
        print(f"{v:<22}{scores.support(v):>8}{scores.precision(v):>11.3f}{scores.recall(v):>8.3f}")
    correct = len(scores.outcomes) - len(scores.errors)
    print(f"accuracy {correct}/{len(scores.outcomes)} = {correct / len(scores.outcomes):.3f}")
    for o in scores.errors:
        print(f"  MISS {o.case}: {o.passage[:50]!r} expected {o.expected}, got {o.got}")
    print()
    return correct, len(scores.outcomes)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "tests" / "data" / "attribution"
    files = argv[1:] or sorted(p.name for p in folder.glob("*.toml"))
    figures = {}
    for file in files:
        figures[file] = report(folder, file)
    if "tune.toml" in figures and "check.toml" in figures:
        print(f"{'part':<8}{'right':>8}{'of':>6}{'accuracy':>10}")
        for part in ("tune", "check"):
            right, total = figures[f"{part}.toml"]
            print(f"{part:<8}{right:>8}{total:>6}{right / total:>10.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

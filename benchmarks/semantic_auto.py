"""Whether semantic detection should be on by default in `check`: what it costs a person
waiting, and what it adds (docs/semantic.md, "Off by default, measured").

Two cases a newcomer meets: the founding pair (one essay, one article), and a class of 30
essays (30 pan13-dev suspicious documents of essay length, 3 to 15 KB, in name order; each
checked against the other 29, as ``check essay.txt -s class/`` does). For each: CPU time of
the lexical check and of the check with semantic detection (model loaded beforehand), the
model's load, and the matches found by kind; the class's essays are unrelated texts, so a
paraphrase or summary match between them is a false alarm. ``--cli`` also times whole
``copyhound check`` processes (wall clock, median of 3), what a person waits for.

    python benchmarks/semantic_auto.py [--class-size 30] [--cli]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from copyhound.api import compare
from copyhound.filter.overlaps import FilterSettings
from copyhound.read.documents import read_document
from copyhound.semantic.align import SemanticSettings
from copyhound.semantic.embed import load_model

SEMANTIC_KINDS = {"paraphrase", "summary", "translation"}
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
EXAMPLES = SHARED / "examples"
PAN = SHARED / "data" / "pan13-dev" / "susp"


def class_files(size: int) -> list[Path]:
    """``size`` essay-length suspicious documents, in name order (a fixed choice)."""
    found = [p for p in sorted(PAN.glob("*.txt")) if 3_000 <= p.stat().st_size <= 15_000]
    return found[:size]


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def words(docs) -> int:
    return sum(len(d.text.split()) for d in docs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class-size", type=int, default=30)
    parser.add_argument("--cli", action="store_true", help="also time whole CLI processes")
    args = parser.parse_args()

    start = time.process_time()
    load_model(1)
    print(f"model load: {time.process_time() - start:.2f} s CPU")
    semantic = SemanticSettings(threads=1, filter=FilterSettings(min_words=1))

    essay = read_document(EXAMPLES / "000_06ec755cb34f30d2.txt")
    article = read_document(EXAMPLES / "001_b844d88552015257.txt")
    lex = cpu(lambda: compare(essay, [article]))
    sem = cpu(lambda: compare(essay, [article], semantic=semantic))
    print(
        f"founding pair ({words([essay, article])} words): lexical {lex:.2f} s, "
        f"with semantic {sem:.2f} s CPU"
    )

    members = [read_document(p) for p in class_files(args.class_size)]
    print(f"class: {len(members)} essays, {words(members)} words; each checked against the rest")
    for label, settings in (("lexical", None), ("with semantic", semantic)):
        kinds: dict[str, int] = {}

        def run(settings=settings, kinds=kinds) -> int:
            checks = 0
            for suspect in members:
                others = [d for d in members if d is not suspect]
                report = compare(suspect, others, semantic=settings)
                for m in report.matches:
                    kinds[m.kind] = kinds.get(m.kind, 0) + 1
                checks += any(m.kind in SEMANTIC_KINDS for m in report.matches)
            return checks

        start = time.process_time()
        flagged = run()
        seconds = time.process_time() - start
        print(
            f"  {label}: {seconds:.2f} s CPU for {len(members)} checks "
            f"({seconds / len(members):.2f} s each); by kind {dict(sorted(kinds.items()))}; "
            f"checks with a paraphrase/summary/translation match: {flagged}"
        )

    if args.cli:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "class"
            folder.mkdir()
            for p in class_files(args.class_size)[1:]:
                (folder / p.name).write_bytes(p.read_bytes())
            first = str(class_files(args.class_size)[0])
            cases = {
                "founding pair": [
                    str(EXAMPLES / "000_06ec755cb34f30d2.txt"),
                    "-s",
                    str(EXAMPLES / "001_b844d88552015257.txt"),
                ],
                "class of 30": [first, "-s", str(folder)],
            }
            env = {**os.environ, "HF_HUB_OFFLINE": "1"}
            for name, case in cases.items():
                for flag in ("--no-semantic", "--semantic"):
                    times = []
                    for _ in range(3):
                        begin = time.perf_counter()
                        subprocess.run(
                            [sys.executable, "-m", "copyhound.cli", "check", *case, "-q", flag],
                            check=False,
                            env=env,
                            capture_output=True,
                        )
                        times.append(time.perf_counter() - begin)
                    print(f"cli {name} {flag}: {statistics.median(times):.2f} s wall (median of 3)")


if __name__ == "__main__":
    main()

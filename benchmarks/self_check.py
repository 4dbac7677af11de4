"""Time and peak memory of checking one large document against itself, stage by stage.

The worst case for every stage at once: one passage as long as the document, plus whatever the
text repeats inside itself. The document is pan13-dev source documents joined (in file order,
then, past the corpus's 6.7 MB, again in a shuffled order per round) up to each size; with
``--shape paragraph`` the same words make one single paragraph (no line breaks at all).

    python benchmarks/self_check.py [--mb 1 3 10 30] [--shape prose|paragraph]

Each size runs in a fresh process; per stage it prints wall-clock and CPU seconds (the CPU
figure is the one to compare on a shared machine) and that stage's peak resident memory (the
kernel's high-water mark, reset before each stage where Linux allows it; the total is the
highest stage's).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STAGES = ("read", "tokenise", "align", "judge-context", "judge-passages", "similarity")


def build_text(corpus: Path, size: int, shape: str) -> str:
    """About ``size`` characters of the corpus's source documents, joined."""
    files = sorted((corpus / "src").glob("*.txt"))
    if not files:
        raise SystemExit(f"self_check: no source documents in {corpus / 'src'}")
    parts: list[str] = []
    total, rounds = 0, 0
    while total < size:
        order = list(files)
        if rounds:
            random.Random(rounds).shuffle(order)
        for path in order:
            text = path.read_text(encoding="utf-8")
            if shape == "paragraph":
                text = " ".join(text.split())
            parts.append(text)
            total += len(text) + 2
            if total >= size:
                break
        rounds += 1
    return (" " if shape == "paragraph" else "\n\n").join(parts)[:size]


class StagePeak:
    """Seconds and peak resident memory of one stage at a time."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    @staticmethod
    def _reset() -> bool:
        try:
            Path("/proc/self/clear_refs").write_text("5")
            return True
        except OSError:
            return False

    @staticmethod
    def _peak_mb() -> float:
        try:
            status = Path("/proc/self/status").read_text()
            return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
        except (OSError, AttributeError):
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def run(self, stage: str, fn):
        exact = self._reset()
        start, cpu = time.perf_counter(), time.process_time()
        value = fn()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        self.rows.append(
            {
                "stage": stage,
                "seconds": seconds,
                "cpu_seconds": cpu,
                "peak_mb": self._peak_mb(),
                "exact": exact,
            }
        )
        return value


def check_once(corpus: Path, mb: float, shape: str) -> dict:
    """One self-check of ``mb`` megabytes, in this process."""
    from copyhound.engine.pipeline import Prepared, align
    from copyhound.judge.context import JudgeOptions, SuspectContext
    from copyhound.judge.similarity import similarity_index
    from copyhound.judge.verdict import judge_matches
    from copyhound.model import Report
    from copyhound.read.documents import read_document

    text = build_text(corpus, int(mb * 1e6), shape)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(text, encoding="utf-8")
        del text
        timer = StagePeak()
        suspect_doc, source_doc = timer.run(
            "read",
            lambda: (read_document(path, name="suspect"), read_document(path, name="source")),
        )
    suspect, source = timer.run(
        "tokenise", lambda: (Prepared.of(suspect_doc), Prepared.of(source_doc))
    )
    matches = timer.run("align", lambda: align(suspect, source))
    report = Report(suspect_doc, [source_doc], matches, considered=[source_doc.name])
    ctx = timer.run("judge-context", lambda: SuspectContext.of(suspect_doc))
    options = JudgeOptions()
    report.matches = timer.run("judge-passages", lambda: judge_matches(report, options, ctx))
    index = timer.run("similarity", lambda: similarity_index(report, options, ctx))
    return {
        "mb": mb,
        "shape": shape,
        "characters": len(suspect_doc.text),
        "words": len(suspect.tokens),
        "matches": len(matches),
        "parts": len(report.matches),
        "similarity": index.similarity,
        "stages": timer.rows,
        "total_seconds": sum(r["seconds"] for r in timer.rows),
        "total_cpu_seconds": sum(r["cpu_seconds"] for r in timer.rows),
        "peak_mb": max(r["peak_mb"] for r in timer.rows),
    }


def print_result(r: dict) -> None:
    stages = "  ".join(
        f"{s['stage']} {s['seconds']:.1f} s ({s['cpu_seconds']:.1f} cpu)/{s['peak_mb']:.0f} MB"
        for s in r["stages"]
    )
    print(
        f"self_check {r['shape']} {r['characters'] / 1e6:.1f} M chars, {r['words']:,} words: "
        f"total {r['total_seconds']:.1f} s wall, {r['total_cpu_seconds']:.1f} s cpu, "
        f"peak {r['peak_mb']:.0f} MB; {r['matches']} matches, "
        f"{r['parts']} judged parts, similarity {r['similarity']:.3f}"
    )
    print(f"    {stages}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / ".." / "shared/data/pan13-dev")
    parser.add_argument("--mb", type=float, nargs="+", default=[1, 3, 10, 30])
    parser.add_argument("--shape", choices=("prose", "paragraph"), default="prose")
    parser.add_argument(
        "--in-process", action="store_true", help="run every size in this process (tests)"
    )
    parser.add_argument("--json-line", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for mb in args.mb:
        if args.in_process or args.json_line:
            result = check_once(args.corpus, mb, args.shape)
            if args.json_line:
                print(json.dumps(result))
                continue
        else:
            cmd = [sys.executable, __file__, "--json-line", "--corpus", str(args.corpus)]
            cmd += ["--mb", str(mb), "--shape", args.shape]
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"self_check {args.shape} {mb} MB failed:\n{done.stderr}", file=sys.stderr)
                return 1
            result = json.loads(done.stdout.splitlines()[-1])
        print_result(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

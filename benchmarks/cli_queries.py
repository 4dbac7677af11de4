"""One-shot `copyhound check SUSPECT --index DB` commands, as a user runs them: wall time, CPU
time and peak memory of each whole process (interpreter start and imports included), and
whether the suspect's true sources (the pan13 ``pairs`` lists) are among those reported.
With ``--resident``, the same suspects in this process instead, on one open collection (its
segments loaded once, then each query timed): what a server or a batch pays per suspect.

    python benchmarks/cli_queries.py /tmp/million/coll.db --folder 02-no-obfuscation --count 10
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_one(db: Path, suspect: Path, out: Path) -> dict[str, float]:
    """Run one `check --index` process; its wall and CPU seconds, peak RSS and exit status."""
    cmd = [sys.executable, "-m", "copyhound", "check", str(suspect), "--index", str(db)]
    start = time.perf_counter()
    proc = subprocess.Popen([*cmd, "-q", "--json", str(out)], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall": time.perf_counter() - start,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss": usage.ru_maxrss * 1024,
        "status": proc.returncode,
    }


def run_resident(db: Path, suspects: list[Path]) -> list[tuple[dict[str, float], set[str]]]:
    """Each suspect checked in this process on one connection, after the segments are
    loaded: wall and CPU seconds, and the names of the sources reported."""
    import resource

    from copyhound.index.retrieve import check_against_collection
    from copyhound.index.store import open_collection
    from copyhound.read.documents import read_document

    out = []
    with open_collection(db) as coll:
        start, cpu = time.perf_counter(), time.process_time()
        coll.segments()
        print(
            f"  segments loaded in {time.perf_counter() - start:.2f} s "
            f"({time.process_time() - cpu:.2f} s CPU)",
            flush=True,
        )
        for path in suspects:
            doc = read_document(path)
            start, cpu = time.perf_counter(), time.process_time()
            found = check_against_collection(doc, coll)
            r = {"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu}
            r["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            r["status"] = 0
            out.append((r, {Path(m.source).name for m in found.report.matches}))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/pan13-dev"))
    ap.add_argument("--folder", default="02-no-obfuscation")
    ap.add_argument("--count", type=int, default=10, help="Suspects (the first, by name).")
    ap.add_argument(
        "--resident", action="store_true", help="Check them in this process, on one connection."
    )
    args = ap.parse_args(argv)
    if not args.db.is_file():
        print(f"cli_queries: no collection {args.db}", file=sys.stderr)
        return 2
    truth: dict[str, set[str]] = {}
    for line in (args.data / args.folder / "pairs").read_text().split("\n"):
        if line.strip():
            susp, src = line.split()
            truth.setdefault(susp, set()).add(src)
    runs, pairs, found = [], 0, 0
    names = sorted(truth)[: args.count]
    resident = (
        run_resident(args.db, [args.data / "susp" / n for n in names]) if args.resident else []
    )
    with tempfile.TemporaryDirectory() as tmp:
        for k, susp in enumerate(names):
            if args.resident:
                r, reported = resident[k]
            else:
                out = Path(tmp) / "r.json"
                r = run_one(args.db, args.data / "susp" / susp, out)
                report = json.loads(out.read_text()) if out.exists() else {}
                reported = {Path(m["source"]).name for m in report.get("matches", [])}
            pairs += len(truth[susp])
            found += len(truth[susp] & reported)
            runs.append(r)
            print(
                f"  {susp}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, "
                f"{r['rss'] / 1e6:.0f} MB peak, exit {r['status']}, "
                f"{len(truth[susp] & reported)}/{len(truth[susp])} sources reported",
                flush=True,
            )
    how = "in one process" if args.resident else "one `copyhound check --index` process each"
    print(
        f"cli_queries: {len(runs)} suspects of {args.folder}, {how}: median "
        f"{statistics.median(r['wall'] for r in runs):.2f} s wall "
        f"(max {max(r['wall'] for r in runs):.2f}), "
        f"{statistics.median(r['cpu'] for r in runs):.2f} s CPU, peak RSS "
        f"{max(r['rss'] for r in runs) / 1e6:.0f} MB; true source reported for "
        f"{found}/{pairs} pairs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

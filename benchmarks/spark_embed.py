"""Embedding rate of the semantic route: `index embed` (one process) against `copyhound spark
--embed` (local Spark), CPU seconds per MB of text, on the same documents.

    python benchmarks/spark_embed.py --docs /tmp/retr16/cross/d0000 --count 400 --work /tmp/se

CPU time, not wall time (the machine is shared): the library's own count for `index embed`
(``EmbedSummary.cpu_seconds``, this process); for Spark, the CPU of this process's whole tree
(driver, JVM, Python workers) read from /proc, split at the end of the axes' fit (Spark embeds
the fitting sample twice: once to fit, once with the rest).
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

import numpy as np


def tree_cpu(root: int | None = None) -> float:
    """utime + stime of ``root`` (default: this process) and every descendant, in seconds."""
    root = root or os.getpid()
    tick = os.sysconf("SC_CLK_TCK")
    parents, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo += [p for p, pp in parents.items() if pp == pid]
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=Path, required=True)
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args()
    from copyhound.index.export import export, read_vectors
    from copyhound.index.store import open_collection
    from copyhound.index.vectors import embed_collection
    from copyhound.spark import embed
    from copyhound.spark.job import Export
    from copyhound.spark.session import spark_session

    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    files = sorted(p for p in args.docs.rglob("*") if p.is_file())[: args.count]
    db = args.work / "lib.db"
    with open_collection(db, create=True) as coll:
        coll.add_paths(files)
        export(coll, args.work / "bare", "parquet")
        t0 = time.perf_counter()
        lib = embed_collection(coll, jobs=1)
        lib_wall = time.perf_counter() - t0
        export(coll, args.work / "lib", "parquet")
    mb = lib.bytes / 1e6
    print(f"documents {lib.embedded}, {mb:.2f} MB, {lib.windows} windows")
    print(
        f"index embed -j 1: {lib.cpu_seconds:.1f} CPU s ({lib.cpu_seconds / mb:.1f} CPU s/MB), "
        f"{lib_wall:.1f} s wall, {lib.embedded / lib_wall:.1f} docs/s"
    )
    with spark_session(args.master) as spark:
        marks = {}
        c0, t0 = tree_cpu(), time.perf_counter()
        done = embed.build(
            spark,
            Export.open(args.work / "bare"),
            on_phase=lambda p: marks.update({p: (tree_cpu(), time.perf_counter())}),
        )
        c1, t1 = tree_cpu(), time.perf_counter()
    cf, tf = marks["fitted"]
    print(
        f"spark --embed {args.master}: {c1 - c0:.1f} CPU s in all ({(c1 - c0) / mb:.1f} CPU s/MB), "
        f"{t1 - t0:.1f} s wall; fit phase {cf - c0:.1f} CPU s / {tf - t0:.1f} s; main pass "
        f"{c1 - cf:.1f} CPU s ({(c1 - cf) / mb:.1f} CPU s/MB), {t1 - tf:.1f} s wall, "
        f"{done.documents / (t1 - tf):.1f} docs/s"
    )
    got, want = read_vectors(args.work / "bare"), read_vectors(args.work / "lib")
    same = np.array_equal(got["doc_id"], want["doc_id"]) and np.array_equal(
        got["start"], want["start"]
    )
    equal = (got["vector"] == want["vector"]).mean() if same else 0.0
    print(f"same windows: {same}; int8 values equal: {equal:.4%}")


if __name__ == "__main__":
    main()

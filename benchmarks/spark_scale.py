"""Spark job vs single-machine ``check --index``: time, and whether both find the same sources.

Builds (or reuses) a collection of the pan13-dev sources plus N generated distractors
(distractors.py), exports it to Parquet, then checks the same suspects (pan13-dev suspects of
the 02 and 03 folders, each with known sources) two ways:

- single machine: ``check_against_collection`` + judgement in one process, one suspect after
  the other (what ``copyhound check SUSPECT --index DB --top K`` does per suspect, without
  the interpreter start);
- Spark: the ``copyhound spark`` job (``--master local[2]`` by default), session start timed
  apart from the job.

It prints the times and compares, per suspect, the sources with passages and the passages'
offsets on both sides.

    python benchmarks/distractors.py ../shared/data/pan13-dev/src /tmp/sb/distractors \\
        --count 10000 --seed 11
    nice python benchmarks/spark_scale.py --distractors /tmp/sb/distractors --work /tmp/sb \\
        --count 10000 --suspects 20
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from copyhound.index.export import export
from copyhound.index.retrieve import RetrievalSettings, check_against_collection
from copyhound.index.store import open_collection
from copyhound.judge.verdict import judge_report
from copyhound.read.documents import expand_paths, read_document
from copyhound.report import json as json_report


def build(work: Path, data: Path, distractors: Path, count: int, jobs: int) -> tuple[Path, Path]:
    """The collection file and its Parquet export, made once per ``count``."""
    db = work / f"coll-{count}.db"
    out = work / f"export-{count}"
    if not db.exists():
        paths = expand_paths([data / "src"]) + expand_paths([distractors])[:count]
        start = time.perf_counter()
        with open_collection(db, create=True) as coll:
            summary = coll.add_paths(paths, jobs=jobs)
        print(
            f"indexed {len(summary.added)} documents ({summary.bytes / 1e6:.0f} MB) "
            f"in {time.perf_counter() - start:.0f}s",
            flush=True,
        )
    if not out.exists():
        start = time.perf_counter()
        with open_collection(db) as coll:
            export(coll, out, "parquet")
        size = sum(p.stat().st_size for p in out.iterdir())
        print(f"exported to Parquet ({size / 1e6:.0f} MB) in {time.perf_counter() - start:.0f}s")
    return db, out


def suspects(data: Path, count: int) -> list[Path]:
    """The first ``count`` distinct suspects of the 02 and 03 pairs, alternating folders."""
    lists = [
        [ln.split()[0] for ln in (data / f / "pairs").read_text().splitlines() if ln.strip()]
        for f in ("02-no-obfuscation", "03-random-obfuscation")
    ]
    seen: list[str] = []
    for pair in zip(*lists, strict=False):
        for name in pair:
            if name not in seen and len(seen) < count:
                seen.append(name)
    return [data / "susp" / name for name in seen]


def summarise(report: dict) -> tuple[set[str], list[tuple]]:
    sources = {Path(m["source"]).name for m in report["matches"]}
    spans = sorted(
        (m["source"], m["suspect_offset"], m["suspect_length"], m["source_offset"])
        for m in report["matches"]
    )
    return sources, spans


def single_machine(db: Path, paths: list[Path], top: int) -> tuple[float, dict[str, dict]]:
    out = {}
    start = time.perf_counter()
    with open_collection(db) as coll:
        for p in paths:
            doc = read_document(p)
            found = check_against_collection(doc, coll, retrieval=RetrievalSettings(top=top))
            out[doc.name] = json_report.to_dict(judge_report(found.report))
    return time.perf_counter() - start, out


def on_spark(
    export_dir: Path, paths: list[Path], top: int, master: str, out: Path, runs: int
) -> tuple[float, list[float], dict[str, dict]]:
    """Session start, then the job ``runs`` times in that session (the first one pays for
    the JVM's warm-up and the Python workers' imports, as a one-off spark-submit does)."""
    from copyhound.spark import output
    from copyhound.spark.job import Export, run
    from copyhound.spark.session import spark_session
    from copyhound.spark.tasks import JobSettings

    start = time.perf_counter()
    times = []
    with spark_session(master) as spark:
        started = time.perf_counter() - start
        for _ in range(runs):
            start = time.perf_counter()
            docs = [read_document(p) for p in paths]
            settings = JobSettings(RetrievalSettings(top=top))
            frame = run(spark, Export.open(export_dir), docs, settings)
            out.unlink(missing_ok=True)
            output.write(frame, str(out))
            times.append(time.perf_counter() - start)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return started, times, {r["suspect"]["name"]: r for r in lines}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/pan13-dev"))
    ap.add_argument("--distractors", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--count", type=int, default=10000, help="Distractors in the collection.")
    ap.add_argument("--suspects", type=int, default=20)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--jobs", type=int, default=2, help="Processes indexing the collection.")
    ap.add_argument("--runs", type=int, default=2, help="Spark jobs run in one session.")
    args = ap.parse_args()

    args.work.mkdir(parents=True, exist_ok=True)
    db, export_dir = build(args.work, args.data, args.distractors, args.count, args.jobs)
    paths = suspects(args.data, args.suspects)
    with open_collection(db) as coll:
        documents = len(coll)
    print(f"{len(paths)} suspects, top {args.top}, {documents} documents", flush=True)

    local_s, local = single_machine(db, paths, args.top)
    print(
        f"single machine (check --index, in-process): {local_s:.1f}s "
        f"({local_s / len(paths):.2f}s per suspect)",
        flush=True,
    )
    started, times, spark = on_spark(
        export_dir, paths, args.top, args.master, args.work / "spark-results.jsonl", args.runs
    )
    jobs = ", ".join(
        f"{t:.1f}s ({t / len(paths):.2f}s per suspect)" + (" again" if k else "")
        for k, t in enumerate(times)
    )
    print(f"spark {args.master}: session start {started:.1f}s, job {jobs}", flush=True)

    same_sources = same_spans = 0
    for name, want in local.items():
        got = spark.get(name)
        if got is None:
            print(f"  {name}: no Spark line")
            continue
        (ws, wspans), (gs, gspans) = summarise(want), summarise(got)
        same_sources += ws == gs
        same_spans += wspans == gspans
        if ws != gs or wspans != gspans:
            print(f"  {Path(name).name}: single machine {sorted(ws)}, Spark {sorted(gs)}")
    found = sum(bool(summarise(r)[0]) for r in local.values())
    print(
        f"same sources with passages: {same_sources}/{len(local)}; "
        f"identical passages and offsets: {same_spans}/{len(local)}; "
        f"suspects with a source found: {found}/{len(local)}"
    )


if __name__ == "__main__":
    main()

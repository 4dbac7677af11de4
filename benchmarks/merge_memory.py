"""Peak memory and time of merging a collection's segments (what bounds the size one machine
can index: the last merges of a million documents take in about 220 million postings).

Builds a collection of ``--docs`` placeholder documents and ``--segments`` segments of random
postings (``--postings`` in all), then merges them all in a fresh process and prints its peak
RSS above what it held before the merge, per posting.

    python benchmarks/merge_memory.py --postings 32000000 --work /tmp/merge
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np

from copyhound.index.store import open_collection

_MERGE = """
import resource, sys, time
from copyhound.index.store import open_collection
with open_collection(sys.argv[1]) as coll:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu = time.perf_counter(), time.process_time()
    coll.merge_segments(force=True)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(wall, cpu, (peak - before) * 1024, coll.stats()["postings"])
"""


def build(db: Path, docs: int, segments: int, postings: int, seed: int = 1) -> None:
    """A collection of ``docs`` empty documents and random postings in ``segments``."""
    rng = np.random.default_rng(seed)
    db.unlink(missing_ok=True)
    with open_collection(db, create=True) as coll:
        with coll.writing():
            coll.conn.executemany(
                "INSERT INTO documents (name, sha256, format, bytes, chars, words, "
                "fingerprints, added, codec, text) "
                "VALUES (?, ?, 'text', 0, 0, 0, 0, 0, 'raw', x'')",
                ((f"doc{k}", k.to_bytes(8, "little")) for k in range(docs)),
            )
        per = postings // segments
        for _ in range(segments):
            with coll.writing():
                coll._insert_segment(
                    rng.integers(0, 2**32, per, dtype=np.uint32),
                    rng.integers(1, docs + 1, per, dtype=np.uint32),
                    rng.integers(0, 2**16, per, dtype=np.uint16),
                    docs,
                )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--postings", type=int, default=32_000_000)
    ap.add_argument("--segments", type=int, default=8)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--work", type=Path, required=True)
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / "merge.db"
    build(db, args.docs, args.segments, args.postings)
    done = subprocess.run(
        [sys.executable, "-c", _MERGE, str(db)], capture_output=True, text=True, check=True
    )
    wall, cpu, peak, left = (float(x) for x in done.stdout.split()[-4:])
    print(
        f"merge_memory: {args.segments} segments, {int(left)} postings merged in {wall:.1f} s "
        f"({cpu:.1f} s CPU); peak RSS {peak / 1e6:.0f} MB above the open collection = "
        f"{peak / left:.1f} bytes a posting"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Kill ``copyhound index add`` with SIGKILL at random moments and check nothing is lost.

Each round starts an add of the same folder into the same collection (a new one the first time),
kills it after a random delay (half of the rounds within the first second, when the collection
file is still being created), then checks: ``PRAGMA integrity_check`` is ok, every document the
add reported as committed (``-v`` prints ``added NAME`` once a batch is durable) is stored, and
the collection opens. A last add runs to the end and must store every file.

    python benchmarks/kill_index.py --runs 20 --docs 400 [--jobs 2]

With ``--jobs 2`` the add reads in worker processes; after the rounds, no process the killed
adds started may still run.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from index_helpers import write_corpus  # noqa: E402

from copyhound.index.store import open_collection  # noqa: E402
from copyhound.index.workers import process_alive  # noqa: E402

CLI = [sys.executable, "-m", "copyhound.cli"]


def _descendants(pid: int) -> set[int]:
    """Processes started by ``pid`` and theirs (from /proc; empty where there is none)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents.setdefault(int(stat[stat.rindex(")") + 2 :].split()[1]), []).append(int(entry.name))
    out, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def kill_rounds(
    folder: Path, db: Path, runs: int, seed: int, slow: float, jobs: int = 1
) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    figures = {"rounds": 0, "killed": 0, "finished": 0, "lost": 0, "integrity_failures": 0}
    committed: set[str] = set()
    started: set[int] = set()  # processes the killed adds started (workers, fork server)
    for _ in range(runs):
        delay = float(rng.uniform(0, 1.0) if rng.random() < 0.5 else rng.uniform(1.0, slow))
        proc = subprocess.Popen(
            [*CLI, "index", "add", str(db), str(folder), "-j", str(jobs), "-v", "--batch", "10"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        time.sleep(delay)
        started |= _descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        figures["rounds"] += 1
        figures["killed" if proc.returncode == -signal.SIGKILL else "finished"] += 1
        committed |= {line[6:].strip() for line in out.splitlines() if line.startswith("added ")}
        if db.exists() and db.stat().st_size:
            conn = sqlite3.connect(db)
            if conn.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                figures["integrity_failures"] += 1
            conn.close()
            with open_collection(db) as coll:
                stored = {d.name for d in coll.names()}
            figures["lost"] += len(committed - stored)
    deadline = time.monotonic() + 5  # workers look for their parent twice a second
    while time.monotonic() < deadline and any(map(process_alive, started)):
        time.sleep(0.1)
    orphans = [pid for pid in started if process_alive(pid)]
    for pid in orphans:
        os.kill(pid, signal.SIGKILL)
    figures["orphans"] = len(orphans)
    figures["started"] = len(started)
    done = subprocess.run(
        [*CLI, "index", "add", str(db), str(folder), "-j", str(jobs)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    figures["final_exit"] = done.returncode
    with open_collection(db) as coll:
        figures["stored_at_end"] = len(list(coll.names()))
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--words", type=int, default=200)
    ap.add_argument("--slow", type=float, default=4.0, help="latest kill, seconds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1, help="index add -j (worker processes)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        paths = write_corpus(folder, args.docs, words=args.words, seed=args.seed)
        figures = kill_rounds(
            folder, Path(tmp) / "c.db", args.runs, args.seed, args.slow, args.jobs
        )
    print(
        f"{figures['rounds']} rounds ({figures['killed']} killed, {figures['finished']} finished "
        f"first): committed documents lost {figures['lost']}, integrity failures "
        f"{figures['integrity_failures']}, processes left running {figures['orphans']} "
        f"of {figures['started']} they started; "
        f"final add exit {figures['final_exit']}, "
        f"{figures['stored_at_end']}/{len(paths)} stored"
    )
    ok = (
        figures["lost"] == 0
        and figures["integrity_failures"] == 0
        and figures["orphans"] == 0
        and figures["final_exit"] == 0
        and figures["stored_at_end"] == len(paths)
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

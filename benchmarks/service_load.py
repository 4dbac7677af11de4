"""Load on the checking service, over loopback only: N concurrent clients (one teacher each)
each upload a 2,000-word essay to be checked against a collection of M documents, and wait
for the finished report.

Prints errors, the time from upload to finished report (p50, p95, max), and the server
process's peak resident memory (VmHWM). The collection is generated text (a Zipf-distributed
vocabulary); each essay copies three 60-word passages from random collection documents, so
retrieval and alignment have real work. Bounded: it stops after ``--timeout`` seconds.

    python benchmarks/service_load.py --clients 50 --docs 10000
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

REPO = Path(__file__).resolve().parents[1]


def vocabulary(size: int = 20_000) -> list[str]:
    """Made-up words, the same for every run (the essays share the collection's words)."""
    rng = np.random.default_rng(5)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    words = set()
    while len(words) < size:
        n = int(rng.integers(3, 10))
        words.add("".join(rng.choice(letters, n)))
    return sorted(words)


def texts(count: int, words: tuple[int, int], vocab: list[str], rng) -> list[str]:
    """Documents of Zipf-distributed words (a = 1.1, as running text roughly is)."""
    ranks = np.arange(1, len(vocab) + 1)
    p = 1.0 / ranks**1.1
    p /= p.sum()
    lengths = rng.integers(words[0], words[1], count)
    ids = rng.choice(len(vocab), int(lengths.sum()), p=p)
    out, at = [], 0
    for n in lengths:
        chunk = ids[at : at + n]
        at += n
        sentences = [
            " ".join(vocab[i] for i in chunk[k : k + 15]).capitalize() + "."
            for k in range(0, len(chunk), 15)
        ]
        out.append(" ".join(sentences))
    return out


def build_collection(folder: Path, db: Path, docs: int, rng) -> list[str]:
    vocab = vocabulary()
    corpus = texts(docs, (300, 1200), vocab, rng)
    folder.mkdir(parents=True, exist_ok=True)
    for k, text in enumerate(corpus):
        (folder / f"doc{k:06d}.txt").write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    subprocess.run(
        [sys.executable, "-m", "copyhound", "index", "add", str(db), str(folder), "-q"],
        env=env,
        check=True,
    )
    return corpus


def essays(n: int, corpus: list[str], words: int, rng) -> list[str]:
    vocab = vocabulary()
    out = []
    for text in texts(n, (words - 180, words - 179), vocab, rng):
        parts = text.split(". ")
        for _ in range(3):
            src = corpus[int(rng.integers(len(corpus)))].split()
            start = int(rng.integers(0, max(1, len(src) - 60)))
            parts.insert(int(rng.integers(len(parts))), " ".join(src[start : start + 60]))
        out.append(". ".join(parts))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--docs", type=int, default=10_000, help="Documents in the collection.")
    ap.add_argument("--words", type=int, default=2000, help="Words per uploaded essay.")
    ap.add_argument("--workers", type=int, default=2, help="Job threads in the server.")
    ap.add_argument("--timeout", type=float, default=1800, help="Give up after this (s).")
    ap.add_argument("--dir", type=Path, help="Work folder (default: a temporary one).")
    args = ap.parse_args(argv)
    rng = np.random.default_rng(17)
    work = args.dir or Path(tempfile.mkdtemp(prefix="copyhound-load-"))
    data, db = work / "data", work / "collection.db"
    t = time.perf_counter()
    if not db.exists():
        corpus = build_collection(work / "docs", db, args.docs, rng)
    else:
        corpus = [p.read_text() for p in sorted((work / "docs").glob("*.txt"))]
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    print(f"collection: {stored} documents ({time.perf_counter() - t:.0f}s to build/open)")
    sys.path.insert(0, str(REPO / "src"))
    from copyhound.service.auth import create_user
    from copyhound.service.storage import Store

    store = Store(data)
    tokens = []
    for k in range(args.clients):
        name = f"teacher{k:03d}"
        user = store.user(name)
        if user is None:
            _u, _p, token = create_user(store, name, "teacher", "load-test-password")
        else:
            _id, token = store.issue_token(user)
        tokens.append(token)
    store.close()
    uploads = essays(args.clients, corpus, args.words, rng)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "copyhound",
            "serve",
            "--data",
            str(data),
            "--db",
            str(db),
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("server did not start") from None
                time.sleep(0.2)
        idle_rss = peak_rss_kb(server.pid)
        results: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + args.timeout
        start = threading.Barrier(args.clients)

        def client(k: int) -> None:
            headers = {"Authorization": f"Bearer {tokens[k]}"}
            with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
                start.wait()
                t0 = time.perf_counter()
                try:
                    r = http.post(
                        "/api/v1/checks",
                        files={"suspect": (f"essay{k}.txt", uploads[k].encode(), "text/plain")},
                        data={"collection": "true"},
                    )
                    if r.status_code != 202:
                        raise RuntimeError(f"upload answered {r.status_code}: {r.text[:100]}")
                    job = r.json()["id"]
                    while time.monotonic() < stop_at:
                        status = http.get(f"/api/v1/checks/{job}").json()
                        if status["status"] == "done":
                            if not status["report"]["matches"]:
                                raise RuntimeError("no passage found")
                            with lock:
                                results.append(time.perf_counter() - t0)
                            return
                        if status["status"] == "failed":
                            raise RuntimeError(f"failed: {status['error']}")
                        time.sleep(0.25)
                    raise RuntimeError("timed out")
                except Exception as exc:
                    with lock:
                        errors.append(f"client {k}: {exc}")

        wall = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - wall
        peak = peak_rss_kb(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    print(f"clients {args.clients}, essays of {args.words} words, {args.workers} job threads")
    print(f"errors {len(errors)}")
    for e in errors[:10]:
        print("  " + e)
    if results:
        q = (
            statistics.quantiles(results, n=20, method="inclusive")
            if len(results) > 1
            else results * 19
        )
        print(
            f"upload to finished report: p50 {statistics.median(results):.1f}s, "
            f"p95 {q[18]:.1f}s, max {max(results):.1f}s; all {len(results)} done in {wall:.1f}s "
            f"({len(results) / wall * 60:.0f} checks/min)"
        )
    print(f"server peak RSS {peak / 1024:.0f} MB (after start-up: {idle_rss / 1024:.0f} MB)")
    print(f"work folder: {work}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

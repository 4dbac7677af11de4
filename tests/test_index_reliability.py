"""Real processes: a writer killed with SIGKILL mid-add, and readers checking while it writes."""

import os
import signal
import sqlite3
import subprocess
import sys

import numpy as np
from index_helpers import prose, write_corpus

from copyhound.index.store import open_collection

CLI = [sys.executable, "-m", "copyhound.cli"]
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def _add(db, folder, *extra):
    return subprocess.Popen(
        [*CLI, "index", "add", str(db), str(folder), "-j", "1", "-v", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def test_sigkill_mid_add_keeps_committed_documents_and_resumes(tmp_path):
    paths = write_corpus(tmp_path / "docs", 1500, words=150, seed=2)
    db = tmp_path / "c.db"
    writer = _add(db, tmp_path / "docs", "--batch", "10")
    committed = []
    for line in writer.stdout:
        if line.startswith("added "):
            committed.append(line[len("added ") :].strip())
        if len(committed) >= 100:
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL  # killed, not finished

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    with open_collection(db) as coll:
        stored = {d.name for d in coll.documents()}
        assert set(committed) <= stored
        assert len(stored) < len(paths)
        assert coll.stats()["postings"] == coll.stats()["fingerprints"]

    resumed = subprocess.run(
        [*CLI, "index", "add", str(db), str(tmp_path / "docs"), "-j", "1"],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"skipped {len(stored)} unchanged" in resumed.stdout.replace("\n", " ")
    with open_collection(db) as coll:
        assert len(coll) == len(paths)


def test_readers_check_while_a_writer_adds(tmp_path):
    base = write_corpus(tmp_path / "base", 20, words=300, seed=4)
    write_corpus(tmp_path / "more", 1500, words=150, seed=5)
    db = tmp_path / "c.db"
    with open_collection(db, create=True) as coll:
        coll.add_paths(base)
    rng = np.random.default_rng(6)
    suspect = tmp_path / "essay.txt"
    suspect.write_text(prose(rng, 80) + " " + base[3].read_text()[100:800] + " " + prose(rng, 60))

    writer = _add(db, tmp_path / "more", "--batch", "10")
    for line in writer.stdout:  # wait until the writer is committing
        if line.startswith("added "):
            break
    readers = [
        subprocess.Popen(
            [*CLI, "check", str(suspect), "--index", str(db), "--top", "3"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**ENV, "COLUMNS": "200"},
        )
        for _ in range(2)
    ]
    outputs = [r.communicate(timeout=120) for r in readers]
    still_writing = writer.poll() is None
    writer.stdout.read()
    writer.wait(timeout=120)
    assert writer.returncode == 0, writer.stderr.read()
    for r, (out, err) in zip(readers, outputs, strict=True):
        assert r.returncode == 0, err
        assert str(base[3]) in out
    assert still_writing  # the readers really ran while the writer was adding
    with open_collection(db) as coll:
        assert len(coll) == 1520


def test_kills_at_random_moments_lose_nothing_and_every_add_resumes():
    """The kill benchmark, a few rounds: killed during creation too (within the first second)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "kill_index.py"
    spec = importlib.util.spec_from_file_location("kill_index", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--runs", "4", "--docs", "60", "--words", "120", "--slow", "2"]) == 0

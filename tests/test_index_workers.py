"""``index add`` workers: started without forking the caller, a worker that dies costs one
named file, and no worker outlives a killed add."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import worker_hooks
from index_helpers import run_cli, write_corpus

from copyhound.index import store, workers
from copyhound.index.store import open_collection

CLI = [sys.executable, "-m", "copyhound.cli"]


def test_workers_never_fork_the_caller():
    ctx = workers.context()
    assert ctx.get_start_method() in {"forkserver", "spawn"}


def test_add_while_another_thread_holds_a_lock_the_workers_need(tmp_path, monkeypatch):
    """The hang seen in full test runs: a lock held by another thread at the moment of a fork
    stays held in the child for ever. Workers from the fork server never inherit it."""
    paths = write_corpus(tmp_path / "docs", 40, words=120)
    monkeypatch.setattr(store, "_prepare_file", worker_hooks.under_lock)
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with worker_hooks.LOCK:
            taken.set()
            done.wait(60)

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    taken.wait(10)
    try:
        with open_collection(tmp_path / "c.db", create=True) as coll:
            summary = coll.add_paths(paths, jobs=2, batch_docs=10)
            assert len(coll) == 40
        assert summary.failed == [] and len(summary.added) == 40
    finally:
        done.set()


def test_a_worker_killed_by_one_file_costs_that_file_only(tmp_path, monkeypatch):
    paths = write_corpus(tmp_path / "docs", 30, words=120)
    bad = tmp_path / "docs" / "doc00017-crash.txt"
    paths[17].rename(bad)
    monkeypatch.setattr(store, "_prepare_file", worker_hooks.die_on_crash_name)
    with open_collection(tmp_path / "c.db", create=True) as coll:
        files = sorted((tmp_path / "docs").iterdir())
        summary = coll.add_paths(files, jobs=2, batch_docs=7)
        stored = {d.name for d in coll.documents()}
    assert summary.failed == [
        f"{bad}: could not be read (the process reading it died, twice; skipped)"
    ]
    assert stored == {str(f) for f in files} - {str(bad)}
    assert summary.added == [str(f) for f in files if f != bad]  # order kept


def test_index_add_cli_names_the_file_that_killed_its_worker(tmp_path, monkeypatch, capsys):
    write_corpus(tmp_path / "docs", 12, words=120)
    (tmp_path / "docs" / "crash.txt").write_text("Words that never get read.\n")
    monkeypatch.setattr(store, "_prepare_file", worker_hooks.die_on_crash_name)
    db = tmp_path / "c.db"
    code, out, err = run_cli(capsys, "index", "add", db, tmp_path / "docs", "-j", "2")
    assert code == 3
    crashed = tmp_path / "docs" / "crash.txt"
    assert f"skipped {crashed}: could not be read (the process reading it died" in err
    assert "1 of 13 files could not be read" in " ".join(err.split())
    with open_collection(db) as coll:
        assert len(coll) == 12


def test_the_time_limit_holds_in_workers(tmp_path, monkeypatch, capsys):
    """Workers read on their main thread, so the timer stops a reader that never returns."""
    write_corpus(tmp_path / "docs", 6, words=120)
    slow = tmp_path / "docs" / "slow.txt"
    slow.write_text("Words nobody will read in time.\n")
    monkeypatch.setattr(store, "_prepare_file", worker_hooks.spin_on_slow_name)
    db = tmp_path / "c.db"
    started = time.monotonic()
    code, _out, err = run_cli(
        capsys, "index", "add", db, tmp_path / "docs", "-j", "2", "--limit", "seconds=1"
    )
    assert time.monotonic() - started < 20
    assert code == 3
    assert f"skipped {slow}: refused: reading took over 1 s (limit max_seconds=1)" in err
    with open_collection(db) as coll:
        assert len(coll) == 6


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _descendants(pid: int) -> set[int]:
    out, todo = set(), [pid]
    while todo:
        for child in _children(todo.pop()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def test_workers_exit_when_the_add_is_killed(tmp_path):
    if not Path("/proc/self/stat").exists():
        import pytest

        pytest.skip("needs /proc")
    write_corpus(tmp_path / "docs", 300, words=400)
    proc = subprocess.Popen(
        [*CLI, "index", "add", str(tmp_path / "c.db"), str(tmp_path / "docs"), "-j", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        spawned: set[int] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            spawned = _descendants(proc.pid)
            if len(spawned) >= 3:  # the fork server and its two workers
                break
            time.sleep(0.01)
        assert len(spawned) >= 3, "the add finished before its workers were seen"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(workers.process_alive, spawned)):
        time.sleep(0.05)
    left = [pid for pid in spawned if workers.process_alive(pid)]
    for pid in left:  # never leave them behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []

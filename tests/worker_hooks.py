"""Test-only stand-ins for the function ``index add`` workers run, importable by a worker
process (tests monkeypatch ``copyhound.index.store._prepare_file`` with them in the parent;
the worker unpickles them by name from this module)."""

from __future__ import annotations

import os
import threading

from copyhound.index.store import _prepare_file as _real_prepare

#: A lock a test holds in another thread of the parent while workers start: a forked worker
#: inherits it held, and waits for ever; a worker from the fork server has its own.
LOCK = threading.Lock()


def die_on_crash_name(job):
    """Kill the worker process, as a reader crashing inside a C library would, when the file's
    name holds ``crash``; read every other file as usual."""
    if "crash" in os.path.basename(job[0]):
        os._exit(9)
    return _real_prepare(job)


def under_lock(job):
    """Read as usual, after taking ``LOCK`` (as a library's internal lock would be taken)."""
    with LOCK:
        return _real_prepare(job)


def _spin(data: bytes, name: str):
    while True:  # a reader stuck in a loop that never checks its budget
        pass


def spin_on_slow_name(job):
    """Read a file whose name holds ``slow`` with a reader that never returns."""
    if "slow" not in os.path.basename(job[0]):
        return _real_prepare(job)
    from copyhound.read import documents

    kept = documents.READERS["text"]
    documents.READERS["text"] = _spin
    try:
        return _real_prepare(job)
    finally:
        documents.READERS["text"] = kept

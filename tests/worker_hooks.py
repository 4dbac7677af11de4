"""Test-only stand-ins for the function ``index add`` workers run, importable by a worker
process (tests monkeypatch ``copyhound.index.store._prepare_file`` with them in the parent;
the worker unpickles them by name from this module)."""

from __future__ import annotations

import os
import time

from copyhound.index.store import _prepare_file as _real_prepare


def die_on_crash_name(job):
    """Kill the worker process, as a reader crashing inside a C library would, when the file's
    name holds ``crash``; read every other file as usual."""
    if "crash" in os.path.basename(job[0]):
        os._exit(9)
    return _real_prepare(job)


def slow_prepare(job):
    """Every file takes a second: keeps workers busy while a test kills their parent."""
    time.sleep(1.0)
    return _real_prepare(job)

"""Worker processes that read and fingerprint files for ``index add``, safely.

- Workers come from a fork server (or are spawned), never forked from the caller: a process
  with threads (a test runner, the service, a query decoding segments) can hold a lock at the
  moment it forks, and the child then sleeps on that lock for ever.
- A worker that dies (a reader crashing inside a C library, the kernel's OOM killer) breaks
  its pool. The documents that were in flight are read again one at a time in a fresh pool,
  so the one that kills its worker again is found, skipped and named, and the rest are stored.
- A worker exits when the process that started it dies, so a killed add leaves none behind.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

J = TypeVar("J")
R = TypeVar("R")

#: Jobs sent to a worker at once, and chunks kept in flight per worker.
CHUNK_JOBS = 8
CHUNK_BYTES = 8_000_000
AHEAD = 2
#: Seconds between a worker's looks at whether its parent is still there.
WATCH_EVERY = 0.5
#: Modules a fork server imports once, so each worker starts without importing them again.
PRELOAD = ["copyhound.index.store"]


def context() -> multiprocessing.context.BaseContext:
    """A start method that never forks the calling process."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def process_alive(pid: int) -> bool:
    """Whether ``pid`` runs on this host (a zombie, dead but not yet collected by its parent,
    does not). One check for the index workers, the service's job leases and their tests."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
        return stat[stat.rindex(b")") + 2 : stat.rindex(b")") + 3] not in (b"Z", b"X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _watch_parent(owner: int, every: float = WATCH_EVERY) -> None:
    """Exit this worker once the process that started the pool is gone.

    Its parent is the fork server, which outlives the owner while workers hold the pipe it
    watches, so the owner's process id is watched instead (and the parent's, for spawn)."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent or not process_alive(owner):
                os._exit(1)

    threading.Thread(target=watch, name="copyhound-parent-watch", daemon=True).start()


def _start(owner: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    _watch_parent(owner)
    if initializer is not None:
        initializer(*initargs)


def _run_chunk(fn: Callable[[J], R], chunk: list[J]) -> list[R]:
    return [fn(job) for job in chunk]


def _stop(pool: ProcessPoolExecutor, kill: bool) -> None:
    """Shut a pool down; ``kill`` ends its workers first (the caller is leaving early)."""
    if kill:
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                proc.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _chunks(jobs: Iterable[J], size_of: Callable[[J], int]) -> Iterator[list[J]]:
    chunk: list[J] = []
    size = 0
    for job in jobs:
        chunk.append(job)
        size += size_of(job)
        if len(chunk) >= CHUNK_JOBS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _broken() -> Future:
    done: Future = Future()
    done.set_exception(BrokenProcessPool("the pool was broken"))
    return done


def map_in_workers(
    fn: Callable[[J], R],
    jobs: Iterable[J],
    workers: int,
    *,
    died: Callable[[J], R],
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    size_of: Callable[[J], int] = lambda _job: 0,
) -> Iterator[R]:
    """``fn`` of each job, in order, computed by ``workers`` processes.

    ``jobs`` is read lazily (a few chunks per worker in flight); a job whose worker dies
    twice, the second time alone, gives ``died(job)`` instead of a result.
    """
    ctx = context()

    def new_pool(n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            n, mp_context=ctx, initializer=_start, initargs=(os.getpid(), initializer, initargs)
        )

    pools: list[ProcessPoolExecutor] = []  # the open ones, for the exit path

    def one_by_one(redo: list[J]) -> Iterator[R]:
        single: ProcessPoolExecutor | None = None
        try:
            for job in redo:
                if single is None:
                    single = new_pool(1)
                    pools.append(single)
                try:
                    result = single.submit(_run_chunk, fn, [job]).result()[0]
                except BrokenProcessPool:
                    pools.remove(single)
                    _stop(single, kill=False)
                    single = None
                    result = died(job)
                yield result
        finally:
            if single is not None and single in pools:
                pools.remove(single)
                _stop(single, kill=False)

    chunks = _chunks(jobs, size_of)
    pending: deque[tuple[list[J], Future]] = deque()
    pool: ProcessPoolExecutor | None = None
    clean = False
    try:
        while True:
            if pool is None:
                pool = new_pool(workers)
                pools.append(pool)
            while len(pending) < workers * AHEAD:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                try:
                    pending.append((chunk, pool.submit(_run_chunk, fn, chunk)))
                except BrokenProcessPool:
                    pending.append((chunk, _broken()))
            if not pending:
                break
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # Everything not finished is suspect: read it again one job at a time, in
                # order, then go on with a fresh pool.
                pools.remove(pool)
                _stop(pool, kill=False)
                pool = None
                held = [(chunk, future), *pending]
                pending.clear()
                for c, f in held:
                    if f.done() and not f.cancelled() and f.exception() is None:
                        yield from f.result()
                    else:
                        yield from one_by_one(c)
                continue
            yield from results
        clean = True
    finally:
        for open_pool in pools:
            _stop(open_pool, kill=not clean)

"""Fuzz every reader with N inputs in memory-capped worker processes; count what went wrong.

    python benchmarks/fuzz_readers.py [--inputs 100000] [--workers 1] [--timeout 60]
                                      [--memory-gb 2] [--start 0]

Inputs are numbered (``tests/fuzz_inputs.make_input``): valid files of each format mutated byte
by byte or part by part, random bytes, and hostile constructs (stream and zip bombs, huge space
runs, deep nesting, surrogate escapes, processing instructions, unusable charsets, NULs).
Each worker caps its address space with ``resource.setrlimit`` and reads inputs one by one;
an input that takes longer than the timeout gets its worker killed (and counted), a worker
that dies is counted and replaced, so a hang or a blow-up is a figure, not the end of the run.

Prints: inputs, ok, InputError, tracebacks (an exception that is not an InputError, or the
catch-all one-line error for one), other bad outcomes (multi-line error, surrogates left in the
text), exits (worker deaths), runs over the time limit, runs over the memory limit, and the rate.
A failing input is printed with its number: ``make_input(number)`` makes it again. SIGTERM or
Ctrl-C stops the run early and still prints the counts reached (progress lines every 10,000).
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1] / "tests"))


def worker(memory_gb: float) -> None:
    """Read input numbers from stdin, answer one JSON line each."""
    import resource
    import traceback

    limit = int(memory_gb * 1024**3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from fuzz_inputs import make_input, outcome, seeds

    seeds()
    for line in sys.stdin:
        number = int(line)
        start = time.perf_counter()
        try:
            data, name = make_input(number)
            result = outcome(data, name)
        except MemoryError:
            result = "memory"
        except BaseException as exc:  # noqa: BLE001 - a traceback is what we count
            result = "traceback: " + "".join(traceback.format_exception_only(exc)).strip()
        seconds = time.perf_counter() - start
        print(json.dumps({"n": number, "outcome": result, "s": round(seconds, 3)}), flush=True)


class Worker:
    def __init__(self, memory_gb: float) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE), "--worker", "--memory-gb", str(memory_gb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            start_new_session=True,  # a signal to the run's group stops the run, not a worker
        )
        self.number: int | None = None
        self.since = 0.0

    def send(self, number: int) -> None:
        self.number, self.since = number, time.monotonic()
        self.proc.stdin.write(f"{number}\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--memory-gb", type=float, default=2.0)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.memory_gb)
        return 0

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    counts: Counter[str] = Counter()
    failures: list[str] = []
    numbers = iter(range(args.start, args.start + args.inputs))
    pool = [Worker(args.memory_gb) for _ in range(args.workers)]
    selector = selectors.DefaultSelector()
    for w in pool:
        selector.register(w.proc.stdout, selectors.EVENT_READ, w)
    busy = 0
    for w in pool:
        n = next(numbers, None)
        if n is not None:
            w.send(n)
            busy += 1
    started = time.monotonic()
    slowest = 0.0
    stop = []
    # SIGTERM (or Ctrl-C) ends the run early but still prints the counts reached.
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    signal.signal(signal.SIGINT, lambda *_: stop.append(True))

    def replace(w: Worker) -> None:
        nonlocal busy
        selector.unregister(w.proc.stdout)
        w.kill()
        fresh = Worker(args.memory_gb)
        pool[pool.index(w)] = fresh
        selector.register(fresh.proc.stdout, selectors.EVENT_READ, fresh)
        busy -= 1
        n = next(numbers, None)
        if n is not None:
            fresh.send(n)
            busy += 1

    while busy and not stop:
        for key, _ in selector.select(timeout=1.0):
            w: Worker = key.data
            line = w.proc.stdout.readline()
            if not line:  # the worker died (a signal, or the memory cap hit outside Python)
                counts["inputs"] += 1
                counts["exits"] += 1
                failures.append(f"{w.number}: worker exited with {w.proc.poll()}")
                replace(w)
                continue
            answer = json.loads(line)
            counts["inputs"] += 1
            slowest = max(slowest, answer["s"])
            result = answer["outcome"]
            if result == "ok":
                counts["ok"] += 1
            elif result == "input-error":
                counts["InputError"] += 1
            elif result == "memory":
                counts["over memory"] += 1
                failures.append(f"{answer['n']}: over {args.memory_gb:g} GB")
            elif result.startswith(("traceback", "unforeseen")):
                counts["tracebacks"] += 1
                failures.append(f"{answer['n']}: {result[:300]}")
            else:
                counts["other bad outcomes"] += 1
                failures.append(f"{answer['n']}: {result[:300]}")
            busy -= 1
            n = next(numbers, None)
            if n is not None:
                w.send(n)
                busy += 1
        now = time.monotonic()
        for w in list(pool):
            if w.number is not None and w.proc.poll() is None and now - w.since > args.timeout:
                counts["inputs"] += 1
                counts["over time"] += 1
                failures.append(f"{w.number}: over {args.timeout:g} s")
                w.number = None
                replace(w)
        done = counts["inputs"]
        if done and done % 10_000 == 0 and counts.get("_shown") != done:
            counts["_shown"] = done
            rate = done / (time.monotonic() - started)
            so_far = ", ".join(f"{k} {v}" for k, v in counts.items() if k != "_shown")
            print(f"... {so_far}; {rate:.0f}/s", file=sys.stderr, flush=True)
    for w in pool:
        if stop:
            w.kill()
        else:
            w.proc.stdin.close()
            w.proc.wait()
    elapsed = time.monotonic() - started
    counts.pop("_shown", None)
    keys = ["inputs", "ok", "InputError", "tracebacks", "other bad outcomes", "exits"]
    keys += ["over time", "over memory"]
    print(
        ("fuzz_readers (stopped early): " if stop else "fuzz_readers: ")
        + f"inputs {args.start}..{args.start + args.inputs - 1}, "
        f"{args.workers} worker(s), limits {args.timeout:g} s and {args.memory_gb:g} GB"
    )
    print("  " + ", ".join(f"{k} {counts.get(k, 0)}" for k in keys))
    print(f"  {elapsed:.0f} s, {counts['inputs'] / elapsed:.1f} inputs/s, slowest {slowest:.1f} s")
    for line in failures[:50]:
        print("  FAIL", line)
    bad = sum(counts.get(k, 0) for k in keys[3:])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

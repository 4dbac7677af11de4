"""Crash safety of a real server process: kill -9 with jobs queued and running; after a
restart every accepted job finishes and the collection passes PRAGMA integrity_check."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time

import pytest
from service_helpers import ESSAY, make_users, server_process

httpx = pytest.importorskip("httpx")

WORDS = [
    "river",
    "garden",
    "teacher",
    "window",
    "market",
    "winter",
    "orange",
    "signal",
    "harbour",
    "meadow",
    "pencil",
    "lantern",
    "village",
    "copper",
    "thunder",
    "basket",
    "violin",
    "saddle",
    "kettle",
    "marble",
    "needle",
    "pepper",
    "ribbon",
    "candle",
    "ladder",
    "pillow",
    "tunnel",
    "anchor",
    "feather",
    "blanket",
    "mirror",
    "puzzle",
    "rocket",
    "shadow",
    "ticket",
    "wallet",
]


def generated(seed: int, words: int = 1500) -> bytes:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(words)).encode()


def statuses(data_dir) -> dict[str, str]:
    with sqlite3.connect(data_dir / "service.db") as conn:
        return dict(conn.execute("SELECT id, status FROM jobs"))


def test_jobs_survive_kill_9_and_finish_after_restart(tmp_path):
    data = tmp_path / "data"
    users = make_users(data)
    essay = ESSAY.read_text()
    sources = [("sources", (f"s{k}.txt", generated(k), "text/plain")) for k in range(40)]
    accepted = []
    with server_process(data, "--workers", "1") as (proc, base):
        for n in range(6):
            suspect = f"Student {n} writes.\n\n{essay}".encode()
            r = httpx.post(
                f"{base}/api/v1/checks",
                headers=users.alice,
                files=[("suspect", (f"essay-{n}.txt", suspect, "text/plain")), *sources],
                data={"collection": "true", "add": "true"},
                timeout=60,
            )
            assert r.status_code == 202, r.text
            accepted.append(r.json()["id"])
        deadline = time.monotonic() + 60
        while "running" not in statuses(data).values():
            assert time.monotonic() < deadline, "no job started"
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    before = statuses(data)
    assert set(before) == set(accepted)
    assert "running" in before.values() and "queued" in before.values(), before
    with server_process(data, "--workers", "2") as (_proc, base):
        deadline = time.monotonic() + 240
        while any(s not in ("done", "failed") for s in statuses(data).values()):
            assert time.monotonic() < deadline, statuses(data)
            time.sleep(0.2)
        for job_id in accepted:
            got = httpx.get(f"{base}/api/v1/checks/{job_id}", headers=users.alice, timeout=30)
            body = got.json()
            assert body["status"] == "done", body
            assert body["report"]["suspect"]["name"].startswith("essay-")
        listing = httpx.get(
            f"{base}/api/v1/collection?limit=100", headers=users.root, timeout=30
        ).json()
    names = sorted(d["name"] for d in listing["items"])
    assert names == sorted(f"alice/{j}/essay-{n}.txt" for n, j in enumerate(accepted))
    for db in (data / "collection.db", data / "service.db"):
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

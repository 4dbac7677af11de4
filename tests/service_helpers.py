"""Shared pieces of the service tests: an app with three users, a running server subprocess."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
ESSAY = EXAMPLES / "essay.txt"
SOURCES = sorted((EXAMPLES / "sources").iterdir())

pytest.importorskip("fastapi")
pytest.importorskip("argon2")


@dataclass
class Users:
    alice: dict[str, str]  # teacher
    bob: dict[str, str]  # teacher
    root: dict[str, str]  # admin


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


_TEMPLATE: dict[str, object] = {}


def make_users(data_dir: Path) -> Users:
    """alice and bob (teachers) and root (admin), password NAME-password. Hashing passwords
    (argon2) is slow by design: the users are made once and their rows copied."""
    import sqlite3
    import tempfile

    from copyhound.service.auth import create_user
    from copyhound.service.storage import Store

    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="copyhound-users-"))
        store = Store(folder)
        tokens = {}
        for name, role in (("alice", "teacher"), ("bob", "teacher"), ("root", "admin")):
            _user, _pw, token = create_user(store, name, role, f"{name}-password")
            tokens[name] = bearer(token)
        store.close()
        _TEMPLATE.update(db=folder / "service.db", users=Users(**tokens))
    Store(data_dir).close()  # the schema, if no server made it yet
    conn = sqlite3.connect(data_dir / "service.db", isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS template", (str(_TEMPLATE["db"]),))
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO users SELECT * FROM template.users")
        conn.execute("INSERT INTO tokens SELECT * FROM template.tokens")
        conn.execute("COMMIT")
    finally:
        conn.close()
    return _TEMPLATE["users"]


def essay_upload(sources=SOURCES) -> list[tuple[str, tuple[str, bytes, str]]]:
    files = [("suspect", (ESSAY.name, ESSAY.read_bytes(), "text/plain"))]
    files += [("sources", (p.name, p.read_bytes(), "text/plain")) for p in sources]
    return files


def wait_done(client, job_id: str, headers, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(f"/api/v1/checks/{job_id}", headers=headers).json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"check {job_id} not finished after {seconds}s: {status}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server_process(data_dir: Path, *extra: str, port: int | None = None):
    """``copyhound serve`` in a subprocess on 127.0.0.1; always stopped (SIGKILL at the end)."""
    port = port or free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "copyhound",
            "serve",
            "--data",
            str(data_dir),
            "--port",
            str(port),
            *extra,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"server exited: {proc.stdout.read().decode()}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("server did not start in 60s")
            time.sleep(0.1)
        yield proc, base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()

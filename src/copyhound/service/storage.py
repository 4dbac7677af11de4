"""The service's own state: one SQLite file (``service.db``) and uploaded files under generated
names in ``DATA/files``, results in ``DATA/results``.

Every write is one short transaction in WAL mode with ``synchronous=FULL``: a job is
"accepted" only once its row and its files are on disk, so neither a kill nor a power cut
loses it. Several server processes may share one data folder (SQLite serialises their
writes); see docs/service.md for where that stops.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('teacher', 'admin')),
    password_hash TEXT,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash BLOB NOT NULL UNIQUE,
    created REAL NOT NULL,
    last_used REAL,
    revoked REAL
);
CREATE TABLE IF NOT EXISTS sessions (
    id_hash BLOB PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('check', 'batch')),
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    params TEXT NOT NULL,
    title TEXT NOT NULL,
    progress REAL NOT NULL DEFAULT 0,
    stage TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    attempts INTEGER NOT NULL DEFAULT 0,
    owner TEXT,
    lease_until REAL,
    error TEXT,
    summary TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_user ON jobs (user_id, created);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, created);
CREATE TABLE IF NOT EXISTS job_files (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('suspect', 'source', 'template', 'member')),
    position INTEGER NOT NULL,
    stored_name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    sha256 BLOB NOT NULL,
    PRIMARY KEY (job_id, role, position)
);
"""

ROLES = ("teacher", "admin")
SESSION_SECONDS = 8 * 3600
ORPHAN_SECONDS = 600


def digest(secret: str) -> bytes:
    """What is stored of a token or session id: its SHA-256 (a leaked table holds no secret)."""
    return hashlib.sha256(secret.encode("utf-8")).digest()


def new_token() -> str:
    return "ch_" + secrets.token_urlsafe(32)


def new_job_id() -> str:
    """Unguessable, and safe as a file name (url-safe base64 letters only)."""
    return secrets.token_urlsafe(12)


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True, slots=True)
class StoredFile:
    role: str
    position: int
    stored_name: str
    display_name: str
    bytes: int
    sha256: bytes


@dataclass(slots=True)
class Job:
    id: str
    user_id: int
    kind: str
    status: str
    params: dict[str, Any]
    title: str
    progress: float
    stage: str
    created: float
    started: float | None
    finished: float | None
    attempts: int
    error: str | None
    summary: dict[str, Any] | None

    _COLUMNS = (
        "id, user_id, kind, status, params, title, progress, stage, created, started, "
        "finished, attempts, error, summary"
    )

    @classmethod
    def of(cls, row: tuple) -> Job:
        values = list(row)
        values[4] = json.loads(values[4])
        values[13] = json.loads(values[13]) if values[13] else None
        return cls(*values)


class Store:
    """The service database and file area of one data folder.

    Connections are per thread (``sqlite3`` objects must not cross threads)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.files_dir = self.data_dir / "files"
        self.results_dir = self.data_dir / "results"
        for d in (self.data_dir, self.files_dir, self.results_dir):
            d.mkdir(parents=True, exist_ok=True)
        self.db_path = self.data_dir / "service.db"
        self._local = threading.local()
        self.conn().executescript(SCHEMA)  # idempotent: every statement is IF NOT EXISTS

    # -- connections ---------------------------------------------------------------------------

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 30000")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- users and tokens ----------------------------------------------------------------------

    def add_user(self, name: str, role: str, password_hash: str | None) -> User:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO users (name, role, password_hash, created) VALUES (?, ?, ?, ?)",
                (name, role, password_hash, time.time()),
            )
            return User(cur.lastrowid, name, role)

    def user(self, name: str) -> User | None:
        row = self.conn().execute("SELECT id, name, role FROM users WHERE name = ?", (name,))
        found = row.fetchone()
        return User(*found) if found else None

    def user_by_id(self, user_id: int) -> User | None:
        row = self.conn().execute("SELECT id, name, role FROM users WHERE id = ?", (user_id,))
        found = row.fetchone()
        return User(*found) if found else None

    def password_hash(self, name: str) -> tuple[User, str | None] | None:
        row = (
            self.conn()
            .execute("SELECT id, name, role, password_hash FROM users WHERE name = ?", (name,))
            .fetchone()
        )
        return (User(*row[:3]), row[3]) if row else None

    def set_password_hash(self, user: User, password_hash: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user.id)
            )
            conn.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,))

    def users(self) -> list[dict[str, Any]]:
        rows = self.conn().execute(
            "SELECT u.name, u.role, u.created, "
            "(SELECT COUNT(*) FROM tokens t WHERE t.user_id = u.id AND t.revoked IS NULL) "
            "FROM users u ORDER BY u.name"
        )
        return [{"name": n, "role": r, "created": c, "active_tokens": t} for n, r, c, t in rows]

    def user_count(self) -> int:
        return self.conn().execute("SELECT COUNT(*) FROM users").fetchone()[0]

    def remove_user(self, user: User) -> list[str]:
        """Delete the user with their tokens, sessions and checks; the stored names of the
        files their checks held (for the caller to delete once committed)."""
        with self.transaction() as conn:
            names = [
                n
                for (n,) in conn.execute(
                    "SELECT f.stored_name FROM job_files f JOIN jobs j ON j.id = f.job_id "
                    "WHERE j.user_id = ?",
                    (user.id,),
                )
            ]
            jobs = [i for (i,) in conn.execute("SELECT id FROM jobs WHERE user_id = ?", (user.id,))]
            conn.execute("DELETE FROM users WHERE id = ?", (user.id,))
        for name in names:
            (self.files_dir / name).unlink(missing_ok=True)
        for job_id in jobs:
            self.remove_results(job_id)
        return names

    def issue_token(self, user: User) -> tuple[int, str]:
        token = new_token()
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO tokens (user_id, token_hash, created) VALUES (?, ?, ?)",
                (user.id, digest(token), time.time()),
            )
        return cur.lastrowid, token

    def tokens(self, user: User) -> list[dict[str, Any]]:
        rows = self.conn().execute(
            "SELECT id, created, last_used, revoked FROM tokens WHERE user_id = ? ORDER BY id",
            (user.id,),
        )
        return [{"id": i, "created": c, "last_used": lu, "revoked": r} for i, c, lu, r in rows]

    def revoke_tokens(self, user: User, token_id: int | None = None) -> int:
        """Revoke one of the user's tokens, or all of them; how many were revoked."""
        sql = "UPDATE tokens SET revoked = ? WHERE user_id = ? AND revoked IS NULL"
        args: tuple = (time.time(), user.id)
        if token_id is not None:
            sql += " AND id = ?"
            args += (token_id,)
        with self.transaction() as conn:
            return conn.execute(sql, args).rowcount

    def user_for_token(self, token: str) -> User | None:
        row = (
            self.conn()
            .execute(
                "SELECT u.id, u.name, u.role, t.id, t.last_used FROM tokens t "
                "JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked IS NULL",
                (digest(token),),
            )
            .fetchone()
        )
        if not row:
            return None
        now = time.time()
        if row[4] is None or now - row[4] > 60:  # at most one write a minute per token
            with self.transaction() as conn:
                conn.execute("UPDATE tokens SET last_used = ? WHERE id = ?", (now, row[3]))
        return User(*row[:3])

    # -- sessions ------------------------------------------------------------------------------

    def new_session(self, user: User) -> tuple[str, str]:
        """A new session id (for the cookie) and its CSRF token (for the forms)."""
        session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = time.time()
        with self.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE expires < ?", (now,))
            conn.execute(
                "INSERT INTO sessions (id_hash, user_id, csrf, created, expires) "
                "VALUES (?, ?, ?, ?, ?)",
                (digest(session), user.id, csrf, now, now + SESSION_SECONDS),
            )
        return session, csrf

    def session(self, session: str) -> tuple[User, str] | None:
        row = (
            self.conn()
            .execute(
                "SELECT u.id, u.name, u.role, s.csrf FROM sessions s JOIN users u "
                "ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires > ?",
                (digest(session), time.time()),
            )
            .fetchone()
        )
        return (User(*row[:3]), row[3]) if row else None

    def end_session(self, session: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE id_hash = ?", (digest(session),))

    # -- files ---------------------------------------------------------------------------------

    def save_file(self, data: bytes) -> str:
        """Store bytes under a generated name (written whole and synced first); the name."""
        name = secrets.token_hex(16)
        tmp = self.files_dir / f".{name}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.files_dir / name)
        return name

    def read_file(self, stored_name: str) -> bytes:
        return (self.files_dir / stored_name).read_bytes()

    def stored_file_count(self) -> int:
        return sum(1 for p in self.files_dir.iterdir() if not p.name.startswith("."))

    def sweep_orphans(self) -> int:
        """Delete files no job refers to (a crash between saving and accepting leaves them);
        files younger than ``ORPHAN_SECONDS`` may belong to a job another process is accepting."""
        known = {n for (n,) in self.conn().execute("SELECT stored_name FROM job_files")}
        removed = 0
        cutoff = time.time() - ORPHAN_SECONDS
        for p in self.files_dir.iterdir():
            if p.name not in known and p.stat().st_mtime < cutoff:
                p.unlink(missing_ok=True)
                removed += 1
        return removed

    # -- jobs ----------------------------------------------------------------------------------

    def add_job(
        self,
        user: User,
        kind: str,
        params: dict[str, Any],
        title: str,
        files: list[tuple[str, str, bytes]],
    ) -> str:
        """Accept a job: save its files, then its rows in one transaction. ``files`` holds
        ``(role, display name, bytes)``. Nothing is left behind if it fails."""
        job_id = new_job_id()
        saved: list[str] = []
        try:
            rows = []
            counts: dict[str, int] = {}
            for role, display, data in files:
                stored = self.save_file(data)
                saved.append(stored)
                position = counts.get(role, 0)
                counts[role] = position + 1
                sha = hashlib.sha256(data).digest()
                rows.append((job_id, role, position, stored, display, len(data), sha))
            with self.transaction() as conn:
                conn.execute(
                    "INSERT INTO jobs (id, user_id, kind, status, params, title, created) "
                    "VALUES (?, ?, ?, 'queued', ?, ?, ?)",
                    (job_id, user.id, kind, json.dumps(params), title, time.time()),
                )
                conn.executemany("INSERT INTO job_files VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        except BaseException:
            for name in saved:
                (self.files_dir / name).unlink(missing_ok=True)
            raise
        return job_id

    def job(self, job_id: str) -> Job | None:
        row = (
            self.conn()
            .execute(f"SELECT {Job._COLUMNS} FROM jobs WHERE id = ?", (job_id,))
            .fetchone()
        )
        return Job.of(row) if row else None

    def jobs_of(self, user: User, limit: int = 100, offset: int = 0) -> list[Job]:
        rows = self.conn().execute(
            f"SELECT {Job._COLUMNS} FROM jobs WHERE user_id = ? "
            "ORDER BY created DESC LIMIT ? OFFSET ?",
            (user.id, limit, offset),
        )
        return [Job.of(r) for r in rows]

    def job_files(self, job_id: str) -> list[StoredFile]:
        rows = self.conn().execute(
            "SELECT role, position, stored_name, display_name, bytes, sha256 FROM job_files "
            "WHERE job_id = ? ORDER BY role, position",
            (job_id,),
        )
        return [StoredFile(*r) for r in rows]

    def remove_job(self, job_id: str) -> None:
        files = self.job_files(job_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        for f in files:
            (self.files_dir / f.stored_name).unlink(missing_ok=True)
        self.remove_results(job_id)

    def claim_job(self, owner: str, lease_seconds: float) -> Job | None:
        """Take the oldest queued job, or a running one whose worker stopped renewing its lease
        (a killed server), and mark it running for ``owner``."""
        now = time.time()
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT id FROM jobs WHERE status = 'queued' "
                "OR (status = 'running' AND lease_until < ?) ORDER BY created LIMIT 1",
                (now,),
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE jobs SET status = 'running', owner = ?, lease_until = ?, started = ?, "
                "attempts = attempts + 1, progress = 0, stage = 'starting' WHERE id = ?",
                (owner, now + lease_seconds, now, row[0]),
            )
        return self.job(row[0])

    def release_dead_owners(self, alive: Callable[[str], bool]) -> int:
        """Queue again the running jobs whose owner ``alive(owner)`` says is gone (this host's
        killed server processes), without waiting for their leases to run out."""
        rows = self.conn().execute("SELECT id, owner FROM jobs WHERE status = 'running'")
        dead = [job_id for job_id, owner in rows if not alive(owner or "")]
        if dead:
            with self.transaction() as conn:
                conn.executemany(
                    "UPDATE jobs SET status = 'queued', owner = NULL, lease_until = NULL "
                    "WHERE id = ? AND status = 'running'",
                    [(d,) for d in dead],
                )
        return len(dead)

    def update_progress(
        self, job_id: str, owner: str, progress: float, stage: str, lease_seconds: float
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE jobs SET progress = ?, stage = ?, lease_until = ? "
                "WHERE id = ? AND owner = ? AND status = 'running'",
                (progress, stage, time.time() + lease_seconds, job_id, owner),
            )

    def finish_job(
        self,
        job_id: str,
        owner: str,
        status: str,
        summary: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> bool:
        with self.transaction() as conn:
            cur = conn.execute(
                "UPDATE jobs SET status = ?, finished = ?, progress = ?, stage = ?, summary = ?, "
                "error = ?, lease_until = NULL WHERE id = ? AND owner = ? AND status = 'running'",
                (
                    status,
                    time.time(),
                    1.0 if status == "done" else 0.0,
                    status,
                    json.dumps(summary) if summary is not None else None,
                    error,
                    job_id,
                    owner,
                ),
            )
            return cur.rowcount == 1

    def queue_length(self) -> int:
        return (
            self.conn()
            .execute("SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'running')")
            .fetchone()[0]
        )

    # -- results -------------------------------------------------------------------------------

    def result_path(self, job_id: str, ext: str) -> Path:
        return self.results_dir / f"{job_id}.{ext}"

    def save_result(self, job_id: str, ext: str, content: str) -> None:
        target = self.result_path(job_id, ext)
        tmp = target.with_name(f".{target.name}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)

    def load_result(self, job_id: str, ext: str) -> str | None:
        try:
            return self.result_path(job_id, ext).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def remove_results(self, job_id: str) -> None:
        for ext in ("json", "html"):
            self.result_path(job_id, ext).unlink(missing_ok=True)

"""Limits on what a client may send and how the answers are wrapped: request body size (413),
request time (503), per-user rates (429) and the security headers on every response.

The middlewares are plain ASGI, so they see the body as it streams in: an oversized upload is
refused before it is read whole, not after.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

Scope = dict
Message = dict
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: No inline script or style on the service's own pages; the HTML report's one inline script
#: and style are allowed by hash (``report_csp``).
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
#: Where ``Timeout`` puts the request's deadline (``time.monotonic()``) in the ASGI scope.
DEADLINE = "copyhound.deadline"
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


async def _send_json(send: Send, status: int, message: str, headers=()) -> None:
    body = json.dumps({"detail": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413: at once when Content-Length says so,
    else as soon as the streamed body passes the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.max_bytes
        too_large = f"request body over the {limit:,}-byte upload limit"
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            try:
                if int(length) > limit:
                    return await _send_json(send, 413, too_large)
            except ValueError:
                return await _send_json(send, 400, "bad Content-Length header")
        seen = 0
        started = refused = False

        async def limited_receive() -> Message:
            """Past the limit: answer 413 at once and tell the app the client went away."""
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    refused = True
                    if not started:
                        await _send_json(send, 413, too_large)
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is the answer; whatever the app says after it is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, tracking_send)


class Timeout:
    """Answer 503 when a request takes longer than ``seconds`` (a slow upload included)."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app, self.seconds = app, seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False
        # Handlers running in threads cannot be cancelled: they read this and store nothing
        # once it has passed (the client has been told 503).
        scope[DEADLINE] = time.monotonic() + self.seconds

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await asyncio.wait_for(self.app(scope, receive, tracking_send), self.seconds)
        except TimeoutError:
            if not started:
                await _send_json(send, 503, f"request took over {self.seconds:g} seconds")


class SecurityHeaders:
    """Add the security headers, and the default CSP unless the response set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class RateLimiter:
    """A token bucket per key: ``per_minute`` requests a minute, up to that many at once.

    Given ``path``, the buckets live in that SQLite file (WAL, one short ``BEGIN IMMEDIATE``
    transaction per request), so every process of a service started with ``--processes N``
    draws on one budget; held in each process's memory, N processes allowed N times the
    rate. ``name`` keeps limiters sharing a file apart (jobs, sign-ins). Should the file be
    unusable (locked past the busy timeout, a full disk), the limiter counts in this
    process's memory instead: never less strict than per process.
    """

    #: A shared limiter deletes the buckets that have filled up again (a missing bucket is a
    #: full one) once every this many requests.
    PRUNE_EVERY = 256

    def __init__(self, per_minute: float, path: Path | None = None, name: str = "requests") -> None:
        self.rate = per_minute / 60.0
        self.burst = max(1.0, per_minute)
        self.path, self.name = path, name
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()
        self._local = threading.local()
        self._taken = 0
        if path is not None:
            self._conn()  # create the file and its table now, not on the first request

    def _refill(self, tokens: float, last: float, now: float) -> float:
        return min(self.burst, tokens + max(0.0, now - last) * self.rate)

    def _wait(self, tokens: float) -> float:
        return (1 - tokens) / self.rate if self.rate else 60.0

    def take(self, key: str) -> float:
        """0 when allowed (and counted), else the seconds to wait before trying again."""
        if self.path is not None:
            try:
                return self._take_shared(key)
            except sqlite3.Error:
                pass  # counted in this process below, as without a file
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = self._refill(tokens, last, now)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return self._wait(tokens)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA journal_mode = WAL")
            # A bucket lost in a power cut is a few requests more; no fsync per request.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS buckets (name TEXT NOT NULL, key TEXT NOT NULL, "
                "tokens REAL NOT NULL, updated REAL NOT NULL, PRIMARY KEY (name, key)) "
                "WITHOUT ROWID"
            )
            self._local.conn = conn
        return conn

    def _take_shared(self, key: str) -> float:
        conn = self._conn()
        now = time.time()  # shared by processes: wall-clock time, not each one's monotonic
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute(
                "SELECT tokens, updated FROM buckets WHERE name = ? AND key = ?",
                (self.name, key),
            ).fetchone()
            tokens = self._refill(*row, now) if row else self.burst
            allowed = tokens >= 1
            conn.execute(
                "INSERT OR REPLACE INTO buckets VALUES (?, ?, ?, ?)",
                (self.name, key, tokens - 1 if allowed else tokens, now),
            )
            with self._lock:
                self._taken += 1
                prune = self._taken % self.PRUNE_EVERY == 0
            if prune and self.rate:
                conn.execute(
                    "DELETE FROM buckets WHERE name = ? AND updated < ?",
                    (self.name, now - self.burst / self.rate),
                )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    self._local.conn = None  # a fresh connection next time
            raise
        return 0.0 if allowed else self._wait(tokens)

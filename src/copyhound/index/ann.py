"""The semantic route's approximate index: a usearch HNSW file next to the collection.

Exact search reads every stored window per query (linear: about 2 s per suspect at 100,000
documents); an HNSW graph answers in milliseconds. ``DB.vectors.usearch`` holds every stored
window (int8, cosine), keyed by ``doc_id << WINDOW_BITS | window``, and is searched
memory-mapped (``Index.restore(path, view=True)``): a one-shot CLI process reads only the
pages a query visits.

The file is a cache of ``passage_vectors``, never the truth:

- ``index embed`` bumps ``meta.vectors_version`` in every transaction that writes the table,
  and once its batches are committed rebuilds the file (or extends it, when it matched the
  table before the run) into a temporary file, renamed into place while holding the
  collection's write lock, in the transaction that records ``meta.ann_state`` (the version
  it holds and its size). A kill leaves the old file or the new one; one that does not
  match the recorded state (missing, stale, another size) is not used.
- ``open_index`` returns None whenever the file cannot be trusted or usearch is not
  installed: the search then falls back to the exact one (correct, slower).
- Removed documents stay in the file until the next embed; their hits are dropped by
  looking the ids up in ``documents``. Their windows are removed from the graph by the
  next embed, which rebuilds it whole once they exceed ``MAX_DEAD_SHARE`` of it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: The collection's table of passage vectors (``copyhound.index.vectors`` fills it); named
#: here, the lower module, so the two need not import each other.
TABLE = "passage_vectors"

#: Windows per document the keys have room for (a document of 1.6 billion words).
WINDOW_BITS = 24
#: int8: alone it finds 5 to 10 points fewer of the true 10 nearest windows than float16,
#: but the documents it proposes are rescored exactly (``RESCORE_PER_RESULT``), and then the
#: route's 10 documents were the exact search's for both (benchmarks/ann.py --wired, 40
#: suspects, 215,000 windows: recall@10 1.000 int8, 0.997 float16) at 405 bytes a window
#: against 661, and a faster build (255 against 362 us a window).
DTYPE = "i8"
CONNECTIVITY = 16
EXPANSION_ADD = 128
#: Windows fetched per suspect window (at least; more with a longer exclusion list).
MIN_NEIGHBOURS = 32
MAX_NEIGHBOURS = 256
#: Documents, ranked by the file's float16 cosines, scored exactly per ``limit`` asked: the
#: margin absorbs the rounding (about 0.001) between the file's vectors and the table's.
RESCORE_PER_RESULT = 3
#: Removed windows past this share of the graph: rebuilt whole rather than extended.
MAX_DEAD_SHARE = 0.2

VERSION_KEY = "vectors_version"
STATE_KEY = "ann_state"


def ann_path(db: str | os.PathLike[str]) -> Path:
    return Path(f"{os.fspath(db)}.vectors.usearch")


def db_path(conn: sqlite3.Connection) -> str | None:
    """The file of ``conn``'s main database (None in memory)."""
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return file or None
    return None


def usearch_index():
    """usearch's ``Index`` class, or None when the library is not installed."""
    try:
        from usearch.index import Index
    except ImportError:
        return None
    return Index


def keys_of(doc_id: int, windows: int) -> np.ndarray:
    return (np.uint64(doc_id) << np.uint64(WINDOW_BITS)) + np.arange(windows, dtype=np.uint64)


def docs_of(keys: np.ndarray) -> np.ndarray:
    return (keys.astype(np.uint64) >> np.uint64(WINDOW_BITS)).astype(np.int64)


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def vectors_version(conn: sqlite3.Connection) -> int:
    return int(_meta(conn, VERSION_KEY) or 0)


def bump_version(conn: sqlite3.Connection) -> None:
    """Mark ``passage_vectors`` changed (inside the transaction that changes it)."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
        (VERSION_KEY,),
    )


@dataclass(frozen=True, slots=True)
class AnnState:
    """What the file holds: the table's version, its size in bytes, windows added and
    windows removed since it was built whole."""

    version: int
    bytes: int
    windows: int
    dead: int = 0


def read_state(conn: sqlite3.Connection) -> AnnState | None:
    raw = _meta(conn, STATE_KEY)
    if not raw:
        return None
    try:
        return AnnState(**json.loads(raw))
    except (TypeError, ValueError):
        return None


def is_current(conn: sqlite3.Connection, path: Path, version: int | None = None) -> bool:
    """The file matches the recorded state, and the state the table (or ``version``)."""
    state = read_state(conn)
    if state is None:
        return False
    want = vectors_version(conn) if version is None else version
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return state.version == want and state.bytes == size


def open_index(conn: sqlite3.Connection):
    """The collection's ANN file memory-mapped, or None (no usearch, no file, stale)."""
    index_cls = usearch_index()
    db = db_path(conn)
    if index_cls is None or db is None:
        return None
    path = ann_path(db)
    if not is_current(conn, path):
        return None
    # Mapping a file costs about 80 ns a window (usearch walks its nodes): a process
    # checking many suspects maps it once, again only when another file is renamed in.
    st = path.stat()
    key = (st.st_ino, st.st_mtime_ns, st.st_size)
    kept = _MAPPED.get(str(path))
    if kept is not None and kept[0] == key:
        return kept[1]
    try:
        index = index_cls.restore(str(path), view=True)
    except Exception:  # a damaged file is a cache miss, not an error
        return None
    if index is not None:
        _MAPPED[str(path)] = (key, index)
    return index


_MAPPED: dict[str, tuple[tuple[int, int, int], object]] = {}


def neighbours(index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The documents owning the ``k`` windows closest to each row of ``query`` (one thread)
    and each one's best cosine there, best first."""
    k = max(1, min(k, len(index)))
    found = index.search(np.ascontiguousarray(query, dtype=np.float32), k, threads=1)
    if hasattr(found, "counts"):
        keys = np.asarray(found.keys).reshape(len(query), -1)
        dist = np.asarray(found.distances).reshape(len(query), -1)
        valid = np.arange(keys.shape[1])[None, :] < np.asarray(found.counts)[:, None]
        keys, dist = keys[valid], dist[valid]
    else:  # one query row: its keys, trimmed to those found
        keys, dist = np.asarray(found.keys), np.asarray(found.distances)
    order = np.argsort(dist, kind="stable")
    docs, first = np.unique(docs_of(keys[order]), return_index=True)
    best = np.argsort(first, kind="stable")
    return docs[best], 1.0 - dist[order][first[best]]


@dataclass(slots=True)
class AnnSummary:
    """What ``update`` did: ``built`` (whole), ``added``/``removed`` windows, or
    ``skipped`` with the reason."""

    built: bool = False
    added: int = 0
    removed: int = 0
    windows: int = 0
    bytes: int = 0
    skipped: str = ""


def _new_index(index_cls, ndim: int):
    return index_cls(
        ndim=ndim,
        metric="cos",
        dtype=DTYPE,
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
    )


def _rows(conn: sqlite3.Connection, ids: list[int] | None):
    """(doc_id, float32 vectors) of live stored documents, all or ``ids``."""
    base = (
        f"SELECT v.doc_id, v.windows, v.scales, v.vectors FROM {TABLE} v "
        "JOIN documents d ON d.id = v.doc_id"
    )
    if ids is None:
        cursor = conn.execute(base + " ORDER BY v.doc_id")
    else:
        cursor = (
            row
            for at in range(0, len(ids), 500)
            for row in conn.execute(
                base + f" WHERE v.doc_id IN ({','.join('?' * len(ids[at : at + 500]))})",
                ids[at : at + 500],
            )
        )
    for doc_id, windows, scales, vectors in cursor:
        if windows:
            q = np.frombuffer(vectors, dtype=np.int8).reshape(windows, -1)
            yield doc_id, q.astype(np.float32) * np.frombuffer(scales, dtype=np.float32)[:, None]


def _add(index, rows, batch: int = 8192) -> int:
    keys, vecs, n, total = [], [], 0, 0
    for doc_id, v in rows:
        keys.append(keys_of(doc_id, len(v)))
        vecs.append(v)
        n += len(v)
        if n >= batch:
            index.add(np.concatenate(keys), np.concatenate(vecs), threads=1)
            total, keys, vecs, n = total + n, [], [], 0
    if keys:
        index.add(np.concatenate(keys), np.concatenate(vecs), threads=1)
        total += n
    return total


def update(
    collection,
    before: int,
    added: list[int],
    removed: list[tuple[int, int]],
) -> AnnSummary:
    """Bring the file up to date with ``passage_vectors`` after an embed run that started at
    version ``before``, then embedded ``added`` documents and dropped ``removed`` ones
    (``(doc_id, windows)``). Extends the file when it matched ``before``; else rebuilds."""
    summary = AnnSummary()
    index_cls = usearch_index()
    if index_cls is None:
        summary.skipped = "usearch is not installed"
        return summary
    conn = collection.conn
    path = ann_path(collection.path)
    version = vectors_version(conn)
    state = read_state(conn)
    if version == before and is_current(conn, path, version):
        summary.skipped = "up to date"
        return summary
    dead = (state.dead if state else 0) + sum(w for _, w in removed)
    index = None
    extend = state is not None and dead <= MAX_DEAD_SHARE * max(state.windows, 1)
    if extend and is_current(conn, path, before):
        with contextlib.suppress(Exception):  # a damaged file is rebuilt
            index = index_cls.restore(str(path))
    if index is not None:
        try:
            for doc_id, windows in removed:
                summary.removed += int(np.sum(index.remove(keys_of(doc_id, windows))))
            summary.added = _add(index, _rows(conn, added))
            windows = state.windows + summary.added
        except Exception:  # a key already there (a file out of step): built whole instead
            index, summary.removed, summary.added = None, 0, 0
    if index is None:
        rows = _rows(conn, None)
        first = next(rows, None)
        if first is None:
            _record(collection, path, None, version, AnnState(version, 0, 0))
            summary.skipped = "no passage vectors"
            return summary
        index = _new_index(index_cls, first[1].shape[1])
        summary.added = _add(index, _chain(first, rows))
        summary.built, windows, dead = True, summary.added, 0
    summary.windows = len(index)
    summary.bytes = _record(collection, path, index, version, AnnState(version, 0, windows, dead))
    return summary


def _chain(first, rest):
    yield first
    yield from rest


def _record(collection, path: Path, index, version: int, state: AnnState) -> int:
    """Write ``index`` beside ``path`` and rename it into place, in the transaction that
    records its state: a kill leaves the old file or the new one, and a file the state does
    not describe is not used. Returns the file's size."""
    size = 0
    tmp = None
    if index is not None:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(name)
        index.save(name)
        size = tmp.stat().st_size
        # Readable by whoever can read the collection (mkstemp makes it private).
        os.chmod(tmp, Path(collection.path).stat().st_mode & 0o666)
    try:
        with collection.writing():
            if vectors_version(collection.conn) != version:  # another embed got in first
                return size
            if tmp is not None:
                os.replace(tmp, path)
            else:
                path.unlink(missing_ok=True)
            raw = json.dumps(
                {"version": version, "bytes": size, "windows": state.windows, "dead": state.dead}
            )
            collection.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (STATE_KEY, raw)
            )
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return size

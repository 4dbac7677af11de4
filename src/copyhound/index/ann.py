"""The semantic route's approximate index: a usearch HNSW file next to the collection.

Exact search reads every stored window per query (linear: about 2 s per suspect at 100,000
documents); an HNSW graph answers in milliseconds. ``DB.vectors.usearch`` holds every stored
window (int8, cosine), keyed by ``doc_id << WINDOW_BITS | window``, and is searched
memory-mapped (``Index.restore(path, view=True)``): a one-shot CLI process reads only the
pages a query visits.

One copy of the vectors (issue 16's disk budget: the file's copy and the table's would be
113% of the text next to the lexical index's 49%): ``index embed`` commits each batch's int8
vectors in ``passage_vectors`` (crash-safe, resumable), and once its batches are done adds
them to the file; the file then *is* their copy, and the transaction that records it
(``meta.ann_state``: its size, windows, removed windows) empties their blobs in the table
(*flushed* rows: windows, spans and scales stay). The file is given the table's own int8
values (usearch stores int8 input as it is), so nothing is lost between the two.

- Written to a temporary file in the same folder, renamed into place while holding the
  collection's write lock, inside that transaction. Every file ever renamed into place holds
  every flushed row's vectors (each replaces one that did, by a superset but for removed
  documents), so a kill at any point leaves a file that does: before the rename, the old
  one and the rows still in the table; after it, a new one holding rows also still in the
  table (duplicates, which the next embed resolves by building the file whole).
- ``open_index`` uses the file only when its size is the recorded one (a copy from elsewhere
  or a damaged file is not searched); it returns None too when usearch is not installed.
  Rows still in the table (an embed that was stopped, or run without usearch) are searched
  exactly beside the file.
- A file lost (deleted, damaged) loses the flushed rows' vectors: the next ``index embed``
  embeds those documents again (``lost_rows``) and builds the file whole.
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
#: Vectors not yet moved into the file, one row per document (deleted when moved, so their
#: pages are freed whole and go back to the disk). Collections embedded before it keep such
#: vectors in ``TABLE.vectors`` (empty once moved).
STAGED = "passage_staged"

#: Windows per document the keys have room for (a document of 1.6 billion words).
WINDOW_BITS = 24
#: int8: the table's own values (each vector scaled to its largest component, ``vectors.
#: quantise``), given to usearch as int8 so that it stores them unchanged. Float input
#: would be normalised and scaled by 127 instead: a coarser grid (benchmarks/ann.py found
#: such files 5 to 10 points short of float16 in window recall); the documents proposed
#: are rescored exactly anyway (``RESCORE_PER_RESULT``).
DTYPE = "i8"
CONNECTIVITY = 16
EXPANSION_ADD = 128
#: Windows fetched per suspect window (at least; more with a longer exclusion list).
MIN_NEIGHBOURS = 32
MAX_NEIGHBOURS = 256
#: Documents, ranked by the graph's nearest windows, scored exactly per ``limit`` asked: the
#: margin absorbs windows the approximate search misses.
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


def matches_state(conn: sqlite3.Connection, path: Path) -> bool:
    """The file is the one recorded (its size): searched, and its vectors trusted."""
    state = read_state(conn)
    try:
        return state is not None and state.bytes > 0 and path.stat().st_size == state.bytes
    except OSError:
        return False


def open_index(conn: sqlite3.Connection):
    """The collection's ANN file memory-mapped, or None (no usearch, no file, not the one
    recorded)."""
    index_cls = usearch_index()
    db = db_path(conn)
    if index_cls is None or db is None:
        return None
    path = ann_path(db)
    if not matches_state(conn, path):
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


def neighbours(index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The documents owning the ``k`` windows closest to each row of ``query`` (one thread),
    best first by their best ``cosine - hub`` there, that score, and ``hub``: each row's
    mean cosine with its ``HUB_NEIGHBOURS`` nearest windows (``vectors.search``)."""
    k = max(1, min(max(k, HUB_NEIGHBOURS), len(index)))
    found = index.search(as_int8(query), k, threads=1)
    if hasattr(found, "counts"):
        keys = np.asarray(found.keys).reshape(len(query), -1)
        dist = np.asarray(found.distances).reshape(len(query), -1)
        counts = np.asarray(found.counts)
    else:  # one query row: its keys, trimmed to those found
        keys = np.asarray(found.keys).reshape(1, -1)
        dist = np.asarray(found.distances).reshape(1, -1)
        counts = np.array([keys.shape[1]])
    valid = np.arange(keys.shape[1])[None, :] < counts[:, None]
    cos = np.where(valid, 1.0 - dist, np.nan)
    hub = hub_of(cos)
    keys, score = keys[valid], (cos - hub[:, None])[valid]
    order = np.argsort(-score, kind="stable")
    docs, first = np.unique(docs_of(keys[order]), return_index=True)
    best = np.argsort(first, kind="stable")
    return docs[best], score[order][first[best]], hub


#: Nearest windows whose mean cosine is a suspect window's *hub* score (``hub_of``).
HUB_NEIGHBOURS = 10


def hub_of(cos: np.ndarray) -> np.ndarray:
    """Each row's mean of its ``HUB_NEIGHBOURS`` highest cosines (NaN: none), 0 without any.

    The semantic route ranks documents by a window's cosine *less* this, as cross-domain
    similarity local scaling (CSLS, Conneau et al. 2018) does: a suspect window on a topic
    the collection holds many windows of (pan13's generated distractors are walks on their
    sources' word pairs) is close to all of them, and its raw cosines outrank a window whose
    one near neighbour stands out."""
    top = -np.sort(-np.nan_to_num(cos, nan=-np.inf), axis=1)[:, :HUB_NEIGHBOURS]
    found = np.isfinite(top)
    n = found.sum(axis=1)
    total = np.where(found, top, 0.0).sum(axis=1)
    return np.where(n > 0, total / np.maximum(n, 1), 0.0).astype(np.float32)


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


def as_int8(vectors: np.ndarray) -> np.ndarray:
    """Float vectors on the stored grid (each scaled to its largest component): usearch
    would otherwise put them on its own, coarser one."""
    if vectors.dtype == np.int8:
        return np.ascontiguousarray(vectors)
    scales = np.maximum(np.abs(vectors).max(axis=1, keepdims=True), 1e-12) / 127.0
    return np.rint(vectors / scales).clip(-127, 127).astype(np.int8)


def _new_index(index_cls, ndim: int):
    return index_cls(
        ndim=ndim,
        metric="cos",
        dtype=DTYPE,
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
    )


def file_vectors(index, doc_id: int, windows: int) -> np.ndarray | None:
    """A document's int8 window vectors as the file holds them (None: not all there)."""
    if index is None or windows == 0:
        return None
    found = index.get(keys_of(doc_id, windows), dtype=np.int8)
    if isinstance(found, tuple | list):
        if any(v is None for v in found):
            return None
        found = np.stack(found)
    return np.asarray(found).reshape(windows, -1)


def _has_staged(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (STAGED,)
    ).fetchone()
    return row is not None


def vector_columns(conn: sqlite3.Connection) -> tuple[str, str]:
    """(column, join) reading each row's staged vectors (empty or NULL: moved into the
    file), for a query on ``TABLE v``."""
    if _has_staged(conn):
        return "COALESCE(s.vectors, v.vectors)", f" LEFT JOIN {STAGED} s ON s.doc_id = v.doc_id"
    return "v.vectors", ""


def staged_ids(conn: sqlite3.Connection) -> list[int]:
    """Live documents whose vectors are still in the collection (not yet in the file)."""
    ids = set()
    if _has_staged(conn):
        ids.update(
            i
            for (i,) in conn.execute(
                f"SELECT s.doc_id FROM {STAGED} s JOIN documents d ON d.id = s.doc_id"
            )
        )
    ids.update(
        i
        for (i,) in conn.execute(
            f"SELECT v.doc_id FROM {TABLE} v JOIN documents d ON d.id = v.doc_id "
            "WHERE v.windows > 0 AND LENGTH(v.vectors) > 0"
        )
    )
    return sorted(ids)


def flushed(conn: sqlite3.Connection, live: bool = False) -> list[tuple[int, int]]:
    """``(doc_id, windows)`` of the rows whose vectors only the file holds (``live``: of
    documents still in the collection)."""
    _, join = vector_columns(conn)
    where = " AND s.doc_id IS NULL" if join else ""
    docs = " JOIN documents d ON d.id = v.doc_id" if live else ""
    return conn.execute(
        f"SELECT v.doc_id, v.windows FROM {TABLE} v{docs}{join} "
        f"WHERE v.windows > 0 AND LENGTH(v.vectors) = 0{where} ORDER BY v.doc_id"
    ).fetchall()


def _any_file(path: Path):
    """Whatever usearch file is at ``path``, in memory (None: none, damaged, no usearch).
    Every file renamed into place holds every flushed row, recorded or not (a kill between
    the rename and the commit)."""
    index_cls = usearch_index()
    if index_cls is None or not path.exists():
        return None
    try:
        return index_cls.restore(str(path))
    except Exception:
        return None


def lost_rows(conn: sqlite3.Connection, path: Path) -> list[int]:
    """Flushed rows whose vectors no file holds any more (deleted, damaged): to embed again."""
    rows = flushed(conn)
    if not rows:
        return []
    index = _any_file(path)
    if index is None:
        return [doc_id for doc_id, _ in rows]
    keys = np.concatenate([keys_of(d, w) for d, w in rows])
    held = np.asarray(index.contains(keys), dtype=bool)
    lost, at = [], 0
    for doc_id, windows in rows:
        if not held[at : at + windows].all():
            lost.append(doc_id)
        at += windows
    return lost


def _rows(conn: sqlite3.Connection, ids: list[int] | None, source=None):
    """(doc_id, int8 vectors) of live stored documents, all or ``ids``: from the table, or
    for flushed rows from ``source`` (the file before this update)."""
    column, join = vector_columns(conn)
    base = (
        f"SELECT v.doc_id, v.windows, {column} FROM {TABLE} v "
        f"JOIN documents d ON d.id = v.doc_id{join}"
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
    for doc_id, windows, vectors in cursor:
        if not windows:
            continue
        if vectors:
            yield doc_id, np.frombuffer(vectors, dtype=np.int8).reshape(windows, -1)
        else:
            held = file_vectors(source, doc_id, windows)
            if held is not None:
                yield doc_id, held


def _add(index, rows, batch: int = 8192) -> tuple[int, list[int]]:
    """Windows added and the documents they belong to."""
    keys, vecs, n, total, docs = [], [], 0, 0, []
    for doc_id, v in rows:
        keys.append(keys_of(doc_id, len(v)))
        vecs.append(v)
        docs.append(doc_id)
        n += len(v)
        if n >= batch:
            index.add(np.concatenate(keys), np.concatenate(vecs), threads=1)
            total, keys, vecs, n = total + n, [], [], 0
    if keys:
        index.add(np.concatenate(keys), np.concatenate(vecs), threads=1)
        total += n
    return total, docs


def update(
    collection,
    before: int,
    added: list[int],
    removed: list[tuple[int, int]],
) -> AnnSummary:
    """Move the vectors still in ``passage_vectors`` into the file, after an embed run that
    started at version ``before`` and dropped the ``removed`` documents (``(doc_id,
    windows)``). Extends the recorded file; builds it whole when there is none, removed
    windows exceed ``MAX_DEAD_SHARE`` of it, or it already holds some of them (a kill between
    the rename and the commit). ``added`` (the run's documents) is kept for the callers:
    every staged row is moved, whichever run embedded it."""
    summary = AnnSummary()
    index_cls = usearch_index()
    if index_cls is None:
        summary.skipped = "usearch is not installed"
        return summary
    conn = collection.conn
    path = ann_path(collection.path)
    version = vectors_version(conn)
    state = read_state(conn)
    staged = staged_ids(conn)
    current = matches_state(conn, path)
    if current and not staged and not removed:
        summary.skipped = "up to date"
        return summary
    dead = (state.dead if state else 0) + sum(w for _, w in removed)
    index = None
    if current and state is not None and dead <= MAX_DEAD_SHARE * max(state.windows, 1):
        with contextlib.suppress(Exception):  # a damaged file is built whole
            index = index_cls.restore(str(path))
    moved: list[int] = []
    if index is not None:
        try:
            for doc_id, windows in removed:
                summary.removed += int(np.sum(index.remove(keys_of(doc_id, windows))))
            summary.added, moved = _add(index, _rows(conn, staged))
            windows = state.windows + summary.added
        except Exception:  # a key already there (a file out of step): built whole instead
            index, summary.removed, summary.added = None, 0, 0
    if index is None:
        rows = _rows(conn, None, _any_file(path))
        first = next(rows, None)
        if first is None:
            _record(collection, path, None, version, AnnState(version, 0, 0), [])
            summary.skipped = "no passage vectors"
            return summary
        index = _new_index(index_cls, first[1].shape[1])
        summary.added, _ = _add(index, _chain(first, rows))
        moved = staged
        summary.built, windows, dead = True, summary.added, 0
    summary.windows = len(index)
    summary.bytes = _record(
        collection, path, index, version, AnnState(version, 0, windows, dead), moved
    )
    return summary


def _chain(first, rest):
    yield first
    yield from rest


def _record(collection, path: Path, index, version: int, state: AnnState, moved: list[int]) -> int:
    """Write ``index`` beside ``path`` and rename it into place, in the transaction that
    records its state and empties the ``moved`` rows' blobs (their vectors are now the
    file's): a kill leaves the old file or the new one, each holding every flushed row.
    Returns the file's size."""
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
            staged = _has_staged(collection.conn)
            for at in range(0, len(moved), 500):
                part = moved[at : at + 500]
                marks = ",".join("?" * len(part))
                if staged:
                    collection.conn.execute(f"DELETE FROM {STAGED} WHERE doc_id IN ({marks})", part)
                collection.conn.execute(
                    f"UPDATE {TABLE} SET vectors = x'' "
                    f"WHERE doc_id IN ({marks}) AND LENGTH(vectors) > 0",
                    part,
                )
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    if moved:
        collection.vacuum()  # the staged rows' pages back to the disk
    return size

"""The collection file: documents, their compressed text, and fingerprint segments in SQLite.

Layout (documented for other engines in docs/index.md):

- ``documents``: one row per document, its name, content hash, format, sizes, and its text
  compressed (``codec`` says how). A query never needs the original files.
- ``segments``: the inverted index, in immutable segments. Each holds two equal-length blobs,
  ``hashes`` (sorted little-endian uint32 fingerprints) and ``doc_ids`` (uint32 document ids),
  i.e. the postings of the documents added in one transaction. Adding documents writes one new
  segment and never rewrites the others; small segments are merged in tiers (like an LSM tree),
  and merging drops postings of removed documents.
- ``names``: the other names of a stored document: files added with exactly its content (two
  students handing in one essay are two submissions, stored once, listed under both names).
- ``meta``: schema version and fingerprint settings; ``dictionaries``: zstd dictionaries.

A collection is created in a temporary file and linked into place once its schema is
committed, so a kill during creation leaves no half-made collection, and two adds racing to
create one both end up writing into the same file.

The database runs in WAL mode: readers see the last committed state while one writer adds, and
a writer killed at any moment leaves every committed batch intact.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from copyhound.errors import CopyhoundError, InputError
from copyhound.index.codec import (
    POSTING_COLUMNS,
    Codec,
    decode_column,
    decode_postings,
    encode_postings,
    pack_dictionary,
    train_dictionary,
    unpack_dictionary,
)
from copyhound.model import Document
from copyhound.normalise.tokens import tokenize
from copyhound.read.documents import DEFAULT_MAX_BYTES, read_bytes
from copyhound.read.limits import ReadLimits, configured
from copyhound.seed.fingerprint import FingerprintSettings, indexed_fingerprints

FORMAT_NAME = "copyhound-index"
SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dictionaries (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    path TEXT,
    sha256 BLOB NOT NULL,
    format TEXT NOT NULL,
    encoding TEXT,
    bytes INTEGER NOT NULL,
    chars INTEGER NOT NULL,
    words INTEGER NOT NULL,
    fingerprints INTEGER NOT NULL,
    added REAL NOT NULL,
    codec TEXT NOT NULL,
    text BLOB NOT NULL,
    match_text BLOB,
    metadata TEXT
);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents (sha256);
CREATE TABLE IF NOT EXISTS names (
    name TEXT PRIMARY KEY,
    doc_id INTEGER NOT NULL,
    path TEXT,
    added REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS names_doc ON names (doc_id);
CREATE TABLE IF NOT EXISTS segments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    docs INTEGER NOT NULL,
    postings INTEGER NOT NULL,
    codec TEXT NOT NULL,
    hashes BLOB NOT NULL,
    doc_ids BLOB NOT NULL,
    positions BLOB NOT NULL
);
"""

#: Documents per add transaction (one segment each), unless the writer is told otherwise.
BATCH_DOCS = 500
#: ...or fewer, when a batch has been open this many seconds.
BATCH_SECONDS = 5.0
#: Segments whose sizes fall in one tier (a factor of 4) are merged once there are this many.
MERGE_FANOUT = 8


@dataclass(slots=True)
class PreparedEntry:
    """A document ready to store: text, fingerprints, and what the listing shows."""

    name: str
    path: str | None
    sha256: bytes
    document: Document
    words: int
    hashes: np.ndarray  # sorted distinct uint32 fingerprints
    positions: np.ndarray  # uint16: token index // POSITION_STEP of each
    size: int
    #: ``(codec, text blob, match_text blob or None)`` when a worker compressed the text.
    compressed: tuple[str, bytes, bytes | None] | None = None


@dataclass(slots=True)
class DocInfo:
    id: int
    name: str
    path: str | None
    sha256: bytes
    format: str
    bytes: int
    chars: int
    words: int
    fingerprints: int
    added: float
    #: The document this name shares its text with, when the name is one of its other names.
    same_as: str | None = None


@dataclass(slots=True)
class AddSummary:
    added: list[str] = field(default_factory=list)
    #: ``(name, stored name)``: files whose text is already stored under another name.
    same_text: list[tuple[str, str]] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one-line error messages
    bytes: int = 0
    seconds: float = 0.0


def prepare_document(
    doc: Document, sha256: str, size: int, settings: FingerprintSettings
) -> PreparedEntry:
    tokens = tokenize(doc.match_text)
    hashes, positions = indexed_fingerprints(tokens, settings)
    return PreparedEntry(
        name=doc.name,
        path=doc.path,
        sha256=sha256,
        document=doc,
        words=len(tokens),
        hashes=hashes,
        positions=positions,
        size=size,
    )


def compress_texts(codec: Codec, doc: Document) -> tuple[str, bytes, bytes | None]:
    """``(codec name, text blob, match_text blob)``; the match text only where it differs."""
    name, text = codec.compress(doc.text.encode("utf-8"))
    if doc.match_text == doc.text:
        return name, text, None
    match_name, match_blob = codec.compress(doc.match_text.encode("utf-8"))
    assert match_name == name
    return name, text, match_blob


#: The collection's text codec in a worker process (set by ``_start_worker``), so workers
#: compress in parallel: one writer process compressing alone was half the time of an add.
_WORKER_CODEC: Codec | None = None
#: Until the collection has a dictionary, the file a worker looks for it in (a read-only
#: SQLite URI; the writer trains it on the first batch while the workers go on), and when it
#: looks next.
_WORKER_DB: str | None = None
_WORKER_NEXT_LOOK = 0.0
#: Seconds between two looks.
_LOOK_EVERY = 0.05


def _start_worker(dictionaries: dict[int, bytes], db: str | None = None) -> None:
    global _WORKER_CODEC, _WORKER_DB
    _WORKER_CODEC = Codec(dictionaries) if dictionaries else None
    _WORKER_DB = None if dictionaries else db


def _worker_codec() -> Codec | None:
    """The worker's codec: once the writer has stored the dictionary, read from the file."""
    global _WORKER_CODEC, _WORKER_DB, _WORKER_NEXT_LOOK
    if _WORKER_CODEC is None and _WORKER_DB is not None and time.monotonic() >= _WORKER_NEXT_LOOK:
        _WORKER_NEXT_LOOK = time.monotonic() + _LOOK_EVERY
        try:
            conn = sqlite3.connect(_WORKER_DB, uri=True, timeout=1)
            try:
                dictionaries = _read_dictionaries(conn)
            finally:
                conn.close()
        except sqlite3.Error:
            return None  # the writer compresses what the workers could not
        if dictionaries:
            _WORKER_CODEC = Codec(dictionaries)
            _WORKER_DB = None
    return _WORKER_CODEC


def _read_dictionaries(conn: sqlite3.Connection) -> dict[int, bytes]:
    """The text dictionaries a collection file stores, by id, unpacked."""
    rows = conn.execute("SELECT id, data FROM dictionaries")
    return {dict_id: unpack_dictionary(blob) for dict_id, blob in rows}


#: What a worker is given for one file: name, path, bytes, content key, settings, limits.
FileJob = tuple[str, str, bytes, bytes, FingerprintSettings, ReadLimits]


def _prepare_file(job: FileJob) -> PreparedEntry | str:
    """Worker: read, fingerprint (and compress) one file's bytes; an error comes back as its
    message."""
    name, path, data, sha, settings, limits = job
    try:
        doc = read_bytes(data, name, limits=limits)
        doc.path = path
        if not doc.text.strip():
            return f"{name}: holds no text (empty document)"
        entry = prepare_document(doc, sha, len(data), settings)
    except CopyhoundError as exc:
        return str(exc)
    except Exception as exc:  # a reader's bug skips this file, never the whole add
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return f"{name}: could not be read (internal error in the reader: {detail})"
    codec = _worker_codec()
    if codec is not None:
        entry.compressed = compress_texts(codec, doc)
    return entry


def _worker_died(job: FileJob) -> str:
    """The skip message of a file whose reading killed its worker process, twice."""
    return f"{job[0]}: could not be read (the process reading it died, twice; skipped)"


def sha256_of(data: bytes) -> bytes:
    """Content key: the first 8 bytes of SHA-256 (a collision among a billion documents has
    a chance of about 3 in 100 million; the key only decides what an add skips)."""
    return hashlib.sha256(data).digest()[:8]


class Collection:
    """An open collection file. Not thread-safe; open one per process or thread."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            self.settings = FingerprintSettings(
                ngram=int(meta["ngram"]), window=int(meta["window"])
            )
            if self.settings.ngram < 1 or self.settings.window < 1:
                raise ValueError("settings out of range")
        except (KeyError, ValueError, TypeError, sqlite3.DatabaseError) as exc:
            conn.close()
            raise InputError(f"{path}: damaged collection (metadata: {exc})") from None
        self.codec = Codec(self._dictionaries())
        self._segments: tuple[int, list[tuple[np.ndarray, np.ndarray]]] | None = None
        self._coverage: tuple[tuple, object] | None = None

    # -- reading -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def documents(self) -> Iterator[DocInfo]:
        """Each stored document once, under the name it was first added by."""
        rows = self.conn.execute(
            "SELECT id, name, path, sha256, format, bytes, chars, words, fingerprints, added "
            "FROM documents ORDER BY name"
        )
        for row in rows:
            yield DocInfo(*row)

    def names(self) -> Iterator[DocInfo]:
        """Every name the collection was given, a document's other names included, by name."""
        rows = self.conn.execute(
            "SELECT d.id, d.name, d.path, d.sha256, d.format, d.bytes, d.chars, d.words, "
            "d.fingerprints, d.added, NULL FROM documents d "
            "UNION ALL "
            "SELECT d.id, n.name, n.path, d.sha256, d.format, d.bytes, d.chars, d.words, "
            "d.fingerprints, n.added, d.name FROM names n JOIN documents d ON d.id = n.doc_id "
            "ORDER BY 2"
        )
        for row in rows:
            yield DocInfo(*row)

    def other_names(self, doc_id: int) -> list[str]:
        """The names besides its own under which a document's exact text was added."""
        rows = self.conn.execute("SELECT name FROM names WHERE doc_id = ? ORDER BY name", (doc_id,))
        return [name for (name,) in rows]

    def ids_by_name(self, names: Iterable[str]) -> dict[str, int]:
        out = {}
        for name in names:
            row = self.conn.execute(
                "SELECT id FROM documents WHERE name = ? "
                "UNION ALL SELECT doc_id FROM names WHERE name = ?",
                (name, name),
            ).fetchone()
            if row:
                out[name] = row[0]
        return out

    def document(self, doc_id: int) -> Document | None:
        """The stored document, exactly as it was read (text, match text, format), or None."""
        row = self.conn.execute(
            "SELECT name, path, format, encoding, codec, text, match_text, metadata "
            "FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        name, path, fmt, encoding, codec, text, match_text, metadata = row
        text_s = self.codec.decompress(codec, text).decode("utf-8")
        match_s = self.codec.decompress(codec, match_text).decode("utf-8") if match_text else ""
        meta = json.loads(metadata) if metadata else {}
        others = self.other_names(doc_id)
        if others:
            meta["other_names"] = others
        return Document(
            text=text_s,
            name=name,
            path=path or name,
            format=fmt,
            encoding=encoding,
            match_text=match_s,
            metadata=meta,
        )

    def segments(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Every segment as ``(hashes, doc_ids, positions)`` arrays, cached until it changes
        (another connection's write changes ``PRAGMA data_version``; this one's own writes, in
        ``writing``, drop the cache).

        Read column by column, each decoded on a worker thread while the next is fetched:
        reading and decoding take about as long each (about 0.1 s and 0.15 s at 100,000
        documents), so a cold query waits for little more than the longer of the two.
        """
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._segments is not None and self._segments[0] == version:
            return self._segments[1]
        self.conn.execute("BEGIN")
        try:
            rows = self.conn.execute("SELECT id, codec, postings FROM segments").fetchall()
            with ThreadPoolExecutor(1) as worker:
                pending = [
                    [
                        worker.submit(decode_column, codec, column, self._column(sid, column), n)
                        for column in POSTING_COLUMNS
                    ]
                    for sid, codec, n in rows
                ]
                segs = [tuple(f.result() for f in columns) for columns in pending]
        finally:
            self.conn.execute("COMMIT")
        self._segments = (version, segs)
        return segs

    def vector_coverage(self):
        """``index.vectors.coverage`` (documents, and those with searchable vectors), kept
        until the collection or its ANN file changes: every ``check --index --semantic``
        asks, and counting took about 35 ms of CPU at 100,000 documents."""
        from copyhound.index.ann import ann_path
        from copyhound.index.vectors import coverage

        try:
            st = ann_path(self.path).stat()
            file = (st.st_ino, st.st_mtime_ns, st.st_size)
        except OSError:
            file = None
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        key = (version, self.conn.total_changes, file)
        if self._coverage is None or self._coverage[0] != key:
            self._coverage = (key, coverage(self.conn))
        return self._coverage[1]

    def _column(self, segment_id: int, column: str) -> bytes:
        sql = f"SELECT {column} FROM segments WHERE id = ?"  # column: one of POSTING_COLUMNS
        return self.conn.execute(sql, (segment_id,)).fetchone()[0]

    def stats(self) -> dict[str, float]:
        docs, text_bytes, chars, words, fps, stored = self.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(bytes),0), COALESCE(SUM(chars),0), "
            "COALESCE(SUM(words),0), COALESCE(SUM(fingerprints),0), "
            "COALESCE(SUM(LENGTH(text) + COALESCE(LENGTH(match_text),0)),0) FROM documents"
        ).fetchone()
        segs, postings, seg_bytes = self.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(postings),0), "
            "COALESCE(SUM(LENGTH(hashes) + LENGTH(doc_ids) + LENGTH(positions)),0) FROM segments"
        ).fetchone()
        file_bytes = sum(
            p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists()
        )
        return {
            "documents": docs,
            "text_bytes": text_bytes,
            "chars": chars,
            "words": words,
            "fingerprints": fps,
            "stored_text_bytes": stored,
            "segments": segs,
            "postings": postings,
            "dead_postings": postings - fps,
            "segment_bytes": seg_bytes,
            "file_bytes": file_bytes,
            "ngram": self.settings.ngram,
            "window": self.settings.window,
        }

    # -- writing -----------------------------------------------------------------------------

    def add_paths(
        self,
        paths: list[Path],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        jobs: int = 1,
        batch_docs: int = BATCH_DOCS,
        batch_seconds: float = BATCH_SECONDS,
        on_file: Callable[[], None] | None = None,
        on_commit: Callable[[list[str]], None] | None = None,
        limits: ReadLimits | None = None,
    ) -> AddSummary:
        """Add files (named by their path as given), storing each distinct text once.

        A file whose name is stored with the same content is skipped (so an interrupted add
        resumes); a file with the text of a document stored under another name is recorded as
        that document's other name; a file whose name is stored with other content replaces
        it. Files are fingerprinted
        by ``jobs`` processes and written in batches of ``batch_docs``; ``on_commit`` gets the
        names of each batch once it is durable. ``limits`` bound what reading each file may
        cost (the process's, ``configured()``, by default); a file over one is named in
        ``failed``.
        """
        limits = limits or configured()
        summary = AddSummary()
        start = time.perf_counter()
        # Names and texts met in this add; those stored before are looked up in the indexes
        # (name, sha256) file by file. Loading every stored name and hash first took 2 s
        # and 300 MB at a million documents, for an add of one file.
        known: set[bytes] = set()
        stored_names: dict[str, bytes] = {}
        same_text: list[tuple[str, str | None, bytes]] = []

        def stored_sha(name: str) -> bytes | None:
            if name in stored_names:
                return stored_names[name]
            row = self.conn.execute(
                "SELECT sha256 FROM documents WHERE name = ? UNION ALL "
                "SELECT d.sha256 FROM names n JOIN documents d ON d.id = n.doc_id "
                "WHERE n.name = ?",
                (name, name),
            ).fetchone()
            return row[0] if row else None

        def is_known(sha: bytes) -> bool:
            if sha in known:
                return True
            sql = "SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1"
            return self.conn.execute(sql, (sha,)).fetchone() is not None

        def jobs_iter() -> Iterator[FileJob]:
            for p in paths:
                name = str(p)
                try:
                    size = p.stat().st_size
                    if size > max_bytes:
                        raise InputError(
                            f"{name}: {size / 1e6:.1f} MB is over the "
                            f"{max_bytes / 1e6:.0f} MB limit (raise it with --max-size)"
                        )
                    data = p.read_bytes()
                except InputError as exc:
                    summary.failed.append(str(exc))
                    _tick(on_file)
                    continue
                except OSError as exc:
                    summary.failed.append(f"{name}: cannot read ({exc.strerror})")
                    _tick(on_file)
                    continue
                sha = sha256_of(data)
                if stored_sha(name) == sha:
                    summary.skipped.append(name)
                    _tick(on_file)
                    continue
                if is_known(sha):
                    same_text.append((name, str(p) if str(p) != name else None, sha))
                    stored_names[name] = sha
                    _tick(on_file)
                    continue
                known.add(sha)
                stored_names[name] = sha
                yield name, str(p), data, sha, self.settings, limits

        def results() -> Iterator[PreparedEntry | str]:
            if jobs <= 1:
                yield from map(_prepare_file, jobs_iter())
                return
            from copyhound.index.workers import map_in_workers

            # Without a dictionary yet, the first batch trains it as it is written while the
            # workers go on; they compress with it once they find it stored (what they
            # prepared before, the writer compresses). Waiting for it instead took a sixth of
            # a 10 MB add.
            init = (self.codec.dictionaries, self.path.resolve().as_uri() + "?mode=ro")
            yield from map_in_workers(
                _prepare_file,
                jobs_iter(),
                jobs,
                died=_worker_died,
                initializer=_start_worker,
                initargs=init,
                size_of=lambda job: len(job[2]),
            )

        batch: list[PreparedEntry] = []
        opened = time.monotonic()
        for result in results():
            _tick(on_file)
            if isinstance(result, str):
                summary.failed.append(result)
                continue
            batch.append(result)
            summary.bytes += result.size
            if len(batch) >= batch_docs or time.monotonic() - opened >= batch_seconds:
                self._write_batch(batch, summary, on_commit)
                batch, opened = [], time.monotonic()
        if batch:
            self._write_batch(batch, summary, on_commit)
        if same_text:
            self._write_other_names(same_text, summary, on_commit)
        self.merge_segments()
        self.vacuum()
        self.checkpoint()
        summary.seconds = time.perf_counter() - start
        return summary

    def _write_other_names(
        self,
        entries: list[tuple[str, str | None, bytes]],
        summary: AddSummary,
        on_commit: Callable[[list[str]], None] | None,
    ) -> None:
        """Record files whose text is stored under another name (after that text is stored)."""
        now = time.time()
        with self.writing():
            for name, path, sha in entries:
                row = self.conn.execute(
                    "SELECT id, name FROM documents WHERE sha256 = ? ORDER BY id LIMIT 1", (sha,)
                ).fetchone()
                if row is None or row[1] == name:
                    continue  # its text went with a replaced name, or it is the stored name
                if self._release_name(name):
                    summary.replaced.append(name)
                self.conn.execute(
                    "INSERT INTO names (name, doc_id, path, added) VALUES (?, ?, ?, ?)",
                    (name, row[0], path, now),
                )
                summary.added.append(name)
                summary.same_text.append((name, row[1]))
        if on_commit:
            on_commit([name for name, _path, _sha in entries])

    def _release_name(self, name: str) -> bool:
        """Free ``name`` for new content, inside a write; True if it held a document.

        A document known by other names too keeps its text under the first of them."""
        freed = self.conn.execute("DELETE FROM names WHERE name = ? RETURNING doc_id", (name,))
        if freed.fetchall():
            return True
        row = self.conn.execute("SELECT id FROM documents WHERE name = ?", (name,)).fetchone()
        if row is None:
            return False
        heir = self.conn.execute(
            "SELECT name, path FROM names WHERE doc_id = ? ORDER BY added, name LIMIT 1", (row[0],)
        ).fetchone()
        if heir is None:
            self.conn.execute("DELETE FROM documents WHERE id = ?", (row[0],))
        else:
            self.conn.execute("DELETE FROM names WHERE name = ?", (heir[0],))
            self.conn.execute(
                "UPDATE documents SET name = ?, path = ? WHERE id = ?", (heir[0], heir[1], row[0])
            )
        return True

    def add_documents(self, entries: Iterable[PreparedEntry]) -> AddSummary:
        """Add prepared documents (``prepare_document``) in one transaction; a name already
        stored with the same content is skipped, the same content under a new name is recorded
        as that document's other name."""
        summary = AddSummary()
        batch, same_text = [], []
        for e in entries:
            holders = {
                name
                for (name,) in self.conn.execute(
                    "SELECT name FROM documents WHERE sha256 = ? UNION ALL "
                    "SELECT n.name FROM names n JOIN documents d ON d.id = n.doc_id "
                    "WHERE d.sha256 = ?",
                    (e.sha256, e.sha256),
                )
            }
            if e.name in holders:
                summary.skipped.append(e.name)
            elif holders:
                same_text.append((e.name, e.path if e.path != e.name else None, e.sha256))
            else:
                batch.append(e)
        if batch:
            self._write_batch(batch, summary, None)
        if same_text:
            self._write_other_names(same_text, summary, None)
        if batch:
            self.merge_segments()
            self.vacuum()
        return summary

    def _write_batch(
        self,
        batch: list[PreparedEntry],
        summary: AddSummary,
        on_commit: Callable[[list[str]], None] | None,
    ) -> None:
        if not self.codec.dictionaries:
            self._maybe_train_dictionary(batch)
        rows = []
        for e in batch:
            doc = e.document
            codec, text, match_blob = e.compressed or compress_texts(self.codec, doc)
            metadata = json.dumps(doc.metadata, default=str) if doc.metadata else None
            rows.append((e, codec, text, match_blob, metadata))
        now = time.time()
        conn = self.conn
        with self.writing():
            ids, hashes, positions = [], [], []
            for e, codec, text, match_blob, metadata in rows:
                doc = e.document
                if self._release_name(e.name):
                    summary.replaced.append(e.name)
                cur = conn.execute(
                    "INSERT INTO documents (name, path, sha256, format, encoding, bytes, chars, "
                    "words, fingerprints, added, codec, text, match_text, metadata) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        e.name,
                        e.path if e.path != e.name else None,
                        e.sha256,
                        doc.format,
                        doc.encoding,
                        e.size,
                        len(doc.text),
                        e.words,
                        len(e.hashes),
                        now,
                        codec,
                        text,
                        match_blob,
                        metadata,
                    ),
                )
                ids.append(np.full(len(e.hashes), cur.lastrowid, dtype=np.uint32))
                hashes.append(e.hashes)
                positions.append(e.positions)
            self._insert_segment(
                np.concatenate(hashes), np.concatenate(ids), np.concatenate(positions), len(rows)
            )
        summary.added.extend(e.name for e in batch)
        if on_commit:
            on_commit([e.name for e in batch])

    def _maybe_train_dictionary(self, batch: list[PreparedEntry]) -> None:
        samples = [e.document.text.encode("utf-8") for e in batch[:2000]]
        data = train_dictionary(samples)
        if data is None:
            return
        with self.writing():
            existing = self._dictionaries()
            if not existing:  # another writer may have trained one meanwhile
                self.conn.execute(
                    "INSERT INTO dictionaries (id, data) VALUES (1, ?)", (pack_dictionary(data),)
                )
                existing = {1: data}
        self.codec = Codec(existing)

    def _dictionaries(self) -> dict[int, bytes]:
        return _read_dictionaries(self.conn)

    def _insert_segment(
        self, hashes: np.ndarray, doc_ids: np.ndarray, positions: np.ndarray, docs: int
    ) -> None:
        self._write_segment([hashes, doc_ids, positions], docs)

    def _write_segment(self, columns: list[np.ndarray], docs: int) -> None:
        """Sort ``[hashes, doc_ids, positions]`` by hash and document and store them as a
        segment. The list is sorted in place, column by column, so a caller that holds the
        columns only through it keeps one unsorted copy at most (merges of a million
        documents' postings: see ``_merge``)."""
        order = np.lexsort((columns[1], columns[0]))
        for k, column in enumerate(columns):
            columns[k] = column[order]
            del column
        del order
        count = len(columns[0])
        blobs = encode_postings(*columns)
        self.conn.execute(
            "INSERT INTO segments (docs, postings, codec, hashes, doc_ids, positions) "
            "VALUES (?,?,?,?,?,?)",
            (docs, count, *blobs),
        )

    def merge_segments(self, fanout: int = MERGE_FANOUT, force: bool = False) -> int:
        """Merge tiers of ``fanout`` similar-sized segments (all of them if ``force``).

        Returns the number of segments merged away. Postings of removed documents are dropped.
        """
        merged = 0
        while True:
            rows = self.conn.execute("SELECT id, postings FROM segments").fetchall()
            if force:
                group = [r[0] for r in rows]
            else:
                tiers: dict[int, list[int]] = {}
                for seg_id, postings in rows:
                    tiers.setdefault(int(np.log(max(postings, 1)) / np.log(4)), []).append(seg_id)
                group = next((ids for ids in tiers.values() if len(ids) >= fanout), [])
            if not group:
                return merged
            self._merge(group)
            merged += len(group) - 1
            if force:
                return merged

    def _merge(self, seg_ids: list[int]) -> None:
        """Merge segments into one, dropping the postings of removed documents.

        Memory is what bounds this on one machine: the last merges of a million documents'
        collection take in about 220 million postings. Each compressed segment is decoded
        and dropped in turn, each column concatenated and its parts dropped, postings
        copied only when some belong to removed documents, and the sort replaces one
        column at a time: 21.5 bytes a posting at the peak (the sort's index and workspace
        on top of the 10 bytes of columns), against 50.9 when every intermediate copy was
        kept (`benchmarks/merge_memory.py`, 32 million postings; that merge took the add to
        12.5 GB).
        """
        conn = self.conn
        with self.writing():
            marks = ",".join("?" * len(seg_ids))
            parts: list[list[np.ndarray]] = [[] for _ in POSTING_COLUMNS]
            for sid in seg_ids:
                row = conn.execute(
                    "SELECT codec, hashes, doc_ids, positions, postings FROM segments WHERE id = ?",
                    (sid,),
                ).fetchone()
                for part, values in zip(parts, decode_postings(*row), strict=True):
                    part.append(values)
                del row
            columns = []
            for part in parts:
                columns.append(np.concatenate(part))
                part.clear()
            live = np.fromiter(
                (i for (i,) in conn.execute("SELECT id FROM documents")), dtype=np.uint32
            )
            # A lookup table over the id range: no sorted copy of a million document ids'
            # worth of postings (the default method), and nothing copied when all are live.
            keep = np.isin(columns[1], live, kind="table") if len(live) else None
            if keep is None or not keep.all():
                for k, column in enumerate(columns):
                    columns[k] = column[keep] if keep is not None else column[:0]
                    del column
            del keep
            present = np.zeros(int(columns[1].max()) + 1 if len(columns[1]) else 0, dtype=bool)
            present[columns[1]] = True  # distinct documents without a sorted copy of the ids
            docs = int(np.count_nonzero(present))
            del present
            conn.execute(f"DELETE FROM segments WHERE id IN ({marks})", seg_ids)
            if len(columns[0]):
                self._write_segment(columns, docs)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction; a collection locked too long by another writer is an error."""
        # Writers keep 64 MB of pages (the name index, the tree of documents); readers keep
        # SQLite's default: a cold query reads the segments once, and filling a big cache with
        # them only costs time.
        self.conn.execute("PRAGMA cache_size = -65536")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise CopyhoundError(
                f"{self.path}: cannot write ({exc}); another add running?"
            ) from None
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        finally:
            # ``PRAGMA data_version`` only changes for other connections' writes: this one's
            # own would leave ``segments()`` serving what it cached before.
            self._segments = None
            self._coverage = None

    def vacuum(self) -> None:
        """Return free pages (left by merged segments and removed documents) to the disk.

        Collections made before auto-vacuum was set keep their free pages for later writes."""
        # executescript runs the pragma to the end (execute() would free one page).
        self.conn.executescript("PRAGMA incremental_vacuum;")

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file (keeps the -wal file small)."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def remove(self, names: list[str]) -> list[str]:
        """Remove documents by name, all or none: an unknown name raises InputError."""
        found = self.ids_by_name(names)
        missing = [n for n in names if n not in found]
        if missing:
            raise InputError(f"{self.path}: no document named {missing[0]!r} in the collection")
        with self.writing():
            for name in found:
                self._release_name(name)
        self.vacuum()
        self.checkpoint()
        return list(found)


def _tick(fn: Callable[[], None] | None) -> None:
    if fn:
        fn()


def open_collection(
    path: str | os.PathLike[str],
    create: bool = False,
    settings: FingerprintSettings | None = None,
) -> Collection:
    """Open a collection file, creating it if asked; errors are one-line InputErrors.

    ``create`` (the writers) also finishes a collection whose creation was cut short (an empty
    file, or one without its tables) and brings an older schema up to date. A collection in a
    place this process cannot write is opened read-only."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a folder; a collection is one database file")
    if not p.exists():
        if not create:
            raise InputError(f"{p}: no such collection (create it with `copyhound index add`)")
        if not p.parent.is_dir():
            raise InputError(f"{p}: folder {p.parent} does not exist")
        _create(p, settings or FingerprintSettings())
    writable = os.access(p, os.W_OK) and os.access(p.parent, os.W_OK)
    if create and not writable:
        raise InputError(f"{p}: cannot write the collection (read-only file or folder)")
    try:
        conn = _connect(p, writable)
        tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables:
            if not create or not _is_unfinished(conn, tables):
                conn.close()
                if p.stat().st_size == 0 or not tables:
                    raise InputError(
                        f"{p}: empty collection file (its creation was cut short); "
                        "`copyhound index add` finishes it"
                    )
                raise InputError(f"{p}: not a copyhound collection")
            _initialise(conn, settings or FingerprintSettings())
        fmt = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if not fmt or fmt[0] != FORMAT_NAME:
            conn.close()
            raise InputError(f"{p}: not a copyhound collection")
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        version = int(row[0]) if row and str(row[0]).isdigit() else None
    except sqlite3.DatabaseError:
        raise InputError(f"{p}: not a copyhound collection (not an SQLite database)") from None
    if version is None:
        conn.close()
        raise InputError(f"{p}: damaged collection (no schema version)")
    if version > SCHEMA_VERSION:
        conn.close()
        raise InputError(f"{p}: made by a newer copyhound (schema {version}); upgrade copyhound")
    if version < SCHEMA_VERSION:
        if create:
            _initialise(conn, settings or FingerprintSettings())  # adds what is new, keeps data
        else:
            # Read as it is, without writing to it: an older copyhound may still use the file.
            conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS names "
                "(name TEXT PRIMARY KEY, doc_id INTEGER, path TEXT, added REAL)"
            )
    return Collection(p, conn)


def _connect(path: Path, writable: bool = True) -> sqlite3.Connection:
    if writable:
        conn = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    else:
        # Nothing here can change it, and WAL's shared-memory file cannot be made beside it.
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        conn = sqlite3.connect(
            uri, uri=True, timeout=60, isolation_level=None, check_same_thread=False
        )
    conn.execute("PRAGMA busy_timeout = 60000")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _is_unfinished(conn: sqlite3.Connection, tables: set[str]) -> bool:
    """An empty database, or one holding only part of our tables (creation cut short)."""
    ours = {"meta", "dictionaries", "documents", "names", "segments", "sqlite_sequence"}
    return tables <= ours and not (
        "documents" in tables and conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone()
    )


def _initialise(conn: sqlite3.Connection, settings: FingerprintSettings) -> None:
    """Create what is missing of the schema and the metadata, in one transaction."""
    if not conn.execute("SELECT name FROM sqlite_master LIMIT 1").fetchone():
        # The biggest pages pack rows of a few KB (compressed documents) with the least
        # waste: 1.5% of the pages left unused at 64 KB, 6.5% at 16 KB.
        conn.execute("PRAGMA page_size = 65536")
        # Merged and removed segments free whole pages; `vacuum` gives them back to the disk.
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for stmt in filter(str.strip, _SCHEMA.split(";")):
            conn.execute(stmt)
        meta = {
            "format": FORMAT_NAME,
            "ngram": str(settings.ngram),
            "window": str(settings.window),
        }
        conn.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", meta.items())
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _create(p: Path, settings: FingerprintSettings) -> None:
    """Make the collection in a private file and link it into place once it is whole.

    If another process linked its own first, that one is used: both adds then write into it,
    one transaction at a time."""
    fd, tmp_name = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".creating")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = _connect(tmp)
        try:
            _initialise(conn, settings)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with contextlib.suppress(FileExistsError):  # another add made it first: use theirs
            os.link(tmp, p)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            leftover.unlink(missing_ok=True)

"""The semantic route to candidates: passage vectors stored in the collection, searched exactly.

A paraphrased or translated suspect shares almost no word n-gram with its source, so the
winnowed fingerprints cannot find it. Each stored document is cut into windows of about
``WINDOW_WORDS`` words, embedded by the multilingual sentence encoder the semantic stage
ships (``semantic.embed``: one vector space for 16 languages) and stored as int8 vectors
on the collection's first 256 principal axes, with one float32 scale each (260 bytes a
window, about 45% of its text).

``embed_collection`` (``copyhound index embed``) fills ``passage_vectors`` for the documents
that have none, one transaction per batch: a kill loses at most the batch in flight and the
next run goes on from there, then moves the vectors into the ANN file (``index.ann``: one
copy; the table keeps each window's span and scale). ``search`` asks that file for the
documents nearest a suspect's windows and scores their windows by exact cosine, plus any
rows still in the table; without a usable file it compares every window it can read
(int8 matrix read in chunks): correct, linear in the collection.
benchmarks/ann.py weighs the ANN libraries and times both.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass, field

import numpy as np

from copyhound.index.ann import STAGED, TABLE
from copyhound.model import Document
from copyhound.normalise.tokens import tokenize

#: Words per window. Long enough to hold a reused passage's meaning (pan13 cases run 50 to
#: 1,000 words), short enough that one passage is not drowned in a document's other text.
WINDOW_WORDS = 100
#: Query windows: the suspect is cut into windows of half that length, one every 50 words.
#: A reused passage of 50-100 words inside a suspect fills a 50-word window of its own, where
#: a 100-word window mixes it with the suspect's other text and its cosine with the source's
#: window drowns among the distractors on its topic (100,000 distractors, pan13 04, the
#: source among the candidates: 88.5 / 88.2% with 100-word windows, 95.9 / 95.6% with 50,
#: tune / check; docs/index.md, session 10). The cost is the same: the model's cost is per
#: token. (Windows of 100 words every 50 cost twice as much and found less: 94.3 / 90.4%.)
QUERY_WINDOW_WORDS = 50
QUERY_STRIDE = QUERY_WINDOW_WORDS

#: Stored dimensions: the model's 512 projected on the collection's first 256 principal
#: axes (fitted on the first batch embedded), then int8. Half the bytes of 512 dimensions
#: with the same recall (benchmarks/route_variants.py: the true source among the route's
#: first 10 for 91.7% / 93.3% of pan13 03 / 04 suspects, against 90.0% / 93.3% with 512).
DIMENSIONS = 256
#: Fewer windows than this in the first batch: too few to fit the axes; vectors are then
#: stored whole (512 dimensions) for the life of the collection.
MIN_FIT_WINDOWS = 2048

PROJECTION = "passage_projection"
_SCHEMA = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    doc_id INTEGER PRIMARY KEY,
    windows INTEGER NOT NULL,
    spans BLOB NOT NULL,
    scales BLOB NOT NULL,
    vectors BLOB NOT NULL
)""",
    # Vectors not yet moved into the ANN file (``index.ann``), searched exactly beside it.
    f"""CREATE TABLE IF NOT EXISTS {STAGED} (
    doc_id INTEGER PRIMARY KEY,
    vectors BLOB NOT NULL
)""",
    # Collections embedded before that table keep such vectors in ``vectors`` (emptied
    # when moved): found without a scan.
    f"""CREATE INDEX IF NOT EXISTS {TABLE}_staged ON {TABLE} (doc_id)
    WHERE length(vectors) > 0""",
    f"""CREATE TABLE IF NOT EXISTS {PROJECTION} (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    model TEXT NOT NULL,
    dims INTEGER NOT NULL,
    mean BLOB,
    axes BLOB
)""",
]


@dataclass(frozen=True, slots=True)
class Projection:
    """How the model's vectors are stored: projected on ``axes`` (rows) after subtracting
    ``mean``, renormalised (None: whole)."""

    model: str
    mean: np.ndarray | None = None
    axes: np.ndarray | None = None

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        if self.axes is None or self.mean is None:
            return vectors
        out = (vectors - self.mean) @ self.axes.T
        return (out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)).astype(
            np.float32
        )

    @classmethod
    def fit(cls, model: str, vectors: np.ndarray, dims: int = DIMENSIONS) -> Projection:
        if len(vectors) < MIN_FIT_WINDOWS:
            return cls(model)
        mean = vectors.mean(axis=0)
        _, _, axes = np.linalg.svd(vectors - mean, full_matrices=False)
        return cls(model, mean.astype(np.float32), axes[:dims].astype(np.float32))


def stored_projection(conn: sqlite3.Connection) -> Projection | None:
    if not has_table(conn, PROJECTION):
        return None
    row = conn.execute(f"SELECT model, dims, mean, axes FROM {PROJECTION}").fetchone()
    if row is None:
        return None
    model, dims, mean, axes = row
    if axes is None:
        return Projection(model)
    return Projection(
        model,
        np.frombuffer(mean, dtype=np.float32),
        np.frombuffer(axes, dtype=np.float32).reshape(dims, -1),
    )


def _store_projection(conn: sqlite3.Connection, p: Projection) -> None:
    dims = len(p.axes) if p.axes is not None else 0
    conn.execute(
        f"INSERT INTO {PROJECTION} (id, model, dims, mean, axes) VALUES (1, ?, ?, ?, ?)",
        (
            p.model,
            dims,
            None if p.mean is None else p.mean.tobytes(),
            None if p.axes is None else p.axes.tobytes(),
        ),
    )


def window_spans(text: str, words: int = WINDOW_WORDS, stride: int | None = None) -> np.ndarray:
    """``(start, end)`` character offsets of the windows of ``text``: ``words`` words each,
    every ``stride`` words (default: ``words``, no overlap); a short last window is merged
    into the one before. Offsets point into the text."""
    toks = tokenize(text)
    n = len(toks.starts)
    if n == 0:
        return np.zeros((0, 2), dtype=np.int64)
    stride = stride or words
    firsts = list(range(0, max(n - words, 0) + 1, stride))
    if firsts[-1] + words < n and n - (firsts[-1] + stride) >= words // 2:
        firsts.append(firsts[-1] + stride)
    spans = []
    text_end = len(text.rstrip())
    for k, first in enumerate(firsts):
        after = n if k == len(firsts) - 1 else first + words
        # Up to the next window's first word (its punctuation too), spaces left out.
        end = int(toks.starts[after]) if after < n else text_end
        start = int(toks.starts[first])
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append((start, end))
    return np.array(spans, dtype=np.int64)


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 vectors and a float32 scale each (``vector ~= q * scale``): a quarter of float32's
    bytes; cosines move by about 0.005, far below the gap between a source and the rest."""
    scales = np.abs(vectors).max(axis=1) / 127.0
    scales = np.maximum(scales, 1e-12).astype(np.float32)
    q = np.rint(vectors / scales[:, None]).clip(-127, 127).astype(np.int8)
    return q, scales


def embed_windows(text: str, spans: np.ndarray, threads: int | None = None) -> np.ndarray:
    from copyhound.semantic.embed import embed_texts

    return embed_texts([text[s:e] for s, e in spans], threads)


def ensure_table(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA:
        conn.execute(statement)


def has_table(conn: sqlite3.Connection, name: str = TABLE) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def missing_ids(conn: sqlite3.Connection) -> list[int]:
    """Documents without passage vectors, by id."""
    if not has_table(conn):
        return [i for (i,) in conn.execute("SELECT id FROM documents ORDER BY id")]
    rows = conn.execute(
        f"SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM {TABLE}) ORDER BY id"
    )
    return [i for (i,) in rows]


@dataclass(slots=True)
class EmbedSummary:
    embedded: int = 0
    windows: int = 0
    bytes: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    #: Rows of removed documents dropped.
    dropped: int = 0
    #: Documents embedded again because the ANN file holding their vectors was lost.
    lost: int = 0
    left: int = 0
    #: What became of the ANN file (``index.ann.update``); None when nothing was asked.
    ann: object = None


def _embed_job(job: tuple[int, str]) -> tuple[int, np.ndarray, np.ndarray]:
    """A document's window spans and float32 vectors (in a worker process)."""
    doc_id, text = job
    spans = window_spans(text)
    return doc_id, spans, embed_windows(text, spans, threads=1)


def _row(doc_id: int, spans: np.ndarray, vectors: np.ndarray, projection: Projection):
    q, scales = quantise(projection.apply(vectors))
    return doc_id, len(spans), spans.astype(np.uint32).tobytes(), scales.tobytes(), q.tobytes()


def _pool_cpu() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def embed_collection(
    collection,
    jobs: int = 1,
    batch_docs: int = 200,
    on_batch: Callable[[int, int], None] | None = None,
    limit: int = 0,
) -> EmbedSummary:
    """Embed every document of ``collection`` without passage vectors, ``batch_docs`` per
    transaction, with ``jobs`` processes (each loads the model: about 150 MB).

    ``on_batch(done, total)`` follows progress; ``limit`` stops after that many documents
    (0: all). Rows of removed documents are dropped first.
    """
    from copyhound.index import ann
    from copyhound.semantic.embed import MODEL_NAME

    conn = collection.conn
    summary = EmbedSummary()
    start, cpu0 = time.perf_counter(), _pool_cpu()
    before = ann.vectors_version(conn)
    with collection.writing():
        ensure_table(conn)
        removed = conn.execute(
            f"SELECT doc_id, windows FROM {TABLE} WHERE doc_id NOT IN (SELECT id FROM documents)"
        ).fetchall()
        if removed:
            conn.execute(f"DELETE FROM {TABLE} WHERE doc_id NOT IN (SELECT id FROM documents)")
            ann.bump_version(conn)
        conn.execute(f"DELETE FROM {STAGED} WHERE doc_id NOT IN (SELECT id FROM documents)")
        summary.dropped = len(removed)
        # Vectors only a lost ANN file held (deleted, damaged): embedded again below.
        lost = ann.lost_rows(conn, ann.ann_path(collection.path)) if ann.usearch_index() else []
        for at in range(0, len(lost), 500):
            part = lost[at : at + 500]
            marks = ",".join("?" * len(part))
            conn.execute(f"DELETE FROM {TABLE} WHERE doc_id IN ({marks})", part)
            conn.execute(f"DELETE FROM {STAGED} WHERE doc_id IN ({marks})", part)
        if lost:
            ann.bump_version(conn)
        summary.lost = len(lost)
    added: list[int] = []
    todo = missing_ids(conn)
    if limit:
        todo = todo[:limit]
    total = len(todo)
    pool = None
    if jobs > 1 and total > batch_docs // 4:
        import multiprocessing as mp

        pool = mp.get_context("spawn").Pool(jobs)
    try:
        done = 0
        for ids in _batches(conn, todo, batch_docs):
            texts = [(i, _text_of(collection, i)) for i in ids]
            texts = [(i, t) for i, t in texts if t is not None]
            rows = (
                pool.map(_embed_job, texts, chunksize=max(1, len(texts) // (4 * jobs)))
                if pool
                else [_embed_job(t) for t in texts]
            )
            with collection.writing():
                projection = stored_projection(conn)
                if projection is None:  # the first batch: fit the axes, stored with it
                    vecs = [v for _, _, v in rows if len(v)]
                    projection = Projection.fit(
                        MODEL_NAME, np.concatenate(vecs) if vecs else np.zeros((0, 1))
                    )
                    _store_projection(conn, projection)
                stored = [_row(i, sp, v, projection) for i, sp, v in rows]
                # Spans and scales for good; the vectors staged until the ANN file holds them.
                conn.executemany(
                    f"INSERT OR REPLACE INTO {TABLE} "
                    "(doc_id, windows, spans, scales, vectors) VALUES (?, ?, ?, ?, x'')",
                    [r[:4] for r in stored],
                )
                conn.executemany(
                    f"INSERT OR REPLACE INTO {STAGED} (doc_id, vectors) VALUES (?, ?)",
                    [(r[0], r[4]) for r in stored if r[1]],
                )
                ann.bump_version(conn)
            added.extend(i for i, _, _ in rows)
            summary.embedded += len(rows)
            summary.windows += sum(len(sp) for _, sp, _ in rows)
            summary.bytes += sum(len(t.encode("utf-8")) for _, t in texts)
            done += len(ids)
            if on_batch:
                on_batch(done, total)
    finally:
        if pool:
            pool.close()
            pool.join()
    # The ANN file after the vectors are durable: a kill before this leaves it stale, and a
    # stale file is not used (exact search) until the next embed rebuilds it.
    summary.ann = ann.update(collection, before, added, removed)
    collection.checkpoint()
    summary.seconds = time.perf_counter() - start
    summary.cpu_seconds = _pool_cpu() - cpu0
    summary.left = len(missing_ids(conn))
    return summary


def _batches(conn: sqlite3.Connection, todo: list[int], size: int) -> Iterator[list[int]]:
    """``todo`` in batches of ``size``; while no projection is stored, the first batch takes
    documents until it holds ``MIN_FIT_WINDOWS`` windows (by their word counts), enough to fit
    the axes on."""
    if not todo:
        return
    first = size
    if stored_projection(conn) is None:
        words = dict(conn.execute("SELECT id, words FROM documents"))
        windows = np.cumsum([max(1, words.get(i, 0) // WINDOW_WORDS) for i in todo])
        first = max(size, int(np.searchsorted(windows, MIN_FIT_WINDOWS)) + 1)
    yield todo[:first]
    for at in range(first, len(todo), size):
        yield todo[at : at + size]


def _text_of(collection, doc_id: int) -> str | None:
    doc = collection.document(doc_id)
    return None if doc is None else doc.match_text


@dataclass(slots=True)
class VectorHit:
    """A document the semantic route proposes: its best cosine and where (character spans of
    the stored window and of the suspect's window)."""

    doc_id: int
    similarity: float
    source_span: tuple[int, int]
    suspect_span: tuple[int, int]


@dataclass(slots=True)
class Coverage:
    """How many documents have passage vectors."""

    documents: int
    embedded: int

    @property
    def missing(self) -> int:
        return self.documents - self.embedded


def coverage(conn: sqlite3.Connection) -> Coverage:
    """Documents, and those whose vectors can be searched (rows moved into an ANN file that
    cannot be read, or without usearch, count as missing: ``index embed`` repairs them)."""
    from copyhound.index import ann

    total = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    if not has_table(conn):
        return Coverage(total, 0)
    # Rows, less those of removed documents (dropped by the next embed). Not a join: every
    # `check --index --semantic` asks, and joining 100,000 rows took 0.4 to 0.9 s of CPU
    # (this: about 35 ms).
    rows = conn.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0]
    dead = conn.execute(
        f"SELECT COUNT(*) FROM {TABLE} WHERE doc_id NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    done = rows - dead
    if done and ann.open_index(conn) is None:
        done -= len(ann.flushed(conn, live=True))
    return Coverage(total, done)


@dataclass(slots=True)
class _Chunk:
    doc_ids: np.ndarray
    spans: np.ndarray
    scales: np.ndarray
    vectors: np.ndarray


@dataclass(slots=True)
class VectorIndex:
    """The stored windows of a collection, read in chunks of about ``chunk_rows`` windows
    (memory stays bounded however large the collection; a resident process keeps them)."""

    chunks: list[_Chunk] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(c.doc_ids) for c in self.chunks)


def read_chunks(
    conn: sqlite3.Connection,
    chunk_rows: int = 65536,
    ids: list[int] | None = None,
    graph=None,
) -> Iterator[_Chunk]:
    """The stored windows of live documents (all, or those of ``ids``), ``chunk_rows``
    windows at a time or so; the vectors of rows moved into the ANN file read from
    ``graph`` (``ann.open_index``; None: those rows are left out)."""
    from copyhound.index.ann import file_vectors, vector_columns

    if not has_table(conn):
        return
    column, join = vector_columns(conn)
    base = (
        f"SELECT v.doc_id, v.windows, v.spans, v.scales, {column} FROM {TABLE} v "
        f"JOIN documents d ON d.id = v.doc_id{join}"
    )
    if ids is None:
        rows = conn.execute(base + " ORDER BY v.doc_id")
    else:
        rows = (
            row
            for at in range(0, len(ids), 500)
            for row in conn.execute(
                base + f" WHERE v.doc_id IN ({','.join('?' * len(ids[at : at + 500]))})"
                " ORDER BY v.doc_id",
                ids[at : at + 500],
            )
        )
    ids_, spans, scales, vecs, n = [], [], [], [], 0
    for doc_id, windows, sp, sc, v in rows:
        if windows == 0:
            continue
        q = np.frombuffer(v, dtype=np.int8).reshape(windows, -1) if v else None
        if q is None:
            q = file_vectors(graph, doc_id, windows)
            if q is None:
                continue
        ids_.append(np.full(windows, doc_id, dtype=np.int64))
        spans.append(np.frombuffer(sp, dtype=np.uint32).reshape(-1, 2))
        scales.append(np.frombuffer(sc, dtype=np.float32))
        vecs.append(q)
        n += windows
        if n >= chunk_rows:
            yield _Chunk(*map(np.concatenate, (ids_, spans, scales, vecs)))
            ids_, spans, scales, vecs, n = [], [], [], [], 0
    if ids_:
        yield _Chunk(*map(np.concatenate, (ids_, spans, scales, vecs)))


def search(
    conn: sqlite3.Connection,
    query: np.ndarray,
    query_spans: np.ndarray,
    limit: int = 10,
    exclude: set[int] | frozenset[int] = frozenset(),
    index: VectorIndex | None = None,
    approximate: bool = True,
) -> list[VectorHit]:
    """The ``limit`` documents whose best window is closest to one of ``query``'s rows,
    best first, leaving out ``exclude``. Closest by cosine less that row's hub score (its
    mean cosine with its nearest stored windows, ``ann.hub_of``: CSLS), so that a suspect
    window on a crowded topic does not outrank one whose near neighbour stands out; each
    hit's ``similarity`` is the plain cosine.

    With the collection's ANN file (``index.ann``, written by ``index embed``) and
    ``approximate``, only the documents owning the windows nearest each query row are
    scored; otherwise, or when the file is missing, stale or usearch is not installed,
    every stored window is. Either way the documents scored are scored exactly, so both
    rank a document found by both the same. ``index`` (a ``VectorIndex`` kept by a
    resident process) spares reading the table again (exact).
    """
    if len(query) == 0:
        return []
    from copyhound.index import ann
    from copyhound.semantic.embed import blas_threads, default_threads

    # One BLAS thread (as the semantic stage): on a shared two-core box a second OpenBLAS
    # thread spins (projecting 50 windows took 16 ms of CPU with two threads, under 1 alone).
    projection = stored_projection(conn)
    if projection is not None:
        with blas_threads(default_threads()):
            query = projection.apply(query)
    q = np.ascontiguousarray(query.T, dtype=np.float32)
    best: dict[int, tuple[float, float, int, tuple[int, int]]] = {}
    chunks = index.chunks if index is not None else None
    graph = ann.open_index(conn) if chunks is None else None
    hub = None
    if chunks is None and approximate and graph is not None:
        chunks, hub = _approximate(conn, graph, query, limit, exclude)
    if chunks is None:
        chunks = read_chunks(conn, graph=graph)
    if hub is None:  # exact: each suspect window's nearest stored windows, a first pass
        if not isinstance(chunks, list):
            chunks = list(chunks)
        hub = _exact_hub(chunks, q)
    for chunk in chunks:
        with blas_threads(default_threads()):
            sims = (chunk.vectors.astype(np.float32) @ q) * chunk.scales[:, None]
        # Ranked by cosine less the suspect window's hub score (``ann.hub_of``: CSLS).
        scores = sims - hub[None, :]
        row_best = scores.argmax(axis=1)
        at = np.arange(len(sims))
        row_score, row_sim = scores[at, row_best], sims[at, row_best]
        # Per document, its best window: sort rows by score, keep each doc's first.
        order = np.argsort(-row_score, kind="stable")
        docs = chunk.doc_ids[order]
        _, first = np.unique(docs, return_index=True)
        keep = order[first]
        keep = keep[np.argsort(-row_score[keep], kind="stable")]
        for r in keep[: 4 * limit + len(exclude)]:
            doc = int(chunk.doc_ids[r])
            if doc in exclude:
                continue
            score = float(row_score[r])
            if doc not in best or score > best[doc][0]:
                qk = int(row_best[r])
                span = (int(chunk.spans[r][0]), int(chunk.spans[r][1]))
                best[doc] = (score, float(row_sim[r]), qk, span)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    return [
        VectorHit(
            doc,
            sim,
            span,
            (int(query_spans[qk][0]), int(query_spans[qk][1])),
        )
        for doc, (_score, sim, qk, span) in ranked
    ]


def _exact_hub(chunks: list[_Chunk], q: np.ndarray) -> np.ndarray:
    """``ann.hub_of`` over every stored window: each query row's ``HUB_NEIGHBOURS`` highest
    exact cosines, kept chunk by chunk."""
    from copyhound.index.ann import HUB_NEIGHBOURS, hub_of
    from copyhound.semantic.embed import blas_threads, default_threads

    top = np.full((q.shape[1], 0), np.nan, dtype=np.float32)
    for chunk in chunks:
        with blas_threads(default_threads()):
            sims = ((chunk.vectors.astype(np.float32) @ q) * chunk.scales[:, None]).T
        both = np.concatenate([top, sims], axis=1)
        n = min(HUB_NEIGHBOURS, both.shape[1])
        top = -np.sort(-np.nan_to_num(both, nan=-np.inf), axis=1)[:, :n]
    return hub_of(top)


def _approximate(
    conn: sqlite3.Connection, graph, query: np.ndarray, limit: int, exclude: Set[int]
) -> tuple[list[_Chunk], np.ndarray]:
    """The stored windows of the documents the ANN file puts nearest ``query``'s rows, and
    of the rows not yet moved into it. Removed documents drop out in ``read_chunks``' join."""
    from copyhound.index import ann

    k = min(ann.MAX_NEIGHBOURS, max(ann.MIN_NEIGHBOURS, 2 * (limit + len(exclude))))
    docs, _, hub = ann.neighbours(graph, query, k)
    # Best first by the file's cosine; the first few live ones scored exactly.
    ranked = _first_live(
        conn, [int(d) for d in docs if int(d) not in exclude], ann.RESCORE_PER_RESULT * limit
    )
    chunks = list(read_chunks(conn, ids=ranked, graph=graph))
    staged = [i for i in ann.staged_ids(conn) if i not in exclude]
    if staged:  # an embed stopped before its vectors were moved: searched exactly
        chunks += read_chunks(conn, ids=staged)
    return chunks, hub


def _first_live(conn: sqlite3.Connection, ids: list[int], n: int) -> list[int]:
    """The first ``n`` of ``ids`` still in the collection, in their order. Looked up a
    little more than needed at a time: the graph proposes a thousand documents or more for a
    long suspect, of which a few dozen are scored (looking all up took 25 ms a query)."""
    out: list[int] = []
    at = 0
    while len(out) < n and at < len(ids):
        part = ids[at : at + max(2 * (n - len(out)), 16)]
        live = set(_live(conn, part))
        out += [i for i in part if i in live]
        at += len(part)
    return out[:n]


def _live(conn: sqlite3.Connection, ids: list[int]) -> list[int]:
    """Those of ``ids`` still in the collection."""
    out = []
    for at in range(0, len(ids), 500):
        part = ids[at : at + 500]
        marks = ",".join("?" * len(part))
        out += [i for (i,) in conn.execute(f"SELECT id FROM documents WHERE id IN ({marks})", part)]
    return out


def load_index(conn: sqlite3.Connection) -> VectorIndex:
    """Every stored window in memory (for a resident process running many queries)."""
    from copyhound.index import ann

    return VectorIndex(list(read_chunks(conn, graph=ann.open_index(conn))))


#: A suspect window at least this much inside passages already found is not searched.
EXPLAINED_SHARE = 0.5


def query_vectors(
    document: Document,
    threads: int | None = None,
    stride: int = QUERY_STRIDE,
    skip: list[tuple[int, int]] = (),  # type: ignore[assignment]
    words: int = QUERY_WINDOW_WORDS,
) -> tuple[np.ndarray, np.ndarray]:
    """The suspect's window vectors (float32) and their character spans, windows of
    ``words`` words every ``stride``, leaving out the windows ``EXPLAINED_SHARE`` inside the
    ``skip`` spans (passages whose source is found)."""
    spans = window_spans(document.match_text, words, stride)
    if len(skip) and len(spans):
        inside = np.zeros(len(document.match_text) + 1, dtype=np.int32)
        for start, end in skip:
            inside[start] += 1
            inside[end] -= 1
        covered = np.concatenate([[0], np.cumsum(np.cumsum(inside)[:-1] > 0)])
        share = (covered[spans[:, 1]] - covered[spans[:, 0]]) / np.maximum(
            spans[:, 1] - spans[:, 0], 1
        )
        spans = spans[share < EXPLAINED_SHARE]
    return embed_windows(document.match_text, spans, threads), spans


def vector_stats(conn: sqlite3.Connection) -> dict[str, int]:
    """Documents with passage vectors, their windows, dimensions and bytes stored."""
    cov = coverage(conn)
    out = {"vector_documents": cov.embedded, "vector_windows": 0, "vector_bytes": 0}
    if has_table(conn):
        windows, size = conn.execute(
            f"SELECT COALESCE(SUM(windows), 0), "
            f"COALESCE(SUM(LENGTH(spans) + LENGTH(scales) + LENGTH(vectors)), 0) FROM {TABLE}"
        ).fetchone()
        if has_table(conn, STAGED):
            size += conn.execute(
                f"SELECT COALESCE(SUM(LENGTH(vectors)), 0) FROM {STAGED}"
            ).fetchone()[0]
        out.update(vector_windows=windows, vector_bytes=size)
    projection = stored_projection(conn)
    out["vector_dimensions"] = (
        len(projection.axes) if projection is not None and projection.axes is not None else 512
    )
    from copyhound.index import ann

    # The ANN file (0 bytes: none, or stale and not used until the next embed).
    db = ann.db_path(conn)
    state = ann.read_state(conn)
    current = db is not None and ann.matches_state(conn, ann.ann_path(db))
    out["ann_bytes"] = state.bytes if current and state else 0
    return out

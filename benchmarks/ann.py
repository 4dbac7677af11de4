"""Exact numpy search of the passage vectors against ANN libraries: recall@10, query and build
time, memory, and a projection to 100,000 and 1,000,000 documents from the measured rates.

The vectors are a collection's ``passage_vectors`` (``copyhound index embed``); ``--queries``
of its windows are held out (left out of every index) and searched for, in batches of
``--batch`` windows (a 5,000-word suspect has 50). The truth is the exact int8 search the route
uses (``index.vectors.search``'s arithmetic). Libraries that are not installed are skipped and
named: ``pip install 'copyhound[ann-benchmark]'`` (hnswlib, usearch, faiss-cpu). Everything
runs on one thread (the CLI's setting on a shared machine).

    python benchmarks/ann.py /tmp/retr16/w/route-1000.db [--queries 500] [--pad 0]

``--wired DIR`` times the route as ``check --index --semantic`` runs it instead: a copy of
the collection in DIR without the documents of the query windows (held out whole), padded
with ``--pad`` windows in synthetic documents of the collection's mean length, its ANN file
built by ``index.ann.update`` (as ``index embed`` does), then ``index.vectors.search`` per
suspect (``--batch`` windows), through the file (memory-mapped, opened per query as a CLI
process does) and exactly, compared by the documents they return (recall@10).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import time
from collections.abc import Callable

import numpy as np

from copyhound.index.vectors import read_chunks

K = 10


def load(db: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """int8 vectors, scales, document id per window; and the number of documents."""
    from copyhound.index import ann as ann_file  # vectors moved into the file are read there

    conn = sqlite3.connect(db)
    chunks = list(read_chunks(conn, graph=ann_file.open_index(conn)))
    docs = conn.execute("SELECT COUNT(*) FROM passage_vectors").fetchone()[0]
    conn.close()
    return (
        np.concatenate([c.vectors for c in chunks]),
        np.concatenate([c.scales for c in chunks]),
        np.concatenate([c.doc_ids for c in chunks]),
        docs,
    )


def exact_int8(base: np.ndarray, scales: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """The route's exact search: int8 rows times their scale, chunked."""
    out = []
    for first in range(0, len(base), 65536):
        part = base[first : first + 65536].astype(np.float32)
        sims = (part @ queries.T) * scales[first : first + 65536, None]
        out.append(sims)
    sims = np.concatenate(out).T
    top = np.argpartition(-sims, k, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1)
    return np.take_along_axis(top, order, axis=1)


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(
        np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth, strict=True)])
    )


def timed(fn: Callable[[], object]) -> tuple[object, float]:
    start = time.process_time()
    result = fn()
    return result, time.process_time() - start


def run_hnswlib(base: np.ndarray, queries: np.ndarray, batch: int):
    hnswlib = importlib.import_module("hnswlib")
    index = hnswlib.Index(space="ip", dim=base.shape[1])

    def build():
        index.init_index(max_elements=len(base), ef_construction=200, M=16)
        index.set_num_threads(1)
        index.add_items(base, np.arange(len(base)))
        index.set_ef(64)

    _, build_s = timed(build)
    found, query_s = timed(
        lambda: np.concatenate(
            [index.knn_query(queries[i : i + batch], k=K)[0] for i in range(0, len(queries), batch)]
        )
    )
    # hnswlib stores float32 vectors plus 2*M links per element on level 0.
    memory = len(base) * (base.shape[1] * 4 + 16 * 2 * 4 + 8)
    return "hnswlib HNSW M=16 ef=64 (float32)", found, build_s, query_s, memory


def run_usearch(base: np.ndarray, queries: np.ndarray, batch: int, dtype: str):
    usearch = importlib.import_module("usearch.index")
    index = usearch.Index(
        ndim=base.shape[1],
        metric="ip",
        dtype=dtype,
        connectivity=16,
        expansion_add=128,
        expansion_search=64,
    )
    _, build_s = timed(lambda: index.add(np.arange(len(base)), base, threads=1))

    def query():
        out = []
        for i in range(0, len(queries), batch):
            m = index.search(queries[i : i + batch], K, threads=1)
            out.append(np.asarray(m.keys).reshape(-1, K))
        return np.concatenate(out)

    found, query_s = timed(query)
    # Vectors plus level-0 links (the library's own figure includes preallocated space).
    width = {"i8": 1, "f16": 2}.get(dtype, 4)
    memory = len(base) * (base.shape[1] * width + 16 * 2 * 4 + 8)
    return f"usearch HNSW M=16 ef=64 ({dtype})", found, build_s, query_s, memory


def run_faiss(base: np.ndarray, queries: np.ndarray, batch: int, kind: str):
    faiss = importlib.import_module("faiss")
    faiss.omp_set_num_threads(1)
    d = base.shape[1]
    if kind == "flat":
        index, name = faiss.IndexFlatIP(d), "faiss IndexFlatIP (exact, float32)"
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(d, 16, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 200
        index.hnsw.efSearch = 64
        name = "faiss HNSWFlat M=16 ef=64 (float32)"
    else:
        lists = max(16, int(4 * np.sqrt(len(base))))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(d), d, lists, faiss.METRIC_INNER_PRODUCT)
        index.nprobe = 16
        name = f"faiss IVFFlat {lists} lists nprobe=16 (float32)"

    def build():
        if not index.is_trained:
            index.train(base)
        index.add(base)

    _, build_s = timed(build)
    found, query_s = timed(
        lambda: np.concatenate(
            [index.search(queries[i : i + batch], K)[1] for i in range(0, len(queries), batch)]
        )
    )
    memory = len(base) * d * 4 + (len(base) * 16 * 2 * 8 if kind == "hnsw" else 0)
    return name, found, build_s, query_s, memory


def wired(args, rng: np.random.Generator) -> None:
    """The route's own search, ANN file against exact (see the module's docstring)."""
    import shutil
    from pathlib import Path

    from copyhound.index import ann, vectors
    from copyhound.index.store import open_collection

    work = Path(args.wired)
    work.mkdir(parents=True, exist_ok=True)
    db = work / "wired.db"
    for leftover in work.glob("wired.db*"):
        leftover.unlink()
    shutil.copy(args.db, db)
    conn = sqlite3.connect(db)
    docs = [d for (d,) in conn.execute("SELECT doc_id FROM passage_vectors WHERE windows > 0")]
    rng.shuffle(docs)
    held, queries = [], []
    for doc in docs:
        windows, sc, v = conn.execute(
            "SELECT windows, scales, vectors FROM passage_vectors WHERE doc_id = ?", (doc,)
        ).fetchone()
        q = np.frombuffer(v, np.int8).reshape(windows, -1).astype(np.float32)
        queries.append(q * np.frombuffer(sc, np.float32)[:, None])
        held.append(doc)
        if sum(map(len, queries)) >= args.queries:
            break
    queries = np.concatenate(queries)[: args.queries]
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    marks = ",".join("?" * len(held))
    conn.execute(f"DELETE FROM passage_vectors WHERE doc_id IN ({marks})", held)
    conn.execute(f"DELETE FROM documents WHERE id IN ({marks})", held)
    stored, ndocs = conn.execute("SELECT SUM(windows), COUNT(*) FROM passage_vectors").fetchone()
    if args.pad:
        per_doc = max(1, round(stored / ndocs))
        base = np.concatenate([c.vectors for c in vectors.read_chunks(conn)])
        base_scales = np.concatenate([c.scales for c in vectors.read_chunks(conn)])
        template = conn.execute("SELECT * FROM documents LIMIT 1").fetchone()
        columns = [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
        # (Collections embedded by older versions have more columns: copied from a row.)
        vec_template = conn.execute("SELECT * FROM passage_vectors LIMIT 1").fetchone()
        vec_columns = [r[1] for r in conn.execute("PRAGMA table_info(passage_vectors)")]
        at = 0
        while at < args.pad:
            rows, docs_rows = [], []
            for _ in range(min(1000, (args.pad - at) // per_doc + 1)):
                pick = rng.integers(len(base), size=per_doc)
                noise = rng.normal(scale=0.02, size=(per_doc, base.shape[1]))
                extra = base[pick].astype(np.float32) * base_scales[pick, None] + noise
                extra /= np.linalg.norm(extra, axis=1, keepdims=True)
                q8, scales = vectors.quantise(extra)
                row = dict(zip(columns, template, strict=True))
                row.update(id=None, name=f"pad-{at}", sha256=at.to_bytes(8, "big"))
                docs_rows.append(tuple(row.values()))
                spans = np.zeros((per_doc, 2), dtype=np.uint32)
                rows.append((per_doc, spans.tobytes(), scales.tobytes(), q8.tobytes()))
                at += per_doc
            for doc_row, vec_row in zip(docs_rows, rows, strict=True):
                cur = conn.execute(
                    f"INSERT INTO documents VALUES ({','.join('?' * len(columns))})", doc_row
                )
                vec = dict(zip(vec_columns, vec_template, strict=True))
                vec.update(
                    zip(
                        ("doc_id", "windows", "spans", "scales", "vectors"),
                        (cur.lastrowid, *vec_row),
                        strict=True,
                    )
                )
                conn.execute(
                    f"INSERT INTO passage_vectors ({','.join(vec)}) "
                    f"VALUES ({','.join('?' * len(vec))})",
                    tuple(vec.values()),
                )
        stored, ndocs = conn.execute(
            "SELECT SUM(windows), COUNT(*) FROM passage_vectors"
        ).fetchone()
    conn.commit()
    conn.close()
    print(
        f"wired: {stored} stored windows ({ndocs} documents{', padded' if args.pad else ''}), "
        f"{len(queries)} query windows of {len(held)} held-out documents, "
        f"batches of {args.batch}, one thread"
    )
    if args.dtype:
        ann.DTYPE = args.dtype
    with open_collection(db) as coll:
        summary, build_s = timed(lambda: ann.update(coll, -1, [], []))
    size = ann.ann_path(db).stat().st_size
    print(
        f"  ANN file ({ann.DTYPE}, M={ann.CONNECTIVITY}): {summary.windows} windows, build "
        f"{build_s:.1f} CPU s ({build_s / summary.windows * 1e6:.0f} us/window), "
        f"{size / 1e6:.1f} MB ({size / summary.windows:.0f} bytes/window)"
    )
    # The queries are stored vectors, already on the collection's axes.
    vectors.stored_projection = lambda conn: None
    times = {True: 0.0, False: 0.0}
    found = {True: [], False: []}
    conn = sqlite3.connect(db)
    for first in range(0, len(queries), args.batch):
        q = queries[first : first + args.batch]
        spans = np.zeros((len(q), 2), dtype=np.int64)
        for approximate in (False, True):
            ann._MAPPED.clear()  # a CLI process maps the file for its one suspect
            hits, cpu = timed(
                lambda q=q, spans=spans, a=approximate: vectors.search(
                    conn, q, spans, limit=K, approximate=a
                )
            )
            times[approximate] += cpu
            found[approximate].append([h.doc_id for h in hits])
    suspects = len(found[True])
    ann._MAPPED.clear()
    _, open_s = timed(lambda: ann.open_index(conn))
    print(f"  mapping the file (in the ANN figure below): {open_s * 1000:.1f} CPU ms")
    first_same = np.mean([a[:1] == e[:1] for a, e in zip(found[True], found[False], strict=True)])
    print(
        f"  per suspect: exact {times[False] / suspects * 1000:.1f} CPU ms, through the file "
        f"{times[True] / suspects * 1000:.1f} CPU ms; documents recall@10 "
        f"{recall(found[True], found[False]):.3f}, same first document "
        f"{first_same:.3f} ({suspects} suspects)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument(
        "--pad",
        type=int,
        default=0,
        help="Add this many synthetic windows (stored ones plus noise) to see growth.",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--wired", metavar="DIR", help="Time the route's own search (see above).")
    ap.add_argument(
        "--dtype", default="", help="With --wired: the file's vectors (default: index.ann's)."
    )
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # CPU time of spinning BLAS threads would count against numpy
    if args.wired:
        wired(args, np.random.default_rng(args.seed))
        return
    q8, scales, doc_ids, docs = load(args.db)
    rng = np.random.default_rng(args.seed)
    held = rng.choice(len(q8), size=min(args.queries, len(q8) // 10), replace=False)
    mask = np.ones(len(q8), dtype=bool)
    mask[held] = False
    queries = q8[held].astype(np.float32) * scales[held, None]
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    base8, base_scales = q8[mask], scales[mask]
    if args.pad:
        pick = rng.integers(len(base8), size=args.pad)
        noise = rng.normal(scale=0.02, size=(args.pad, q8.shape[1]))
        extra = base8[pick].astype(np.float32) * base_scales[pick, None] + noise
        extra /= np.linalg.norm(extra, axis=1, keepdims=True)
        scale = np.abs(extra).max(axis=1) / 127
        base8 = np.concatenate([base8, np.rint(extra / scale[:, None]).astype(np.int8)])
        base_scales = np.concatenate([base_scales, scale.astype(np.float32)])
    base = base8.astype(np.float32) * base_scales[:, None]
    n = len(base)
    per_doc = len(q8) / max(docs, 1)
    print(
        f"{n} windows ({docs} documents, {per_doc:.2f} windows each{', padded' if args.pad else ''}"
        f"), {len(queries)} held-out query windows in batches of {args.batch}, one thread"
    )
    truth, exact_s = timed(lambda: exact_int8(base8, base_scales, queries, K))
    per_batch = len(queries) / args.batch
    rows = [("exact numpy int8 (the route)", truth, 0.0, exact_s, n * (q8.shape[1] + 4))]
    runners = [
        ("hnswlib", lambda: run_hnswlib(base, queries, args.batch)),
        ("usearch", lambda: run_usearch(base, queries, args.batch, "f32")),
        ("usearch", lambda: run_usearch(base, queries, args.batch, "f16")),
        ("usearch", lambda: run_usearch(base, queries, args.batch, "i8")),
        ("faiss", lambda: run_faiss(base, queries, args.batch, "flat")),
        ("faiss", lambda: run_faiss(base, queries, args.batch, "hnsw")),
        ("faiss", lambda: run_faiss(base, queries, args.batch, "ivf")),
    ]
    missing = set()
    for module, run in runners:
        try:
            rows.append(run())
        except ImportError:
            missing.add(module)
    print(
        f"{'method':45} {'recall@10':>9} {'build s':>8} {'build us/vec':>12} "
        f"{'ms/suspect':>10} {'MB':>7}"
    )
    for name, found, build_s, query_s, memory in rows:
        print(
            f"{name:45} {recall(np.asarray(found), truth):9.3f} {build_s:8.1f} "
            f"{build_s / n * 1e6:12.0f} {query_s / per_batch * 1000:10.1f} {memory / 1e6:7.1f}"
        )
    if missing:
        print(
            "skipped (not installed): "
            + ", ".join(sorted(missing))
            + "; pip install 'copyhound[ann-benchmark]'"
        )
    # Projection: exact search is linear in the windows; HNSW queries grow about with log n,
    # its build linearly (times log n) at the measured rate per vector.
    print("projection (per 5,000-word suspect, one thread):")
    for target in (100_000, 1_000_000):
        windows = target * per_doc
        exact = exact_s / per_batch * windows / n
        line = (
            f"  {target:,} documents, {windows / 1e6:.2f} M windows: exact int8 "
            f"{exact * 1000:,.0f} ms, {windows * (q8.shape[1] + 4) / 1e9:.2f} GB"
        )
        for name, _found, build_s, query_s, memory in rows[1:]:
            if "HNSW" in name:
                grow = np.log(windows) / np.log(n)
                line += (
                    f"; {name.split(' ')[0]} {name.split('(')[-1][:-1]}: query "
                    f"{query_s / per_batch * grow * 1000:.1f} ms, build "
                    f"{build_s / n * windows * grow / 3600:.1f} h, "
                    f"{memory / n * windows / 1e9:.2f} GB"
                )
        print(line)


if __name__ == "__main__":
    main()

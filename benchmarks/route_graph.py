"""How much of the semantic route's ranking survives a sparser HNSW graph (fewer bytes a
window): the route's first 10 documents through a usearch graph of the collection's stored
windows (on its first ``--dims`` principal axes, int8 as ``index embed`` gives them) against
the exact search's, for pan13 03/04 suspects.

    python benchmarks/route_graph.py DB --dims 192 --graph 16,32,30 --graph 8,128,45

Each ``--graph M,K,R``: connectivity M, K nearest windows asked per suspect window, the
first R documents they belong to rescored exactly (the route asks 32 and rescores 30 for
its 10).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time

import numpy as np
from route_variants import queries
from threadpoolctl import threadpool_limits

from copyhound.index import ann
from copyhound.index.vectors import query_vectors, read_chunks, stored_projection
from copyhound.model import Document


def _first_docs(sims: np.ndarray, rows: np.ndarray, doc: np.ndarray, limit: int = 10) -> list:
    out: list[int] = []
    for r in np.argsort(-sims, kind="stable"):
        d = int(doc[rows[r]])
        if d not in out:
            out.append(d)
        if len(out) >= limit:
            break
    return out


def main() -> None:
    from usearch.index import Index

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("--dims", type=int, default=256)
    ap.add_argument("--suspects", type=int, default=80)
    ap.add_argument("--graph", action="append", default=[], help="M,K,R (repeatable)")
    args = ap.parse_args()
    threadpool_limits(1)
    conn = sqlite3.connect(args.db)
    chunks = list(read_chunks(conn, graph=ann.open_index(conn)))
    vec = np.concatenate([c.vectors.astype(np.float32) * c.scales[:, None] for c in chunks])
    doc = np.concatenate([c.doc_ids for c in chunks])
    mean = vec.mean(0)
    _, _, axes = np.linalg.svd(vec[::5] - mean, full_matrices=False)

    def project(v: np.ndarray) -> np.ndarray:
        out = (v - mean) @ axes[: args.dims].T
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    q8 = ann.as_int8(project(vec))
    base = q8.astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    stored = stored_projection(conn)
    suspects = [q for q in queries(0) if q[0] in ("03", "04")][: args.suspects]
    qv = []
    for _, _, text, _ in suspects:
        v, _ = query_vectors(Document(text, name="q"))
        qv.append(project(stored.apply(v) if stored else v))
    everything = np.arange(len(base))
    exact = [_first_docs((base @ v.T).max(1), everything, doc) for v in qv]
    for spec in args.graph or ["16,32,30"]:
        m, k, r = (int(x) for x in spec.split(","))
        index = Index(ndim=args.dims, metric="cos", dtype="i8", connectivity=m, expansion_add=128)
        t = time.process_time()
        index.add(everything.astype(np.uint64), q8, threads=1)
        build = time.process_time() - t
        with tempfile.TemporaryDirectory() as tmp:
            index.save(os.path.join(tmp, "g.usearch"))
            size = os.path.getsize(os.path.join(tmp, "g.usearch"))
        recall, spent = [], 0.0
        for v, want in zip(qv, exact, strict=True):
            t = time.process_time()
            found = index.search(ann.as_int8(v), k, threads=1)
            keys = np.asarray(found.keys).ravel()
            dist = np.asarray(found.distances).ravel()
            ok = keys < len(base)
            keys, dist = keys[ok], dist[ok]
            near: list[int] = []
            for key in keys[np.argsort(dist, kind="stable")]:
                if int(doc[key]) not in near:
                    near.append(int(doc[key]))
                if len(near) >= r:
                    break
            rows = np.flatnonzero(np.isin(doc, near))
            got = _first_docs((base[rows] @ v.T).max(1), rows, doc)
            spent += time.process_time() - t
            recall.append(len(set(got) & set(want)) / len(want))
        print(
            f"{args.dims} axes, M={m}, {k} neighbours, {r} documents rescored: "
            f"{size / len(base):.1f} B/window, build {build / len(base) * 1e6:.0f} us/window, "
            f"documents recall@10 {np.mean(recall):.3f} over {len(qv)} suspects, "
            f"{spent / len(qv) * 1000:.1f} ms/suspect",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""How small can the passage vectors get? The semantic route's recall with the stored int8
vectors and with smaller variants made from them offline (no re-embedding).

For each query set (P4P paraphrases and xl-en-es English passages, whose sources are indexed
as files by ``retrieval.py --semantic-route``; pan13 03 and 04 suspects) the suspect's windows
are embedded once and the route's first ``--top`` documents are compared with the true
sources ("source among the route's top 10", the route alone, before alignment). Variants:

- ``stored``: as stored (``index embed``; queries projected on the stored axes): 4 bytes
  more than its dimensions a window (256 dimensions: 260 bytes);
- ``pca-256`` / ``pca-192`` / ``pca-128``: projected on the principal axes of the stored
  vectors, renormalised, int8 (on 256-dimension vectors, ``pca-256`` is the stored set
  re-centred and ``pca-192``/``pca-128`` keep its first axes);
- with ``--more``: ``bits``, the sign of each dimension, cosine of the signs; ``pairs``, two
  neighbouring windows of a document averaged (an approximation of 200-word windows: half
  the vectors; slow past a few thousand documents).

The stored vectors should be whole (512 dimensions: a collection embedded before the
principal axes, or whose first embed was too small to fit them); on 256-dimension vectors the
variants are of those.

    python benchmarks/route_variants.py /tmp/retr16/w/route-1000.db --limit 60

Vectors moved into the collection's ANN file (``index.ann``) are read from it.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

import numpy as np

from copyhound.evaluate.split import part_of as split_part
from copyhound.index import ann
from copyhound.index.vectors import query_vectors, read_chunks, stored_projection
from copyhound.model import Document

PAN = Path("../shared/data/pan13-dev")
P4P = Path("../shared/data/p4p-dev")
XL = Path("../shared/data/xl-en-es")


def p4p_part(pair_id: str) -> str:
    import hashlib

    digest = hashlib.sha1(f"12:{pair_id}".encode()).digest()  # benchmarks/p4p.py's split
    return "tune" if digest[0] % 2 == 0 else "check"


def queries(limit: int) -> list[tuple[str, str, str, set[str]]]:
    """(set, part, text, names of the true sources)."""
    out = []
    for line in (P4P / "pairs.jsonl").read_text().splitlines()[: limit or None]:
        r = json.loads(line)
        out.append(("P4P", p4p_part(r["id"]), r["suspect"], {f"p4p-src-{r['id']}.txt"}))
    for line in (XL / "pairs.jsonl").read_text().splitlines()[: limit or None]:
        r = json.loads(line)
        out.append(("xl-en-es", split_part(r["id"]), r["en_text"], {f"xl-es-{r['id']}.txt"}))
    for folder in ("03-random-obfuscation", "04-translation-obfuscation"):
        truth: dict[str, set[str]] = defaultdict(set)
        for ln in (PAN / folder / "pairs").read_text().split("\n"):
            if ln.strip():
                s, src = ln.split()
                truth[s].add(src)
        for s in sorted(truth)[: limit or None]:
            text = (PAN / "susp" / s).read_text(encoding="utf-8")
            out.append((folder[:2], split_part(s), text, truth[s]))
    return out


def quantise(v: np.ndarray) -> np.ndarray:
    scale = np.abs(v).max(axis=1, keepdims=True) / 127
    return np.rint(v / np.maximum(scale, 1e-12)) * scale


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--more", action="store_true", help="Also the bits and pairs variants.")
    args = ap.parse_args()
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    conn = sqlite3.connect(args.db)
    chunks = list(read_chunks(conn, graph=ann.open_index(conn)))
    projection = stored_projection(conn)
    vec = np.concatenate([c.vectors.astype(np.float32) * c.scales[:, None] for c in chunks])
    doc = np.concatenate([c.doc_ids for c in chunks])
    names = dict(conn.execute("SELECT id, name FROM documents"))
    base_names = {i: Path(n).name for i, n in names.items()}
    mean = vec.mean(axis=0)
    _, _, axes = np.linalg.svd(vec - mean, full_matrices=False)
    dims = vec.shape[1]
    variants = {
        "stored": (lambda q: q, vec, doc, dims + 4),
        "pca-256": (lambda q: unit((q - mean) @ axes[:256].T), None, doc, min(dims, 256) + 4),
        "pca-192": (lambda q: unit((q - mean) @ axes[:192].T), None, doc, 196),
        "pca-128": (lambda q: unit((q - mean) @ axes[:128].T), None, doc, 132),
    }
    if args.more:
        # Neighbouring windows of one document averaged (odd last window kept alone).
        pair_vec, pair_doc = [], []
        for d in np.unique(doc):
            rows = vec[doc == d]
            for k in range(0, len(rows), 2):
                pair_vec.append(rows[k : k + 2].mean(axis=0))
                pair_doc.append(d)
        pair_vec = unit(np.array(pair_vec))
        variants["bits"] = (lambda q: np.sign(q), np.sign(vec), doc, dims // 8)
        variants["pairs"] = (lambda q: q, quantise(pair_vec), np.array(pair_doc), (dims + 4) / 2)
    stored = {}
    for name, (project, base, docs, _) in variants.items():
        stored[name] = (quantise(project(vec)) if base is None else base, docs)
    hits: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for what, part, text, truth in queries(args.limit):
        q, _ = query_vectors(Document(text, name="q"))
        if projection is not None:
            q = projection.apply(q)
        for name, (project, _b, _d, _) in variants.items():
            base, docs = stored[name]
            sims = (base @ project(q).T).max(axis=1)
            order = np.argsort(-sims)
            seen: list[int] = []
            for r in order:
                if docs[r] not in seen:
                    seen.append(int(docs[r]))
                if len(seen) >= args.top:
                    break
            found = any(base_names[d] in truth for d in seen)
            for p in (part, "all"):
                h = hits[(what, name, p)]
                h[0] += 1
                h[1] += found
    print(f"true source among the route's first {args.top} documents ({len(vec)} windows)")
    for (what, name, part), (n, found) in sorted(hits.items()):
        size = variants[name][3]
        print(f"  {what:9} {name:9} {size:5.0f} B/window {part:5} {found / n:6.1%} of {n}")


if __name__ == "__main__":
    main()

"""How should the semantic route rank its documents? Records, for every pan13 03/04 query of
``retrieval.py``'s quality pass, each candidate document's best cosine with every suspect
window (the windows the route searched, the documents the ANN file proposes, scored exactly)
and each suspect window's hub score, then compares rankings offline: best cosine, best
cosine less the hub score (CSLS, what ``vectors.search`` does), the two best suspect windows
summed, and both. Counted: pairs whose true source is no lexical candidate, with the source
among the route's first N documents, per part (tune / check).

    python benchmarks/route_rank.py record DB out.jsonl --limit 60
    python benchmarks/route_rank.py evaluate out.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from copyhound.evaluate.split import part_of
from copyhound.index import ann
from copyhound.index import retrieve as R
from copyhound.index import vectors as V

PAN = Path("../shared/data/pan13-dev")
FOLDERS = ("03-random-obfuscation", "04-translation-obfuscation")
NS = (3, 5, 8, 10, 15, 20, 30)


def record(db: Path, out: Path, limit: int) -> None:
    from retrieval import ALL_FOLDERS, ROUTE_TOP, quality

    sink = out.open("a", encoding="utf-8")
    current: dict[str, str] = {}
    names: dict[int, str] = {}
    semantic_sources, search = R.semantic_sources, V.search

    def recorded_sources(collection, suspect, *a, **k):
        current["name"] = Path(suspect.document.name).name
        return semantic_sources(collection, suspect, *a, **k)

    def recorded_search(conn, query, spans, limit=10, exclude=frozenset(), **k):
        hits = search(conn, query, spans, limit, exclude, **k)
        if not names:
            names.update(
                (i, Path(n).name) for i, n in conn.execute("SELECT id, name FROM documents")
            )
        line = {"s": current["name"], "excl": [names[d] for d in exclude if d in names]}
        line.update(_scores(conn, query, exclude, names))
        sink.write(json.dumps(line) + "\n")
        sink.flush()
        return hits

    R.semantic_sources, V.search = recorded_sources, recorded_search
    for part in ("tune", "check"):
        res = quality(
            db, PAN, 20, semantic=True, limit=limit, folders=ALL_FOLDERS[1:3],
            semantic_top=ROUTE_TOP, part=part,
        )  # fmt: skip
        for folder, r in res.items():
            print(part, folder, f"reported {r['reported']:.1%}", flush=True)


def _scores(conn, query: np.ndarray, exclude, names: dict[int, str], docs: int = 300) -> dict:
    """Each suspect window's hub score, and the best cosine of each of the ``docs`` documents
    the file puts nearest (less those in ``exclude``) with every suspect window."""
    if len(query) == 0:
        return {"hub": [], "docs": {}}
    projection = V.stored_projection(conn)
    q = projection.apply(query) if projection is not None else query
    graph = ann.open_index(conn)
    found = graph.search(ann.as_int8(q), 256, threads=1)
    keys = np.asarray(found.keys).reshape(len(q), -1)
    cos = 1.0 - np.asarray(found.distances).reshape(len(q), -1)
    best: dict[int, float] = {}
    for d, c in zip(ann.docs_of(keys).ravel(), cos.ravel(), strict=True):
        if int(d) not in exclude and c > best.get(int(d), -9.0):
            best[int(d)] = float(c)
    chosen = sorted(best, key=lambda d: -best[d])[:docs]
    marks = ",".join(map(str, chosen)) or "NULL"
    rows = conn.execute(
        f"SELECT doc_id, windows, scales FROM passage_vectors WHERE doc_id IN ({marks})"
    ).fetchall()
    per = {}
    for d, windows, scales in rows:
        v = ann.file_vectors(graph, d, windows)
        if v is not None:
            sims = (v.astype(np.float32) * np.frombuffer(scales, np.float32)[:, None]) @ q.T
            per[names[d]] = [round(float(x), 4) for x in sims.max(axis=0)]
    return {"hub": [round(float(x), 4) for x in ann.hub_of(cos)], "docs": per}


def rankings(line: dict) -> dict[str, list[str]]:
    hub, names = np.array(line["hub"]), list(line["docs"])
    methods = ("best cosine", "less hub (CSLS)", "two best summed", "CSLS, two best")
    if not names:
        return {m: [] for m in methods}
    m = np.array([line["docs"][n] for n in names])
    c = m - hub[None, :]

    def two(x: np.ndarray) -> np.ndarray:
        x = -np.sort(-x, axis=1)
        return x[:, :2].sum(axis=1) if x.shape[1] > 1 else x[:, 0]

    scores = (m.max(axis=1), c.max(axis=1), two(m), two(c))
    return {
        k: [names[i] for i in np.argsort(-s, kind="stable")]
        for k, s in zip(methods, scores, strict=True)
    }


def evaluate(path: Path) -> None:
    lines = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = json.loads(raw)
        lines[line["s"]] = line
    counts: dict[tuple, dict[str, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0] * len(NS))
    )
    pairs: dict[tuple, int] = defaultdict(int)
    for folder in FOLDERS:
        for raw in (PAN / folder / "pairs").read_text().splitlines():
            if not raw.strip():
                continue
            suspect, source = raw.split()
            line = lines.get(suspect)
            if line is None or source in line["excl"]:
                continue
            key = (folder[:2], part_of(suspect))
            pairs[key] += 1
            for method, ranked in rankings(line).items():
                for k, n in enumerate(NS):
                    counts[key][method][k] += source in ranked[:n]
    for key in sorted(pairs):
        print(
            f"{key[0]} {key[1]}: {pairs[key]} pairs whose source is no lexical candidate; "
            f"source among the route's first N = {', '.join(map(str, NS))}"
        )
        for method, row in counts[key].items():
            print(f"  {method:16} " + " ".join(f"{x:3d}" for x in row))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("db", type=Path)
    rec.add_argument("out", type=Path)
    rec.add_argument("--limit", type=int, default=60)
    ev = sub.add_parser("evaluate")
    ev.add_argument("path", type=Path)
    args = ap.parse_args()
    if args.command == "record":
        record(args.db, args.out, args.limit)
    else:
        evaluate(args.path)


if __name__ == "__main__":
    main()

"""Where do the sources retrieval misses rank? For each pan13 03/04 pair of a part (tune or
check), the true source's place in the lexical fingerprint ranking (the whole ranking, before
the cut to the re-ranked pool), the fingerprints it shares with the suspect against the first
documents', whether ``select`` chooses it from a pool of 60 and of larger pools, and its place
among the semantic route's documents (all the suspect's windows searched, the lexical
candidates left out, CSLS order as ``vectors.search``).

    python benchmarks/retrieval_misses.py DB --part tune [--limit 60] [--pools 60,120,240]

Rows are printed for the pairs whose source is among no candidate (neither chosen from the
pool of 60 nor among the route's first 10); a summary follows for every pair.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import replace
from pathlib import Path

from copyhound.engine.pipeline import Prepared
from copyhound.evaluate.split import in_part
from copyhound.index.retrieve import RetrievalSettings, rank, select, verify
from copyhound.index.store import open_collection
from copyhound.read.documents import read_document
from copyhound.seed.fingerprint import query_hashes
from copyhound.seed.ngrams import SortedHashes

PAN = Path("../shared/data/pan13-dev")
FOLDERS = ("03-random-obfuscation", "04-translation-obfuscation")
ROUTE_TOP = 10


def pairs_of(data: Path, folder: str, part: str, limit: int) -> list[tuple[str, str]]:
    rows = [ln.split() for ln in (data / folder / "pairs").read_text().split("\n") if ln]
    rows = [(s, src) for s, src in rows if in_part(s, part)]
    return rows[:limit] if limit else rows


def place(names: list[str], name: str) -> int | None:
    """1-based place of ``name`` in ``names`` (None: absent)."""
    return names.index(name) + 1 if name in names else None


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--data", type=Path, default=PAN)
    ap.add_argument("--part", default="tune")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--pools", default="60,120,240")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--no-route", action="store_true")
    ap.add_argument(
        "--stride", type=int, default=0, help="Query windows every N words (0: the default)."
    )
    ap.add_argument(
        "--window-words", type=int, default=0, help="Query windows of N words (0: the default)."
    )
    args = ap.parse_args(argv)
    pools = [int(p) for p in args.pools.split(",")]
    base = RetrievalSettings(top=args.top)
    with open_collection(args.db) as coll:
        name_of = {info.id: Path(info.name).name for info in coll.documents()}
        cache: dict[str, dict] = {}
        summary: dict[str, Counter] = {}
        for folder in FOLDERS:
            tally = summary.setdefault(folder, Counter())
            for susp, src in pairs_of(args.data, folder, args.part, args.limit):
                if susp not in cache:
                    path = args.data / "susp" / susp
                    use_route = not args.no_route
                    cache[susp] = query(
                        coll, path, base, pools, name_of, use_route, args.stride, args.window_words
                    )
                q = cache[susp]
                fp = place(q["order"], src)
                shared = q["shared"].get(src, 0)
                chosen = {p: src in q["chosen"][p] for p in pools}
                route = place(q["route"], src) if q["route"] is not None else None
                tally["pairs"] += 1
                for p in pools:
                    tally[f"in pool {p}"] += fp is not None and fp <= p
                    tally[f"chosen from {p}"] += chosen[p]
                tally["route top 10"] += route is not None and route <= ROUTE_TOP
                tally["route top 30"] += route is not None and route <= 30
                found = chosen[pools[0]] or (route is not None and route <= ROUTE_TOP)
                tally["candidate (60 + route 10)"] += found
                if found:
                    continue
                top_shared = [q["shared"][n] for n in q["order"][:5]]
                print(
                    f"{folder[:2]} {susp} {src}: fingerprint rank {fp}, shares {shared} "
                    f"(score {q['score'].get(src, 0):.0f}; first 5 share {top_shared}, "
                    f"60th score {q['cut_score']:.0f}); run {q['verified'].get(src)}; "
                    + ", ".join(f"chosen from {p}: {chosen[p]}" for p in pools)
                    + f"; route place {route}",
                    flush=True,
                )
            print(
                f"[{args.part} {folder}] " + ", ".join(f"{k} {v}" for k, v in tally.items()),
                flush=True,
            )
    for folder, tally in summary.items():
        n = max(tally["pairs"], 1)
        print(
            f"{args.part} {folder}: "
            + ", ".join(f"{k} {v / n:.1%}" for k, v in tally.items() if k != "pairs")
            + f" ({tally['pairs']} pairs)"
        )


def query(
    coll,
    path: Path,
    base: RetrievalSettings,
    pools,
    name_of,
    route: bool,
    stride: int = 0,
    words: int = 0,
) -> dict:
    doc = read_document(path)
    prepared = Prepared.of(doc)
    hashes, positions = query_hashes(prepared.tokens, coll.settings)
    ranked = list(rank(coll, hashes, positions, base))
    order = [name_of[d] for d, _, _ in ranked]
    shared = {name_of[d]: s for d, _, s in ranked}
    score = {name_of[d]: sc for d, sc, _ in ranked}
    grams = SortedHashes.of_ngrams(prepared.tokens, coll.settings.ngram)
    pool = []
    for doc_id, sc, sh in ranked[: max(pools)]:
        stored = coll.document(doc_id)
        if stored is None:
            continue
        pool.append(verify(grams, doc_id, stored, sc, sh, coll.settings.ngram))
    chosen = {}
    for p in pools:
        picked = select(pool[:p], replace(base, rerank=p))
        chosen[p] = {name_of[c.doc_id] for c, _ in picked}
    lexical_ids = {c.doc_id for c, _ in select(pool[: pools[0]], base)}
    out = {
        "order": order,
        "shared": shared,
        "score": score,
        "cut_score": ranked[min(len(ranked), pools[0]) - 1][1] if ranked else 0.0,
        "verified": {name_of[c.doc_id]: c.verified for c, _ in pool},
        "chosen": chosen,
        "route": None,
    }
    if route:
        from copyhound.index.vectors import (
            QUERY_STRIDE,
            QUERY_WINDOW_WORDS,
            embed_windows,
            search,
            window_spans,
        )

        spans = window_spans(doc.match_text, words or QUERY_WINDOW_WORDS, stride or QUERY_STRIDE)
        vectors = embed_windows(doc.match_text, spans)
        hits = search(coll.conn, vectors, spans, 40, exclude=lexical_ids)
        out["route"] = [name_of[h.doc_id] for h in hits]
    return out


if __name__ == "__main__":
    main()

"""Retrieval benchmark: quality, indexing speed, query time and index size as a collection grows.

Builds collections of the pan13-dev sources plus the first N generated distractors (see
distractors.py) for each N in --sizes, each one by adding to a copy of the previous one (so the
bigger builds also exercise incremental adds), then for each collection prints:

- indexing speed (MB of text per second, the add step only) and size on disk vs the text;
- query time for 5,000-word suspects: retrieval + alignment of the top candidates, measured
  in a fresh process each (imports excluded: what a `check --index` command costs beyond
  starting Python), in this process with a fresh connection each ("cold": segments read and
  decoded again, but caches and freed memory warm) and on one connection ("warm");
- retrieval quality over the pan13-dev 02 and 03 pairs (largest size, and any size with
  --quality-all): is the true source among the sources reported (a passage aligned), among
  the top 5 candidates, and among the first 60 by fingerprints (the pool re-ranked: what
  ranking alone can reach).

    nice -n 10 python benchmarks/retrieval.py --distractors /tmp/bench5/distractors \
        --work /tmp/bench5 --sizes 1000,10000,100000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from itertools import islice
from pathlib import Path

from copyhound.api import PairAligner
from copyhound.cli.options import semantic_settings
from copyhound.engine.pipeline import Prepared, Settings
from copyhound.evaluate.split import in_part
from copyhound.filter.overlaps import FilterSettings
from copyhound.index.retrieve import RetrievalSettings, check_against_collection, rank
from copyhound.index.store import open_collection
from copyhound.model import Document
from copyhound.normalise.tokens import tokenize
from copyhound.read.documents import expand_paths, read_document
from copyhound.seed.fingerprint import FingerprintSettings, query_hashes

FOLDERS = ("02-no-obfuscation", "03-random-obfuscation")
#: The pool re-ranked (``RetrievalSettings.rerank``).
POOL = RetrievalSettings().rerank
#: ``RetrievalSettings`` fields set by ``--setting name=value`` (variants of the defaults).
VARIANT: dict[str, object] = {}


def settings_with(**kw: object) -> RetrievalSettings:
    """``RetrievalSettings`` with ``kw`` and the ``--setting`` variants (those win)."""
    return RetrievalSettings(**{**kw, **VARIANT})  # type: ignore[arg-type]


ALL_FOLDERS = (*FOLDERS, "04-translation-obfuscation", "05-summary-obfuscation")


def build(
    db: Path, previous: Path | None, paths: list[Path], jobs: int, window: int
) -> dict[str, float]:
    if previous is not None:
        shutil.copyfile(previous, db)
    with open_collection(db, create=True, settings=FingerprintSettings(window=window)) as coll:
        summary = coll.add_paths(paths, jobs=jobs)
        stats = coll.stats()
    return {
        "added": len(summary.added),
        "mb": summary.bytes / 1e6,
        "seconds": summary.seconds,
        "mb_per_s": summary.bytes / 1e6 / summary.seconds if summary.seconds else 0.0,
        **stats,
    }


def long_suspects(susp_dir: Path, count: int, words: int = 5000) -> list[Document]:
    """Suspects of exactly ``words`` words: pan13 suspects joined end to end, then cut."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(susp_dir.glob("*.txt"))]
    out = []
    k = 0
    while len(out) < count and k < len(texts):
        text = ""
        while k < len(texts):
            text += texts[k] + "\n"
            k += 1
            toks = tokenize(text)
            if len(toks) >= words:
                text = text[: int(toks.ends[words - 1])]
                break
        out.append(Document(text=text, name=f"suspect-{len(out):02d}.txt"))
    return out


#: One query in a fresh interpreter, timed after its imports: what `copyhound check --index`
#: costs beyond starting Python (its caches, such as word ids, start empty too).
_ONE_QUERY = """
import resource, sys, time
from copyhound.index.retrieve import RetrievalSettings, check_against_collection
from copyhound.index.store import open_collection
from copyhound.model import Document
db, path, top = sys.argv[1], sys.argv[2], int(sys.argv[3])
doc = Document(text=open(path, encoding="utf-8").read(), name="suspect.txt")
start, cpu = time.perf_counter(), time.process_time()
with open_collection(db) as coll:
    check_against_collection(doc, coll, retrieval=RetrievalSettings(top=top))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(time.perf_counter() - start, time.process_time() - cpu, rss)
"""


def process_times(db: Path, suspects: list[Document], top: int) -> list[tuple[float, float, float]]:
    """``(wall s, CPU s, peak RSS bytes)`` of each suspect's query in a fresh process
    (imports excluded from the times; the RSS is the whole process's peak)."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for doc in suspects:
            path = Path(tmp) / doc.name
            path.write_text(doc.text, encoding="utf-8")
            args = [sys.executable, "-c", _ONE_QUERY, str(db), str(path), str(top)]
            done = subprocess.run(args, capture_output=True, text=True, check=True)
            wall, cpu, rss = done.stdout.split()[-3:]
            out.append((float(wall), float(cpu), float(rss)))
    return out


def query_times(db: Path, suspects: list[Document], top: int) -> dict[str, float]:
    """Query times: in a fresh process each ("process"), in this process with a fresh
    connection each ("cold": word-id caches and freed memory already warm), and on one
    connection ("warm")."""
    process = process_times(db, suspects, top)
    cold, warm, warm_cpu, retrieval_only = [], [], [], []
    settings = settings_with(top=top)
    for doc in suspects:
        start = time.perf_counter()
        with open_collection(db) as coll:
            check_against_collection(doc, coll, retrieval=settings)
        cold.append(time.perf_counter() - start)
    with open_collection(db) as coll:
        from copyhound.index.retrieve import find_candidates

        for doc in suspects:
            start, cpu = time.perf_counter(), time.process_time()
            check_against_collection(doc, coll, retrieval=settings)
            warm.append(time.perf_counter() - start)
            warm_cpu.append(time.process_time() - cpu)
            start = time.perf_counter()
            find_candidates(coll, doc, settings)
            retrieval_only.append(time.perf_counter() - start)
    return {
        "process_median": statistics.median([p[0] for p in process]),
        "process_max": max(p[0] for p in process),
        "process_cpu_median": statistics.median([p[1] for p in process]),
        "process_peak_rss": max(p[2] for p in process),
        "cold_median": statistics.median(cold),
        "warm_median": statistics.median(warm),
        "warm_cpu_median": statistics.median(warm_cpu),
        "retrieval_median": statistics.median(retrieval_only),
        "cold_max": max(cold),
    }


def quality(
    db: Path,
    data: Path,
    top: int,
    semantic: bool = False,
    limit: int = 0,
    folders: tuple[str, ...] = FOLDERS,
    semantic_top: int = 0,
    part: str = "all",
) -> dict[str, dict[str, float]]:
    """Retrieval quality over the 02 and 03 pairs (the first ``limit`` of each; 0: all) of
    the suspects in ``part`` (``evaluate.split``: tune, check or all); ``semantic_top``:
    candidates of the semantic route (``check --index --semantic``)."""
    truth: dict[str, set[str]] = defaultdict(set)
    for folder in ALL_FOLDERS:
        for line in (data / folder / "pairs").read_text().split("\n"):
            if line.strip():
                susp, src = line.split()
                truth[susp].add(src)
    results: dict[str, dict[str, float]] = {}
    cache: dict[str, tuple[list[str], set[str], set[str]]] = {}
    settings = Settings()
    # As `check --index` (and with --semantic, `check --index --semantic`) aligns candidates.
    aligner = PairAligner(
        settings, semantic_settings(semantic, "normal", FilterSettings().min_chars)
    )
    with open_collection(db) as coll:
        name_of = {info.id: Path(info.name).name for info in coll.documents()}
        for folder in folders:
            pairs = [ln.split() for ln in (data / folder / "pairs").read_text().split("\n") if ln]
            pairs = [p for p in pairs if in_part(p[0], part)]
            pairs = pairs[:limit] if limit else pairs
            reported = top5 = clean5 = no_distractor_ahead = in_pool = 0
            for susp, src in pairs:
                if susp not in cache:
                    doc = read_document(data / "susp" / susp)
                    found = check_against_collection(
                        doc,
                        coll,
                        retrieval=settings_with(top=top, semantic_top=semantic_top),
                        aligner=aligner,
                    )
                    ranked = [Path(c.name).name for c in found.candidates]
                    with_passages = {Path(m.source).name for m in found.report.matches}
                    hashes, positions = query_hashes(Prepared.of(doc).tokens, coll.settings)
                    first = islice(rank(coll, hashes, positions, RetrievalSettings()), POOL)
                    pool = {name_of[doc_id] for doc_id, _, _ in first}
                    cache[susp] = (ranked, with_passages, pool)
                    _dump(folder, susp, found, truth[susp])
                ranked, with_passages, pool = cache[susp]
                reported += src in with_passages
                in_pool += src in pool
                if src in ranked:
                    place = ranked.index(src)
                    ahead = ranked[:place]
                    top5 += place < 5
                    # Candidates ahead that are not sources of this suspect (listed or verified
                    # by alignment: the PAN sample lists only part of each suspect's sources).
                    false_ahead = [
                        n
                        for n in ahead
                        if n not in truth[susp]
                        and not (n.startswith("source-") and n in with_passages)
                    ]
                    clean5 += len(false_ahead) < 5
                    no_distractor_ahead += not any(n.startswith("distractor-") for n in ahead)
            n = len(pairs)
            suspects = {susp for susp, _ in pairs}
            # Generated distractors a passage was aligned with (word-pair walks keep some runs
            # of their sources verbatim, so a suspect copying a source shares them too).
            with_distractors = sum(
                sum(s.startswith("distractor-") for s in cache[susp][1]) for susp in suspects
            )
            results[folder] = {
                "pairs": n,
                "distractors_reported": with_distractors / len(suspects),
                "reported": reported / n,
                "top5": top5 / n,
                "top5_among_non_sources": clean5 / n,
                "no_distractor_ahead": no_distractor_ahead / n,
                "in_pool": in_pool / n,
            }
    return results


def _dump(what: str, suspect: str, found, truth: set[str]) -> None:
    """With ``ROUTE_DUMP`` set, one JSON line per query: its candidates (with the route's
    cosines), the sources reported and the true ones (to study the route offline)."""
    path = os.environ.get("ROUTE_DUMP")
    if not path:
        return
    line = {
        "set": what,
        "suspect": suspect,
        "truth": sorted(truth),
        "candidates": [c.to_dict() for c in found.candidates],
        "reported": sorted({m.source for m in found.report.matches}),
    }
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(line) + "\n")


def _print_build(size: int, sources: int, b: dict[str, float]) -> None:
    print(
        f"[{size} distractors + {sources} sources] added {b['added']} docs, "
        f"{b['mb']:.0f} MB in {b['seconds']:.1f}s = {b['mb_per_s']:.2f} MB/s; "
        f"file {b['file_bytes'] / 1e6:.1f} MB = {b['file_bytes'] / b['text_bytes']:.1%} "
        f"of {b['text_bytes'] / 1e6:.0f} MB text "
        f"({b['file_bytes'] / b['documents']:.0f} B/doc; "
        f"text {b['stored_text_bytes'] / b['text_bytes']:.1%}, "
        f"postings {b['segment_bytes'] / b['text_bytes']:.1%}, {b['segments']} segments)",
        flush=True,
    )


# -- the semantic route (issue 16) -----------------------------------------------------------

#: Candidates the route adds (``check --index --semantic``).
ROUTE_TOP = 10
P4P = Path("../shared/data/p4p-dev")
XL = Path("../shared/data/xl-en-es")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def write_passages(work: Path) -> tuple[list[Path], list[dict], list[dict]]:
    """The P4P source passages and the Spanish sides of xl-en-es as files to index, and the
    pairs (each with the file name of its source)."""
    out = work / "passages"
    out.mkdir(parents=True, exist_ok=True)
    paths, p4p, xl = [], _jsonl(P4P / "pairs.jsonl"), _jsonl(XL / "pairs.jsonl")
    for r in p4p:
        path = out / f"p4p-src-{r['id']}.txt"
        path.write_text(r["source"], encoding="utf-8")
        r["file"], r["query"], r["target"] = path.name, r["suspect"], r["source"]
        paths.append(path)
    for r in xl:
        path = out / f"xl-es-{r['id']}.txt"
        path.write_text(r["es_text"], encoding="utf-8")
        r["file"], r["query"], r["target"] = path.name, r["en_text"], r["es_text"]
        paths.append(path)
    return paths, p4p, xl


def cut_distractors(paths: list[Path], work: Path, words: int) -> list[Path]:
    """The first ``words`` words of each distractor (a prefix of a generated walk is a
    shorter walk of the same chain), written once under ``work/distractors-WORDS``: a
    100,000-document collection whose embedding fits a shared machine's afternoon."""
    out = work / f"distractors-{words}"
    cut = []
    for path in paths:
        dest = out / path.parent.name / path.name
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_text(encoding="utf-8")
            toks = tokenize(text)
            end = int(toks.ends[words - 1]) if len(toks.ends) > words else len(text)
            dest.write_text(text[:end] + "\n", encoding="utf-8")
        cut.append(dest)
    return cut


def passage_quality(
    coll, rows: list[dict], aligner, part_of, semantic_top: int
) -> dict[str, dict[str, float]]:
    """Per part: the right source listed among the candidates, reported (a passage aligned),
    first among the candidates. A source is right when its stored text is the pair's (P4P
    repeats some passages: the collection stores one text once)."""
    out: dict[str, dict[str, float]] = {}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    settings = settings_with(top=20, semantic_top=semantic_top)
    text_of: dict[int, str] = {}
    for r in rows:
        doc = Document(text=r["query"], name="suspect.txt")
        found = check_against_collection(doc, coll, retrieval=settings, aligner=aligner)
        target = r["target"].strip()

        def right(doc_id: int, target: str = target) -> bool:
            if doc_id not in text_of:
                stored = coll.document(doc_id)
                text_of[doc_id] = stored.text.strip() if stored else ""
            return text_of[doc_id] == target

        ids = {c.name: c.doc_id for c in found.candidates}
        listed = any(right(c.doc_id) for c in found.candidates)
        reported = any(right(ids[m.source]) for m in found.report.matches if m.source in ids)
        first = bool(found.candidates) and right(found.candidates[0].doc_id)
        _dump("passages", r["id"], found, {r["file"]})
        for part in ("all", part_of(r["id"])):
            c = counts[part]
            c[0] += 1
            c[1] += listed
            c[2] += reported
            c[3] += first
    for part, (n, listed, reported, first) in counts.items():
        out[part] = {"n": n, "listed": listed / n, "reported": reported / n, "first": first / n}
    return out


def route_query_times(db: Path, suspects: list[Document], top: int) -> dict[str, float]:
    """CPU ms per 5,000-word suspect, warm (one connection, model loaded): lexical
    ``check --index``; ``--semantic`` without and with the route; and the route's parts."""
    from copyhound.index.vectors import query_vectors, search

    aligner = PairAligner(Settings(), semantic_settings(True, "normal", FilterSettings().min_chars))
    lexical = PairAligner(Settings())
    times: dict[str, list[float]] = defaultdict(list)
    with open_collection(db) as coll:
        check_against_collection(suspects[0], coll, retrieval=settings_with(top=top))
        for doc in suspects:
            for key, al, st in (
                ("lexical", lexical, settings_with(top=top)),
                (
                    "semantic_no_route",
                    PairAligner(Settings(), aligner.semantic),
                    settings_with(top=top),
                ),
                (
                    "semantic_route",
                    PairAligner(Settings(), aligner.semantic),
                    settings_with(top=top, semantic_top=ROUTE_TOP),
                ),
            ):
                t = time.process_time()
                check_against_collection(doc, coll, retrieval=st, aligner=al)
                times[key].append(time.process_time() - t)
            t = time.process_time()
            vectors, spans = query_vectors(doc)
            times["embed_suspect"].append(time.process_time() - t)
            t = time.process_time()
            search(coll.conn, vectors, spans, ROUTE_TOP)
            times["vector_search"].append(time.process_time() - t)
    return {k: statistics.median(v) * 1000 for k, v in times.items()}


def semantic_route(args: argparse.Namespace) -> None:
    """Build (or reuse) pan13 sources + distractors + P4P source passages + xl-en-es Spanish
    sides, embed it, and print the route's quality, sizes and costs."""
    from p4p import part_of as p4p_part  # benchmarks/p4p.py: its tune/check split

    from copyhound.evaluate.split import part_of as split_part
    from copyhound.index.ann import ann_path
    from copyhound.index.vectors import TABLE, embed_collection

    size = int(args.sizes.split(",")[-1])
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / f"route-{size}.db"
    extra, p4p, xl = write_passages(args.work)
    if not (args.reuse and db.exists()):
        db.unlink(missing_ok=True)
        distractors = expand_paths([args.distractors])[:size]
        if args.distractor_words:
            distractors = cut_distractors(distractors, args.work, args.distractor_words)
        # The queries' sources first: an embed stopped part-way has embedded them.
        sources = expand_paths([args.data / "src"]) + extra
        b = build(db, None, sources + distractors, args.jobs, args.window)
        _print_build(size, len(sources), b)
    with open_collection(db, create=True) as coll:
        coll.checkpoint()
        before = db.stat().st_size  # the lexical part (and any vectors stored earlier)
        clock = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if done % 5000 < 200 or done == total:
                print(
                    f"  embedded {done}/{total} in {time.perf_counter() - clock:.0f} s", flush=True
                )

        e = embed_collection(coll, jobs=args.jobs, on_batch=progress)
        stats = coll.stats()
        vec_bytes = coll.conn.execute(
            f"SELECT COALESCE(SUM(LENGTH(spans) + LENGTH(scales) + LENGTH(vectors)), 0), "
            f"COUNT(*), COALESCE(SUM(windows), 0) FROM {TABLE}"
        ).fetchone()
    text = stats["text_bytes"]
    ann_file = ann_path(db)
    ann_bytes = ann_file.stat().st_size if ann_file.exists() else 0
    # Vectors (the table's part): what the file grew by when the whole table was embedded
    # now, else their bytes.
    whole = e.embedded == vec_bytes[1]
    vectors_file = db.stat().st_size - before if whole else vec_bytes[0]
    lexical_file = db.stat().st_size - vectors_file
    print(
        f"[route, {size} distractors] embedded {e.embedded} docs now ({e.bytes / 1e6:.1f} MB, "
        f"{e.cpu_seconds:.0f} CPU s, "
        f"{e.cpu_seconds / (e.bytes / 1e6) if e.bytes else 0:.1f} CPU s/MB, "
        f"{e.seconds:.0f} s wall, jobs {args.jobs}); {vec_bytes[1]} docs, {vec_bytes[2]} windows "
        f"stored; file {db.stat().st_size / 1e6:.1f} MB of {text / 1e6:.1f} MB text: lexical "
        f"part {lexical_file / text:.1%} (text {stats['stored_text_bytes'] / text:.1%}, "
        f"postings {stats['segment_bytes'] / text:.1%}), vectors {vectors_file / text:.1%} "
        f"({vec_bytes[0] / text:.1%} in blobs), ANN file {ann_bytes / 1e6:.1f} MB = "
        f"{ann_bytes / text:.1%}; in all {(db.stat().st_size + ann_bytes) / text:.1%}",
        flush=True,
    )
    suspects = long_suspects(args.data / "susp", args.queries)
    if "times" in args.steps:
        q = route_query_times(db, suspects, args.top)
        print(
            f"  5,000-word suspect, CPU ms median of {len(suspects)} (warm, model loaded): "
            + ", ".join(f"{k} {v:.0f}" for k, v in q.items()),
            flush=True,
        )
    aligner = PairAligner(Settings(), semantic_settings(True, "normal", FilterSettings().min_chars))
    with open_collection(db) as coll:
        for name, rows, part_of in (("P4P", p4p, p4p_part), ("xl-en-es", xl, split_part)):
            for top in (0, ROUTE_TOP) if "passages" in args.steps else ():
                rows_ = rows[: args.limit] if args.limit else rows
                r = passage_quality(coll, rows_, aligner, part_of, top)
                print(
                    f"  {name}, --semantic, route {'on' if top else 'off'}: "
                    + "; ".join(
                        f"{part} ({f['n']}) listed {f['listed']:.1%} reported "
                        f"{f['reported']:.1%} first {f['first']:.1%}"
                        for part, f in sorted(r.items())
                    ),
                    flush=True,
                )
    parts = ("tune", "check") if args.parts == "all" else args.parts.split(",")
    for part in parts if "quality" in args.steps else ():
        res = quality(
            db,
            args.data,
            args.top,
            semantic=True,
            limit=args.limit,
            folders=ALL_FOLDERS[:3],
            semantic_top=ROUTE_TOP,
            part=part,
        )
        for folder, r in res.items():
            print(
                f"  {part} {folder}: {r['pairs']} pairs; --semantic with the route: source "
                f"reported {r['reported']:.1%}, top 5* {r['top5_among_non_sources']:.1%}, "
                f"among the first {POOL} by fingerprints {r['in_pool']:.1%}; distractors "
                f"with a passage {r['distractors_reported']:.1f} per suspect",
                flush=True,
            )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/pan13-dev"))
    ap.add_argument("--distractors", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--queries", type=int, default=15)
    ap.add_argument("--quality-all", action="store_true")
    ap.add_argument(
        "--window", type=int, default=5, help="Winnowing window of the collections built."
    )
    ap.add_argument(
        "--semantic",
        action="store_true",
        help="Align candidates with semantic detection too (check --index --semantic) in the "
        "quality pass.",
    )
    ap.add_argument(
        "--reuse", action="store_true", help="Measure collections built by an earlier run."
    )
    ap.add_argument(
        "--semantic-route",
        action="store_true",
        help="Issue 16: pan13 sources + the last --sizes distractors + P4P source passages + "
        "xl-en-es Spanish sides, embedded (index embed); quality of check --index --semantic "
        "with the semantic route on 02/03/04, P4P and xl-en-es, sizes and costs.",
    )
    ap.add_argument("--limit", type=int, default=0, help="Pairs per folder (0: all).")
    ap.add_argument(
        "--parts",
        default="all",
        help="Quality over these parts of the suspects (evaluate.split), comma-separated: "
        "all, tune, check (tune,check: each reported on its own).",
    )
    ap.add_argument(
        "--distractor-words",
        type=int,
        default=0,
        help="--semantic-route: index only the first N words of each distractor (0: whole).",
    )
    ap.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="A RetrievalSettings field for every query measured (a variant), e.g. rerank=240.",
    )
    ap.add_argument(
        "--steps",
        default="times,passages,quality",
        help="--semantic-route: which measurements (times, passages, quality; comma-separated).",
    )
    args = ap.parse_args(argv)
    for item in args.setting:
        name, value = item.split("=", 1)
        kind = type(getattr(RetrievalSettings(), name))
        VARIANT[name] = kind(value) if kind is not bool else value.lower() in ("1", "true")
    if args.semantic_route:
        semantic_route(args)
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    distractors: list[Path] = []  # listed when a build needs them (a million files)
    sources = expand_paths([args.data / "src"])
    suspects = long_suspects(args.data / "susp", args.queries)
    args.work.mkdir(parents=True, exist_ok=True)
    previous, have = None, 0
    for size in sizes:
        db = args.work / f"coll-{size}.db"
        if args.reuse and db.exists():
            q = query_times(db, suspects, args.top)
            print(f"[{size} distractors + {len(sources)} sources] reused {db}", flush=True)
        else:
            db.unlink(missing_ok=True)
            distractors = distractors or expand_paths([args.distractors])
            new = (sources if previous is None else []) + distractors[have:size]
            b = build(db, previous, new, args.jobs, args.window)
            q = query_times(db, suspects, args.top)
            _print_build(size, len(sources), b)
        previous, have = db, size
        print(
            f"  5,000-word suspect, top {args.top}: fresh process median "
            f"{q['process_median'] * 1000:.0f} ms (max {q['process_max'] * 1000:.0f}), "
            f"cold median {q['cold_median'] * 1000:.0f} ms "
            f"(max {q['cold_max'] * 1000:.0f}), warm median {q['warm_median'] * 1000:.0f} ms, "
            f"retrieval alone {q['retrieval_median'] * 1000:.0f} ms; CPU: fresh process "
            f"median {q['process_cpu_median'] * 1000:.0f} ms, warm median "
            f"{q['warm_cpu_median'] * 1000:.0f} ms; fresh process peak RSS "
            f"{q['process_peak_rss'] / 1e6:.0f} MB",
            flush=True,
        )
        if not (args.quality_all or size == sizes[-1]):
            continue
        for part in args.parts.split(","):
            res = quality(db, args.data, args.top, args.semantic, args.limit, part=part)
            for folder, r in res.items():
                print(
                    f"  {'' if part == 'all' else part + ' '}{folder}: {r['pairs']} pairs; "
                    f"source reported {r['reported']:.1%}, "
                    f"in top 5 {r['top5']:.1%}, top 5 among non-sources "
                    f"{r['top5_among_non_sources']:.1%}, no distractor ahead "
                    f"{r['no_distractor_ahead']:.1%}, among the first {POOL} by fingerprints "
                    f"{r['in_pool']:.1%}; distractors with a passage "
                    f"{r['distractors_reported']:.1f} per suspect",
                    flush=True,
                )


if __name__ == "__main__":
    main()

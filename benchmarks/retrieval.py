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
import sys, time
from copyhound.index.retrieve import RetrievalSettings, check_against_collection
from copyhound.index.store import open_collection
from copyhound.model import Document
db, path, top = sys.argv[1], sys.argv[2], int(sys.argv[3])
doc = Document(text=open(path, encoding="utf-8").read(), name="suspect.txt")
start = time.perf_counter()
with open_collection(db) as coll:
    check_against_collection(doc, coll, retrieval=RetrievalSettings(top=top))
print(time.perf_counter() - start)
"""


def process_times(db: Path, suspects: list[Document], top: int) -> list[float]:
    """Seconds each suspect takes in a fresh process (imports excluded)."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for doc in suspects:
            path = Path(tmp) / doc.name
            path.write_text(doc.text, encoding="utf-8")
            args = [sys.executable, "-c", _ONE_QUERY, str(db), str(path), str(top)]
            done = subprocess.run(args, capture_output=True, text=True, check=True)
            out.append(float(done.stdout.split()[-1]))
    return out


def query_times(db: Path, suspects: list[Document], top: int) -> dict[str, float]:
    """Query times: in a fresh process each ("process"), in this process with a fresh
    connection each ("cold": word-id caches and freed memory already warm), and on one
    connection ("warm")."""
    process = process_times(db, suspects, top)
    cold, warm, retrieval_only = [], [], []
    settings = RetrievalSettings(top=top)
    for doc in suspects:
        start = time.perf_counter()
        with open_collection(db) as coll:
            check_against_collection(doc, coll, retrieval=settings)
        cold.append(time.perf_counter() - start)
    with open_collection(db) as coll:
        from copyhound.index.retrieve import find_candidates

        for doc in suspects:
            start = time.perf_counter()
            check_against_collection(doc, coll, retrieval=settings)
            warm.append(time.perf_counter() - start)
            start = time.perf_counter()
            find_candidates(coll, doc, settings)
            retrieval_only.append(time.perf_counter() - start)
    return {
        "process_median": statistics.median(process),
        "process_max": max(process),
        "cold_median": statistics.median(cold),
        "warm_median": statistics.median(warm),
        "retrieval_median": statistics.median(retrieval_only),
        "cold_max": max(cold),
    }


def quality(
    db: Path, data: Path, top: int, semantic: bool = False, limit: int = 0
) -> dict[str, dict[str, float]]:
    """Retrieval quality over the 02 and 03 pairs (the first ``limit`` of each; 0: all)."""
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
        for folder in FOLDERS:
            pairs = [ln.split() for ln in (data / folder / "pairs").read_text().split("\n") if ln]
            pairs = pairs[:limit] if limit else pairs
            reported = top5 = clean5 = no_distractor_ahead = in_pool = 0
            for susp, src in pairs:
                if susp not in cache:
                    doc = read_document(data / "susp" / susp)
                    found = check_against_collection(
                        doc, coll, retrieval=RetrievalSettings(top=top), aligner=aligner
                    )
                    ranked = [Path(c.name).name for c in found.candidates]
                    with_passages = {Path(m.source).name for m in found.report.matches}
                    hashes, positions = query_hashes(Prepared.of(doc).tokens, coll.settings)
                    first = islice(rank(coll, hashes, positions, RetrievalSettings()), POOL)
                    pool = {name_of[doc_id] for doc_id, _, _ in first}
                    cache[susp] = (ranked, with_passages, pool)
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


def main() -> None:
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
    args = ap.parse_args()

    sizes = [int(s) for s in args.sizes.split(",")]
    distractors = expand_paths([args.distractors])
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
            f"retrieval alone {q['retrieval_median'] * 1000:.0f} ms",
            flush=True,
        )
        if args.quality_all or size == sizes[-1]:
            for folder, r in quality(db, args.data, args.top, args.semantic).items():
                print(
                    f"  {folder}: {r['pairs']} pairs; source reported {r['reported']:.1%}, "
                    f"in top 5 {r['top5']:.1%}, top 5 among non-sources "
                    f"{r['top5_among_non_sources']:.1%}, no distractor ahead "
                    f"{r['no_distractor_ahead']:.1%}, among the first {POOL} by fingerprints "
                    f"{r['in_pool']:.1%}; distractors with a passage "
                    f"{r['distractors_reported']:.1f} per suspect",
                    flush=True,
                )


if __name__ == "__main__":
    main()

"""Speed of semantic detection against the lexical engine alone, per pair of pan13-dev.

Two passes over the same pairs, each from a cold document cache (reading and tokenising
count, as in ``copyhound eval pan``): lexical only, then lexical plus semantic (model loaded
beforehand, embeddings cached per document, one BLAS thread). Prints both times per pair
and their ratio, in CPU time of this process (``time.process_time``: the machine is shared,
so wall clock varies with other jobs) and in wall clock. ``--repeat`` runs both passes
several times and reports the best of each.

    python benchmarks/semantic_speed.py [--folders 01,03] [--limit 50] [--sensitivity normal]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from copyhound.engine.pipeline import Settings, align
from copyhound.evaluate.pan import DocumentCache, corpus_folders, read_pairs
from copyhound.filter.overlaps import FilterSettings
from copyhound.semantic.align import SemanticCache, SemanticSettings, combine, semantic_align
from copyhound.semantic.embed import load_model

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pan13-dev"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--folders", default="")
    parser.add_argument("--limit", type=int, default=0, help="pairs per folder (0: all)")
    parser.add_argument("--sensitivity", default="normal")
    parser.add_argument("--repeat", type=int, default=1, help="runs of both passes (best kept)")
    parser.add_argument(
        "--tfidf-only",
        action="store_true",
        help="same-language pairs without the model (no budget, no full embedding)",
    )
    args = parser.parse_args()
    wanted = [f for f in args.folders.split(",") if f]
    pairs = []
    for folder in corpus_folders(args.corpus):
        if wanted and not any(folder.name.startswith(w) for w in wanted):
            continue
        found = read_pairs(folder)
        pairs.extend(found[: args.limit] if args.limit else found)
    settings = Settings(filter=FilterSettings(min_chars=150))
    semantic = SemanticSettings(
        sensitivity=args.sensitivity, threads=1, filter=FilterSettings(min_words=1, min_chars=150)
    )
    if args.tfidf_only:
        semantic = replace(
            semantic, embed_budget=0, embed_supported=False, full_embed_sentences=0, beside=0
        )
    load_model(1)

    lexical_cpu = lexical_wall = both_cpu = both_wall = float("inf")
    for _ in range(args.repeat):
        docs = DocumentCache(args.corpus)
        wall, cpu = time.perf_counter(), time.process_time()
        for s, t in pairs:
            align(docs.get("susp", s), docs.get("src", t), settings)
        lexical_cpu = min(lexical_cpu, time.process_time() - cpu)
        lexical_wall = min(lexical_wall, time.perf_counter() - wall)

        docs = DocumentCache(args.corpus)
        cache = SemanticCache(threads=1)
        detected = 0
        wall, cpu = time.perf_counter(), time.process_time()
        for s, t in pairs:
            a, b = docs.get("susp", s), docs.get("src", t)
            lex = align(a, b, settings)
            found = combine(lex, semantic_align(cache.get(a), cache.get(b), semantic, lex))
            detected += bool(found)
        both_cpu = min(both_cpu, time.process_time() - cpu)
        both_wall = min(both_wall, time.perf_counter() - wall)
        embedded = cache.embedded_sentences

    n = len(pairs)
    mode = "tf-idf only" if args.tfidf_only else "with model"
    print(f"{n} pairs ({', '.join(wanted) or 'all folders'}), {args.sensitivity}, {mode}")
    for label, lex_s, both_s in (
        ("CPU time", lexical_cpu, both_cpu),
        ("wall clock", lexical_wall, both_wall),
    ):
        print(f"{label}:")
        print(f"  lexical only:        {lex_s / n * 1000:7.2f} ms/pair")
        print(f"  lexical + semantic:  {both_s / n * 1000:7.2f} ms/pair  ({both_s / lex_s:.2f}x)")
    print(
        f"sentences embedded:  {embedded} ({embedded / n:.1f} per pair); pairs detected {detected}"
    )


if __name__ == "__main__":
    main()

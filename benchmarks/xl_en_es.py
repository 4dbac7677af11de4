"""Cross-language bar: English passages translated from Spanish, found and aligned.

Runs semantic detection on each pair of ../shared/data/xl-en-es (English side as suspect,
Spanish side as source) and prints recall on the translated pairs, precision against the
mismatched pairs, and how much of each English passage the matches cover.

    python benchmarks/xl_en_es.py [--sensitivity normal] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from copyhound.engine.pipeline import Prepared, align
from copyhound.model import Document
from copyhound.semantic.align import SemanticCache, SemanticSettings, combine, semantic_align

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "xl-en-es"


def detect(rows: list[dict], settings: SemanticSettings) -> tuple[int, float, list[str]]:
    """Pairs with a match, mean share of the English side covered, and the kinds seen."""
    cache = SemanticCache(settings.threads)
    found, covered, kinds = 0, 0.0, []
    for r in rows:
        en = Prepared.of(Document(r["en_text"], name="en"))
        es = Prepared.of(Document(r["es_text"], name="es"))
        lexical = align(en, es)
        matches = combine(lexical, semantic_align(cache.get(en), cache.get(es), settings, lexical))
        if matches:
            found += 1
            kinds.extend(m.kind for m in matches)
            chars = sum(m.suspect.length for m in matches)
            covered += min(1.0, chars / max(1, len(r["en_text"].strip())))
    return found, covered / max(1, found), kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sensitivity", default="normal")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    settings = SemanticSettings(sensitivity=args.sensitivity, threads=1)
    load = lambda name: [json.loads(x) for x in (args.data / name).read_text().splitlines()]  # noqa: E731
    pos, neg = load("pairs.jsonl"), load("negatives.jsonl")
    if args.limit:
        pos, neg = pos[: args.limit], neg[: args.limit]
    start = time.perf_counter()
    tp, coverage, kinds = detect(pos, settings)
    fp, _, _ = detect(neg, settings)
    elapsed = time.perf_counter() - start
    recall = tp / len(pos)
    precision = tp / (tp + fp) if tp + fp else 1.0
    print(f"xl-en-es sensitivity={args.sensitivity}: {len(pos)} translated, {len(neg)} mismatched")
    print(f"recall {recall:.3f}  precision {precision:.3f}  false alarms {fp}/{len(neg)}")
    print(f"mean share of the English passage covered when found: {coverage:.3f}")
    print(f"kinds: {sorted(set(kinds))}  time {elapsed:.1f}s ({len(pos) + len(neg)} pairs)")


if __name__ == "__main__":
    main()

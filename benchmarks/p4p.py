"""P4P human paraphrases: detection with ``--semantic``, same-topic negatives, by overlap.

``../shared/data/p4p-dev`` holds 412 human paraphrases embedded in documents (``02-paraphrase``)
and the same suspects against a same-topic negative source (``01-negatives``). The pairs are
split by pair id into a tuning part and a check part with a fixed seed (the negative of a
paraphrase goes with it: they share the suspect); tune on ``tune`` only and read ``check``.

For each part it prints the share of paraphrases detected (a detection that overlaps the
truth case on the suspect side), recall by lexical-overlap bucket (share of the suspect's word
3-grams found in the source: under 0.2, 0.2 to 0.5, 0.5 or more), character recall of the
detected cases, and the share of negative pairs with any detection. Detections are kept from
``--min-chars`` suspect characters (150 as ``eval pan``; 18 paraphrases are shorter).

    python benchmarks/p4p.py [--lexical] [--min-chars 150] [--sensitivity normal]
                             [--model-single 0.72] [--show-misses] [--part tune|check]
                             [--full-embed N] [--pair-growth] [--no-continuations]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from copyhound.api import PairAligner
from copyhound.engine.pipeline import Settings
from copyhound.evaluate.pan import DocumentCache, read_pairs, read_truth
from copyhound.filter.overlaps import FilterSettings

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "p4p-dev"
BUCKETS = ((0.0, 0.2, "overlap < 0.2"), (0.2, 0.5, "0.2 <= overlap < 0.5"), (0.5, 1.01, ">= 0.5"))
#: Fixed seed of the tune/check split; a part is chosen by the SHA-1 of "seed:pair id".
SEED = 12


def part_of(pair_id: str, seed: int = SEED) -> str:
    """``tune`` or ``check``, half and half, by the SHA-1 of the seed and the pair id."""
    digest = hashlib.sha1(f"{seed}:{pair_id}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "check"


def pair_id(suspect_name: str) -> str:
    return "p4p-" + Path(suspect_name).stem.removeprefix("suspicious-document")


@dataclass
class PartFigures:
    positives: int = 0
    found: int = 0
    covered: float = 0.0
    negatives: int = 0
    flagged: int = 0
    buckets: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--lexical", action="store_true", help="without the semantic stage")
    parser.add_argument("--sensitivity", default="normal")
    parser.add_argument("--min-chars", type=int, default=150)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--model-single",
        type=float,
        default=None,
        help="let the model confirm one-sentence-pair passages at this score (off by default)",
    )
    parser.add_argument(
        "--margin",
        type=float,
        default=None,
        help="margin bar for passages nothing else confirmed (docs/semantic.md; default: the "
        "sensitivity's)",
    )
    parser.add_argument(
        "--no-fragments",
        action="store_true",
        help="short lexical fragments hide their sentences from the semantic search",
    )
    parser.add_argument("--grow", type=int, default=None, help="grow_steps (default: settings')")
    parser.add_argument(
        "--full-embed",
        type=int,
        default=None,
        help="full_embed_sentences (pairs without lexical matches this small are embedded whole)",
    )
    parser.add_argument(
        "--pair-growth",
        action="store_true",
        help="grow too-short clusters pair by pair (grow), not by whole passage (grow_whole)",
    )
    parser.add_argument(
        "--no-continuations", action="store_true", help="no continuations beside lexical matches"
    )
    parser.add_argument(
        "--part", choices=("tune", "check"), default=None, help="only this part (default: both)"
    )
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()

    overlap = {}
    for line in (args.corpus / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        overlap[row["id"]] = row["overlap"]
    settings = Settings(filter=FilterSettings(min_chars=args.min_chars))
    semantic = None
    if not args.lexical:
        from copyhound.semantic.align import SemanticSettings
        from copyhound.semantic.embed import load_model

        semantic = SemanticSettings(
            sensitivity=args.sensitivity,
            threads=1,
            model_single=args.model_single,
            **({} if args.margin is None else {"margin_bar": args.margin}),
            search_fragments=not args.no_fragments,
            **({} if args.grow is None else {"grow_steps": args.grow}),
            **({} if args.full_embed is None else {"full_embed_sentences": args.full_embed}),
            grow_whole=not args.pair_growth,
            continuations=not args.no_continuations,
            filter=FilterSettings(min_words=1, min_chars=args.min_chars),
        )
        load_model(1)
    aligner = PairAligner(settings, semantic)
    docs = DocumentCache(args.corpus)
    parts = {"tune": PartFigures(), "check": PartFigures()}
    started = time.process_time()
    for folder, positive in (("02-paraphrase", True), ("01-negatives", False)):
        for susp_name, src_name in read_pairs(args.corpus / folder):
            pid = pair_id(susp_name)
            if args.part and part_of(pid, args.seed) != args.part:
                continue
            fig = parts[part_of(pid, args.seed)]
            susp, src = docs.get("susp", susp_name), docs.get("src", src_name)
            matches = [m for m in aligner(susp, src) if m.suspect.length >= args.min_chars]
            if not positive:
                fig.negatives += 1
                if matches:
                    fig.flagged += 1
                    fig.false_alarms.append(pid)
                continue
            stem = f"{Path(susp_name).stem}-{Path(src_name).stem}.xml"
            case = read_truth(args.corpus / folder / stem)[0]
            lo, hi = case.suspect_offset, case.suspect_offset + case.suspect_length
            inside = sum(max(0, min(hi, m.suspect.end) - max(lo, m.suspect.start)) for m in matches)
            hit = inside > 0
            fig.positives += 1
            fig.found += hit
            fig.covered += min(1.0, inside / max(1, hi - lo))
            name = next(n for a, b, n in BUCKETS if a <= overlap[pid] < b)
            counts = fig.buckets.setdefault(name, [0, 0])
            counts[0] += hit
            counts[1] += 1
            if not hit:
                fig.misses.append(f"{pid} overlap {overlap[pid]:.2f}")
    cpu = time.process_time() - started

    mode = "lexical" if args.lexical else f"--semantic ({args.sensitivity})"
    if args.model_single is not None and not args.lexical:
        mode += f", model_single {args.model_single}"
    if not args.lexical:
        mode += f", margin {semantic.margin}, fragments {'off' if args.no_fragments else 'on'}"
        mode += f", full embed {semantic.full_embed_sentences}"
    print(f"P4P dev, {mode}, detections >= {args.min_chars} chars, split seed {args.seed}")
    for name, fig in parts.items():
        if args.part and name != args.part:
            continue
        print(
            f"{name:5}  paraphrases detected {fig.found}/{fig.positives} "
            f"({fig.found / max(1, fig.positives):.1%}), character recall "
            f"{fig.covered / max(1, fig.positives):.3f}; negatives flagged "
            f"{fig.flagged}/{fig.negatives} ({fig.flagged / max(1, fig.negatives):.1%})"
        )
        for _, _, bucket in BUCKETS:
            hit, total = fig.buckets.get(bucket, [0, 0])
            print(f"       {bucket:22} {hit}/{total} ({hit / max(1, total):.1%})")
        if args.show_misses:
            print("       missed:", ", ".join(fig.misses))
            print("       false alarms:", ", ".join(fig.false_alarms))
    print(
        f"CPU time {cpu:.1f} s for {sum(f.positives + f.negatives for f in parts.values())} pairs"
    )


if __name__ == "__main__":
    main()

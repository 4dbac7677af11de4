"""How often honest pairs get flagged: pan13-dev's no-plagiarism pairs and same-topic pairs.

For each part of the development split (tune, check) prints the share of pairs with at least
one reported passage, under `check`'s default settings and under `eval pan`'s (150
characters), for:

- ``01``: the 01-no-plagiarism pairs;
- ``source-source``: each source with its 2 nearest other sources by tf-idf (web pages nobody
  planted reuse in: what they share is site boilerplate and topic phrases, and sometimes a
  page really quoting another);
- ``suspect-other``: each suspect with its 3 nearest sources of other pairs (caution: pan13-dev
  does not list every source a suspect reuses, so some of these are real reuse; see
  ``copyhound.evaluate.negatives``).

    python benchmarks/false_flags.py [--corpus ../shared/data/pan13-dev] [--semantic]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from copyhound.api import PairAligner
from copyhound.engine.pipeline import Settings
from copyhound.evaluate.negatives import same_topic_pairs
from copyhound.evaluate.pan import DocumentCache, read_pairs
from copyhound.evaluate.split import PARTS, part_of
from copyhound.filter.overlaps import FilterSettings

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pan13-dev"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--semantic", action="store_true", help="with semantic detection")
    parser.add_argument("--min-confidence", type=float, default=None)
    args = parser.parse_args(argv)
    semantic = None
    if args.semantic:
        from copyhound.semantic.align import SemanticSettings

        semantic = SemanticSettings()
    sets = {
        "01": [
            ("susp", s, t)
            for s, t in (
                read_pairs(args.corpus / "01-no-plagiarism")
                if (args.corpus / "01-no-plagiarism" / "pairs").is_file()
                else []
            )
        ],
        "source-source": [("src", a, b) for a, b, _ in same_topic_pairs(args.corpus, 2, "source")],
        "suspect-other": [
            ("susp", a, b) for a, b, _ in same_topic_pairs(args.corpus, 3, "suspect")
        ],
    }
    extra = {} if args.min_confidence is None else {"min_confidence": args.min_confidence}
    configs = {
        "check defaults": Settings(**extra),
        "eval pan (150 chars)": Settings(filter=FilterSettings(min_chars=150), **extra),
    }
    cache = DocumentCache(args.corpus)
    print(f"{'pairs':<15} {'settings':<22} " + " ".join(f"{p:>16}" for p in PARTS))
    for set_name, pairs in sets.items():
        for config_name, settings in configs.items():
            align_pair = PairAligner(settings, semantic)
            flagged: dict[str, int] = defaultdict(int)
            total: dict[str, int] = defaultdict(int)
            for sub, first, src in pairs:
                part = part_of(first)
                total[part] += 1
                if align_pair(cache.get(sub, first), cache.get("src", src)):
                    flagged[part] += 1
            cells = " ".join(
                f"{flagged[p]:>5}/{total[p]:<4} {flagged[p] / max(1, total[p]):>5.1%}"
                for p in PARTS
            )
            print(f"{set_name:<15} {config_name:<22} {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

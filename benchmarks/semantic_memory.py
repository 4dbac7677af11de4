"""Memory bar: the model plus one 300-page document stay under 1 GB of resident memory.

Builds a 300-page suspect (about 150,000 words: pan13-dev suspicious documents end to end,
plus one source's text pasted in reworded order), checks it against that source with
semantic detection, and prints peak RSS. ``--cross`` checks it against a Spanish source
instead, which embeds every sentence of the 300 pages (slow: minutes on one core).

    python benchmarks/semantic_memory.py [--pages 300] [--cross]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from copyhound import compare
from copyhound.model import Document
from copyhound.semantic.align import SemanticSettings

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
WORDS_PER_PAGE = 500


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--cross", action="store_true")
    args = parser.parse_args()
    source_path = sorted((SHARED / "pan13-dev" / "src").glob("*.txt"))[0]
    source_text = source_path.read_text(encoding="utf-8")
    if args.cross:
        import json

        first = json.loads((SHARED / "xl-en-es" / "pairs.jsonl").read_text().splitlines()[0])
        source_text = first["es_text"]
    parts, words = [], 0
    for path in sorted((SHARED / "pan13-dev" / "susp").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        words += len(text.split())
        if words >= args.pages * WORDS_PER_PAGE:
            break
    parts.insert(len(parts) // 2, source_text)
    suspect = Document("\n\n".join(parts), name="300-pages.txt")
    print(f"suspect: {len(suspect.text.split())} words, {len(suspect.text) / 1e6:.1f} M chars")
    print(f"before: peak RSS {peak_rss_mb():.0f} MB")
    start = time.perf_counter()
    report = compare(
        suspect, [Document(source_text, name="source.txt")], semantic=SemanticSettings()
    )
    elapsed = time.perf_counter() - start
    kinds = sorted({m.kind for m in report.matches})
    print(f"{len(report.matches)} matches {kinds} in {elapsed:.1f}s")
    print(f"peak RSS {peak_rss_mb():.0f} MB (bar: 1024 MB)")


if __name__ == "__main__":
    main()

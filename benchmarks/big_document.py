"""Time and peak memory of checking one very large suspect (the size limit's reasoning).

Builds a suspect of about --mb megabytes from pan13-dev suspects repeated, then tokenises it and
aligns it with one source, printing seconds and the process's peak resident memory.

    python benchmarks/big_document.py [--mb 30]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from copyhound import Document
from copyhound.engine.pipeline import Prepared, align

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / ".." / "shared/data/pan13-dev")
    parser.add_argument("--mb", type=float, default=30.0)
    args = parser.parse_args(argv)
    base = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((args.corpus / "susp").glob("*.txt"))[:20]
    )
    text = (base + "\n") * max(1, int(args.mb * 1e6 // len(base)))
    source_path = sorted((args.corpus / "src").glob("*.txt"))[0]
    source = Prepared.of(Document(source_path.read_text(encoding="utf-8"), source_path.name))
    start = time.perf_counter()
    suspect = Prepared.of(Document(text, "big"))
    tokenised = time.perf_counter()
    matches = align(suspect, source)
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"big_document: {len(text) / 1e6:.1f} M characters, {len(suspect.tokens):,} words; "
        f"tokenise {tokenised - start:.1f} s, align {done - tokenised:.1f} s, "
        f"{len(matches)} matches, peak memory {peak_mb:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

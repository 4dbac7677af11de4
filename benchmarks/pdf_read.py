"""How fast a long PDF is read: generate an N-page PDF (default 300) and time read_document.

    python benchmarks/pdf_read.py [--pages 300] [--repeat 3] [--out bench-out]

The PDF is made once with reportlab (prose paragraphs, A4, ~3,000 characters a page) and kept
in the output folder. Prints pages, characters, and the best and median read times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

PROSE = (
    "the committee reviewed every submitted essay against its sources and found that several "
    "passages were copied with small edits while others were quoted and attributed properly "
    "according to the style guide of the department which asks students to cite page numbers"
)
WORDS = PROSE.split(" ")


def paragraph(seed: int, words: int = 90) -> str:
    """Deterministic prose-like text (no randomness: runs compare)."""
    return (
        " ".join(WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(words)).capitalize() + "."
    )


def make_pdf(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    story = []
    for page in range(pages):
        story.extend(Paragraph(paragraph(page * 10 + k), style) for k in range(5))
        story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    args = parser.parse_args(argv)

    from copyhound.read.documents import read_document

    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"long-{args.pages}p.pdf"
    if not path.exists():
        start = time.perf_counter()
        make_pdf(path, args.pages)
        print(f"made {path} in {time.perf_counter() - start:.1f}s", file=sys.stderr)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        doc = read_document(path, max_bytes=1 << 30)
        times.append(time.perf_counter() - start)
    pages = doc.metadata["pages"]
    print(
        f"pdf_read: {pages} pages, {len(doc.text):,} chars, {path.stat().st_size / 1e6:.1f} MB: "
        f"best {min(times):.2f}s, median {statistics.median(times):.2f}s "
        f"({pages / min(times):.0f} pages/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Do real formats find what the plain text finds? PAN pairs, suspect saved as each format.

    python benchmarks/format_roundtrip.py [--corpus ../shared/data/pan13-dev] [--pairs 30]

For the first N pairs of each chosen folder the suspect is written as .docx, .pdf, .odt, .rtf
and .html (made by the test helpers), read back through copyhound's readers and aligned with
its source. Prints, per format: pairs whose passages are identical to the .txt run (same
count, same source spans, same suspect words), the share of the .txt run's source characters
the format run also covers, and the mean read time.
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from docmakers import make_docx, make_odt, make_pdf, make_rtf, odt_paragraphs  # noqa: E402


def make_html(text: str, path: Path) -> Path:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n") if p.strip())
    path.write_text(
        "<!DOCTYPE html><html><head><title>t</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<main>{body}</main><footer>footer</footer></body></html>",
        encoding="utf-8",
    )
    return path


MAKERS = {
    "docx": make_docx,
    "pdf": make_pdf,
    "odt": lambda t, p: make_odt(odt_paragraphs(t), p),
    "rtf": make_rtf,
    "html": make_html,
}


def covered(spans: list[tuple[int, int]], within: list[tuple[int, int]]) -> int:
    inside = set()
    for a, b in within:
        inside.update(range(a, b))
    return sum(1 for a, b in spans for i in range(a, b) if i in inside)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/data/pan13-dev"))
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--folders", nargs="*", default=["02", "03"])
    args = parser.parse_args(argv)

    from copyhound.engine.pipeline import Prepared, align
    from copyhound.read.documents import read_document

    if not args.corpus.is_dir():
        print(f"{args.corpus}: no such corpus", file=sys.stderr)
        return 2
    same = defaultdict(int)
    src_chars = defaultdict(int)
    src_total = defaultdict(int)
    read_time = defaultdict(float)
    pairs = 0
    with tempfile.TemporaryDirectory() as tmp:
        for folder in sorted(args.corpus.iterdir()):
            if not folder.is_dir() or not any(folder.name.startswith(f) for f in args.folders):
                continue
            lines = (folder / "pairs").read_text().split("\n")
            for line in [ln for ln in lines if ln.strip()][: args.pairs]:
                susp_name, src_name = line.split()
                susp_txt = read_document(args.corpus / "susp" / susp_name)
                src = Prepared.of(read_document(args.corpus / "src" / src_name))
                want = align(Prepared.of(susp_txt), src)
                want_src = [(m.source_span.start, m.source_span.end) for m in want]
                pairs += 1
                for fmt, make in MAKERS.items():
                    path = make(susp_txt.text, Path(tmp) / f"s.{fmt}")
                    start = time.perf_counter()
                    doc = read_document(path)
                    read_time[fmt] += time.perf_counter() - start
                    got = align(Prepared.of(doc), src)
                    got_src = [(m.source_span.start, m.source_span.end) for m in got]
                    words = [" ".join(doc.slice(m.suspect).split()) for m in got]
                    want_words = [" ".join(susp_txt.slice(m.suspect).split()) for m in want]
                    if got_src == want_src and words == want_words:
                        same[fmt] += 1
                    src_total[fmt] += sum(b - a for a, b in want_src)
                    src_chars[fmt] += covered(want_src, got_src)
    print(f"format_roundtrip: {pairs} pairs from {', '.join(args.folders)} of {args.corpus}")
    for fmt in MAKERS:
        share = src_chars[fmt] / src_total[fmt] if src_total[fmt] else 1.0
        ms = 1000 * read_time[fmt] / max(pairs, 1)
        print(
            f"  {fmt:5} identical passages {same[fmt]}/{pairs} pairs, "
            f"source chars kept {share:.1%}, read {ms:.1f} ms/doc"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

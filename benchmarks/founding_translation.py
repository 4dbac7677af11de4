"""The founding essay against a Spanish rendering of its article, with ``--semantic``.

The truth is the essay's reuse of the article: the four copied passages (the quoted Castillo
phrases with their lead-in, the Alvarado sentence, the quoted "We are told ..." passage and
the quoted "She worked ..." passage) and the two paraphrases (the arrest on the way to the
Mexican embassy; Keiko Fujimori as Castillo's rival), each located by its text. Prints each
translation match, character precision of the matches' essay side against that reuse,
recall of each copied passage, and how many matches each copied passage is split into.

    python benchmarks/founding_translation.py
"""

from __future__ import annotations

from pathlib import Path

from copyhound import compare
from copyhound.semantic.align import SemanticSettings

ROOT = Path(__file__).resolve().parents[1]
ESSAY = ROOT / ".." / "shared" / "examples" / "000_06ec755cb34f30d2.txt"
SPANISH = ROOT / "tests" / "data" / "founding-es" / "articulo-es.md"

#: (first words, last words) of each copied passage of the essay.
COPIED = (
    ("on Dec. 7, the president called to", "exceptional emergency government.\u201d"),
    ("Mariano Alvarado, operations officer", "the US Defense attach\u00e9."),
    ("We are told that officials such as Alvarado", "which made him appear weak."),
    ("She worked with men who have close ties", "after Castillo\u2019s removal)."),
)
#: The paraphrased passages: reuse too, so a match on them is not an error.
PARAPHRASED = (
    ("Subsequently, after a few hours passed", "support of the Mexican embassy."),
    ("Keiko Fujimori, competing president candidate", "competing president candidate"),
)


def locate(text: str, first: str, last: str) -> tuple[int, int]:
    start = text.index(first)
    return start, text.index(last, start) + len(last)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def main() -> None:
    report = compare(ESSAY, [SPANISH], semantic=SemanticSettings())
    text = report.suspect.text
    copied = [locate(text, *c) for c in COPIED]
    reuse = copied + [locate(text, *p) for p in PARAPHRASED]
    spans = [(m.suspect.start, m.suspect.end) for m in report.matches]
    for m in report.matches:
        print(
            f"{m.kind:12} essay {m.suspect.start}-{m.suspect.end} "
            f"article {m.source_span.start}-{m.source_span.end}: "
            f"{text[m.suspect.start : m.suspect.start + 50]!r}"
        )
    matched = sum(e - s for s, e in spans)
    inside = sum(overlap(sp, r) for sp in spans for r in reuse)
    print(f"precision (essay characters inside reused passages): {inside / max(1, matched):.3f}")
    for (first, _), span in zip(COPIED, copied, strict=True):
        got = sum(overlap(sp, span) for sp in spans)
        pieces = sum(overlap(sp, span) > 0 for sp in spans)
        print(f"  {first[:40]!r:44} recall {got / (span[1] - span[0]):.3f}, in {pieces} match(es)")


if __name__ == "__main__":
    main()

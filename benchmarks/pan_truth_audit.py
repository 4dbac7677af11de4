"""Audit the pan13-dev truth of 02 against a run's detections: which losses are the truth's.

`copyhound eval pan` scores against the truth files as they are, and that stays the
headline figure. Read case by case, most of what the check part loses is in the truth:

- *shifted* cases: the truth's suspect span is not where the source text is (it passes the
  data README's 50% soundness test because a shifted window of running text still shares
  half its characters), while the source span occurs almost verbatim elsewhere in the
  suspect (similarity >= ``--exact`` and clearly above the truth span's own);
- *unlisted* copies: a detection that overlaps no truth case although its two spans are
  near-identical: a real second copy the pair's truth file does not list.

This prints both lists and plagdet three ways: as scored, with shifted cases re-anchored
to where their source text is, and with unlisted copies added as cases too. It changes
nothing in copyhound: it is evidence for the reader of the figures.

    copyhound eval pan ../shared/data/pan13-dev --folder 01 --folder 02 --out /tmp/det
    python benchmarks/pan_truth_audit.py /tmp/det [--part check]
"""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from rapidfuzz import fuzz

from copyhound.evaluate.measures import Annotation, detects, score
from copyhound.evaluate.pan import is_sound, read_pairs, read_truth
from copyhound.evaluate.split import in_part

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pan13-dev"


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _locate(needle: str, haystack: str) -> tuple[int, int, float]:
    """Best approximate occurrence of ``needle`` in ``haystack``: (start, length, 0..1)."""
    found = fuzz.partial_ratio_alignment(needle, haystack)
    return found.dest_start, found.dest_end - found.dest_start, found.score / 100


def audit(corpus: Path, detections: Path, part: str, exact: float) -> None:
    cases: list[Annotation] = []
    anchored: list[Annotation] = []
    dets: list[Annotation] = []
    unlisted: list[Annotation] = []
    shifted = 0
    folders = [f for f in sorted(corpus.iterdir()) if f.name[:2] in {"01", "02"}]
    for folder in folders:
        for susp, src in read_pairs(folder):
            if not in_part(susp, part):
                continue
            stem = f"{Path(susp).stem}-{Path(src).stem}.xml"
            s_text = (corpus / "susp" / susp).read_text(encoding="utf-8")
            r_text = (corpus / "src" / src).read_text(encoding="utf-8")
            truth = read_truth(folder / stem) if (folder / stem).exists() else []
            pair_dets = read_truth(detections / stem) if (detections / stem).exists() else []
            sound = [c for c in truth if is_sound(c, s_text, r_text)]
            unsound = [c for c in truth if c not in sound]
            for c in sound:
                cases.append(c)
                s_span = s_text[c.suspect_offset : c.suspect_offset + c.suspect_length]
                r_span = r_text[c.source_offset : c.source_offset + c.source_length]
                fixed = c
                as_given = _ratio(s_span, r_span)
                if as_given < 0.98:
                    start, length, sim = _locate(r_span, s_text)
                    moved = abs(start - c.suspect_offset) > 10
                    if moved and sim >= exact and sim > as_given + 0.03:
                        shifted += 1
                        fixed = Annotation(
                            c.suspect, start, length, c.source, c.source_offset, c.source_length
                        )
                        print(
                            f"shifted  {stem}: suspect {c.suspect_offset}+{c.suspect_length}"
                            f" -> {start}+{length} (similarity {sim:.2f})"
                        )
                anchored.append(fixed)
            for d in pair_dets:
                if any(detects(c, d) for c in unsound) and not any(detects(c, d) for c in sound):
                    continue
                dets.append(d)
                if any(detects(c, d) for c in truth):
                    continue
                a = s_text[d.suspect_offset : d.suspect_offset + d.suspect_length]
                b = r_text[d.source_offset : d.source_offset + d.source_length]
                if _ratio(a, b) >= exact:
                    unlisted.append(d)
                    print(
                        f"unlisted {stem}: suspect {d.suspect_offset}+{d.suspect_length},"
                        f" source {d.source_offset}+{d.source_length}"
                    )
    print()
    print(
        f"part {part}: {len(cases)} sound cases, {shifted} shifted, {len(unlisted)} unlisted copies"
    )
    for label, truth_cases in (
        ("as scored (sound cases)", cases),
        ("shifted cases re-anchored", anchored),
        ("re-anchored + unlisted copies", anchored + unlisted),
    ):
        s = score(truth_cases, dets)
        print(
            f"  {label:<32} precision {s.precision:.4f} recall {s.recall:.4f}"
            f" granularity {s.granularity:.4f} plagdet {s.plagdet:.4f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("detections", type=Path, help="--out folder of `copyhound eval pan`")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--part", choices=["tune", "check", "all"], default="check")
    parser.add_argument(
        "--exact",
        type=float,
        default=0.9,
        help="similarity from which two spans count as the same text",
    )
    args = parser.parse_args(argv)
    audit(args.corpus, args.detections, args.part, args.exact)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

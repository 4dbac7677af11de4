"""Fit and check the chance model's calibration (``copyhound.filter.chance.CALIBRATION``).

Every match `check`'s default settings find, with no confidence gate, is labelled: reuse when
it overlaps a sound truth case of 02-no-obfuscation or lies in a 03-random-obfuscation pair;
not reuse when it overlaps no case of its 02 pair, or lies in a same-topic source-source pair
(``copyhound.evaluate.negatives``). A logistic regression of the label on the model's features
is fitted on the tuning part only; the coefficients are printed, then for both parts the share
of reuse among matches by confidence band (calibration) and the pairs with a match at the
default confidence.

    python benchmarks/chance_calibration.py [--corpus ../shared/data/pan13-dev]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import numpy as np

from copyhound.engine.pipeline import Settings, align
from copyhound.evaluate.negatives import same_topic_pairs
from copyhound.evaluate.pan import DocumentCache, is_sound, read_pairs, read_truth
from copyhound.evaluate.split import PARTS, part_of
from copyhound.filter.chance import CALIBRATION, features, min_confidence_for

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pan13-dev"


def collect(corpus: Path) -> list[tuple[str, str, tuple, int | None, tuple]]:
    """(set, part, features, label, pair) for every match found with no confidence gate."""
    cache = DocumentCache(corpus)
    settings = Settings(min_confidence=0.0)
    out = []

    def run(name: str, sub: str, pairs, folder: Path | None) -> None:
        for first, src in pairs:
            s, t = cache.get(sub, first), cache.get("src", src)
            cases = []
            truth = folder / f"{Path(first).stem}-{Path(src).stem}.xml" if folder else None
            if truth is not None and truth.exists():
                cases = [
                    (c, is_sound(c, s.document.text, t.document.text)) for c in read_truth(truth)
                ]
            for m in align(s, t, settings):
                if name == "02":
                    hit = [
                        sound
                        for c, sound in cases
                        if m.suspect.overlap(
                            type(m.suspect)(c.suspect_offset, c.suspect_offset + c.suspect_length)
                        )
                    ]
                    label = 1 if any(hit) else (None if hit else 0)
                else:
                    label = 1 if name == "03" else 0
                length = min(m.suspect.length, m.source_span.length)
                c = m.chance
                x = features(
                    c.evidence, c.shared_words, length, c.bigram_share, c.rare_units, c.density
                )
                out.append((name, part_of(first), x, label, (first, src)))

    for name, folder in (("02", "02-no-obfuscation"), ("03", "03-random-obfuscation")):
        if (corpus / folder / "pairs").is_file():
            truth = corpus / folder if name == "02" else None
            run(name, "susp", read_pairs(corpus / folder), truth)
    pairs = [(a, b) for a, b, _ in same_topic_pairs(corpus, 2, "source")]
    run("source-source", "src", pairs, None)
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-3) -> np.ndarray:
    """Logistic regression by Newton's method (a little L2 for stability)."""
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    rows = collect(args.corpus)
    tune = [(x, y) for _, part, x, y, _ in rows if part == "tune" and y is not None]
    if len({y for _, y in tune}) == 2:
        w = fit(np.array([x for x, _ in tune]), np.array([y for _, y in tune], dtype=float))
        fitted = tuple(round(float(v), 3) for v in w)
        print(f"fitted on {len(tune)} tuning matches: CALIBRATION = {fitted}")
    else:
        print(f"{len(tune)} tuning matches, not both kinds: nothing to fit")
    print(f"in use:                              CALIBRATION = {CALIBRATION}")
    for part in PARTS:
        print(f"\n{part} part: share of reuse among matches by confidence (in use)")
        labelled = [(x, y) for _, p, x, y, _ in rows if p == part and y is not None]
        conf = np.array([_confidence(x) for x, _ in labelled])
        ys = np.array([y for _, y in labelled], dtype=float)
        for lo in np.arange(0, 1, 0.2):
            band = (conf >= lo) & (conf < lo + 0.2 + (lo >= 0.8) * 1e-9)
            if band.any():
                print(
                    f"  [{lo:.1f}, {lo + 0.2:.1f}) {band.sum():>4} matches,"
                    f" mean confidence {conf[band].mean():.2f}, reuse {ys[band].mean():.2f}"
                )
        pairs: dict[str, set] = defaultdict(set)
        kept: dict[str, set] = defaultdict(set)
        for name, p, x, y, pair in rows:
            if p == part and not (name == "02" and y != 1):
                pairs[name].add(pair)
                if _confidence(x) >= min_confidence_for(round(2 ** x[2])):
                    kept[name].add(pair)
        print(
            "  pairs with a match, no gate -> at the default gate: "
            + ", ".join(f"{n} {len(pairs[n])} -> {len(kept[n])}" for n in pairs)
        )
    for least in (40, 150):
        print(
            f"\npairs with a match of >= {least} characters by gate (calibration in use):"
            " 02 pairs lost / 03 pairs kept / source-source pairs kept"
        )
        for gate in np.arange(0.2, 0.71, 0.05):
            cells = []
            for part in PARTS:
                pairs, kept = defaultdict(set), defaultdict(set)
                for name, p, x, y, pair in rows:
                    if p == part and not (name == "02" and y != 1) and 2 ** x[2] >= least:
                        pairs[name].add(pair)
                        if _confidence(x) >= gate:
                            kept[name].add(pair)
                cells.append(
                    f"{part} {len(pairs['02']) - len(kept['02'])} / {len(kept['03'])}"
                    f" / {len(kept['source-source'])}"
                )
            print(f"  {gate:.2f}: " + "   ".join(cells))
    return 0


def _confidence(x: tuple) -> float:
    z = sum(w * v for w, v in zip(CALIBRATION, x, strict=True))
    return float(1 / (1 + np.exp(-z)))


if __name__ == "__main__":
    raise SystemExit(main())

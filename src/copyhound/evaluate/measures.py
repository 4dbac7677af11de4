"""PAN character-level measures (Potthast et al., COLING 2010).

A case or a detection is a pair of character ranges: one in a suspicious document and one in a
source document. A detection *detects* a case when both refer to the same two documents and
their ranges overlap on both sides. Characters are counted on both sides:

- macro recall: mean over cases of the share of the case's characters inside detections
  that detect it;
- macro precision: mean over detections of the share of the detection's characters inside
  cases it detects;
- granularity: mean number of detections per detected case (1.0 is ideal);
- plagdet: F1 / log2(1 + granularity).

Cases and detections are pooled over a whole corpus, as the PAN evaluation does.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from copyhound.model import union_length


@dataclass(frozen=True, slots=True)
class Annotation:
    """One case (truth) or detection: suspect range and source range, by document."""

    suspect: str
    suspect_offset: int
    suspect_length: int
    source: str
    source_offset: int
    source_length: int

    @property
    def size(self) -> int:
        return self.suspect_length + self.source_length


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int


def _overlap(a0: int, alen: int, b0: int, blen: int) -> bool:
    return a0 < b0 + blen and b0 < a0 + alen


def detects(case: Annotation, det: Annotation) -> bool:
    return (
        case.suspect == det.suspect
        and case.source == det.source
        and _overlap(
            case.suspect_offset, case.suspect_length, det.suspect_offset, det.suspect_length
        )
        and _overlap(case.source_offset, case.source_length, det.source_offset, det.source_length)
    )


def _covered_within(start: int, length: int, ranges: list[tuple[int, int]]) -> int:
    """Characters of ``[start, start+length)`` inside the union of ``(offset, length)`` ranges."""
    end = start + length
    return union_length(
        (max(start, o), min(end, o + n)) for o, n in ranges if o < end and o + n > start
    )


def _share_covered(target: Annotation, others: list[Annotation]) -> float:
    if target.size == 0:
        return 0.0
    this = _covered_within(
        target.suspect_offset,
        target.suspect_length,
        [(o.suspect_offset, o.suspect_length) for o in others],
    )
    source = _covered_within(
        target.source_offset,
        target.source_length,
        [(o.source_offset, o.source_length) for o in others],
    )
    return (this + source) / target.size


def score(cases: list[Annotation], detections: list[Annotation]) -> Scores:
    """Macro precision, recall, granularity and plagdet of ``detections`` against ``cases``."""
    by_pair: dict[tuple[str, str], list[Annotation]] = defaultdict(list)
    for det in detections:
        by_pair[(det.suspect, det.source)].append(det)
    cases_by_pair: dict[tuple[str, str], list[Annotation]] = defaultdict(list)
    for case in cases:
        cases_by_pair[(case.suspect, case.source)].append(case)

    if not cases and not detections:
        return Scores(1.0, 1.0, 1.0, 1.0, 0, 0)
    if not cases or not detections:
        return Scores(0.0, 0.0, 1.0, 0.0, len(cases), len(detections))

    recall_sum, granularity_counts = 0.0, []
    for case in cases:
        hits = [d for d in by_pair[(case.suspect, case.source)] if detects(case, d)]
        recall_sum += _share_covered(case, hits)
        if hits:
            granularity_counts.append(len(hits))
    precision_sum = 0.0
    for det in detections:
        hits = [c for c in cases_by_pair[(det.suspect, det.source)] if detects(c, det)]
        precision_sum += _share_covered(det, hits)

    recall = recall_sum / len(cases)
    precision = precision_sum / len(detections)
    granularity = sum(granularity_counts) / len(granularity_counts) if granularity_counts else 1.0
    if precision + recall == 0:
        plagdet = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
        plagdet = f1 / math.log2(1 + granularity)
    return Scores(precision, recall, granularity, plagdet, len(cases), len(detections))

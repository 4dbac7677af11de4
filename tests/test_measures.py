"""PAN measures on cases computed by hand (Potthast et al. 2010)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copyhound.evaluate.measures import Annotation, score
from copyhound.model import union_length


def ann(s0, s1, t0, t1, suspect="s.txt", source="t.txt") -> Annotation:
    return Annotation(suspect, s0, s1 - s0, source, t0, t1 - t0)


CASE = ann(0, 100, 0, 100)


def test_exact_detection_scores_one():
    s = score([CASE], [ann(0, 100, 0, 100)])
    assert (s.precision, s.recall, s.granularity, s.plagdet) == (1.0, 1.0, 1.0, 1.0)


def test_half_detected_case():
    # 50 of 100 characters on each side: recall (50 + 50) / 200.
    s = score([CASE], [ann(0, 50, 0, 50)])
    assert s.recall == pytest.approx(0.5)
    assert s.precision == pytest.approx(1.0)
    assert s.plagdet == pytest.approx(2 * 0.5 / 1.5)


def test_split_detection_is_punished_by_granularity():
    s = score([CASE], [ann(0, 50, 0, 50), ann(50, 100, 50, 100)])
    assert (s.precision, s.recall, s.granularity) == (1.0, 1.0, 2.0)
    assert s.plagdet == pytest.approx(1 / math.log2(3))


def test_overlong_detection_loses_precision_on_both_sides():
    # 200 suspect + 100 source characters detected, 200 of them inside the case.
    s = score([CASE], [ann(0, 200, 0, 100)])
    assert s.precision == pytest.approx(200 / 300)
    assert s.recall == 1.0
    assert s.plagdet == pytest.approx(2 * (2 / 3) / (1 + 2 / 3))


def test_false_positive_in_another_pair_halves_macro_precision():
    s = score([CASE], [ann(0, 100, 0, 100), ann(0, 100, 0, 100, suspect="other.txt")])
    assert s.precision == pytest.approx(0.5)
    assert s.recall == 1.0


def test_overlap_on_one_side_only_does_not_detect():
    s = score([CASE], [ann(0, 100, 500, 600)])
    assert s.recall == 0.0 and s.precision == 0.0 and s.plagdet == 0.0


def test_overlapping_detections_are_not_counted_twice_in_recall():
    s = score([CASE], [ann(0, 60, 0, 60), ann(40, 100, 40, 100)])
    assert s.recall == pytest.approx(1.0)
    assert s.granularity == 2.0


def test_empty_cases_and_detections():
    assert score([], []).plagdet == 1.0
    assert score([CASE], []).plagdet == 0.0
    assert score([], [CASE]).plagdet == 0.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)), max_size=12))
def test_union_length_counts_each_covered_position_once(raw):
    intervals = [(start, start + length) for start, length in raw]
    assert union_length(intervals) == len({k for s, e in intervals for k in range(s, e)})

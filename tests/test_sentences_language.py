"""Sentence splitting keeps offsets; the stopword profile names the language."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copyhound.semantic.language import detect_language
from copyhound.semantic.sentences import split_sentences


def test_sentences_split_at_stops_and_blank_lines_not_abbreviations():
    text = (
        "On Dec. 7 the president spoke to Mr. Smith at noon. Then he left the palace quickly."
        "\n\nA new paragraph starts here without a stop"
    )
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "On Dec. 7 the president spoke to Mr. Smith at noon.",
        "Then he left the palace quickly.",
        "A new paragraph starts here without a stop",
    ]


def test_short_fragments_merge_into_the_next_sentence():
    text = "Yes. No. The committee approved the budget after a long debate."
    spans = split_sentences(text)
    assert len(spans) == 1
    assert (spans[0].start, spans[0].end) == (0, len(text))


def test_long_sentences_are_cut_into_windows():
    text = " ".join(f"w{k}" for k in range(150)) + "."
    spans = split_sentences(text, max_words=60)
    assert len(spans) == 3
    assert text[spans[0].start : spans[0].end].split()[0] == "w0"
    assert text[spans[-1].start : spans[-1].end].endswith("w149.")


@given(st.text(alphabet=st.sampled_from("ab .!?\n\u00e9"), max_size=200))
def test_spans_are_ordered_disjoint_and_trimmed(text):
    spans = split_sentences(text)
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start
    for s in spans:
        piece = text[s.start : s.end]
        assert piece == piece.strip() and piece


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The president was arrested on his way to the embassy of Mexico.", "en"),
        ("El presidente fue detenido cuando se dirigía a la embajada de México.", "es"),
        ("Le président a été arrêté alors qu'il se rendait à l'ambassade du Mexique.", "fr"),
        ("Der Präsident wurde auf dem Weg zur Botschaft von Mexiko verhaftet.", "de"),
        ("Президент был арестован по дороге в посольство.", "ru"),
        ("12 34 56 -- 78", "und"),
        ("", "und"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


@given(
    st.lists(
        st.sampled_from(
            [
                "the",
                "of",
                "and",
                "was",
                "his",
                "El",
                "la",
                "de",
                "que",
                "los",
                "Der",
                "die",
                "und",
                "le",
                "les",
                "et",
                "il",
                "di",
                "che",
                "12",
                "x_y",
                "Smith,",
                "embassy.",
                "(Lima)",
                "don't",
            ]
        ),
        max_size=60,
    )
)
def test_ascii_text_gets_the_language_the_general_path_gives(words):
    text = " ".join(words)
    # A no-break space adds no word but makes the text non-ASCII: the general path.
    assert detect_language(text) == detect_language(text + "\u00a0")

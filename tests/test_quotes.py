"""Quotation spans: every quote style, nesting, apostrophes, multi-paragraph and block quotes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from copyhound.judge.quotes import QuoteMap, find_quotations


def inner_texts(text: str) -> list[tuple[str, str, int]]:
    return [(q.style, text[q.inner.start : q.inner.end], q.depth) for q in find_quotations(text)]


def test_curly_double_with_nested_curly_double():
    text = "He said “she told me “go home,” then left” and smiled."
    assert inner_texts(text) == [
        ("double", "she told me “go home,” then left", 0),
        ("double", "go home,", 1),
    ]


def test_straight_double_with_nested_straight_single():
    text = "He said \"this is 'nested' here\" and left."
    assert inner_texts(text) == [("double", "this is 'nested' here", 0), ("single", "nested", 1)]


def test_outer_span_includes_the_marks():
    text = "A «quoted» word."
    (q,) = find_quotations(text)
    assert text[q.outer.start : q.outer.end] == "«quoted»"
    assert q.style == "guillemet"


def test_apostrophes_are_not_quotes():
    text = (
        "Castillo's car from the '90s isn't rock 'n' roll; the students' essays don't "
        "say Castillo’s name in the ’80s."
    )
    assert find_quotations(text) == []


def test_curly_single_quote_around_possessive():
    text = "She called it ‘Castillo’s last stand’ in print."
    assert inner_texts(text) == [("single", "Castillo’s last stand", 0)]


def test_german_low_high_quotes():
    text = "Er sagte „Guten Tag“ und ging."
    assert inner_texts(text) == [("double", "Guten Tag", 0)]


def test_multi_paragraph_quote_reopened_each_paragraph():
    text = "Intro:\n\n“First paragraph of it.\n\n“Second paragraph of it.”\n\nAfter."
    assert inner_texts(text) == [
        ("double", "First paragraph of it.\n\n“Second paragraph of it.", 0)
    ]


def test_quote_closing_in_a_later_paragraph():
    text = "Intro: “First part.\n\nSecond part.” After."
    assert inner_texts(text) == [("double", "First part.\n\nSecond part.", 0)]


def test_unclosed_quote_ends_with_its_paragraph():
    text = "He said “this never closes.\n\nA new paragraph “with its own quote” here."
    assert inner_texts(text) == [
        ("double", "this never closes.", 0),
        ("double", "with its own quote", 0),
    ]


def test_markdown_block_quote():
    text = "Intro:\n\n> line one\n> line two\n\nBody."
    assert inner_texts(text) == [("block", "line one\n> line two", 0)]


def test_indented_block_quote_only_when_body_is_flush():
    text = "Body one.\n\n    An indented quotation\n    on two lines.\n\nBody two.\n\nBody three."
    assert inner_texts(text) == [("indented", "An indented quotation\n    on two lines.", 0)]
    all_indented = "    One.\n\n    Two.\n\n    Three."
    assert find_quotations(all_indented) == []


def test_quote_map_covers_inner_text_only():
    text = "x “abc” y"
    qm = QuoteMap(find_quotations(text))
    assert [qm.covers(i) for i in range(len(text))] == [
        False, False, False, True, True, True, False, False, False,
    ]  # fmt: skip


@given(st.text(alphabet="ab '\"“”‘’«»\n>.", max_size=80))
def test_spans_always_lie_in_the_text(text):
    for q in find_quotations(text):
        assert 0 <= q.outer.start <= q.inner.start <= q.inner.end <= q.outer.end <= len(text)

"""Across sources: a match explained by a longer, as close match with another source (or an
as long, much closer one)."""

from copyhound.filter.overlaps import ShadowSettings, drop_shadowed
from copyhound.model import Match, Span


def match(source: str, start: int, end: int, score: float) -> Match:
    return Match(source, Span(start, end), Span(0, end - start), "verbatim", score)


def kept_sources(matches: list[Match]) -> list[str]:
    return [m.source for m in drop_shadowed(matches)]


def test_a_phrase_inside_the_passage_of_another_source_is_dropped():
    passage = match("source", 100, 500, 1.0)
    phrase = match("quoting-page", 200, 260, 1.0)
    assert kept_sources([passage, phrase]) == ["source"]


def test_equal_copies_are_all_kept():
    # A wire story reprinted: same span, same similarity.
    assert kept_sources([match("paper-a", 100, 500, 1.0), match("paper-b", 100, 500, 1.0)]) == [
        "paper-a",
        "paper-b",
    ]


def test_a_closer_short_match_inside_a_loose_long_one_is_kept():
    loose = match("paraphrased", 280, 700, 0.4)
    verbatim = match("copied", 300, 350, 1.0)
    assert kept_sources([loose, verbatim]) == ["paraphrased", "copied"]


def test_a_loose_match_inside_a_much_closer_one_as_long_is_dropped():
    # A distractor shares a few words of a verbatim passage, loosely aligned around them.
    verbatim = match("source", 100, 500, 1.0)
    loose = match("topic-page", 120, 450, 0.35)
    assert kept_sources([verbatim, loose]) == ["source"]
    # Not much closer (0.9 against 0.75): both kept; nor when the closer one is shorter.
    assert kept_sources([match("a", 100, 500, 0.9), match("b", 120, 450, 0.75)]) == ["a", "b"]
    assert kept_sources([match("a", 100, 300, 1.0), match("b", 100, 320, 0.35)]) == ["a", "b"]


def test_same_source_partial_overlap_and_shorter_neighbours_are_kept():
    passage = match("a", 100, 500, 0.9)
    inside_same_source = match("a", 150, 200, 0.9)
    half_outside = match("b", 450, 560, 0.9)  # 50 of its 110 characters inside
    not_twice_as_long = match("c", 210, 490, 0.9)  # passage is 400 long, this one 280
    kept = kept_sources([passage, inside_same_source, half_outside, not_twice_as_long])
    assert kept == ["a", "a", "b", "c"]


def test_the_thresholds_are_settings():
    passage = match("source", 100, 500, 1.0)
    phrase = match("quoting-page", 200, 260, 1.0)
    assert drop_shadowed([passage, phrase], ShadowSettings(longer=10.0)) == [passage, phrase]
    assert drop_shadowed([phrase]) == [phrase] and drop_shadowed([]) == []

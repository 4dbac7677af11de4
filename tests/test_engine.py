"""The alignment engine on planted reuse: exact spans, reordering, repetition, edits, none."""

from __future__ import annotations

import random

from helpers import prose
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copyhound import Document, compare
from copyhound.engine.pipeline import EditedSettings, Prepared, Settings, align
from copyhound.normalise.tokens import tokenize


def run(suspect: str, source: str, **kw) -> list:
    return align(
        Prepared.of(Document(suspect, "suspect")),
        Prepared.of(Document(source, "source")),
        Settings(**kw),
    )


def test_verbatim_passage_is_one_match_with_exact_offsets():
    source = prose(400, seed=1)
    passage = prose(80, seed=2)
    source = source + " " + passage + " " + prose(200, seed=3)
    before, after = prose(150, seed=4), prose(150, seed=5)
    suspect = f"{before} {passage} {after}"
    (m,) = run(suspect, source)
    assert m.kind == "verbatim" and m.score == 1.0
    assert suspect[m.suspect.start : m.suspect.end] == passage
    assert source[m.source_span.start : m.source_span.end] == passage
    assert m.suspect.start == len(before) + 1


def test_no_reuse_gives_no_match():
    assert run(prose(800, seed=10), prose(800, seed=11)) == []


def test_swapped_paragraphs_are_both_found_in_their_places():
    p1, p2 = prose(70, seed=20), prose(70, seed=21)
    source = f"{prose(100, seed=22)}\n\n{p1}\n\n{p2}\n\n{prose(100, seed=23)}"
    suspect = f"{prose(100, seed=24)}\n\n{p2}\n\n{prose(30, seed=25)}\n\n{p1}"
    matches = run(suspect, source)
    found = {
        (suspect[m.suspect.start : m.suspect.end], source[m.source_span.start : m.source_span.end])
        for m in matches
    }
    assert found == {(p1, p1), (p2, p2)}


def test_a_passage_reused_twice_gives_two_matches_to_one_source_span():
    passage = prose(60, seed=30)
    source = f"{prose(100, seed=31)} {passage} {prose(100, seed=32)}"
    suspect = f"{prose(50, seed=33)} {passage} {prose(120, seed=34)} {passage} {prose(40, seed=35)}"
    matches = run(suspect, source)
    assert len(matches) == 2
    assert {source[m.source_span.start : m.source_span.end] for m in matches} == {passage}
    assert matches[0].suspect.start < matches[1].suspect.start


def test_light_edits_keep_one_near_verbatim_match():
    words = prose(120, seed=40).split()
    source = f"{prose(100, seed=41)} {' '.join(words)} {prose(100, seed=42)}"
    edited = list(words)
    edited[30] = "zzzquux"  # a changed word
    del edited[60]  # a dropped word
    edited.insert(90, "moreover")  # an inserted word
    suspect = f"{prose(80, seed=43)} {' '.join(edited)} {prose(80, seed=44)}"
    (m,) = run(suspect, source)
    assert m.kind == "near-verbatim"
    assert 0.95 < m.score < 1.0
    assert suspect[m.suspect.start : m.suspect.end].split()[0] == words[0]
    assert source[m.source_span.start : m.source_span.end] == " ".join(words)


def test_heavily_edited_copy_is_found_by_the_edited_pass_only():
    rng = random.Random(50)
    words = prose(150, seed=51).split()
    edited = []
    for k, w in enumerate(words):
        if rng.random() < 0.12:
            continue  # deletions
        if k % 4 == 0:
            edited.append("xylofon")  # insertions every few words
        edited.append(w)
    # Swap neighbouring words all along, breaking nearly every word trigram.
    for k in range(0, len(edited) - 1, 3):
        edited[k], edited[k + 1] = edited[k + 1], edited[k]
    copy = " ".join(edited)
    source = f"{prose(100, seed=52)} {' '.join(words)} {prose(100, seed=53)}"
    suspect = f"{prose(100, seed=54)} {copy} {prose(100, seed=55)}"
    assert run(suspect, source, edited=EditedSettings(enabled=False)) == []
    (m,) = run(suspect, source)
    assert m.kind == "near-verbatim" and m.score < 0.8
    start = suspect.index(copy)
    # The match covers most of the edited copy and stays inside it, give or take a word.
    assert m.suspect.start >= start - 10 and m.suspect.end <= start + len(copy) + 10
    assert m.suspect.length > 0.8 * len(copy)


def test_small_matches_are_filtered_by_min_words():
    passage = "alpha beta gamma delta epsilon zeta eta theta"
    suspect = f"{prose(100, seed=60)} {passage} {prose(100, seed=61)}"
    source = f"{prose(100, seed=62)} {passage} {prose(100, seed=63)}"
    assert len(run(suspect, source)) == 1
    from copyhound.filter.overlaps import FilterSettings

    assert run(suspect, source, filter=FilterSettings(min_words=9)) == []


def test_self_comparison_and_empty_documents_do_not_crash():
    text = prose(300, seed=70)
    (m,) = run(text, text)
    assert (m.suspect.start, m.suspect.end) == (0, len(text))
    assert run("", text) == [] and run(text, "") == [] and run("", "") == []


def test_compare_reports_share_per_source():
    passage = prose(100, seed=80)
    suspect = Document(f"{passage} {prose(100, seed=81)}", "essay")
    src_a = Document(f"{prose(50, seed=82)} {passage}", "a")
    src_b = Document(prose(200, seed=83), "b")
    report = compare(suspect, [src_a, src_b])
    assert [m.source for m in report.matches] == ["a"]
    assert report.reused_chars("a") == len(passage)
    assert report.reused_share("b") == 0.0
    assert report.considered == ["a", "b"]


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    plant_words=st.integers(12, 120),
    junk=st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
)
@example(seed=592, plant_words=12, junk="")  # ends in a sentence of function words: "Is a."
def test_planted_passages_are_found_and_every_span_slices_both_texts(seed, plant_words, junk):
    passage = prose(plant_words, seed=seed)
    source = f"{prose(80, seed=seed + 1)}{junk} .\n{passage}\n{prose(80, seed=seed + 2)}"
    suspect = f"{prose(60, seed=seed + 3)} {junk} . {passage} {prose(60, seed=seed + 4)}"
    matches = run(suspect, source)
    for m in matches:
        assert 0 <= m.suspect.start < m.suspect.end <= len(suspect)
        assert 0 <= m.source_span.start < m.source_span.end <= len(source)
    # Seeds need content words; function words at a passage's edges are taken along only
    # within a sentence (so a final sentence "Is a." may stay out). Its content words must not.
    start = suspect.index(passage)
    words = tokenize(passage)
    content = words.content.nonzero()[0]
    first, last = start + words.starts[content[0]], start + words.ends[content[-1]]
    assert any(m.suspect.start <= first and m.suspect.end >= last for m in matches)


@settings(max_examples=60, deadline=None)
@given(
    a=st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    b=st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    shared=st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=300),
)
def test_any_texts_compare_without_error_and_spans_slice_both(a, b, shared):
    suspect, source = Document(a + shared, "s"), Document(shared + b, "t")
    report = compare(suspect, [source])
    for m in report.matches:
        assert 0 <= m.suspect.start <= m.suspect.end <= len(suspect.text)
        assert 0 <= m.source_span.start <= m.source_span.end <= len(source.text)
    assert 0.0 <= report.reused_share() <= 1.0


def test_two_short_passages_quoted_in_reverse_order_beside_a_byline_are_both_found():
    """A writer quotes a source's later sentence first, then the one before it, and names
    the byline nearby (which the source repeats in its closing credit): the cluster's sides
    differ in length, and the run off its best chain (the moved passage) is a passage of its
    own, not dropped."""
    source = (
        "Herders count losses as second harsh winter grips western provinces\n\nBy Kim "
        "Min-jun\n\nKHOVD, Mongolia (Steppe Wire Service) - "
        + prose(120, seed=11)
        + " Aid agencies said families who lose most of their animals often move to the "
        "capital, where many settle in districts of felt tents. Officials expect further "
        "losses when the snow melts in March, as weakened animals give birth.\n\n"
        "(Reporting by Kim Min-jun; Editing by Sara Lind)"
    )
    suspect = (
        "Kim Min-jun's report for the Steppe Wire Service shows that the authorities \"expect "
        'further losses when the snow melts in March, as weakened animals give birth" (Kim '
        "2024).\n\nMy own worry is for the cities, since aid agencies said families who lose "
        "most of their animals often move to the capital, where many settle in districts of "
        'felt tents.\n\nReferences\n\nKim, Min-jun. 2024. "Herders Count Losses as Second '
        'Harsh Winter Grips Western Provinces." Steppe Wire Service, February 12.'
    )
    found = [suspect[m.suspect.start : m.suspect.end] for m in run(suspect, source)]
    assert any(f.startswith("expect further losses when the snow melts in March") for f in found)
    assert any(f.startswith("aid agencies said families") for f in found)

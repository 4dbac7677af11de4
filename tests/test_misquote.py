"""Quote accuracy: the quoting conventions the style guides allow are not misquotes; a changed,
added or dropped content word is, with the exact words on both sides."""

from __future__ import annotations

from pathlib import Path

import pytest

from copyhound import Document, compare, read_document
from copyhound.evaluate.verdicts import load_sources
from copyhound.report.html import render_html

CORPUS = Path(__file__).parent / "data" / "attribution"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LEDGER = (
    "each ledger recorded the weight of salt loaded at the oases, the price paid in cloth or "
    "millet, and the names of the guides who led the caravan across the dunes"
)


@pytest.fixture(scope="module")
def sources():
    return [s for s in load_sources(CORPUS) if s.name in ("salt-roads.md", "glacier-retreat.txt")]


def judged(text: str, sources) -> list:
    report = compare(Document(text, "suspect"), sources)
    return [m.judgement for m in report.matches]


def changes(text: str, sources) -> list[tuple[str, str, str]]:
    return [
        (d.change, d.suspect_text, d.source_text)
        for j in judged(text, sources)
        for d in j.differences
    ]


@pytest.mark.parametrize("mark", ["...", ". . .", "…", "[...]", "[…]"])
def test_every_ellipsis_form_marks_an_omission(mark, sources):
    text = LEDGER.replace("loaded at the oases, the price paid in cloth or millet,", mark)
    assert changes(f"Abubakar writes that “{text}.”", sources) == []


def test_bracketed_insertions_and_changed_capitals_are_allowed(sources):
    text = "Abubakar writes that “[E]ach ledger recorded the weight of [the] salt loaded at the "
    text += "oases, the price paid in cloth or millet.”"
    got = judged(text, sources)
    assert [j.verdict for j in got] == ["quoted-attributed"] and not got[0].misquote


def test_a_changed_word_is_reported_with_both_sides(sources):
    text = f"Abubakar writes that “{LEDGER.replace('weight of salt', 'weight of gold')}.”"
    assert changes(text, sources) == [("changed", "gold", "salt")]


def test_an_added_and_a_dropped_word_are_reported(sources):
    added = f"Abubakar writes that “{LEDGER.replace('the weight', 'the exact weight')}.”"
    assert changes(added, sources) == [("added", "exact", "")]
    dropped = f"Abubakar writes that “{LEDGER.replace('price paid in', 'price in')}.”"
    assert changes(dropped, sources) == [("dropped", "", "paid")]


def test_joined_quotations_of_one_speaker_are_not_misquotes(sources):
    # The source has “...income,” said Dr. Élise Fontaine, ... “Once the savings ...”.
    text = (
        "Kierkegaard-Holm quotes a hydrologist: “We are spending the glacier's savings as if "
        "they were its income. Once the savings are gone, the income will be a fraction of "
        "what the valley is used to.”"
    )
    got = judged(text, sources)
    assert got and all(j.verdict == "quoted-attributed" and not j.misquote for j in got)


def test_sentences_joined_across_an_unmarked_gap_are_one_dropped_stretch(sources):
    text = (
        "Abubakar writes that “the merchants of Agadez kept ledgers in Arabic script long "
        "before any colonial clerk arrived to count their camels. A merchant in Kano could "
        "borrow against salt that had not yet been dug.”"
    )
    got = changes(text, sources)
    assert {c for c, _, _ in got} == {"dropped"}
    assert all(src.startswith("Each ledger recorded the weight of salt") for _, _, src in got)


def test_signal_phrase_before_a_misquote_still_credits_it(sources):
    text = (
        "Kierkegaard-Holm records a hydrologist's warning that “we are spending the valley's "
        "savings as if they were its income.”"
    )
    got = judged(text, sources)
    assert [(j.verdict, j.misquote) for j in got] == [("quoted-attributed", True)]


def test_bundled_example_has_no_misquote():
    essay = read_document(EXAMPLES / "essay.txt")
    report = compare(essay, [read_document(p) for p in sorted((EXAMPLES / "sources").iterdir())])
    verdicts = [(m.judgement.verdict, m.judgement.misquote) for m in report.matches]
    assert ("quoted-attributed", False) in verdicts
    assert not any(misquote for _, misquote in verdicts)


def test_html_report_explains_a_misquote(sources):
    text = f"Abubakar writes that “{LEDGER.replace('weight of salt', 'weight of gold')}.”"
    html = render_html(compare(Document(text, "suspect"), sources))
    assert "misquoted: “gold” where the source has “salt”" in html
    exact = render_html(compare(Document(f"Abubakar writes that “{LEDGER}.”", "s"), sources))
    assert 'class="misquote"' not in exact


BLOCK = (
    "Each ledger recorded the weight of salt loaded at the oases, the price paid in cloth or "
    "millet, and the names of the guides who led the caravan across the dunes."
)


@pytest.mark.parametrize(
    "credit",
    [
        " (Abubakar 2016, 112)",  # APA / Chicago author-date after the block's last full stop
        " (112)",  # MLA: the page alone, the author named in the lead-in
        "\n>\n> — Hauwa Abubakar, *Salt Roads*",  # an attribution line under the block
    ],
)
def test_a_block_quotations_closing_citation_is_not_added_words(credit, sources):
    text = f"Abubakar describes the ledgers:\n\n> {BLOCK}{credit}\n\nThey were kept for decades."
    got = judged(text, sources)
    assert [(j.verdict, j.misquote) for j in got] == [("quoted-attributed", False)]


def test_words_added_inside_a_block_quotation_are_still_a_misquote(sources):
    text = f"Abubakar describes the ledgers:\n\n> {BLOCK.replace('of salt', 'of rock salt')} (112)"
    assert changes(text, sources) == [("added", "rock", "")]

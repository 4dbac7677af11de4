"""The real-byline verdict corpus (tests/data/attribution-realbylines): public-domain texts
with their own front matter (Project Gutenberg headers, a speech's title and author lines, a
Supreme Court opinion's caption) and pages in a government site's, an encyclopedia's and a
newspaper's byline forms. The tuning part must reach 95% of verdicts right; the check part,
written with it before any run and never tuned on, is scored and printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from copyhound.evaluate.verdicts import load_cases, load_sources, score_corpus
from copyhound.judge.source_names import source_names

CORPUS = Path(__file__).parent / "data" / "attribution-realbylines"


@pytest.fixture(scope="module")
def names():
    return {d.name: source_names(d) for d in load_sources(CORPUS)}


def test_corpus_is_split_and_about_a_hundred_cases():
    tune = {c["id"] for c in load_cases(CORPUS, "tune.toml")}
    check = {c["id"] for c in load_cases(CORPUS, "check.toml")}
    assert len(tune) + len(check) >= 90
    assert not tune & check


def test_tuning_part_accuracy():
    tune = score_corpus(CORPUS, "tune.toml")
    right = len(tune.outcomes) - len(tune.errors)
    misses = [(o.case, o.expected, o.got) for o in tune.errors]
    assert right / len(tune.outcomes) >= 0.95, misses


def test_check_part_is_scored(capsys):
    check = score_corpus(CORPUS, "check.toml")
    right = len(check.outcomes) - len(check.errors)
    with capsys.disabled():
        print(f"\nattribution-realbylines check.toml: {right}/{len(check.outcomes)} right")
    assert check.outcomes


def test_gutenberg_header_gives_title_author_and_site(names):
    got = names["walden-gutenberg.txt"]
    assert got.titles[0] == "Walden, and On The Duty Of Civil Disobedience"
    assert got.authors == ["Henry David Thoreau"]
    assert got.publications == ["Project Gutenberg"]
    assert "Walden" in got.short_titles
    assert "Origin of Species" in names["origin-of-species-ch14.txt"].short_titles
    assert "Language: English" not in names["pride-and-prejudice-ch1.txt"].authors


def test_court_opinion_caption(names):
    got = names["brown-v-board.txt"]
    assert got.titles == ["Brown v. Board of Education of Topeka"]
    assert got.authors == ["Warren"]  # MR. CHIEF JUSTICE WARREN delivered the opinion
    assert "347 U.S. 483" in got.publications
    assert {"Brown", "Brown v. Board of Education"} <= set(got.short_titles)


def test_newspaper_byline_in_capitals_and_correspondent_line(names):
    got = names["wright-flight-1903.txt"]
    assert got.authors == ["Horace T. Weeks"]
    assert got.publications == ["Tidewater Herald"]
    wiki = names["fresnel-lens-wiki.md"]
    assert wiki.publications == ["Wikipedia"]  # "From Wikipedia, the free encyclopedia"

"""The similarity index and its exclusions."""

from __future__ import annotations

from pathlib import Path

import pytest

from copyhound import Document, compare
from copyhound.evaluate.verdicts import load_sources
from copyhound.judge.verdict import JudgeOptions
from copyhound.normalise.tokens import tokenize

CORPUS = Path(__file__).parent / "data" / "attribution"

COPIED = (
    "Engineers had promised that fish ladders would keep the migrations alive, but the "
    "ladders were built too steep for anything but the strongest swimmers."
)
QUOTED = (
    "Okafor writes: “Local cooperatives that once fed whole villages now sell imported "
    "frozen fish at prices most families cannot afford.”"
)
OWN = "My own words come here and they are not in any source at all, as you can see."


@pytest.fixture(scope="module")
def sources():
    return load_sources(CORPUS)


def words(text: str) -> int:
    return len(tokenize(text))


def test_index_counts_words_and_leads_with_unattributed(sources):
    text = f"{COPIED} {QUOTED} {OWN}"
    idx = compare(Document(text, "s"), sources).similarity
    assert idx.words == words(text)
    copied, quoted = words(COPIED), words(QUOTED) - words("Okafor writes:")
    assert idx.reused_words == copied + quoted
    assert idx.unattributed_words == copied
    assert idx.unattributed == pytest.approx(copied / words(text))
    assert idx.by_verdict["quoted-attributed"] == pytest.approx(quoted / words(text))
    (delta,) = [s for s in idx.sources if s.passages]
    assert delta.name == "delta-review.md" and delta.reused_words == copied + quoted


def test_exclude_quotes_keeps_the_passage_but_not_the_count(sources):
    text = f"{COPIED} {QUOTED} {OWN}"
    report = compare(Document(text, "s"), sources, judge=JudgeOptions(exclude_quotes=True))
    assert report.similarity.reused_words == words(COPIED)
    quoted = [m for m in report.matches if m.judgement.quoted]
    assert [m.judgement.excluded for m in quoted] == [["quoted"]]


def test_min_match_words_and_min_source_percent(sources):
    text = f"{COPIED} {OWN}"
    small = compare(Document(text, "s"), sources, judge=JudgeOptions(min_match_words=50))
    assert small.similarity.reused_words == 0
    assert small.matches[0].judgement.excluded == ["small-match"]
    share = words(COPIED) / words(text) * 100
    kept = compare(Document(text, "s"), sources, judge=JudgeOptions(min_source_percent=share - 1))
    assert kept.similarity.reused_words == words(COPIED)
    cut = compare(Document(text, "s"), sources, judge=JudgeOptions(min_source_percent=share + 1))
    assert cut.similarity.reused_words == 0
    assert cut.matches[0].judgement.excluded == ["small-source"]
    assert [s.excluded for s in cut.similarity.sources if s.passages] == [True]


def test_bibliography_is_excluded_by_default(sources):
    entry = (
        "Okafor, M. (2019). The river fisheries of the lower delta collapsed in less than a "
        "decade after the upstream dams were completed. Delta Review."
    )
    text = f"{OWN}\n\nReferences\n\n{entry}\n"
    # By default an entry that names the source by its title (here the source's opening
    # sentence, under 25 words) is a citation, not reuse: no passage at all.
    default = compare(Document(text, "s"), sources)
    assert default.matches == []
    assert default.similarity.reused_words == 0
    included = compare(Document(text, "s"), sources, judge=JudgeOptions(exclude_bibliography=False))
    assert included.similarity.reused_words > 0


def test_a_copy_in_the_bibliography_past_the_title_is_listed_but_not_counted(sources):
    entry = (
        "Okafor, M. (2019). The river fisheries of the lower delta collapsed in less than a "
        "decade after the upstream dams were completed. Delta Review."
    )
    text = f"{OWN}\n\nReferences\n\n{entry} {COPIED}\n"
    default = compare(Document(text, "s"), sources)
    listed = [m for m in default.matches if m.judgement.excluded == ["bibliography"]]
    assert listed, [(m.judgement.excluded, m.suspect) for m in default.matches]
    assert default.similarity.reused_words == 0


def test_template_text_is_never_counted(sources):
    prompt = (
        "Cities that removed their street trees in the name of wider roads are now paying "
        "for it in heat. Discuss."
    )
    text = f"{prompt}\n\n{COPIED} {OWN}"
    options = JudgeOptions(template=Document(prompt, "prompt.txt"))
    report = compare(Document(text, "s"), sources, judge=options)
    idx = report.similarity
    # The template's match covers the whole prompt, its last word included.
    template_words = words(prompt)
    assert idx.template_words == template_words
    assert idx.words == words(text) - template_words
    assert idx.reused_words == words(COPIED)
    tree = [m for m in report.matches if m.source == "urban-quarterly.md"]
    assert [m.judgement.excluded for m in tree] == [["template"]]

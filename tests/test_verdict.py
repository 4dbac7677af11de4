"""The judgement stage end to end: the founding pair's bars, splitting, quote accuracy."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copyhound import Document, compare
from copyhound.evaluate.verdicts import load_sources
from copyhound.normalise.tokens import tokenize

CORPUS = Path(__file__).parent / "data" / "attribution"


@pytest.fixture(scope="module")
def founding(founding_pair):
    return compare(*[founding_pair[0]], [founding_pair[1]])


def judged(report):
    text = report.suspect.text
    return [(text[m.suspect.start : m.suspect.end], m.judgement) for m in report.matches]


def find(report, start_words: str):
    hits = [m for m in report.matches if report.suspect.slice(m.suspect).startswith(start_words)]
    assert len(hits) == 1, [report.suspect.slice(m.suspect)[:40] for m in report.matches]
    return hits[0]


def test_founding_maag_sentence_is_unattributed(founding):
    m = find(founding, "Mariano Alvarado, operations officer")
    assert m.judgement.verdict == "unattributed"
    assert founding.suspect.slice(m.suspect).endswith("the US Defense attaché.")
    assert founding.sources[0].slice(m.source_span) == (
        "Mariano Alvarado, [operations officer](#) of the Military Assistance and Advisory "
        "Group (MAAG), who functions effectively as the U.S. Defense attaché."
    )


def test_founding_quote_after_based_on_account_is_quoted_attributed(founding):
    m = find(founding, "We are told that officials")
    j = m.judgement
    assert j.verdict == "quoted-attributed"
    assert j.attribution.signal.text == "Based on People’s Dispatch account"
    assert founding.suspect.text[j.attribution.signal.span.start :].startswith("Based on")
    assert founding.sources[0].slice(m.source_span).startswith("We are told that officials")
    assert founding.sources[0].slice(m.source_span).endswith("which made him appear weak.")
    # Cut from the engine's one match over both: the split is recorded.
    assert j.split_from is not None and j.split_from.start == 2251


def test_founding_long_quotation_is_quoted_unattributed(founding):
    m = find(founding, "She worked with men")
    assert m.judgement.verdict == "quoted-unattributed"
    assert m.judgement.attribution is None
    assert not m.judgement.misquote


def test_founding_castillo_phrases_are_quoted_and_attributed(founding):
    m = find(founding, "temporarily dissolve the Congress")
    j = m.judgement
    assert (j.quoted, j.attributed, j.verdict) == (True, True, "quoted-attributed")
    assert j.attribution.signal.text == "(People’s Dispatch)"
    assert founding.suspect.slice(m.suspect).endswith("an exceptional emergency government.”")


def test_split_parts_have_the_same_words_on_both_sides(founding):
    for m in founding.matches:
        sus = tokenize(founding.suspect.slice(m.suspect)).ids.tolist()
        src = tokenize(founding.sources[0].match_text[m.source_span.start : m.source_span.end])
        assert sus == src.ids.tolist(), founding.suspect.slice(m.suspect)[:40]


def test_judge_false_returns_the_raw_alignment(founding_pair):
    raw = compare(founding_pair[0], [founding_pair[1]], judge=False)
    assert all(m.judgement is None for m in raw.matches)
    assert raw.similarity is None
    assert len(raw.matches) == 3


@pytest.fixture(scope="module")
def sources():
    return load_sources(CORPUS)


def quote(text: str, sources):
    report = compare(Document(text, "suspect"), sources)
    assert len(report.matches) == 1
    return report.matches[0]


EXACT = (
    "Okafor writes that “the river fisheries of the lower delta collapsed in less than a "
    "decade after the upstream dams were completed.”"
)


def test_exact_quote_is_not_a_misquote(sources):
    m = quote(EXACT, sources)
    assert m.judgement.verdict == "quoted-attributed"
    assert not m.judgement.misquote
    assert m.judgement.to_dict()["quote_differences"] == []


def test_one_word_changed_inside_the_marks_is_a_misquote(sources):
    text = EXACT.replace("a decade", "a year")
    m = quote(text, sources)
    (diff,) = m.judgement.differences
    assert diff.change == "changed"
    assert (diff.suspect_text, diff.source_text) == ("year", "decade")
    assert text[diff.suspect.start : diff.suspect.end] == "year"
    src = next(d for d in sources if d.name == m.source)
    assert src.text[diff.source.start : diff.source.end] == "decade"


def test_dropped_and_added_words_are_misquotes(sources):
    dropped = quote(EXACT.replace("the upstream dams", "the dams"), sources)
    assert [(d.change, d.source_text) for d in dropped.judgement.differences] == [
        ("dropped", "upstream")
    ]
    added = quote(EXACT.replace("delta collapsed", "delta quickly collapsed"), sources)
    assert [(d.change, d.suspect_text) for d in added.judgement.differences] == [
        ("added", "quickly")
    ]


def test_ellipsis_and_brackets_are_allowed_changes(sources):
    ellipsis = quote(EXACT.replace("in less than a decade", "..."), sources)
    assert not ellipsis.judgement.misquote
    brackets = quote(EXACT.replace("the river fisheries", "the [fishing grounds]"), sources)
    assert not brackets.judgement.misquote


def test_swapped_pieces_in_one_match_each_keep_their_own_source_offsets(sources):
    copied = (
        "Engineers had promised that fish ladders would keep the migrations alive, but the "
        "ladders were built too steep for anything but the strongest swimmers."
    )
    quoted = (
        "Local cooperatives that once fed whole villages now sell imported frozen fish at "
        "prices most families cannot afford."
    )
    text = f"{copied} Okafor writes: “{quoted}”"
    report = compare(Document(text, "s"), sources)
    source = next(d for d in sources if d.name == "delta-review.md")
    got = [
        (m.judgement.verdict, text[m.suspect.start : m.suspect.end], source.slice(m.source_span))
        for m in report.matches
    ]
    assert got == [("unattributed", copied, copied), ("quoted-attributed", quoted, quoted)]


SENTENCES = [
    "Memory is not a recording but a reconstruction that changes every time it is recalled.",
    "Each act of remembering rewrites the trace a little, which is why vivid memories can be "
    "confidently wrong.",
    "Forgetting, far from being a failure, keeps the mind from drowning in detail.",
    "My own sentence about nothing in particular goes here.",
]
PIECES = st.lists(
    st.tuples(
        st.sampled_from(SENTENCES),
        st.sampled_from(["", "“", '"', "'", "> ", "(Anon, 2020) ", "Okafor writes: ", "\n\n"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(PIECES)
def test_parts_always_point_into_both_texts(sources, pieces):
    text = " ".join(mark + sentence for sentence, mark in pieces)
    report = compare(Document(text, "s"), sources)
    by_name = {d.name: d for d in sources}
    for m in report.matches:
        src = by_name[m.source]
        assert 0 <= m.suspect.start < m.suspect.end <= len(text)
        assert 0 <= m.source_span.start < m.source_span.end <= len(src.text)
        assert m.judgement.verdict in {
            "unattributed",
            "quoted-unattributed",
            "attributed-unquoted",
            "quoted-attributed",
        }
        for d in m.judgement.differences:
            assert text[d.suspect.start : d.suspect.end] == d.suspect_text
            assert src.text[d.source.start : d.source.end] == d.source_text


def test_crediting_the_speaker_the_source_quotes_is_not_crediting_the_source(founding_pair):
    from copyhound import read_document

    essay = read_document(founding_pair[0])
    text = essay.text.replace("the president called to", "Castillo announced he would").replace(
        " (People’s Dispatch)", ""
    )
    report = compare(Document(text, "essay"), [founding_pair[1]])
    m = find(report, "temporarily dissolve the Congress")
    assert m.judgement.verdict == "quoted-unattributed"
    # The same sentence naming an outlet the article never mentions does credit it.
    credited = text.replace("Castillo announced he would", "People’s Dispatch reports he would")
    m = find(compare(Document(credited, "essay"), [founding_pair[1]]), "temporarily dissolve")
    assert m.judgement.verdict == "quoted-attributed"
    assert m.judgement.attribution.to_dict()["names_source"] is False


def test_a_translation_match_is_judged_whole_and_never_a_misquote():
    from copyhound import Match, Report, Span, judge_report

    source = Document("El río se secó. Los pescadores perdieron todo lo que tenían.", "es.txt")
    text = "It is sad. “The fishermen lost everything they had,” she wrote. The end."
    start = text.index("The fishermen")
    end = text.index("she wrote")
    match = Match(
        source="es.txt",
        suspect=Span(start, end),
        source_span=Span(16, len(source.text)),
        kind="translation",
        score=0.8,
        evidence=("semantic",),
    )
    report = Report(Document(text, "s"), [source], [match], ["es.txt"])
    (judged,) = judge_report(report).matches
    assert (judged.suspect, judged.source_span) == (match.suspect, match.source_span)
    assert judged.judgement.verdict == "quoted-attributed"
    assert not judged.judgement.misquote


def test_quoting_what_the_source_quotes_with_a_short_copied_speech_tag_is_quoting(sources):
    """The writer's marks make a quotation even where the source has the same words in
    quotation marks; a few copied words of the same sentence around it are its lead-in or
    tag. A copied sentence before it means the marks were copied with it: unquoted reuse."""
    lead = "Okafor (2018) describes the anger of the men whose catches vanished"
    tagged = quote(
        f'{lead}; they were told that "the river would take care of itself," said one fisherman.',
        sources,
    )
    assert tagged.judgement.verdict == "quoted-attributed"
    copied = quote(
        f"{lead}. The ladders were built too steep for anything but the strongest swimmers. "
        '"We were told the river would take care of itself," said one fisherman.',
        sources,
    )
    assert copied.judgement.verdict == "attributed-unquoted"


SALT_QUOTE = (
    "each ledger recorded the weight of salt loaded at the oases, the price paid in cloth or "
    "millet, and the names of the guides who led the caravan across the dunes"
)


@pytest.fixture(scope="module")
def salt_roads():
    return [s for s in load_sources(CORPUS) if s.name == "salt-roads.md"]


def verdicts(text: str, sources) -> list[str]:
    return [m.judgement.verdict for m in compare(Document(text, "suspect"), sources).matches]


def test_a_citation_sentence_after_a_quotation_credits_it(salt_roads):
    cited = f"Trade was recorded: “{SALT_QUOTE}.” Abubakar, Salt Roads 112 (2016)."
    assert verdicts(cited, salt_roads) == ["quoted-attributed"]
    prose = f"Trade was recorded: “{SALT_QUOTE}.” Merchants in Kano trusted them in 1960."
    assert verdicts(prose, salt_roads) == ["quoted-unattributed"]


def test_a_page_after_a_block_quotation_reads_the_author_in_its_lead_in(salt_roads):
    text = f"Abubakar’s account of the archive is precise:\n\n> {SALT_QUOTE[0].upper()}"
    text += f"{SALT_QUOTE[1:]}. (112)\n\nThe ledgers survive."
    assert verdicts(text, salt_roads) == ["quoted-attributed"]
    other = text.replace("Abubakar’s account", "My own account")
    assert verdicts(other, salt_roads) == ["quoted-unattributed"]

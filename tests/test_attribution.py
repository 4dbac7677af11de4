"""Attribution signals, source names, references, and resolving a signal to a source."""

from __future__ import annotations

from copyhound.judge.attribution import find_signals, resolve
from copyhound.judge.quotes import QuoteMap, find_quotations
from copyhound.judge.references import find_references
from copyhound.judge.source_names import SourceNames, source_names
from copyhound.model import Document


def signals(text: str) -> list[tuple[str, str, str | None, str | None]]:
    refs = find_references(text)
    found = find_signals(text, QuoteMap(find_quotations(text)), refs)
    return [(s.style, s.text, s.name, s.label) for s in found]


def test_author_year_citations():
    assert signals("It rose (Prashad, 2022). It fell (Prashad & Robles 2021, p. 4).") == [
        ("author-year", "(Prashad, 2022)", "Prashad", None),
        ("author-year", "(Prashad & Robles 2021, p. 4)", "Prashad & Robles", None),
    ]


def test_numeric_footnote_and_superscript_markers():
    text = "One [3]. Two.[^note] Three.² Not a link [text](url)."
    assert [(s[0], s[3]) for s in signals(text)] == [
        ("numeric", "3"),
        ("footnote", "note"),
        ("footnote", "2"),
    ]


def test_parenthetical_name_counts_after_a_quotation_but_not_as_an_acronym():
    text = "The order was “go now.” (People’s Dispatch) The Advisory Group (MAAG) met."
    assert signals(text) == [("parenthetical", "(People’s Dispatch)", "People’s Dispatch", None)]


def test_signal_phrases():
    assert [s[2] for s in signals("According to Vijay Prashad, it fell.")] == ["Vijay Prashad"]
    assert [s[2] for s in signals("Based on People’s Dispatch account, it fell.")] == [
        "People’s Dispatch"
    ]
    assert [s[2] for s in signals("As Okafor wrote, it fell.")] == ["Okafor"]
    assert [s[2] for s in signals("The author notes that it fell.")] == [None]


def test_names_without_a_reporting_verb_are_not_signals():
    assert signals("Keiko Fujimori was observed to have egged it on. Castillo faced a vote.") == []


def test_signal_phrases_inside_quotations_are_the_quoted_writers_words():
    assert signals("The note read “according to Alvarado, it fell” yesterday.") == []


def test_nothing_in_the_references_section_is_a_signal():
    text = "Body.\n\nReferences\n\nPrashad, V. (2022). The Coup. Globetrotter [1]."
    assert signals(text) == []


def test_source_names_of_the_founding_article(founding_pair):
    from copyhound import read_document

    names = source_names(read_document(founding_pair[1]))
    assert names.titles == ["The U.S. Egged On The Coup In Peru"]
    assert names.authors == ["Vijay Prashad", "José Carlos Llerena Robles"]
    assert names.publications == ["Globetrotter"]


def test_source_names_from_front_matter_and_byline():
    doc = Document(
        "---\ntitle: Cities Without Shade\nauthor: Tomas Lindqvist\nurl: https://www.uq.org/x\n"
        "---\n\nBody text here.",
        "s",
    )
    names = source_names(doc)
    assert (names.titles, names.authors, names.urls) == (
        ["Cities Without Shade"],
        ["Tomas Lindqvist"],
        ["uq.org"],
    )
    byline = source_names(Document("A Title Line\n\nBy Ana Ruiz and Li Wei\n\nText.", "s"))
    assert byline.authors == ["Ana Ruiz", "Li Wei"]


def test_references_entries_and_labels():
    text = (
        "Body [2].\n\nWorks Cited\n\n1. Lindqvist, T. Cities Without Shade.\n"
        "2. Okafor, M. The Quiet Collapse.\n"
    )
    refs = find_references(text)
    assert text[refs.span.start : refs.span.end].startswith("Works Cited")
    assert [(e.label, e.text) for e in refs.entries] == [
        ("1", "1. Lindqvist, T. Cities Without Shade."),
        ("2", "2. Okafor, M. The Quiet Collapse."),
    ]


def test_resolve_through_references_to_this_other_or_unknown_source():
    text = (
        "A [2]. B [1]. C [7]. D (Okafor, 2019).\n\nReferences\n\n"
        "1. Lindqvist, T. Cities Without Shade.\n"
        "2. Okafor, M. The Quiet Collapse of the River Fisheries.\n"
    )
    refs = find_references(text)
    found = find_signals(text, QuoteMap([]), refs)
    okafor = SourceNames(
        titles=["The Quiet Collapse of the River Fisheries"], authors=["Maria Okafor"]
    )
    lindqvist = SourceNames(titles=["Cities Without Shade"], authors=["Tomas Lindqvist"])
    got = [resolve(s, okafor, [lindqvist], refs).names for s in found]
    assert got == ["this", "other", "unknown", "this"]


def test_each_work_in_one_author_date_parenthesis_is_its_own_citation():
    text = "It rose (e.g., Halvorsen, 2023; see also Zhang, 2019, para. 4). It fell (Li 2020: 9)."
    assert signals(text) == [
        ("author-year", "(e.g., Halvorsen, 2023", "Halvorsen", None),
        ("author-year", "see also Zhang, 2019, para. 4)", "Zhang", None),
        ("author-year", "(Li 2020: 9)", "Li", None),
    ]


def test_apa_locators_and_indirect_sources():
    text = (
        "A (Okafor, 2018, Chapter 3). B (NIOH, 2022, Table 1). C (Lin, 2021, slide 4). "
        "D (Ruiz, 2020, 1:23:05). E (Fontaine, as cited in Holm, 2021). F (Table 2, 2020)."
    )
    assert [s[2] for s in signals(text)] == ["Okafor", "NIOH", "Lin", "Ruiz", "Holm"]
    assert [s[2] for s in signals("Abubakar (2016, Chapter 4) argues that it rose.")] == [
        "Abubakar"
    ]


def test_ieee_lists_ranges_and_locators_point_to_every_number():
    text = "A [1]-[3]. B [2, 5]. C [4-6]. D [2, Fig. 3]. E [7, Sec. IV]. As noted in [8]:\n\n"
    text += "[9]: https://example.org defines a link."
    refs = find_references(text)
    found = find_signals(text, QuoteMap(find_quotations(text)), refs)
    assert [s.labels for s in found if s.style == "numeric"] == [
        ("1", "2", "3"),
        ("2", "5"),
        ("4", "5", "6"),
        ("2",),
        ("7",),
        ("8",),
    ]


def test_html_superscript_note_marker():
    assert [(s[0], s[3]) for s in signals("It rose.<sup>12</sup> It fell.")] == [("footnote", "12")]


def test_names_with_lower_case_particles_and_her_colleagues():
    text = (
        'As de la Cruz and her colleagues (2021) note, "the seeds are buried." '
        '"It was made with ash" (qtd. in bin Abdullah). van der Berg argues that it is not.'
    )
    assert [(s[0], s[2]) for s in signals(text)] == [
        ("author-year", "de la Cruz"),
        ("author-only", "bin Abdullah"),
        ("phrase", "van der Berg"),
    ]


def test_reporting_verbs_of_the_style_guides_lists():
    found = signals("Owusu-Ansah and Tremblay remind readers that the pool is old.")
    assert [(s[0], s[2]) for s in found] == [("phrase", "Owusu-Ansah and Tremblay")]


def test_a_person_the_source_names_by_surname_is_its_subject_not_its_author():
    from copyhound.judge.attribution import proper_names

    source = (
        "Not everyone is persuaded. Councillor Rajesh Balakrishnan warned that the town was "
        "buying a museum piece."
    )
    text = "Councillor Balakrishnan warned against it. The Courier reports it. Okafor notes it."
    found = find_signals(text, QuoteMap([]), find_references(text))
    okafor = SourceNames(authors=["Maria Okafor"])
    names = proper_names(source)
    got = [resolve(s, SourceNames(), [okafor], find_references(text), "", names) for s in found]
    assert [(r.signal.name, r.names) for r in got] == [
        ("Councillor Balakrishnan", "subject"),
        ("The Courier", "unknown"),  # never named in the source
        ("Okafor", "other"),
    ]


def test_a_citation_of_a_person_who_neither_wrote_nor_appears_in_the_source_is_another_work():
    text = "A (Hendry 2011, 88). B (Hollis & Varga, 2015). C (People’s Dispatch). D [3].\n\n"
    text += "References\n\n3. T. Levitt, A Short Bright Flash. New York: Norton, 2013.\n"
    refs = find_references(text)
    found = find_signals(text, QuoteMap([]), refs)
    okafor = SourceNames(titles=["The Quiet Collapse"], authors=["Maria Okafor"])
    got = [(s.text, resolve(s, okafor, [], refs).names) for s in found]
    assert got == [
        ("(Hendry 2011, 88)", "other"),
        ("(Hollis & Varga, 2015)", "other"),
        ("(People’s Dispatch)", "unknown"),  # an outlet: maybe a name of this source
        ("[3]", "other"),  # the entry describes another work
    ]


def test_ibid_and_id_among_footnote_definitions_take_the_previous_note():
    text = (
        "One.[^1] Two.[^2] Three.[^3]\n\n[^1]: Maria Okafor, *The Quiet Collapse*, 4.\n"
        "[^2]: Ibid., 5.\n[^3]: Id. at 6.\n"
    )
    refs = find_references(text)
    assert [e.text.startswith("Maria Okafor") for e in refs.entries] == [True, True, True]


def test_et_al_is_a_signal_whatever_verb_follows():
    got = signals("Solberg et al. defend their rule: “no sensor is finer.” Not (Li et al. 2020).")
    assert [(style, name) for style, _, name, _ in got] == [
        ("phrase", "Solberg"),
        ("author-year", "Li"),
    ]

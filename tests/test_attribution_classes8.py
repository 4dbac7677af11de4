"""Round 9 (attribution-blind8 tuning): a reference entry that reproduces a source's own
bibliographic description (its title, author or body, year, publisher, format and access
words, its own "how to cite" text) is a citation, not reuse; the words of a parenthetical
citation are a credit, not a passage. Sources and essays are this file's own."""

from __future__ import annotations

import pytest

from copyhound import Document, compare
from copyhound.judge.verdict import judge_matches
from copyhound.model import Match, Report, Span

# A dataset README in the form Zenodo, Dryad, data.gov.uk and GitHub data repositories use:
# name and version, a "Maintained by" body, prose, then the citation it asks users to copy.
DATASET = Document(
    "# Harbourside Tree Canopy Survey (v3.0)\n\n"
    "Maintained by the Kelsport Urban Forestry Unit. Released under CC BY 4.0.\n\n"
    "## Summary\n\n"
    "Street trees were counted from aerial photographs taken in June 2021 and checked on the "
    "ground by two surveyors. Canopy cover in the dockland wards fell from nineteen percent to "
    "eleven percent in twelve years, mostly because mature planes were felled for new "
    "junctions and were replaced with saplings that will not shade a pavement for decades.\n\n"
    "## {heading}\n\n"
    "{citation}\n",
    "canopy.md",
    format="markdown",
)
QUOTE = (
    '"Canopy cover in the dockland wards fell from nineteen percent to eleven percent in '
    'twelve years"'
)
CITE_TEXT = (
    "Kelsport Urban Forestry Unit (2022). Harbourside Tree Canopy Survey, version 3.0 "
    "[Data set]. Kelsport City Council. https://data.kelsport.example/canopy"
)


def dataset(heading: str = "How to cite", citation: str = CITE_TEXT) -> Document:
    text = DATASET.text.format(heading=heading, citation=citation)
    return Document(text, "canopy.md", format="markdown")


def verdicts(text: str, *sources: Document) -> list[tuple[str, str]]:
    report = compare(Document(text, "essay", format="markdown"), list(sources))
    return [(text[m.suspect.start : m.suspect.end], m.judgement.verdict) for m in report.matches]


@pytest.mark.parametrize(
    "heading",
    ["How to cite", "Suggested citation", "Cite as", "Citation", "How to cite this dataset"],
)
@pytest.mark.parametrize(
    ("citation", "entry"),
    [
        # APA 7 10.9 (data sets): Author. (Year). Title (Version) [Data set]. Publisher. URL
        (
            "(Kelsport Urban Forestry Unit, 2022)",
            "References\n\nKelsport Urban Forestry Unit. (2022). Harbourside tree canopy survey "
            "(Version 3.0) [Data set]. Kelsport City Council. https://data.kelsport.example/canopy",
        ),
        # Harvard (Cite Them Right): Author (Year) Title, version. Publisher. Available at: URL
        (
            "(Kelsport Urban Forestry Unit 2022)",
            "Reference list\n\nKelsport Urban Forestry Unit (2022) Harbourside Tree Canopy Survey, "
            "version 3.0. Dataset. Kelsport City Council. Available at: "
            "https://data.kelsport.example/canopy (Accessed: 3 March 2024).",
        ),
        # MLA 9 (5.x): Author. Title. Version, Publisher, Year, URL.
        (
            "(Kelsport Urban Forestry Unit)",
            "Works Cited\n\nKelsport Urban Forestry Unit. Harbourside Tree Canopy Survey. Version "
            "3.0, Kelsport City Council, 2022, data.kelsport.example/canopy.",
        ),
        # Chicago 17 author-date (14.257 data sets)
        (
            "(Kelsport Urban Forestry Unit 2022)",
            "References\n\nKelsport Urban Forestry Unit. 2022. Harbourside Tree Canopy Survey, "
            "version 3.0. Dataset. Kelsport City Council.",
        ),
        # IEEE (data sets): [n] Author, "Title," version, Publisher, Year. [Online]. Available:
        (
            "[1]",
            'References\n\n[1] Kelsport Urban Forestry Unit, "Harbourside tree canopy survey, '
            'version 3.0," dataset, Kelsport City Council, 2022. [Online]. Available: '
            "https://data.kelsport.example/canopy",
        ),
        # Chicago 17 notes: a footnote definition copying the suggested citation
        (
            "[^1]",
            "[^1]: Kelsport Urban Forestry Unit, Harbourside Tree Canopy Survey, version 3.0 "
            '(Kelsport City Council, 2022), "Summary."',
        ),
    ],
)
def test_an_entry_copying_the_source_citation_is_not_a_passage(heading, citation, entry):
    text = f"The docks lost their shade quickly: {QUOTE} {citation}.\n\n{entry}"
    got = verdicts(text, dataset(heading))
    assert got == [(QUOTE.strip('"'), "quoted-attributed")]


def test_a_run_in_cite_as_line_is_the_source_citation():
    source = dataset("Licence", "CC BY 4.0.\n\nCite as: " + CITE_TEXT)
    text = (
        f"The docks lost their shade quickly: {QUOTE} (Kelsport Urban Forestry Unit, 2022).\n\n"
        "References\n\n" + CITE_TEXT
    )
    assert verdicts(text, source) == [(QUOTE.strip('"'), "quoted-attributed")]


def test_an_entry_of_names_and_format_words_matching_a_footer_is_a_citation():
    # no "how to cite" section: the entry meets the source's own footer line, which repeats
    # its body and title; every word of the entry is a name, a number or a format word
    source = dataset(
        "Licence",
        "CC BY 4.0.\n\n" + "Kelsport Urban Forestry Unit, Harbourside "
        "Tree Canopy Survey, version 3.0, updated June 2022",
    )
    entry = (
        "References\n\nKelsport Urban Forestry Unit. (2022). Harbourside tree canopy survey "
        "(Version 3.0) [Data set]."
    )
    text = f"The docks lost their shade: {QUOTE} (Kelsport Urban Forestry Unit, 2022).\n\n{entry}"
    assert verdicts(text, source) == [(QUOTE.strip('"'), "quoted-attributed")]


def test_a_sentence_copied_into_an_entry_is_still_reuse():
    copied = (
        "mature planes were felled for new junctions and were replaced with saplings that will "
        "not shade a pavement for decades"
    )
    text = f"The docks lost their shade.[^1]\n\n[^1]: Kelsport Urban Forestry Unit: {copied}."
    got = verdicts(text, dataset())
    assert [v for _, v in got] == ["unattributed"]
    assert copied in got[0][0]


@pytest.mark.parametrize(
    "prose",
    [
        "Citation of street trees in planning appeals is rare.",
        "Citations: the survey is cited by two council reports.",
    ],
)
def test_a_prose_line_starting_with_citation_is_not_a_cite_section(prose):
    from copyhound.judge.verdict import _cite_sections

    text = f"# Trees\n\n{prose}\n\nMore prose follows here.\n"
    assert _cite_sections(text) == []


@pytest.mark.parametrize(
    ("line", "body"),
    [
        ("Maintained by the Kelsport Urban Forestry Unit", "Kelsport Urban Forestry Unit"),
        (
            "Maintained by the Kelsport Urban Forestry Unit. Released under CC BY 4.0.",
            "Kelsport Urban Forestry Unit",
        ),
        ("Curated by the Office for Coastal Statistics", "Office for Coastal Statistics"),
    ],
)
def test_a_maintained_by_line_names_the_body(line, body):
    from copyhound.judge.source_names import source_names

    got = source_names(Document(f"Canopy Survey\n\n{line}\n\nTrees were counted.\n", "s"))
    assert body in got.publications + got.authors


# -------------------------------------- the words of a parenthetical citation are a credit

RECORD = Document(
    "OFFICIAL REPORT\nHALWICK COUNTY ASSEMBLY\n\nThe member for Dunmore asked about the "
    "ferry timetable, and the minister promised a review before the winter.\n",
    "record.txt",
)


@pytest.mark.parametrize(
    "citation",
    [
        "(Halwick County Assembly 2024)",  # Chicago author-date, a body as author (15.22)
        "(Halwick County Assembly, 2024, p. 3)",  # APA 8.16 group author
        "(Halwick County Assembly)",  # MLA 9 6.x corporate author
    ],
)
def test_a_part_inside_a_citation_is_not_reported(citation):
    text = f"The minister promised only a review {citation}. That is not a timetable."
    at = text.index("Halwick")
    span = Span(at, at + len("Halwick County Assembly"))
    src_at = RECORD.text.index("HALWICK")
    match = Match("record.txt", span, Span(src_at, src_at + 23), "exact", 1.0)
    report = Report(Document(text, "essay"), [RECORD], [match])
    assert judge_matches(report) == []


def test_the_same_words_outside_a_citation_are_still_judged():
    text = "The Halwick County Assembly promised only a review. That is not a timetable."
    at = text.index("Halwick")
    span = Span(at, at + len("Halwick County Assembly"))
    src_at = RECORD.text.index("HALWICK")
    match = Match("record.txt", span, Span(src_at, src_at + 23), "exact", 1.0)
    report = Report(Document(text, "essay"), [RECORD], [match])
    assert [m.suspect for m in judge_matches(report)] == [span]


# ------------------------------------------- a site's copyright line, a podcast's show


@pytest.mark.parametrize(
    ("line", "site"),
    [
        ("© Skyline Kite Notes", "Skyline Kite Notes"),
        ("© 2024 Harbour Field Guides. All rights reserved.", "Harbour Field Guides"),
        ("Copyright © 2019-2024 The Allotment Almanac", "The Allotment Almanac"),
        ("(c) 2021, Ridgeway Walking Club", "Ridgeway Walking Club"),
    ],
)
def test_a_closing_copyright_line_names_the_site(line, site):
    from copyhound.judge.source_names import source_names

    page = Document(
        f"# Pruning Young Apple Trees\n\nCut back the leader by a third in the first winter, "
        f"just above an outward-facing bud.\n\n{line}\n",
        "page.md",
        format="markdown",
    )
    assert site in source_names(page).publications


@pytest.mark.parametrize(
    "line",
    [
        "© the author retains all rights to the photographs on this page",
        "Copyright law allows short quotation for criticism and review.",
    ],
)
def test_a_copyright_sentence_is_not_a_site(line):
    from copyhound.judge.source_names import source_names

    page = Document(f"# Pruning\n\nCut back the leader by a third.\n\n{line}\n", "p.md")
    assert source_names(page).publications == []


PAGE = Document(
    "# Pruning Young Apple Trees\n\n"
    "In the first winter after planting, cut back the leader by a third, just above an "
    "outward-facing bud, so that the tree branches low enough to pick from a step.\n\n"
    "In later winters remove crossing shoots and any that grow straight up from a branch, "
    "and leave the spurs that carry the fruit buds alone.\n\n"
    "© Harbour Field Guides\n",
    "page.md",
    format="markdown",
)
PRUNE = (
    "cut back the leader by a third, just above an outward-facing bud, so that the tree "
    "branches low enough to pick from a step"
)


@pytest.mark.parametrize(
    ("lead", "verdict"),
    [
        ("Harbour Field Guides advises that", "quoted-attributed"),  # APA 9.7: the site
        ("According to Harbour Field Guides,", "quoted-attributed"),
        ("One gardening website advises that", "quoted-unattributed"),  # vague: no credit
    ],
)
def test_the_site_named_by_its_copyright_line_credits(lead, verdict):
    got = verdicts(f'{lead} "{PRUNE}." Pruning is a matter of nerve.', PAGE)
    assert [v for t, v in got if PRUNE in t] == [verdict]


EPISODE = Document(
    '---\ntitle: "Seeds Worth Saving"\n{key}: The Potting Shed Hour\nepisode: 12\n'
    "host: Marguerite Lindqvist\nguest: Kwame Asante-Boateng\n---\n\n"
    "**MARGUERITE LINDQVIST:** Why save seed at all?\n\n"
    "**KWAME ASANTE-BOATENG:** Because a tomato that has grown in your garden for ten years "
    "has learned your soil, your summers and your slugs, and no packet from a shop can "
    "give you that.\n",
    "episode.md",
    format="markdown",
)
SEED = (
    "a tomato that has grown in your garden for ten years has learned your soil, your "
    "summers and your slugs"
)


@pytest.mark.parametrize("key", ["show", "podcast", "programme", "program"])
@pytest.mark.parametrize(
    "lead",
    [
        "As one guest on The Potting Shed Hour put it,",  # the show (APA 10.13 container)
        "A guest on the Potting Shed Hour podcast argued that",
    ],
)
def test_a_podcast_show_named_in_front_matter_credits(key, lead):
    source = Document(EPISODE.text.format(key=key), "episode.md", format="markdown")
    got = verdicts(f'{lead} "{SEED}." I have started saving my own.', source)
    assert got == [(SEED, "quoted-attributed")]


# ------------------------------------------- the judge line of a tribunal or court decision


@pytest.mark.parametrize(
    ("line", "judge"),
    [
        (
            "Tribunal Judge Yusuf ibn Tariq, sitting with Ms R. Holloway (surveyor member)",
            "Yusuf ibn Tariq",
        ),
        ("Before: District Judge Angela Moss", "Angela Moss"),
        ("Employment Judge Sarah Okafor (sitting alone)", "Sarah Okafor"),
        ("Judge Hamid al-Rashid presiding", "Hamid al-Rashid"),
        ("His Honour Judge Peter de Souza", "Peter de Souza"),
    ],
)
def test_a_judge_line_names_the_decision_author(line, judge):
    from copyhound.judge.source_names import source_names

    decision = Document(
        f"RESIDENTIAL PROPERTY TRIBUNAL\n\nCase reference: RP/2021/0077\n\nDECISION\n{line}\n\n"
        "1. The applicant complains of damp in the kitchen.\n",
        "decision.txt",
    )
    assert judge in source_names(decision).authors


@pytest.mark.parametrize(
    "line",
    [
        "The judge said little about the landlord's letter.",
        "1. Judge for yourself whether the flat is fit to live in.",
    ],
)
def test_a_sentence_about_a_judge_is_not_a_judge_line(line):
    from copyhound.judge.source_names import source_names

    decision = Document(f"DECISION\n\n{line}\n\nMore reasons follow.\n", "d.txt")
    assert source_names(decision).authors == []


DECISION = Document(
    "HOUSING TRIBUNAL FOR THE EASTERN REGION\n\nCase reference: HT/ER/2021/0102\n\n"
    "BETWEEN\nMarta Kowalczyk (Applicant)\nand\nRiverside Homes Limited (Respondent)\n\n"
    "DECISION AND REASONS\nTribunal Judge Hamid al-Rashid, sitting with Mr T. Obi\n\n"
    "1. We inspected the flat in March. The kitchen extractor has never been connected to "
    "the mains and the window above the sink is sealed with silicone.\n",
    "decision.txt",
)
SEALED = (
    "The kitchen extractor has never been connected to the mains and the window above the "
    "sink is sealed with silicone"
)


@pytest.mark.parametrize(
    ("lead", "verdict"),
    [
        ("Judge al-Rashid noted that", "quoted-attributed"),
        ("Tribunal Judge Hamid al-Rashid found that", "quoted-attributed"),
        ("Marta Kowalczyk told the tribunal that", "quoted-unattributed"),  # a party
    ],
)
def test_the_judge_by_surname_with_particle_credits(lead, verdict):
    got = verdicts(f'{lead} "{SEALED}." Repairs followed.', DECISION)
    assert [v for t, v in got if SEALED in t] == [verdict]

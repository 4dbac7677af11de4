"""Source names and citations in the forms the style guides and real bylines use.

The examples follow the style guides' own (APA 7 §8.17-8.18 and §9.8, MLA 9 §2.1 and
§6.x, Chicago 17 §8.15, 14.30 and 15.2x, Cite Them Right Harvard, IEEE) and real mastheads
(YAML front matter of Jekyll/Hugo/Quarto pages, a book chapter's credit line, a capitals
``BY ... M.D.`` line of a 19th-century report, a report's series number).
"""

from __future__ import annotations

import pytest

from copyhound import Document, compare
from copyhound.judge.attribution import find_signals, resolve
from copyhound.judge.quotes import QuoteMap, find_quotations
from copyhound.judge.references import find_references, names_source
from copyhound.judge.source_names import source_names

BODY = (
    "\n\nThe river rose through the night and by morning the lower town was under water, "
    "as the old maps had warned it would be. Nobody in the lower town had moved the grain "
    "stores, and the mills along the bank lost a whole season of flour to the flood.\n"
)


def names(head: str, fmt: str = "markdown"):
    return source_names(Document(head + BODY, "s", format=fmt))


# ------------------------------------------------------------------ class 1: source names


@pytest.mark.parametrize(
    ("block", "authors"),
    [
        (
            "authors:\n  - Maaike van der Berg\n  - Tomás Ó Briain\n  - Keiko Hashimoto\n",
            ["Maaike van der Berg", "Tomás Ó Briain", "Keiko Hashimoto"],
        ),
        ("author:\n  - name: Norah Jones\n  - name: Bill Gates\n", ["Norah Jones", "Bill Gates"]),
        (
            "authors: [Simone de Beauvoir, Jean-Paul Sartre]\n",
            ["Simone de Beauvoir", "Jean-Paul Sartre"],
        ),
        ('author: "Gabriel García Márquez"\n', ["Gabriel García Márquez"]),
    ],
)
def test_front_matter_author_lists(block, authors):
    """Jekyll, Hugo, Pandoc and Quarto write several authors as a YAML list."""
    got = source_names(Document(f"---\ntitle: Floods\n{block}---\n" + BODY, "s"))
    assert got.authors == authors
    assert got.titles == ["Floods"]


def test_family_names_keep_their_particles_as_mla_and_apa_cite_them():
    got = names("---\nauthors:\n  - Maaike van der Berg\n  - Jean-Baptiste de La Croix\n---\n")
    assert {"van der berg", "der berg", "berg", "de la croix", "la croix", "croix"} <= (
        got.surnames()
    )


@pytest.mark.parametrize(
    ("line", "title", "authors", "publications"),
    [
        (
            "*Chapter 4 of* Sixty Moves in Two Hours: A Social History of Tournament Chess, "
            "*by Zhou Xiaoming (Riverside University Press, 2019)*",
            "Sixty Moves in Two Hours: A Social History of Tournament Chess",
            ["Zhou Xiaoming"],
            ["Riverside University Press"],
        ),
        (
            "Chapter 2 of The Souls of Black Folk, by W. E. B. Du Bois (A. C. McClurg, 1903)",
            "The Souls of Black Folk",
            ["W. E. B. Du Bois"],
            [],
        ),
        (
            "Chapter 1 of Silent Spring, by Rachel Carson (Houghton Mifflin Company, 1962)",
            "Silent Spring",
            ["Rachel Carson"],
            ["Houghton Mifflin Company"],
        ),
        (
            "From: The Structure of Scientific Revolutions, by Thomas S. Kuhn (University of "
            "Chicago Press, 1962), pp. 35-42",
            "The Structure of Scientific Revolutions",
            ["Thomas S. Kuhn"],
            ["University of Chicago Press"],
        ),
    ],
)
def test_chapter_of_a_book_by_its_author(line, title, authors, publications):
    got = names(line)
    assert got.titles[0] == title
    assert got.authors[:1] == authors  # (a publisher named like a person reads as one)
    assert set(publications) <= set(got.publications)


def test_family_name_first_author_of_a_chapter_is_cited_by_either_name():
    got = names("Chapter 4 of Sixty Moves in Two Hours, by Zhou Xiaoming (Riverside, 2019)")
    assert {"zhou", "xiaoming"} <= got.surnames()  # Chicago 17 8.15: Zhou; a reader: Xiaoming


@pytest.mark.parametrize(
    ("head", "authors", "title"),
    [
        (  # Snow, On the Mode of Communication of Cholera (1855), title page
            "ON THE MODE OF COMMUNICATION OF CHOLERA.\n\nBY JOHN SNOW, M.D.\n\n"
            "MEMBER OF THE ROYAL COLLEGE OF PHYSICIANS.",
            ["John Snow"],
            "ON THE MODE OF COMMUNICATION OF CHOLERA",
        ),
        (
            "BOROUGH OF ASHFORD VALE\n\nANNUAL REPORT OF THE MEDICAL OFFICER OF HEALTH FOR THE "
            "YEAR 1899\n\nBY HENRY J. ALDERTON, M.D., D.P.H.",
            ["Henry J. Alderton"],
            "ANNUAL REPORT OF THE MEDICAL OFFICER OF HEALTH FOR THE YEAR 1899",
        ),
        ("# Cold Chains\n\nBy Amina Diallo, PhD", ["Amina Diallo"], "Cold Chains"),
        ("# Cold Chains\n\nBy Rafael Costa, MPH, RN", ["Rafael Costa"], "Cold Chains"),
    ],
)
def test_degrees_after_a_name_are_not_authors(head, authors, title):
    got = names(head)
    assert got.authors == authors
    assert title in got.titles


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Siobhán McAllister, Transport Correspondent", "Siobhán McAllister"),
        ("Fergus Walsh, Medical Editor", "Fergus Walsh"),
        ("Pallab Ghosh, Science Correspondent", "Pallab Ghosh"),
        ("Laura Kuenssberg, Political Editor", "Laura Kuenssberg"),
    ],
)
def test_a_beat_and_its_role_after_a_name_is_not_an_author(line, author):
    got = names(f"# Ferries Stop\n\n{line}")
    assert got.authors == [author]


def test_written_by_line_with_a_blog_and_its_tagline():
    got = names(
        "Written by Aisha al-Farsi | Canopy Notes, a blog about city trees | 22 April 2024\n\n"
        "# Why the council keeps planting the wrong trees"
    )
    assert got.authors == ["Aisha al-Farsi"]
    assert got.publications == ["Canopy Notes"]
    assert {"al farsi", "farsi"} <= got.surnames()


@pytest.mark.parametrize(
    "series",
    [
        "Technical Brief No. 12",
        "NBER Working Paper No. 24085",
        "WHO Technical Report Series No. 916",
        "Policy Brief 14",
        "Research Report 2021/3",
    ],
)
def test_a_reports_series_number_is_a_name_it_is_cited_by(series):
    got = names(f"Highland Farming Research Institute (HFRI)\n{series}\n\nKeeping Walls Standing")
    assert series in got.short_titles
    assert "Highland Farming Research Institute" in got.publications
    assert "HFRI" in got.acronyms


# ------------------------------------------------------------------ class 1: citations


def credits(text: str, head: str) -> list[str]:
    """What each signal of ``text`` credits, judged against a source with masthead ``head``."""
    source = names(head)
    refs = find_references(text)
    found = find_signals(text, QuoteMap(find_quotations(text)), refs)
    return [resolve(s, source, [], refs).names for s in found]


SOURDOUGH = (
    "---\ntitle: Who Lives in the Jar?\nauthors:\n  - Maaike van der Berg\n"
    "  - Tomás Ó Briain\n  - Keiko Hashimoto\n---\n"
)
CHESS = "Chapter 4 of Sixty Moves in Two Hours, by Zhou Xiaoming (Riverside University Press, 2019)"


@pytest.mark.parametrize(
    "text",
    [
        # APA 7 §8.17: et al. from the first citation for three or more authors; §9.8 capital
        # particle at the start of a sentence
        'Van der Berg et al. (2022) found that "the jar was full" (p. 114).',
        'It was "full" (van der Berg et al., 2022, p. 114).',
        # APA 7 §8.17: a parenthetical citation with "&"; Chicago 17 15.28: "and", no comma
        'It "acts as a filter" (van der Berg, Ó Briain, & Hashimoto, 2022, p. 115).',
        'It "carried yeasts" (van der Berg, Ó Briain, and Hashimoto 2022, 115).',
        # Harvard (Cite Them Right): three authors, "and" without the serial comma
        'It "carried yeasts" (van der Berg, Ó Briain and Hashimoto, 2022).',
        # MLA 9 §6.x: et al. with a page, no comma
        'They "converged" (Van der Berg et al. 115).',
        # a team by its first or third author
        "Van der Berg and colleagues (2022) observed that starters lose activity.",
        'Hashimoto and her co-authors report that "starters converged."',
    ],
)
def test_several_authors_cited_by_the_style_guides_forms(text):
    assert "this" in credits(text, SOURDOUGH)


@pytest.mark.parametrize(
    "text",
    [
        'Zhou notes that spectators "went home" (71).',  # Chicago 17 8.15: family name
        'Early tournaments used "sandglasses" (Xiaoming 72).',  # the given name, misread
        'Players "made their last ten moves" (Zhou, 2019, p. 74).',  # APA
        'It made it "possible to print a timetable" (Zhou 2019, 75).',  # Chicago author-date
        'Masters were "admired for their deep and slow calculation" (Sixty Moves 73).',  # MLA
    ],
)
def test_a_chapter_authors_family_name_first_and_a_short_title(text):
    assert "this" in credits(text, CHESS)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # signal phrase with an appositive between the name and the verb (MLA 9 §6.x)
        (
            "Siobhán McAllister, the Courier's transport correspondent, found a split mood.",
            "Siobhán McAllister",
        ),
        ("Mary Beard, a classicist at Cambridge, argues that Rome was built slowly.", "Mary Beard"),
        # the verb before the name, between two parts of a quotation (MLA 9 §6.x)
        (
            '"Most die of thirst," writes Aisha al-Farsi, "because nobody waters them."',
            "Aisha al-Farsi",
        ),
        ('"It is the economy," said Carville.', "Carville"),
        # a verb the signal-phrase lists add (blames, traces, attributes)
        ("Al-Farsi blames the paperwork.", "Al-Farsi"),
        ("Piketty traces the gap to inheritance.", "Piketty"),
    ],
)
def test_signal_phrases_with_appositives_inverted_verbs_and_more_verbs(text, name):
    found = find_signals(text, QuoteMap(find_quotations(text)), find_references(text))
    assert [s.name for s in found if s.kind == "signal-phrase"] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "He does insist, however, that nobody writes it down.",
        "She also argues that the keepers mattered.",
        "They go on to argue that the lamps kept turning.",
        "He rightly notes that the lamps kept turning.",
    ],
)
def test_a_pronoun_with_an_auxiliary_before_its_reporting_verb(text):
    found = find_signals(text, QuoteMap([]), find_references(text))
    assert [s.style for s in found] == ["phrase"]


def test_a_pronoun_without_a_reporting_verb_is_no_signal():
    assert find_signals("He does not want them back.", QuoteMap([]), find_references("")) == []


@pytest.mark.parametrize(
    ("citation", "names_it"),
    [
        ("Sixty Moves", True),  # MLA 9: the title's first noun phrase
        ("Sixty Moves in Two Hours", True),
        ("Sixty", False),  # one word: too little to name a title
        ("Two Hours", False),  # not from the title's start
        ("Last Watch", True),  # after the leading article (The Last Watch)
    ],
)
def test_a_shortened_title_is_the_opening_words_of_the_title(citation, names_it):
    source = names("---\ntitle: Sixty Moves in Two Hours\n---\n")
    source.titles.append("The Last Watch: What We Lost When the Lighthouses Went Dark")
    assert names_source(citation, source) is names_it


# --------------------------------------------------- class 2, 3, 4: verdicts on whole texts

TREES = Document(
    "Written by Aisha al-Farsi | Canopy Notes, a blog about city trees | 22 April 2024\n\n"
    "# Why the council keeps planting the wrong trees\n\n"
    "Most of the young trees that die in their first summer die of thirst, because the "
    "contract that pays for planting them pays for watering for only six weeks afterwards. "
    "After that the trees are on their own in a pit of compacted soil the size of a suitcase, "
    "surrounded by paving that sends rainwater straight into the drains.\n",
    "trees.md",
    format="markdown",
)
REPORT = Document(
    "BOROUGH OF ASHFORD VALE\n\nANNUAL REPORT OF THE MEDICAL OFFICER OF HEALTH FOR THE YEAR "
    "1899\n\nBY HENRY J. ALDERTON, M.D., D.P.H.\n\n"
    "I have the honour to present my report upon the health of the Borough for the year. "
    "Every household in which a case occurred drew its water from one of three shallow wells "
    "in Mill Lane, and no case occurred among the families supplied from the Company's mains.\n",
    "report.txt",
)


def verdicts(text: str, source: Document) -> list[tuple[str, str]]:
    report = compare(Document(text, "suspect", format="markdown"), [source])
    return [(text[m.suspect.start : m.suspect.end], m.judgement.verdict) for m in report.matches]


@pytest.mark.parametrize(
    "credit",
    [
        "Al-Farsi (2024) explains that",  # Harvard / APA narrative, unquoted
        "According to al-Farsi,",
        "Aisha al-Farsi, who writes Canopy Notes, argues that",
    ],
)
def test_a_credited_copy_without_quotation_marks_is_attributed_unquoted(credit):
    text = (
        f"{credit} the contract that pays for planting them pays for watering for only six "
        "weeks afterwards."
    )
    got = verdicts(text, TREES)
    assert [v for _, v in got] == ["attributed-unquoted"]


def test_an_ieee_number_after_an_unquoted_sentence_credits_it():
    text = (
        "The contract that pays for planting them pays for watering for only six weeks "
        'afterwards [1].\n\nReferences\n\n[1] A. al-Farsi, "Why the council keeps planting '
        'the wrong trees," Canopy Notes, Apr. 2024.'
    )
    assert [v for _, v in verdicts(text, TREES)] == ["attributed-unquoted"]


@pytest.mark.parametrize(
    "entry",
    [
        "Alderton, H.J. (1899) Annual report of the Medical Officer of Health for the year 1899. "
        "Ashford Vale: Borough of Ashford Vale.",  # Harvard reference list
        "1. Henry J. Alderton, Annual Report of the Medical Officer of Health for the Year 1899 "
        "(Borough of Ashford Vale, 1900), 3.",  # Chicago 17 note
        "Alderton, Henry J. Annual Report of the Medical Officer of Health for the Year 1899. "
        "Borough of Ashford Vale, 1900.",  # MLA 9 Works Cited
    ],
)
def test_a_reference_entry_naming_the_source_is_not_reuse(entry):
    text = (
        '"Every household in which a case occurred drew its water from one of three shallow '
        'wells in Mill Lane" (Alderton, 1899, p. 2).\n\nReferences\n\n' + entry
    )
    assert verdicts(text, REPORT) == [
        (
            "Every household in which a case occurred drew its water from one of three shallow "
            "wells in Mill Lane",
            "quoted-attributed",
        )
    ]


def test_a_few_words_continuing_a_quotation_past_its_sentence_are_not_a_passage():
    text = (
        'Al-Farsi blames the paperwork, since "the contract that pays for planting them pays '
        'for watering for only six weeks afterwards." After that the saplings are on their own.'
    )
    got = verdicts(text, TREES)
    assert [v for _, v in got] == ["quoted-attributed"]
    assert got[0][0].rstrip(".").endswith("six weeks afterwards")


def test_a_long_copy_continuing_a_quotation_is_still_reported():
    text = (
        'Al-Farsi blames the paperwork, since "the contract that pays for planting them pays '
        'for watering for only six weeks afterwards." After that the trees are on their own in '
        "a pit of compacted soil the size of a suitcase."
    )
    got = verdicts(text, TREES)
    assert [v for _, v in got][0] == "quoted-attributed"
    assert got[1][0].startswith("After that the trees are on their own in a pit")


@pytest.mark.parametrize(
    ("block", "authors", "publications"),
    [
        (  # Quarto: each author a mapping, affiliations a list nested in it
            "author:\n  - name: Norah Jones\n    affiliations:\n      - name: Carnegie Mellon "
            "University\n  - name: Bill Gates\n    orcid: 0000-0002-0760-5497\n",
            ["Norah Jones", "Bill Gates"],
            [],
        ),
        ("author:\n  name: Ana Ruiz\n  email: ana@example.org\n", ["Ana Ruiz"], []),
        (  # CSL / Pandoc citation metadata
            "contributors: [Ana Ruiz, Bo Lind]\ncontainer-title: Field Review\n",
            ["Ana Ruiz", "Bo Lind"],
            ["Field Review"],
        ),
    ],
)
def test_nested_and_csl_front_matter(block, authors, publications):
    got = source_names(Document(f"---\ntitle: Floods\n{block}---\n" + BODY, "s"))
    assert got.authors == authors
    assert got.publications == publications


def test_every_highwire_author_meta_of_a_saved_page_head():
    head = (
        '<meta name="citation_author" content="Okonkwo, Adaeze">\n'
        '<meta name="citation_author" content="Lars Petersen">\n'
        '<meta name="citation_title" content="Tidal Power">\n'
    )
    got = source_names(Document(head + BODY, "s"))
    assert got.authors == ["Adaeze Okonkwo", "Lars Petersen"]
    assert got.titles == ["Tidal Power"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Zhou's chapter describes the clock.", "Zhou's"),
        ("Van der Berg's team reports that it fell.", "Van der Berg's"),
        ("Al-Farsi’s 2024 post argues that trees die.", "Al-Farsi’s"),
        ("Then Carson's book shows the birds gone.", "Carson's"),
        ("Darwin's finches show variety.", None),  # not a work of Darwin's: no signal
        ("The city's trees die.", None),
    ],
)
def test_a_work_of_the_authors_then_a_reporting_verb(text, name):
    found = find_signals(text, QuoteMap([]), find_references(text))
    assert [s.name for s in found] == ([name] if name else [])


def test_a_possessive_signal_credits_the_chapter():
    assert credits("Zhou's chapter describes how clocks arrived.", CHESS) == ["this"]


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Posted on 3 May 2024 by Jane Doe", ["Jane Doe"]),  # WordPress's default byline
        ("Reporting by Siobhán McAllister; Editing by Tom Lee", ["Siobhán McAllister"]),  # wire
        ("Jane Doe and John Roe | Reuters | May 3, 2024", ["Jane Doe", "John Roe"]),
        ("BY MAAIKE VAN DER BERG AND KEIKO HASHIMOTO", ["Maaike Van Der Berg", "Keiko Hashimoto"]),
        ("*By Nguyễn Văn An and Trần Thị Bích*", ["Nguyễn Văn An", "Trần Thị Bích"]),
        ("Henry J. Alderton, M.D.", ["Henry J. Alderton"]),
        ("Edited by Ana Ruiz", ["Ana Ruiz"]),  # an edited volume: APA cites the editor
    ],
)
def test_bylines_of_blogs_wires_and_capitals(line, authors):
    got = names(f"# Floods\n\n{line}")
    assert got.authors == authors
    assert got.publications == []


MOSS = "Bryophyte Gardening Society\nGrowing Guides > Paths and Paving\n\n# How to Grow Moss"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Society warns that moss turns brown.", ["this"]),
        ("The society recommends shade.", ["this"]),
        ("The Institute recommends shade.", ["other"]),  # not this source's body
        ("The society's guide notes that moss turns brown.", ["this"]),
    ],
)
def test_an_organisation_named_by_its_head_word(text, expected):
    assert credits(text, MOSS) == expected


def test_an_organisation_head_word_of_another_compared_source_credits_that_one():
    text = "The Society warns that moss turns brown."
    refs = find_references(text)
    (signal,) = find_signals(text, QuoteMap([]), refs)
    institute = names("Highland Farming Research Institute (HFRI)\n\n# Keeping Walls Standing")
    assert resolve(signal, institute, [names(MOSS)], refs).names == "other"


@pytest.mark.parametrize(
    "verb",
    ["remembers", "analyzes", "answers", "concurs", "considers", "defines", "endorses"]
    + ["interprets", "objects", "replies", "contrasts", "surmises", "theorizes", "examines"],
)
def test_signal_verbs_of_the_purdue_owl_list(verb):
    text = f"Jean-Baptiste de La Croix {verb} that the lamps kept turning."
    found = find_signals(text, QuoteMap([]), find_references(text))
    assert [s.name for s in found] == ["Jean-Baptiste de La Croix"]


@pytest.mark.parametrize(
    ("head", "title", "authors"),
    [
        (  # Hugo TOML front matter
            '+++\ntitle = "Floods"\nauthors = ["Maaike van der Berg", "Keiko Hashimoto"]\n'
            "date = 2023-01-01\n+++\n",
            "Floods",
            ["Maaike van der Berg", "Keiko Hashimoto"],
        ),
        (  # Pandoc title block
            "% Floods in the Delta\n% Ana Ruiz; Bo Lind\n% June 2021\n",
            "Floods in the Delta",
            ["Ana Ruiz", "Bo Lind"],
        ),
        ("#+TITLE: Floods in Spring\n#+AUTHOR: Ana Ruiz\n", "Floods in Spring", ["Ana Ruiz"]),
        (  # reStructuredText title with an underline and a field list
            "Floods in Spring\n================\n\n:Author: Ana Ruiz\n:Date: 2021\n",
            "Floods in Spring",
            ["Ana Ruiz"],
        ),
    ],
)
def test_toml_pandoc_org_and_rst_headers(head, title, authors):
    got = source_names(Document(head + BODY, "s"))
    assert got.titles[0] == title
    assert got.authors == authors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('It was "slow" (Zhou, Sixty Moves 73).', ["this"]),  # MLA 9: author, short title, page
        ('It was "slow" (Zhou, "Clocks" 4).', ["this"]),
        ('It was "slow" (Zhou, 2019/2021, p. 73).', ["this"]),  # APA 7 §8.15: reprinted work
        ('It was "slow" (Zhou, 2019a, p. 73).', ["this"]),  # APA 7 §8.19: same author, same year
        ('It was "slow" (Hendry, Sixty Moves 73).', ["other"]),  # someone else's work
    ],
)
def test_mla_author_and_title_and_apa_reprint_years(text, expected):
    assert credits(text, CHESS) == expected


ALDERTON = (
    "BOROUGH OF ASHFORD VALE\n\nANNUAL REPORT OF THE MEDICAL OFFICER OF HEALTH FOR THE YEAR "
    "1899\n\nBY HENRY J. ALDERTON, M.D., D.P.H."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Medical Officer of Health reported that wells were foul.", ["this"]),
        ("The 1899 report states that wells were foul.", ["unknown"]),  # names no one
        ("The Officer reported that wells were foul.", ["unknown"]),  # one word of the title
    ],
)
def test_a_run_of_the_titles_words_names_the_work(text, expected):
    assert credits(text, ALDERTON) == expected


@pytest.mark.parametrize(
    ("lines", "authors"),
    [
        (  # affiliation superscripts, then the affiliations
            "Ana Ruiz¹, Bo Lind² and Kofi Osei¹\n\n¹ University of Ghana; ² Lund University",
            ["Ana Ruiz", "Bo Lind", "Kofi Osei"],
        ),
        ("Ana Ruiz1,2, Bo Lind2", ["Ana Ruiz", "Bo Lind"]),  # marks as plain digits
        ("Ana Ruiz*, Bo Lind\n\n*Corresponding author: ana@example.edu", ["Ana Ruiz", "Bo Lind"]),
        ("Ana Ruiz (University of Ghana) and Bo Lind (Lund University)", ["Ana Ruiz", "Bo Lind"]),
    ],
)
def test_a_papers_author_line_with_affiliation_marks(lines, authors):
    got = names(f"# Floods\n\n{lines}")
    assert got.authors == authors
    assert got.titles == ["Floods"]
    assert {"ruiz", "lind"} <= got.surnames()


@pytest.mark.parametrize(
    ("closing", "author"),
    [
        ("Yours faithfully,\nMargaret Oduya\nHarbourton", "Margaret Oduya"),  # a letter
        ("Sincerely,\n\nDr. Amina Diallo, PhD\nDirector", "Amina Diallo"),
        (  # a Victorian report's subscription
            "I have the honour to be, Gentlemen,\nYour obedient Servant,\nHENRY J. ALDERTON.",
            "Henry J. Alderton",
        ),
    ],
)
def test_the_signature_after_a_valediction_is_the_author(closing, author):
    got = source_names(Document("To the Editor," + BODY + "\n" + closing + "\n", "s"))
    assert got.authors == [author]


def test_a_closing_sentence_is_no_signature():
    got = source_names(Document("To the Editor," + BODY + "\nYours is the next move.\n", "s"))
    assert got.authors == []

"""Attribution rules for the error classes of the fourth blind round (issue 12).

Each class is a rule from what citation styles define (MLA 9, APA 7, Chicago 17, Harvard,
IEEE) or what real bylines look like; the cases are the style guides' own forms applied to
two sources, not variations of one case.
"""

from __future__ import annotations

import pytest

from copyhound import Document, compare
from copyhound.read.documents import read_document

ARTICLE = Document(
    "# Counting the Ice: Volunteer Surveys of Andean Glaciers\n\n"
    "By Camila Restrepo Vallejo\n\n"
    "Every February, when the snow has melted back as far as it will go, a group of "
    "schoolteachers, mountain guides and retired engineers climbs to the edge of a small "
    "glacier above the town of Sorata and paints a fresh mark on a boulder. The first marks, "
    "painted in 1998, now sit more than three hundred metres downhill from the ice. The "
    "meltwater they release keeps streams running when rain has stopped, and villages "
    "downstream depend on it through the whole of the dry season.\n",
    "andes.md",
    format="markdown",
)
QUOTE = (
    '"The first marks, painted in 1998, now sit more than three hundred metres downhill '
    'from the ice"'
)


def verdicts(text: str, *sources: Document) -> list[tuple[str, str]]:
    report = compare(Document(text, "essay", format="markdown"), list(sources or [ARTICLE]))
    return [(text[m.suspect.start : m.suspect.end], m.judgement.verdict) for m in report.matches]


# ------------------------------------------- class 4: reference entries are citations


@pytest.mark.parametrize(
    ("citation", "entry"),
    [
        # MLA 9 (5.x): Author. "Title of Source." Container, date.
        (
            "(Restrepo Vallejo)",
            "Works Cited\n\nRestrepo Vallejo, Camila. \"Counting the Ice: Volunteer Surveys of "
            "Andean Glaciers.\" *Altiplano Review*, 18 Nov. 2022.",
        ),
        # APA 7 (10.1): Author, A. A. (Year, Month Day). Title in sentence case. Periodical.
        (
            "(Restrepo Vallejo, 2022)",
            "References\n\nRestrepo Vallejo, C. (2022, November 18). Counting the ice: Volunteer "
            "surveys of Andean glaciers. *Altiplano Review*.",
        ),
        # Harvard (Cite Them Right): Author (Year) 'Title', Periodical, date.
        (
            "(Restrepo Vallejo 2022)",
            "Reference list\n\nRestrepo Vallejo, C. (2022) 'Counting the ice: volunteer surveys "
            "of Andean glaciers', Altiplano Review, 18 November.",
        ),
        # Chicago 17 bibliography (14.68)
        (
            "(Restrepo Vallejo 2022)",
            "Bibliography\n\nRestrepo Vallejo, Camila. \"Counting the Ice: Volunteer Surveys of "
            "Andean Glaciers.\" Altiplano Review, November 18, 2022.",
        ),
        # IEEE: [n] A. Author, "Title," Periodical, date.
        (
            "[1]",
            "References\n\n[1] C. Restrepo Vallejo, \"Counting the ice: Volunteer surveys of "
            "Andean glaciers,\" Altiplano Review, Nov. 2022.",
        ),
        # Chicago 17 notes (14.20): a footnote definition
        (
            "[^1]",
            "[^1]: Camila Restrepo Vallejo, \"Counting the Ice: Volunteer Surveys of Andean "
            "Glaciers,\" *Altiplano Review*, November 18, 2022.",
        ),
        # Chicago 17 numbered endnotes
        (
            "[1]",
            "Notes\n\n1. Camila Restrepo Vallejo, \"Counting the Ice: Volunteer Surveys of "
            "Andean Glaciers,\" Altiplano Review, November 18, 2022, 4.",
        ),
    ],
)
def test_a_reference_entry_repeating_the_title_is_not_a_passage(citation, entry):
    text = f"The painted marks tell the story: {QUOTE} {citation}.\n\n{entry}"
    got = verdicts(text)
    assert got == [(QUOTE.strip('"'), "quoted-attributed")]


def test_a_sentence_copied_into_a_note_is_still_reuse():
    copied = (
        "The meltwater they release keeps streams running when rain has stopped, and "
        "villages downstream depend on it through the whole of the dry season."
    )
    text = f"Villages need the ice.[^1]\n\n[^1]: {copied}"
    got = verdicts(text)
    assert [v for _, v in got] == ["unattributed"]
    assert got[0][0].startswith("The meltwater they release")


def test_a_plain_html_meta_title_names_the_page(tmp_path):
    """``<meta name="title">`` (many CMSs write it beside or instead of ``og:title``)."""
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><meta name="title" content="Counting the Ice">'
        '<meta name="author" content="Camila Restrepo Vallejo"></head>'
        "<body><p>Every February the volunteers climb.</p></body></html>"
    )
    doc = read_document(page, name="p.html")
    assert doc.metadata["title"] == "Counting the Ice"


# ------------------------------ class 1: a colon sentence naming the source before a block

PROCLAMATION = Document(
    "# Thanksgiving Proclamation\n\nBy George Washington\n\n"
    "Now therefore I do recommend and assign Thursday the twenty-sixth day of November next to "
    "be devoted by the People of these States to the service of that great and glorious Being, "
    "who is the beneficent Author of all the good that was, that is, or that will be.\n",
    "washington.txt",
)
BLOCK = (
    "Now therefore I do recommend and assign Thursday the twenty-sixth day of November next to "
    "be devoted by the People of these States to the service of that great and glorious Being"
)


def _block(intro: str, form: str) -> str:
    body = f"> {BLOCK}" if form == ">" else f"    {BLOCK}"
    return f"{intro}\n\n{body}\n\nThe holiday moved later."


@pytest.mark.parametrize("form", [">", "indent"])
@pytest.mark.parametrize(
    "intro",
    [
        "Washington set the date himself:",  # MLA 9 6.x: author's name, no reporting verb
        "In the Thanksgiving Proclamation, the day is named outright:",  # the title
        "George Washington opens with a recommendation:",  # full name
        "His proclamation is precise about the day:",  # determiner + the title's head noun
    ],
)
def test_a_colon_sentence_naming_the_source_credits_the_block_quote(intro, form):
    got = verdicts(_block(intro, form), PROCLAMATION)
    assert [v for _, v in got] == ["quoted-attributed"]


@pytest.mark.parametrize(
    "intro",
    [
        "The date itself was set in a famous text:",  # names nothing
        "Consider the following:",
        "Restrepo Vallejo, writing about glaciers, makes a similar point:",  # another source
    ],
)
def test_a_colon_sentence_naming_no_source_or_another_does_not_credit(intro):
    got = verdicts(_block(intro, ">"), PROCLAMATION, ARTICLE)
    assert [v for _, v in got] == ["quoted-unattributed"]


def test_a_lower_case_word_equal_to_a_surname_is_not_the_name():
    """``Baker``/``baker``: a family name counts only written as a name."""
    source = Document(
        "# On Bread\n\nBy Ruth Baker\n\n" + BLOCK + ", and the loaves rose in every oven.\n",
        "bread.md",
        format="markdown",
    )
    got = verdicts(_block("Every village baker knew the day:", ">"), source)
    assert [v for _, v in got] == ["quoted-unattributed"]


# ------------------------- class 3: double family names, translators, family-name-first


@pytest.mark.parametrize(
    ("author", "cited", "not_cited"),
    [
        ("Camila Restrepo Vallejo", "restrepo", "camila restrepo"),
        ("Gabriel García Márquez", "garcia", "gabriel garcia"),
        ("Lucía Fernández Ortega", "fernandez", "lucia fernandez"),
        ("Luiz Inácio Lula", "inacio", "luiz inacio"),  # Portuguese: each family name
    ],
)
def test_each_of_two_family_names_is_a_surname(author, cited, not_cited):
    """CMOS 17 8.11: Spanish and Portuguese names often hold two family names, and a writer
    may cite the person by the first (paternal) one alone, or by both."""
    from copyhound.judge.source_names import source_names

    got = source_names(Document(f"# Title of It\n\nBy {author}\n\nText follows here.\n", "s"))
    surnames = got.surnames()
    assert cited in surnames
    assert not_cited not in surnames


def test_an_initial_is_not_a_family_name():
    from copyhound.judge.source_names import source_names

    got = source_names(Document("# Title of It\n\nBy Mary K. Oduya\n\nText follows.\n", "s"))
    assert "k" not in got.surnames()


@pytest.mark.parametrize(
    "credit",
    [
        "*by Lucía Fernández Ortega, translated from the Spanish by Niamh Ní Bhriain*",
        "By Lucía Fernández Ortega\nTranslated by Niamh Ní Bhriain",
        "By Lucía Fernández Ortega\n\nTrans. Niamh Ní Bhriain",
        "By Lucía Fernández Ortega\ntranslated from the Spanish by Niamh Ní Bhriain",
    ],
)
def test_a_translator_in_the_byline_is_credited(credit):
    """MLA 9 (2.x, "Translated by") and CMOS 14.103: a translation is cited under its
    translator as well as its author, so naming the translator credits the source."""
    from copyhound.judge.source_names import source_names

    got = source_names(Document(f"# The Winter Hive\n\n{credit}\n\nIn my village.\n", "s"))
    assert "Niamh Ní Bhriain" in got.authors
    assert any("Fernández Ortega" in a for a in got.authors)


HIVE = Document(
    "# The Winter Hive\n\n*From* Letters from the Sierra, *by Lucía Fernández Ortega, "
    "translated from the Spanish by Niamh Ní Bhriain (Calder House, 2019)*\n\n"
    "The bees do not sleep, of course. A healthy cluster can keep its centre as warm as a "
    "summer afternoon while snow lies on the roof, and the bees on the outside of the ball "
    "slowly change places with those inside so that none of them freezes.\n",
    "hive.md",
    format="markdown",
)
HIVE_QUOTE = (
    '"A healthy cluster can keep its centre as warm as a summer afternoon while snow lies on '
    'the roof"'
)


@pytest.mark.parametrize(
    "lead",
    [
        "Fernández is struck by how warm the hive stays: {q}.",  # first family name, colon
        "Fernández Ortega notes that {q}.",  # both family names
        "In Niamh Ní Bhriain's English version, {q}.",  # the translator's version
        "In Ní Bhriain's translation, {q}.",
        "Fernández's memoir is exact: {q}.",
    ],
)
def test_the_author_or_translator_by_any_cited_name_credits_the_quote(lead):
    got = verdicts(lead.format(q=HIVE_QUOTE), HIVE)
    assert [v for _, v in got] == ["quoted-attributed"]


@pytest.mark.parametrize(
    "lead",
    [
        "Ortiz is struck by how warm the hive stays: {q}.",  # nobody of this source
        "In the beekeepers' club's newsletter, {q}.",
    ],
)
def test_a_name_that_is_not_the_source_does_not_credit(lead):
    got = verdicts(lead.format(q=HIVE_QUOTE), HIVE)
    assert [v for _, v in got] == ["quoted-unattributed"]


PALMS = Document(
    "# Deficit Irrigation of Date Palms in Hot Desert Oases\n\n"
    "Layla Abd al-Rahman, Chen Weiming and Oluwaseun Adeyemi\n\n"
    "Over three growing seasons we compared flood irrigation with drip irrigation. The fruit "
    "was slightly smaller but sweeter, and buyers at the local market did not pay less for "
    "it, so the farmers kept the water they saved.\n",
    "palms.md",
    format="markdown",
)
PALM_QUOTE = (
    '"The fruit was slightly smaller but sweeter, and buyers at the local market did not pay '
    'less for it"'
)


@pytest.mark.parametrize(
    "lead",
    [
        "Chen and his co-authors noticed a side benefit: {q}.",  # family name first (Chen Weiming)
        "Chen and colleagues report that {q}.",
        "Adeyemi and colleagues observed that {q}.",
        "Abd al-Rahman and her co-authors found that {q}.",
    ],
)
def test_any_co_author_and_colleagues_credits_the_paper(lead):
    got = verdicts(lead.format(q=PALM_QUOTE), PALMS)
    assert [v for _, v in got] == ["quoted-attributed"]


# --------------------------------------------- class 2: short titles and the book of a part

CHALK = Document(
    "On a Piece of Chalk\n\nThomas Henry Huxley\n\n"
    "A lecture delivered to the working men of Norwich in 1868.\n\n"
    "Imbedded in this matrix are innumerable bodies, some smaller and some larger, of a "
    "definite and regular form, which the microscope shows to be the skeletons of minute "
    "animals that once lived in the sea.\n",
    "chalk.txt",
)
CHALK_QUOTE = (
    '"imbedded in this matrix are innumerable bodies, some smaller and some larger, of a '
    'definite and regular form"'
)


@pytest.mark.parametrize(
    "lead",
    [
        'In "A Piece of Chalk" the microscope reveals order: {q}.',  # leading "On" dropped
        'The lecture "Piece of Chalk" is exact: {q}.',
        'In *Chalk*, the lecture shows that {q}.',  # MLA 9: the head noun of the title
        'The essay "On a Piece of Chalk" reports that {q}.',  # the whole title
    ],
)
def test_a_marked_title_shortened_to_its_noun_phrase_credits(lead):
    got = verdicts(lead.format(q=CHALK_QUOTE), CHALK)
    assert [v for _, v in got] == ["quoted-attributed"]


@pytest.mark.parametrize(
    "lead",
    [
        "In chalk the microscope reveals order: {q}.",  # a topic word, not marked as a title
        'In "A Piece of Flint" the microscope reveals order: {q}.',  # another work
    ],
)
def test_a_title_word_unmarked_or_in_another_title_does_not_credit(lead):
    got = verdicts(lead.format(q=CHALK_QUOTE), CHALK)
    assert [v for _, v in got] == ["quoted-unattributed"]


@pytest.mark.parametrize(
    ("line", "book"),
    [
        ("From Essays, or Counsels Civil and Moral (1625)", "Essays, or Counsels Civil and Moral"),
        ("*From* Letters from the Sierra, *by Lucía Fernández Ortega*", "Letters from the Sierra"),
        ("From The Voyage of the Beagle, by Charles Darwin", "The Voyage of the Beagle"),
    ],
)
def test_a_from_line_names_the_book_a_part_comes_from(line, book):
    """Chicago 17 14.106: a part of a book is credited "in" or "from" the book, which a
    writer may cite instead of the part's own title."""
    from copyhound.judge.source_names import source_names

    got = source_names(Document(f"Of Studies\n\n{line}\n\nStudies serve for delight.\n", "s"))
    assert book in got.titles


def test_a_site_tagline_is_not_a_book():
    from copyhound.judge.source_names import source_names

    got = source_names(
        Document("# Fresnel lens\n\nFrom Wikipedia, the free encyclopedia\n\nA lens.\n", "s")
    )
    assert "Wikipedia, the free encyclopedia" not in got.titles


def test_a_one_word_book_title_after_the_credits():
    source = Document(
        "Of Studies\n\nFrancis Bacon\n\nFrom Essays, or Counsels Civil and Moral (1625)\n\n"
        "For expert men can execute, and perhaps judge of particulars, one by one; but the "
        "general counsels, and the plots and marshalling of affairs, come best from those "
        "that are learned.\n",
        "bacon.txt",
    )
    quote = '"the plots and marshalling of affairs, come best from those that are learned"'
    assert [v for _, v in verdicts(f"The Essays are frank: {quote}.", source)] == [
        "quoted-attributed"
    ]
    assert [v for _, v in verdicts(f"Many essays are frank: {quote}.", source)] == [
        "quoted-unattributed"
    ]


# ------------------------------------------ class 2: group authors and outlets by short name

REPORT = Document(
    "Rainwater Harvesting in Rural Primary Schools: Findings from the 2021 Pilot\n\n"
    "Report prepared by the Northern Rivers Water Quality Council (NRWQC)\n"
    "Technical Report TR-14\n\nSummary\n\n"
    "Over the twelve months of the pilot, the schools together reduced their use of mains "
    "water by just over a third. New schemes should include a short training session for "
    "staff and a simple checklist fixed to the wall beside each tank.\n",
    "report.txt",
)
NEWS = Document(
    "City libraries test midnight opening as exam season begins\n\n"
    "Park Ji-hoon | Staff Reporter | The Harbour Ledger | 14 March 2024\n\n"
    "Three branch libraries will keep their reading rooms open until midnight for six weeks. "
    "Staff will be paid a late-shift supplement, and a security guard will be posted at each "
    "entrance after nine o'clock.\n",
    "news.txt",
)
COPY_R = (
    "over the twelve months of the pilot, the schools together reduced their use of mains water"
)
COPY_N = "staff will be paid a late-shift supplement, and a security guard will be posted at each"


@pytest.mark.parametrize(
    "line",
    [
        "Report prepared by the Northern Rivers Water Quality Council (NRWQC)",
        "Prepared by the Northern Rivers Water Quality Council",
        "A report commissioned by the Northern Rivers Water Quality Council",
    ],
)
def test_a_prepared_by_line_names_the_group_author(line):
    from copyhound.judge.source_names import source_names

    got = source_names(Document(f"Rainwater in Schools\n\n{line}\n\nSchools saved water.\n", "s"))
    assert "Northern Rivers Water Quality Council" in got.publications + got.authors


def test_a_series_number_with_letters_is_not_an_author():
    from copyhound.judge.source_names import source_names

    assert source_names(REPORT).authors == []


@pytest.mark.parametrize(
    "lead",
    [
        "The council's pilot report found that {c}.",  # APA 8.21: group author, short name
        "The water council's report notes that {c}.",
        "The Water Quality Council found that {c}.",
        "The NRWQC found that {c}.",  # its initials
    ],
)
def test_a_group_author_by_its_head_noun_credits(lead):
    got = verdicts(lead.format(c=COPY_R), REPORT)
    assert [v for _, v in got] == ["attributed-unquoted"]


def test_another_body_by_head_noun_does_not_credit():
    got = verdicts(f"The ministry's pilot report found that {COPY_R}.", REPORT)
    assert [v for _, v in got] == ["unattributed"]


@pytest.mark.parametrize(
    ("lead", "verdict"),
    [
        ("According to the Ledger, {c}.", "attributed-unquoted"),  # outlet by its last word
        ("The Harbour Ledger reports that {c}.", "attributed-unquoted"),
        ("According to the ledger, {c}.", "unattributed"),  # not written as a name
    ],
)
def test_an_outlet_by_its_last_word(lead, verdict):
    got = verdicts(lead.format(c=COPY_N), NEWS)
    assert [v for _, v in got] == [verdict]


# ------------------------- bylines of proclamations and letters: a name line under the title

@pytest.mark.parametrize(
    "head",
    [
        # a proclamation's head, its signature repeated at the end
        "THANKSGIVING PROCLAMATION\n\nBy the President of the United States of America. "
        "A Proclamation.\n\nGeorge Washington\nCity of New York, 3 October 1789\n\n",
        "OF STUDIES\n\nGeorge Washington\n\n",  # a two-word capitals title, then the name
    ],
)
def test_a_name_line_under_a_capitals_title_is_the_author(head):
    from copyhound.judge.source_names import source_names

    body = (
        "Whereas it is the duty of all Nations to acknowledge the providence of Almighty God, "
        "and whereas both Houses of Congress have requested me to recommend a day of public "
        "thanksgiving and prayer, I do recommend it.\n\nGo: Washington\n"
    )
    assert "George Washington" in source_names(Document(head + body, "s")).authors


def test_a_person_the_body_keeps_naming_is_still_its_subject():
    from copyhound.judge.source_names import source_names

    text = (
        "A Life at Sea\n\nGeorge Washington\n\n"
        "George Washington was born in Virginia. As a young man Washington surveyed land, "
        "and later Washington led an army through a long war.\n\n" + "Text. " * 60
    )
    assert "George Washington" not in source_names(Document(text, "s")).authors


# -------------------------------------- class 5: several works in one parenthesis (MLA, APA)

CHALK_Q2 = CHALK_QUOTE


@pytest.mark.parametrize(
    "citation",
    [
        "(Huxley 4; Bacon 2)",  # MLA 9 6.x: works separated by semicolons
        "(Bacon 2; Huxley 4)",  # this source second
        "(Huxley 3; Restrepo Vallejo)",  # an author alone beside an author and page
        "(Restrepo Vallejo 7; Huxley)",
        "(Huxley, 1868; Restrepo Vallejo, 2022)",  # APA 7 8.12
        "(Restrepo Vallejo 2022; Huxley 1868, 4)",  # Chicago author-date 15.30
        "(Huxley and Tyndall 4; Bacon 2)",
    ],
)
def test_one_parenthesis_citing_several_works_credits_each(citation):
    got = verdicts(f"The microscope shows that {CHALK_Q2} {citation}.", CHALK, ARTICLE)
    assert [v for _, v in got] == ["quoted-attributed"]


@pytest.mark.parametrize("citation", ["(Bacon 2; Restrepo Vallejo 7)", "(Bacon; Darwin 4)"])
def test_a_parenthesis_of_other_works_does_not_credit(citation):
    got = verdicts(f"The microscope shows that {CHALK_Q2} {citation}.", CHALK, ARTICLE)
    assert [v for _, v in got] == ["quoted-unattributed"]


# ------------------------- class 6: a copy beside another source's quotation takes no credit

STUDIES = Document(
    "Of Studies\n\nFrancis Bacon\n\nFrom Essays, or Counsels Civil and Moral (1625)\n\n"
    "Read not to contradict and confute; nor to believe and take for granted; nor to find "
    "talk and discourse; but to weigh and consider.\n",
    "bacon.txt",
)
CHALK_COPY = (
    "imbedded in this matrix are innumerable bodies, some smaller and some larger, of a "
    "definite and regular form"
)
BACON_Q = '"not to contradict and confute; nor to believe and take for granted"'


@pytest.mark.parametrize(
    "text",
    [
        f"Bacon (1625) advised readers to study {BACON_Q}. Under a lens, {CHALK_COPY}.",
        f"Bacon advised us to read {BACON_Q} (Bacon 2). Under a lens, {CHALK_COPY}.",
        f"As Bacon puts it, we should read {BACON_Q}, and under a lens {CHALK_COPY}.",
        f"Under a lens, {CHALK_COPY}. Bacon (1625) advised readers to study {BACON_Q}.",
    ],
)
def test_a_copy_does_not_take_the_credit_of_another_sources_quotation(text):
    got = dict((s[:20], v) for s, v in verdicts(text, STUDIES, CHALK))
    assert got[BACON_Q.strip('"')[:20]] == "quoted-attributed"
    assert got[CHALK_COPY[:20]] == "unattributed"


def test_a_copy_credited_by_its_own_author_beside_another_quotation():
    text = f"Bacon (1625) advised readers to study {BACON_Q}. Huxley shows that {CHALK_COPY}."
    got = dict((s[:20], v) for s, v in verdicts(text, STUDIES, CHALK))
    assert got[CHALK_COPY[:20]] == "attributed-unquoted"


def test_the_sources_first_sentence_copied_into_a_note_is_still_reuse():
    """The head of the source is its title only up to a title's length: a note that copies
    the opening sentence (30 words) reports it."""
    first = (
        "Every February, when the snow has melted back as far as it will go, a group of "
        "schoolteachers, mountain guides and retired engineers climbs to the edge of a small "
        "glacier above the town of Sorata"
    )
    got = verdicts(f"Volunteers climb every year.[^1]\n\n[^1]: {first}.")
    assert [v for _, v in got] == ["unattributed"]

"""Attribution rules for the error classes of the seventh blind round (issue 12).

Each class is what a citation style or a byline form defines, tested on many real forms:
MLA 9's ``qtd. in`` and APA 7's ``as cited in`` (8.6), pen names with the real name given
in the byline (MLA 9 5.8, APA 7 9.8, CMOS 14.80), APA 7's ``n.d.`` (8.10) and Harvard's
(Cite Them Right) ``no date``, hyphenated family names, a lecture cited by its host
institution (APA 7 10.14), a chapter in an edited book (CMOS 14.107, APA 7 10.3), a Q&A
interview (APA 7 10.x, MLA 9), a signal phrase after the quotation, the citation set right
after a quotation (IEEE, APA 7 8.25), a speaker's tag splitting one quotation (MLA 9 6.x,
CMOS 13.35); and the over-credit classes: a letter's addressee or a report's client is not
its author, and a one-word title written in lower case names the topic, not the work.
"""

from __future__ import annotations

import pytest

from copyhound import Document, compare
from copyhound.judge.attribution import find_signals
from copyhound.judge.naming import evidence, recipient_free
from copyhound.judge.quotes import QuoteMap, find_quotations
from copyhound.judge.references import find_references
from copyhound.judge.source_names import source_names


def names(text: str, fmt: str = "markdown"):
    return source_names(Document(text, "source.md", format=fmt))


def signals(text: str):
    return find_signals(text, QuoteMap(find_quotations(text)), find_references(text))


def verdicts(text: str, *sources: Document) -> list[str]:
    report = compare(Document(text, "essay", format="markdown"), list(sources))
    return [m.judgement.verdict for m in report.matches]


# --- pen names: the byline's name and the real name it gives both name the source ---------

PROSE = (
    "\n\nThe night train left the junction an hour late, and nobody on the platform seemed "
    "surprised, because the timetable had long ago become a statement of hope rather than "
    "a promise anyone expected the railway to keep.\n"
)
QUOTE = (
    '"the timetable had long ago become a statement of hope rather than a promise anyone '
    'expected the railway to keep"'
)


@pytest.mark.parametrize(
    "byline, pen, real",
    [
        (
            "A column by Wren\n(Wren is the pen name of Hilary Osei-Bamford.)",
            "Wren",
            "Hilary Osei-Bamford",
        ),
        (
            "By Mark Twain\n(Mark Twain is the pen name of Samuel Clemens.)",
            "Mark Twain",
            "Samuel Clemens",
        ),
        ("By George Eliot (pseudonym of Mary Ann Evans)", "George Eliot", "Mary Ann Evans"),
        ("By Lewis Carroll\nPen name of Charles Dodgson", "Lewis Carroll", "Charles Dodgson"),
        ("A story by Saki\n(Saki was the pen name of Hector Munro.)", "Saki", "Hector Munro"),
        ("By Voltaire\n(real name: François-Marie Arouet)", "Voltaire", "François-Marie Arouet"),
        ("By George Orwell\n(Eric Blair, writing as George Orwell)", "George Orwell", "Eric Blair"),
        ("An essay by Publius\n(the pseudonym of James Madison)", "Publius", "James Madison"),
    ],
)
def test_pen_name_and_real_name_are_both_authors(byline, pen, real):
    got = names(f"# The Late Train\n\n{byline}{PROSE}")
    assert pen in got.authors and real in got.authors


@pytest.mark.parametrize(
    "byline, cite_real, cite_pen",
    [
        (
            "A column by Wren\n(Wren is the pen name of Hilary Osei-Bamford.)",
            "Osei-Bamford (n.d.) recalls that",
            "Wren, who spent decades on the railways, puts it plainly:",
        ),
        (
            "By Mark Twain\n(Mark Twain is the pen name of Samuel Clemens.)",
            "Clemens (1883) observed that",
            "Twain notes that",
        ),
        (
            "By George Orwell\n(Eric Blair, writing as George Orwell)",
            "Blair (1937) complained that",
            "Orwell, who travelled third class, complains that",
        ),
        (
            "A story by Saki\n(Saki was the pen name of Hector Munro.)",
            "Munro (1911) observes that",
            "Saki observes that",
        ),
    ],
)
def test_a_pen_name_source_is_credited_by_either_name(byline, cite_real, cite_pen):
    source = Document(f"# The Late Train\n\n{byline}{PROSE}", "train.txt")
    assert verdicts(f"{cite_real} {QUOTE}.", source) == ["quoted-attributed"]
    assert verdicts(f"{cite_pen} {QUOTE}.", source) == ["quoted-attributed"]
    # a third person is not the author under either name (APA: a work by someone else)
    assert verdicts(f"Lindqvist (2019) complains that {QUOTE}.", source) == ["quoted-unattributed"]


@pytest.mark.parametrize(
    "line, author",
    [
        ("A column by Wren", "Wren"),
        ("By Banksy", "Banksy"),
        ("A weekly column by Ouida", "Ouida"),
        ("An editorial by Colette", "Colette"),
        ("A sermon by Mr. Wesley", None),  # honorific and one word: not read as a pen name
    ],
)
def test_a_byline_of_one_word_is_a_pen_name(line, author):
    got = names(f"# The Late Train\n\n{line}{PROSE}")
    if author is None:
        assert "Mr. Wesley" not in got.authors
    else:
        assert author in got.authors


def test_a_posted_by_line_does_not_make_its_categories_authors():
    got = names("# Stacks\n\nPosted by Ingrid Halvorsen on 2 July 2023 · Libraries, Climate")
    assert got.authors == ["Ingrid Halvorsen"]


# --- n.d. (APA 7 8.10) and "no date" (Harvard, Cite Them Right) ---------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("Osei-Bamford (n.d.) recalls the office.", "Osei-Bamford"),
        ("as the leaflet says (Provincial Office of Public Health, n.d.).", None),
        ("a rhyme about a rabbit (KnotHaven, no date).", "KnotHaven"),
        ("the shelf was full (Wren, no date).", "Wren"),
        ("soft toys are reclaimed (Wren, n.d., para. 3).", "Wren"),
        ("Gagnon (n.d.) describes the harbour.", "Gagnon"),
        ("the archive was closed (British Library, no date).", "British Library"),
        ("Lloyd-Jones (n.d.) argues that", "Lloyd-Jones"),
        ("the pattern recurs (Smith-Rosenberg, n.d.; Ruiz-Ocampo, 2019).", "Smith-Rosenberg"),
        ("(World Health Organization, n.d.)", "World Health Organization"),
    ],
)
def test_undated_author_date_citations_are_read(text, name):
    found = [s for s in signals(text) if s.kind == "citation" and s.style == "author-year"]
    assert found, text
    if name is not None:
        assert found[0].name == name


@pytest.mark.parametrize(
    "citation",
    ["(Osei-Bamford, n.d.)", "(Osei-Bamford, no date)", "(Wren, no date)", "(Wren, n.d.)"],
)
def test_harvard_no_date_credits_an_unquoted_sentence(citation):
    source = Document(
        "# The Late Train\n\nA column by Wren\n"
        f"(Wren is the pen name of Hilary Osei-Bamford.){PROSE}",
        "train.txt",
    )
    essay = (
        "Timetables are promises. The timetable had long ago become a statement of hope "
        f"rather than a promise anyone expected the railway to keep {citation}."
    )
    assert verdicts(essay, source) == ["attributed-unquoted"]
    wrong = essay.replace(citation, "(Halvorsen, no date)")
    assert verdicts(wrong, source) == ["unattributed"]


# --- indirect sources: MLA "qtd. in", APA "as cited in" -----------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        (
            '"If nobody can see my hands, I am decoration" (Quintero Zárate, qtd. in von Hagen).',
            "von Hagen",
        ),
        ('"we lost half" (qtd. in Kim).', "Kim"),
        ('"the poor are always with us" (Baldwin, qtd. in Morrison).', "Morrison"),
        ('"an echo of the bell" (Kovács, quoted in Lindqvist).', "Lindqvist"),
        ('"nothing is lost" (Okafor, cited in Nwosu).', "Nwosu"),
    ],
)
def test_mla_qtd_in_after_the_speaker_names_the_work_read(text, name):
    found = [s for s in signals(text) if s.kind == "citation"]
    assert [s.name for s in found] == [name]


INTERVIEW = Document(
    '---\ntitle: "Hands on the Beat"\nauthor: Jonas von Hagen\npublication: Backline Weekly\n'
    "---\n\nMarisol Quintero Zárate has interpreted more than three hundred concerts into sign "
    "language. She spoke to Jonas von Hagen between two soundchecks.\n\n"
    "**How did you start?**\n\nBy accident. A friend who was deaf wanted to go to a punk show.\n\n"
    "**What goes wrong?**\n\nThey put the interpreter in the dark at the side of the stage. If "
    "nobody can see my hands, I am decoration.\n",
    "interview.md",
    format="markdown",
)
Q = '"They put the interpreter in the dark at the side of the stage"'


@pytest.mark.parametrize(
    "essay",
    [
        f"As one interpreter said, {Q} (Quintero Zárate, qtd. in von Hagen).",
        f"Quintero complains that promoters {Q[:1]}put the interpreter in the dark at the side "
        'of the stage".',
        f"Quintero Zárate told Backline Weekly: {Q}.",
        f"Von Hagen's interview records the complaint {Q}.",
        f"{Q} (Quintero Zárate, as cited in von Hagen, 2024).",
    ],
)
def test_an_interview_is_credited_by_its_journalist_or_its_interviewee(essay):
    assert verdicts(essay, INTERVIEW) == ["quoted-attributed"]


def test_an_interviewee_comes_from_the_standfirst_of_a_q_and_a():
    got = names(INTERVIEW.text)
    assert got.authors == ["Jonas von Hagen", "Marisol Quintero Zárate"]
    labelled = names(
        "# Salt and Smoke\n\nBy Ana Ruiz\n\nProfessor Tomasz Wierzbicki runs the smallest "
        "smokehouse in the county.\n\nQ: When did you start?\n\nIn 1998, with one barrel.\n\n"
        "Q: What do you smoke?\n\nEel, mostly, and cheese for Maria Okafor's shop.\n"
    )
    assert "Tomasz Wierzbicki" in labelled.authors
    assert "Maria Okafor" not in labelled.authors  # named in an answer, not interviewed
    two = names(
        "# Salt and Smoke\n\nBy Ana Ruiz\n\nTomasz Wierzbicki, who trained under Maria "
        "Okafor, runs the smallest smokehouse in the county.\n\n**When did you start?**\n\n"
        "In 1998.\n\n**What do you smoke?**\n\nEel, mostly.\n"
    )
    assert two.authors == ["Ana Ruiz", "Tomasz Wierzbicki"]  # the teacher is not interviewed
    # no questions: a feature's subject is not its author
    feature = names(
        "# Salt and Smoke\n\nBy Ana Ruiz\n\nChef Tomasz Wierzbicki runs the smallest smokehouse "
        "in the county, and has done since 1998, with one barrel and a borrowed van.\n"
    )
    assert "Tomasz Wierzbicki" not in feature.authors


APA_INDIRECT = Document(
    "# Bells\n\nKovács Eszter\n\nA town that can no longer hear its own hours has lost one of "
    "the few public sounds that belonged to everybody at once.\n",
    "bells.md",
    format="markdown",
)


@pytest.mark.parametrize(
    "citation, verdict",
    [
        ("(Kovács, as cited in Lindqvist, 2026, p. 14)", "quoted-attributed"),
        ("(Eszter, as cited in Lindqvist, 2026)", "quoted-attributed"),
        ("(Kovács, qtd. in Lindqvist 14)", "quoted-attributed"),
        ("(Halvorsen, as cited in Lindqvist, 2026)", "quoted-unattributed"),
    ],
)
def test_an_indirect_citation_credits_the_author_it_quotes(citation, verdict):
    essay = (
        '"A town that can no longer hear its own hours has lost one of the few public sounds" '
        f"{citation}.\n\nReferences\n\nLindqvist, A. (2026). Quiet towns. Northfield Press."
    )
    assert verdicts(essay, APA_INDIRECT) == [verdict]


# --- "according to X" after the quotation: the name stops at the sentence's full stop ------


@pytest.mark.parametrize(
    "text, name",
    [
        ('"the galleries kept the shaft cool," according to al-Haddad. It was', "al-Haddad"),
        ('"prices rose," according to Okafor. The market', "Okafor"),
        ('"the tide turned," according to Restrepo Vallejo. Nobody', "Restrepo Vallejo"),
        ('"a hard winter," according to Kim Min-jun. Herders', "Kim Min-jun"),
        ('"it jammed," according to Wen Jiahui. Typists', "Wen Jiahui"),
        # initials and short abbreviations keep their dots inside the name
        ('"the lamp failed," according to J. R. Okafor.', "J. R. Okafor"),
        ('"the lamp failed," according to St. Clair Drake.', "St. Clair Drake"),
    ],
)
def test_according_to_after_a_quotation_names_only_the_name(text, name):
    found = [s for s in signals(text) if s.kind == "signal-phrase"]
    assert found and found[0].name == name


@pytest.mark.parametrize(
    "subject",
    [
        "Wren, who spent decades in a lost property office, puts it",
        "Mary Beard, who has written widely on Rome, argues",
        "Okafor, whose survey covered six markets, reports",
        "Okafor, a historian of markets, reports",
    ],
)
def test_a_relative_clause_between_name_and_verb_keeps_the_signal(subject):
    found = [s for s in signals(f'{subject} that "the lamp failed."') if s.kind == "signal-phrase"]
    assert found and found[0].name == subject.split(",")[0]


# --- the citation right after a quotation is the quotation's -------------------------------

WIRE = Document(
    "Herders count losses as winter grips western provinces\n\nBy Kim Min-jun\n\n"
    "The phenomenon, known locally as dzud, follows a dry summer that leaves animals too "
    "thin to survive the cold, and the losses fall hardest on families with small herds.\n",
    "wire.txt",
)
LECTURE = Document(
    '---\ntitle: "Why the Keys Are Where They Are"\nevent: Thursday Evening Lectures, '
    "Riverside Institute of Design\ndate: 2023-10-19\n---\n\n"
    "WEN JIAHUI: Almost everyone in this room learned to type on a layout that was settled in "
    "the 1870s, for machines none of us has ever touched.\n\n"
    "WEN JIAHUI: The early type bars jammed when two neighbouring bars swung up together.\n",
    "lecture.md",
    format="markdown",
)
DZUD = '"known locally as dzud, follows a dry summer that leaves animals too thin to survive"'
IEEE_REFS = (
    "\n\nReferences\n\n"
    '[1] M. Kim, "Herders count losses as winter grips western provinces," 2024.\n'
    '[2] J. Wen, "Why the keys are where they are," lecture, Riverside Institute of Design, 2023.'
)
APA_REFS = (
    "\n\nReferences\n\nKim, M. (2024). Herders count losses as winter grips western provinces."
    "\n\nWen, J. (2023). Why the keys are where they are [Lecture]. Riverside Institute of Design."
)


@pytest.mark.parametrize(
    "essay, verdict",
    [
        # IEEE: the number after the quotation points to the lecture, the later one to the wire
        (
            f"The disaster, {DZUD} [2], has struck three times this century [1].{IEEE_REFS}",
            "quoted-unattributed",
        ),
        (
            f"The disaster, {DZUD} [1], has struck three times this century [2].{IEEE_REFS}",
            "quoted-attributed",
        ),
        (f"The disaster, {DZUD} [2, p. 4], recurs [1].{IEEE_REFS}", "quoted-unattributed"),
        (f"The disaster, {DZUD} [1], [2].{IEEE_REFS}", "quoted-attributed"),
        (f"The disaster, {DZUD} [2], [1].{IEEE_REFS}", "quoted-attributed"),
        # APA: one work per parenthesis, or two works in one (8.12)
        (
            f"The disaster, {DZUD} (Wen, 2023), has struck three times (Kim, 2024).{APA_REFS}",
            "quoted-unattributed",
        ),
        (f"The disaster, {DZUD} (Wen, 2023; Kim, 2024).{APA_REFS}", "quoted-attributed"),
        (
            f"The disaster, {DZUD} (Kim, 2024), has struck three times (Wen, 2023).{APA_REFS}",
            "quoted-attributed",
        ),
        # MLA: the author and page after the quotation
        (f"The disaster, {DZUD} (Wen 4), recurs (Kim 2).", "quoted-unattributed"),
    ],
)
def test_the_citation_after_a_quotation_is_its_own(essay, verdict):
    assert verdicts(essay, WIRE, LECTURE) == [verdict]


# --- a quotation split by its speaker's tag takes the citation after its second part ------

SPOKEN = Document(
    "Herders count losses as winter grips western provinces\n\nBy Kim Min-jun\n\n"
    "Herders have lost four hundred thousand animals since December, officials said.\n\n"
    '"We moved the herd twice and still lost half," said Dashdorj Tsetseg, 47, who keeps '
    'animals with her two sons. "Now we are feeding them the hay we saved for spring."\n',
    "wire.txt",
)
FIRST = '"We moved the herd twice and still lost half,"'
SECOND = '"Now we are feeding them the hay we saved for spring"'


@pytest.mark.parametrize(
    "essay, verdict",
    [
        (
            f"For Dashdorj Tsetseg it was a disaster: {FIRST} she said. {SECOND} (qtd. in Kim).",
            "quoted-attributed",
        ),
        (f"It was a disaster. {FIRST} Tsetseg said. {SECOND} (Kim 2024).", "quoted-attributed"),
        (
            f"It was a disaster. {FIRST} one herder told reporters. {SECOND} (qtd. in Kim).",
            "quoted-attributed",
        ),
        (
            f"It was a disaster. {FIRST} she recalled. {SECOND} [1].\n\nReferences\n\n"
            '[1] M. Kim, "Herders count losses as winter grips western provinces," 2024.',
            "quoted-attributed",
        ),
        # no citation after the second part: nothing to carry back
        (f"It was a disaster. {FIRST} Tsetseg said. {SECOND}.", "quoted-unattributed"),
        # a clause of the writer's own after the tag: not one quotation split by its tag
        (
            f"It was a disaster. {FIRST} Tsetseg said, and it was true. {SECOND} (qtd. in Kim).",
            "quoted-unattributed",
        ),
        # the citation after the second part names another work: no credit for either
        (
            f"It was a disaster. {FIRST} Tsetseg said. {SECOND} (Halvorsen 2020).",
            "quoted-unattributed",
        ),
    ],
)
def test_a_split_quotation_takes_the_citation_after_its_second_part(essay, verdict):
    got = verdicts(essay, SPOKEN)
    assert len(got) == 2 and got[0] == verdict
    assert got[1] == (
        "quoted-attributed" if "Kim" in essay or "[1]" in essay else "quoted-unattributed"
    )


# --- a lecture is credited by its host institution ------------------------------------------


@pytest.mark.parametrize(
    "key, value, mention",
    [
        (
            "event",
            "Thursday Evening Lectures, Riverside Institute of Design",
            "Riverside Institute of Design",
        ),
        (
            "conference",
            "Annual Meeting of the Royal Geographical Society",
            "Annual Meeting of the Royal Geographical Society",
        ),
        ("venue", "The British Library", "British Library"),
        ("institution", "Harbin Polytechnic", "Harbin Polytechnic"),
        ("series", "Reith Lectures", "Reith Lectures"),
        ("organisation", "Lakeland Walkers' Association", "Lakeland Walkers' Association"),
    ],
)
def test_a_lecture_is_credited_by_its_event_or_host(key, value, mention):
    source = Document(
        f'---\ntitle: "Why the Keys Are Where They Are"\n{key}: {value}\n---\n\n'
        "## Transcript\n\nMODERATOR (Dana Whitcombe): Good evening, everyone. Tonight's "
        "speaker is Professor Wen Jiahui, who has spent ten years in typewriter archives.\n\n"
        "WEN JIAHUI: Thank you, Dana. Almost everyone in this room learned to type on a layout "
        "that was settled in the 1870s, for machines none of us has ever touched.\n\n"
        "WEN JIAHUI: The early type bars jammed when two neighbouring bars swung up together.\n",
        "lecture.md",
        format="markdown",
    )
    essay = (
        f'A lecture at the {mention} began with a reminder that "Almost everyone in this '
        'room learned to type on a layout that was settled in the 1870s."'
    )
    assert verdicts(essay, source) == ["quoted-attributed"]
    no_host = essay.replace(f"at the {mention} ", "")
    assert verdicts(no_host, source) == ["quoted-unattributed"]


# --- a chapter in an edited book: its title line and its book line ------------------------


@pytest.mark.parametrize(
    "head, title, book",
    [
        (
            "# Chapter 6. Water Below the Street: The Stepwells of Gujarat\n\nLayla al-Haddad\n\n"
            "In *Cities of Water: Infrastructure and Memory*, edited by Marit van der Berg and "
            "Tomás Ruiz-Ocampo (Leiden: Harbour Academic Press, 2019), pp. 112–131.",
            "Water Below the Street: The Stepwells of Gujarat",
            "Cities of Water: Infrastructure and Memory",
        ),
        (
            "# Chapter 1: The Rise of the House of Commons\n\nMaria Okafor\n\n"
            "In *The Cambridge Companion to Parliament*, edited by Anne Lister and Hugh Rhys "
            "(Cambridge: Cambridge University Press, 2001), 3–20.",
            "The Rise of the House of Commons",
            "The Cambridge Companion to Parliament",
        ),
        (
            "# 4. Bread of the Poor\n\nTomasz Wierzbicki\n\n"
            "In A. Lindqvist & B. Osei (Eds.), *Food and the City: Essays in Urban History* "
            "(pp. 45–67). Northfield Press.",
            "Bread of the Poor",
            "Food and the City: Essays in Urban History",
        ),
        (
            "# Chapter 3 of *Salt Roads: Trade Across the Sahara*\n\nAmara Diallo",
            None,
            "Salt Roads: Trade Across the Sahara",
        ),
    ],
)
def test_a_chapter_heading_and_its_book_line_are_read(head, title, book):
    got = names(head + PROSE)
    assert book in got.titles
    if title is not None:
        assert got.titles[0] == title
    # the book line is front matter: editors are not the chapter's authors
    assert not {"Marit van der Berg", "Anne Lister", "A. Lindqvist"} & set(got.authors)
    assert got.masthead_end > len(head) - 5


CHAPTER = Document(
    "# Chapter 6. Water Below the Street: The Stepwells of Gujarat\n\nLayla al-Haddad\n\n"
    "In *Cities of Water: Infrastructure and Memory*, edited by Marit van der Berg and Tomás "
    "Ruiz-Ocampo (Leiden: Harbour Academic Press, 2019), pp. 112–131.\n\n---\n\n"
    "Several towns have cleaned and reopened their wells, less for drinking water than as a "
    "way of recharging the ground beneath the streets.\n",
    "stepwells.md",
    format="markdown",
)


@pytest.mark.parametrize(
    "entry",
    [
        "al-Haddad, L. (2019). Water below the street: The stepwells of Gujarat. In M. van der "
        "Berg & T. Ruiz-Ocampo (Eds.), Cities of water: Infrastructure and memory (pp. "
        "112-131). Harbour Academic Press.",
        'al-Haddad, Layla. "Water Below the Street: The Stepwells of Gujarat." In Cities of '
        "Water: Infrastructure and Memory, edited by Marit van der Berg and Tomás Ruiz-Ocampo, "
        "112–31. Leiden: Harbour Academic Press, 2019.",
    ],
)
def test_a_reference_entry_repeating_the_chapter_line_is_not_reuse(entry):
    essay = (
        "The wells are being revived: they serve as a way of recharging the ground "
        f"(al-Haddad, 2019).\n\nReferences\n\n{entry}"
    )
    assert verdicts(essay, CHAPTER) == []


@pytest.mark.parametrize(
    "signal, verdict",
    [
        ("The essay collection Cities of Water reports that", "attributed-unquoted"),
        ("*Cities of Water* reports that", "attributed-unquoted"),
        ("Al-Haddad's chapter reports that", "attributed-unquoted"),
        ("Engineers say that", "unattributed"),
    ],
)
def test_a_chapter_is_credited_by_its_book(signal, verdict):
    essay = (
        f"{signal} several towns have cleaned and reopened their wells, less for drinking "
        "water than as a way of recharging the ground beneath the streets."
    )
    assert verdicts(essay, CHAPTER) == [verdict]


# --- over-credit: the addressee of a letter, the client of a report -----------------------


@pytest.mark.parametrize(
    "line, kept, dropped",
    [
        ("A letter to Madame Brillon", "a", "brillon"),
        ("Letter to Mrs. Lydia Bixby", "", "bixby"),
        ("To the People of the State of New York:", "", "york"),
        ("Dear Fanny Brawne,", "", "brawne"),
        ("Prepared for the Northgate Housing Association, September 2023", "", "northgate"),
        ("Submitted to the Select Committee on Transport", "", "committee"),
        ("Dedicated to Marit van der Berg", "", "marit"),
        ("An Open Letter to the Mayor of Leeds", "an", "leeds"),
    ],
)
def test_a_recipient_is_not_naming_evidence(line, kept, dropped):
    assert dropped not in recipient_free(line).lower()
    assert recipient_free(line).lower().strip() == kept


@pytest.mark.parametrize(
    "title",
    [
        "Guide to the Lakes",
        "Letters from Birmingham",
        "The Road to Wigan Pier",
        "Notes on Camp",
        "To the Lighthouse",
        "To Kill a Mockingbird",
        "Dear Theo",
    ],
)
def test_titles_with_to_or_from_keep_their_words(title):
    assert recipient_free(title) == title
    got = names(f"# {title}\n\nVirginia Woolf{PROSE}")
    assert got.titles[0] == title
    assert set(w.lower() for w in title.split()) & evidence(got)


LETTERS = [
    (
        "THE WHISTLE\n\nA letter to Madame Brillon\n\nBenjamin Franklin\n\nPassy, November 10, "
        "1779\n\nI conceive that great part of the miseries of mankind are brought upon them by "
        "the false estimates they have made of the value of things.\n",
        '"great part of the miseries of mankind are brought upon them by the false estimates '
        'they have made of the value of things"',
        "Madame Brillon",
        "Franklin",
    ),
    (
        "Letter to Mrs. Bixby\n\nAbraham Lincoln\n\nExecutive Mansion, Washington, November 21, "
        "1864\n\nI pray that our Heavenly Father may assuage the anguish of your bereavement, "
        "and leave you only the cherished memory of the loved and lost.\n",
        '"may assuage the anguish of your bereavement, and leave you only the cherished memory '
        'of the loved and lost"',
        "Mrs. Bixby",
        "Lincoln",
    ),
    (
        "Letter to Fanny Brawne\n\nJohn Keats\n\nWentworth Place, October 13, 1819\n\nI have "
        "been astonished that Men could die Martyrs for religion. I shudder no more. I could "
        "be martyred for my Religion. Love is my religion and I could die for that.\n",
        '"Love is my religion and I could die for that"',
        "Fanny Brawne",
        "Keats",
    ),
]


@pytest.mark.parametrize("letter, quote, addressee, author", LETTERS)
def test_a_letters_addressee_is_not_its_author(letter, quote, addressee, author):
    source = Document(letter, "letter.txt")
    assert verdicts(f"As {addressee} wrote, {quote}.", source) == ["quoted-unattributed"]
    assert verdicts(f"As {author} wrote, {quote}.", source) == ["quoted-attributed"]
    assert verdicts(f"{author}'s letter to {addressee} says {quote}.", source) == [
        "quoted-attributed"
    ]


def test_a_reports_client_is_not_its_publisher():
    got = names(
        "Keeping Residents Moving: Elevator Downtime in Mid-Rise Social Housing\n\n"
        "Vertica Lift Systems plc\n\nTechnical Report VL-TR-2023-07\n\n"
        "Prepared for the Northgate Housing Association, September 2023\n\n"
        "Between January 2021 and June 2023 we recorded every breakdown of the 214 elevators "
        "we maintain in buildings of six to twelve storeys owned by the association.\n",
        fmt="text",
    )
    assert got.publications == ["Vertica Lift Systems plc"]
    assert "Technical Report VL-TR-2023-07" in got.short_titles
    assert "northgate" not in evidence(got)
    assert not got.acronyms  # no "PNHA" from the client's name


# --- over-credit: a title made of the topic's words names the topic in lower case ---------

PAGE = Document(
    "KnotHaven · Guides · Sailing knots\n\n# The Bowline\n\nThe bowline makes a fixed loop at "
    "the end of a rope. Its great virtue is that it is easy to untie even after it has held a "
    "heavy strain, and climbers once tied into their harnesses with it.\n",
    "bowline.md",
    format="markdown",
)
COPY = "it is easy to untie even after it has held a heavy strain"


@pytest.mark.parametrize(
    "essay, verdict",
    [
        (f"Sailors say the bowline {COPY[6:]}, and it has lasted.", "unattributed"),
        (f"The bowline's main strength is that {COPY}.", "unattributed"),
        (f'Sailors say the bowline "{COPY[6:]}".', "quoted-unattributed"),
        (f'Experts say the bowline "{COPY[6:]}".', "quoted-unattributed"),
        (f"*The Bowline* explains that {COPY}.", "attributed-unquoted"),
        (f'"The Bowline" guide explains that {COPY}.', "attributed-unquoted"),
        (f"The Bowline page on KnotHaven explains that {COPY}.", "attributed-unquoted"),
        (f"KnotHaven explains that {COPY}.", "attributed-unquoted"),
    ],
)
def test_a_topic_title_in_lower_case_is_the_topic(essay, verdict):
    assert verdicts(essay, PAGE) == [verdict]

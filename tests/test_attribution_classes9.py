"""Round 10 (attribution-blind8 tuning, second round): credit given in forms the reader did
not parse: a cited name whose first letter is a capital with a diacritic (``(Ōta 2021, 43)``),
a signal after the quotation that describes the speaker before naming them (``," writes the
historian Kovács Erzsébet``), a note number typed on the line (``stand in."1``), the speaker
of a debate's or transcript's turn and the officer a press release quotes, ``calls it``, a
paragraph locator (``par. 2``) and a case or report number. Each class has over-credit traps:
a signal naming another compared source, or a person the source only quotes or mentions.
Sources and essays are this file's own; the citation forms follow MLA 9, APA 7, Chicago 17,
Harvard (Cite Them Right) and the conventions of Hansard, press releases and transcripts."""

from __future__ import annotations

import pytest
from verdict_helpers import OTHER, verdict_of, verdicts

from copyhound import Document

# --------------------------------------- a cited name whose capital letter has a diacritic

ESSAY_SOURCE = (
    "THE LAST STRAW\n\n{author}\n\nFrom Rooms of Rush and Cedar (Tidewater Books, 2021), "
    "pp. 41-47.\n\nMy father's workshop smelled of cut rush for fifty years. A good cover is "
    "woven so tightly that a coin dropped on its edge will not find a gap to stand in. When "
    "the mat is new the rush is green; after a summer of sunlight it turns the colour of weak "
    "tea.\n"
)
COIN = "a coin dropped on its edge will not find a gap to stand in"
TEA = "after a summer of sunlight it turns the colour of weak tea"


@pytest.mark.parametrize(
    ("author", "surname"),
    [
        ("Ōta Shigeru", "Ōta"),  # Japanese, family name first, macron (Hepburn)
        ("Łucja Wróblewska", "Wróblewska"),
        ("Ørsted Mette", "Ørsted"),
        ("Çağlar Emre", "Çağlar"),
        ("Žofia Šimková", "Šimková"),
        ("Émilie Dubois-Lefèvre", "Dubois-Lefèvre"),
        ("Łukasz Łęcki", "Łęcki"),
    ],
)
@pytest.mark.parametrize(
    "citation",
    [
        "({surname} 2021, 43)",  # Chicago 17 author-date 15.9
        "({surname}, 2021, p. 43)",  # APA 7 8.25
        "({surname} 43)",  # MLA 9 6.x
    ],
)
def test_a_cited_name_with_a_diacritic_capital_credits(author, surname, citation):
    source = Document(ESSAY_SOURCE.format(author=author), "straw.txt")
    cite = citation.format(surname=surname)
    text = f'The test is whether "{COIN}" {cite}. Customers try it in the shop.'
    assert verdict_of(text, COIN, source, OTHER) == ["quoted-attributed"]


@pytest.mark.parametrize("author", ["Ōta Shigeru", "Łukasz Łęcki", "Ørsted Mette"])
def test_an_mla_block_citation_after_the_full_stop_credits(author):
    surname = "Łęcki" if "Łęcki" in author else author.split()[0]
    source = Document(ESSAY_SOURCE.format(author=author), "straw.txt")
    block = f"When the mat is new the rush is green; {TEA}."
    text = f"Colour tells the age of a mat:\n\n> {block} ({surname} 42)\n\nIt fades fast."
    assert verdict_of(text, TEA, source, OTHER) == ["quoted-attributed"]


@pytest.mark.parametrize(
    "citation",
    [
        "(Ødegård 2019, 12)",  # another compared source's author: no credit here
        "(Çelik, 2019, p. 12)",
        "(Ødegård and Çelik 12)",
        "(Ōno 2021, 43)",  # a name neither source carries, as an author-date citation
    ],
)
def test_a_diacritic_name_of_another_source_does_not_credit(citation):
    source = Document(ESSAY_SOURCE.format(author="Ōta Shigeru"), "straw.txt")
    text = f'The test is whether "{COIN}" {citation}. Customers try it in the shop.'
    assert verdict_of(text, COIN, source, OTHER) == ["quoted-unattributed"]


def test_an_unquoted_paraphrase_cited_with_a_diacritic_name_is_attributed():
    source = Document(ESSAY_SOURCE.format(author="Ōta Shigeru"), "straw.txt")
    text = (
        f"A good cover is woven so tightly that {COIN} (Ōta 2021, 43). Customers try it in "
        "the shop."
    )
    assert verdict_of(text, COIN, source, OTHER) == ["attributed-unquoted"]


# ------------------------- a signal after the quotation, the name after a description of it

CHAPTER = Document(
    "# Chapter 5. Tickets and Trade Unions: The Conductresses of Budapest\n\n"
    "{byline}\n\n"
    "Every conductress carried a leather satchel of coins that weighed several kilos by "
    "evening, and was fined for every ticket that an inspector found unpunched. The company "
    "called the measure temporary and kept it for five years.\n",
    "tram.md",
    format="markdown",
)
SATCHEL = "carried a leather satchel of coins that weighed several kilos by evening"


def chapter(byline: str = "KOVÁCS Erzsébet") -> Document:
    return Document(CHAPTER.text.format(byline=byline), "tram.md", format="markdown")


@pytest.mark.parametrize(
    "after",
    [
        "writes the historian Kovács Erzsébet",  # Hungarian order, family name first
        "writes Kovács Erzsébet",
        "notes labour historian Kovács Erzsébet",  # AP style: a title before the name
        "explains the Hungarian historian Kovács Erzsébet",
        "writes a historian, Kovács Erzsébet",
        "observes the historian Erzsébet Kovács",  # Western order, same person
    ],
)
def test_a_signal_after_the_quotation_naming_after_a_description_credits(after):
    text = f'The conductress "{SATCHEL}," {after}. Fines came off her pay.'
    assert verdict_of(text, SATCHEL, chapter(), OTHER) == ["quoted-attributed"]


@pytest.mark.parametrize(
    ("after", "verdict"),
    [
        ("writes the historian Ingrid Ødegård", "quoted-unattributed"),  # another source
        ("writes the historian Mehmet Çelik", "quoted-unattributed"),
        ("said the man at the depot", "quoted-unattributed"),  # nobody named
        ("writes one historian", "quoted-unattributed"),
    ],
)
def test_a_signal_after_the_quotation_naming_someone_else_does_not_credit(after, verdict):
    text = f'The conductress "{SATCHEL}," {after}. Fines came off her pay.'
    assert verdict_of(text, SATCHEL, chapter(), OTHER) == [verdict]


# ---------------------------------------------------------- a note number typed on the line

NOTE_SOURCE = ESSAY_SOURCE.format(author="Ōta Shigeru")
NOTE_ONE = (
    '1. Ōta Shigeru, "The Last Straw," trans. Eleanor MacAulay, in Rooms of Rush and Cedar '
    "(Tidewater Books, 2021), 45."
)
NOTE_OTHER = '2. Ødegård Ingrid and Çelik Mehmet, "Salt Roads of the Northern Coast," 12.'


@pytest.mark.parametrize("heading", ["Notes", "Endnotes", "NOTES"])
@pytest.mark.parametrize(
    "marked",
    [
        f'whether "{COIN}."1 It is a test',  # Chicago 17 14.26: after the closing quote
        f'whether "{COIN}".1 It is a test',  # British placement, after the full stop
        f'whether "{COIN}"1. It is a test',
        f"whether {COIN}.1 It is a test",  # a paraphrase, its note after the full stop
    ],
)
def test_a_note_number_on_the_line_points_to_its_note(heading, marked):
    source = Document(NOTE_SOURCE, "straw.txt")
    text = f"Quality is tested simply: {marked} anyone can try.\n\n{heading}\n\n{NOTE_ONE}"
    quoted = marked.count('"') == 2
    want = "quoted-attributed" if quoted else "attributed-unquoted"
    assert verdict_of(text, COIN, source, OTHER) == [want]


def test_two_plain_note_numbers_each_credit_their_own_source():
    source = Document(NOTE_SOURCE, "straw.txt")
    pans = "the pans were fired with peat cut from the moors above the villages"
    text = (
        f'A mat maker writes that "{COIN}."1 Salt makers had fuel to find: "{pans}."2\n\n'
        f"Notes\n\n{NOTE_ONE}\n{NOTE_OTHER}"
    )
    got = verdicts(text, source, OTHER)
    assert sorted(v for _, v in got) == ["quoted-attributed", "quoted-attributed"]


@pytest.mark.parametrize(
    "marked",
    [
        f'whether "{COIN}."2 It is a test',  # note 2 is another source's
        f'whether "{COIN}."3 It is a test',  # no note 3: a number, not a note
    ],
)
def test_a_plain_note_number_naming_another_work_or_none_does_not_credit(marked):
    source = Document(NOTE_SOURCE, "straw.txt")
    text = f"Quality is tested simply: {marked} anyone can try.\n\nNotes\n\n{NOTE_OTHER}"
    assert verdict_of(text, COIN, source, OTHER) == ["quoted-unattributed"]


@pytest.mark.parametrize(
    "text",
    [
        "The budget rose in 2019.3 million more was spent.",
        'Version "2.1"4 was the last.',
        "It weighed 4.5 kilos.",
    ],
)
def test_a_number_that_is_no_note_is_not_a_citation(text):
    from copyhound.judge.context import SuspectContext

    ctx = SuspectContext.of(Document(f"{text}\n\nNotes\n\n1. A note.\n", "essay"))
    assert [s for s in ctx.signals if s.style == "footnote"] == []


# ------------------------------------ the speaker of a debate's or a transcript's turn

DEBATE = Document(
    "OFFICIAL REPORT OF DEBATES\nLOWMOOR REGIONAL ASSEMBLY\nTuesday 12 March 2024\n\n"
    "FLOOD WARNING SIRENS\n\n"
    "Ms Deirdre Ní Fhloinn (Carrowbeg): I beg to move that this Assembly calls on the "
    "Executive to restore the flood warning sirens in the rural districts of the valley.\n\n"
    "Members will remember the night of 3 November. At half past two in the morning the river "
    "rose by a metre in forty minutes, and half the farmhouses in my constituency have no "
    "mobile signal downstairs. Mrs Agnes Pettigrew of Ballyroe woke because her dog would not "
    "stop barking.\n\n"
    "The Minister for Emergency Planning (Mr Jan-Willem de Vries): I thank the Member. Sirens "
    "are loud, but they tell a household nothing about what to do, and in tests fewer than a "
    "third of residents could say what the old signal meant.\n",
    "debate.txt",
)
RIVER = "the river rose by a metre in forty minutes"
SIRENS = "they tell a household nothing about what to do"


@pytest.mark.parametrize(
    "lead",
    [
        f'Deirdre Ní Fhloinn told the Assembly that "{RIVER}."',
        f'Ní Fhloinn recalled that "{RIVER}."',
        f'"At half past two in the morning {RIVER}," as Deirdre Ni Fhloinn put it.',  # no fada
        f'"At half past two in the morning {RIVER}," said Deirdre Ní Fhloinn.',
        f'Ms Ní Fhloinn described the night: "{RIVER}."',
    ],
)
def test_the_speaker_of_a_debate_turn_is_credited(lead):
    text = f"{lead} The debate turned on that night."
    assert verdict_of(text, RIVER, DEBATE) == ["quoted-attributed"]


def test_a_block_quotation_of_a_speech_after_its_speaker_credits():
    text = (
        f"Deirdre Ní Fhloinn described it to the Assembly:\n\n> At half past two in the "
        f"morning {RIVER}, and half the farmhouses in my constituency have no mobile signal "
        "downstairs.\n\nIt is hard to argue with that."
    )
    assert verdict_of(text, RIVER, DEBATE) == ["quoted-attributed"]


def test_the_speaker_reported_without_quotation_marks_is_attributed():
    text = f"Deirdre Ní Fhloinn reminded members that {RIVER}. Nobody disputed it."
    assert verdict_of(text, RIVER, DEBATE) == ["attributed-unquoted"]


@pytest.mark.parametrize(
    ("lead", "words", "verdict"),
    [
        # the minister's words given to the member, and hers to the minister: no credit
        (f'Deirdre Ní Fhloinn admitted that "{SIRENS}."', SIRENS, "quoted-unattributed"),
        (f'Jan-Willem de Vries said that "{RIVER}."', RIVER, "quoted-unattributed"),
        # a person the speech only mentions
        (f'Agnes Pettigrew recalled that "{RIVER}."', RIVER, "quoted-unattributed"),
    ],
)
def test_another_speaker_or_a_person_mentioned_is_not_credited(lead, words, verdict):
    text = f"{lead} The debate turned on that night."
    assert verdict_of(text, words, DEBATE) == [verdict]


def test_the_minister_is_credited_for_his_own_turn():
    text = f'The minister, Jan-Willem de Vries, argued that "{SIRENS}." Nobody answered him.'
    assert verdict_of(text, SIRENS, DEBATE) == ["quoted-attributed"]


INTERVIEW = Document(
    "# Night Shift at the Bakery\n\n"
    "**MARISOL QUINTERO:** When did you start baking at night?\n\n"
    "**DAWIT HAILE:** I started at sixteen, and for thirty years I have not seen a sunrise "
    "from outside the bakery door.\n\n"
    "**MARISOL QUINTERO:** Do you miss it?\n\n"
    "**DAWIT HAILE:** The dough does not care what I miss.\n",
    "bakery.md",
    format="markdown",
)
SUNRISE = "for thirty years I have not seen a sunrise from outside the bakery door"


@pytest.mark.parametrize(
    ("lead", "verdict"),
    [
        ("Dawit Haile says that", "quoted-attributed"),  # the guest speaking in his turn
        ("Haile remembers that", "quoted-attributed"),
        # the host: APA 7 10.13 cites an episode by its host, so she names the source
        ("Marisol Quintero's guest says that", "quoted-attributed"),
        ("Agnes Pettigrew says that", "quoted-unattributed"),  # no one in the transcript
    ],
)
def test_a_transcript_turn_credits_its_speakers(lead, verdict):
    text = f'{lead} "{SUNRISE}." Night work has a cost.'
    assert verdict_of(text, SUNRISE, INTERVIEW) == [verdict]


# ------------------------------------------------------ the officer a press release quotes

RELEASE = Document(
    "Halden Valley Transit Authority (HVTA)\n\n{kind}\n4 September 2024\n\n"
    "HVTA to plant living roofs on forty bus shelters\n\n"
    "The trays hold up to eighty percent of the rainfall that lands on them in summer, "
    "releasing it slowly instead of sending it straight into the drains.\n\n"
    '"A bus shelter is one of the few pieces of public infrastructure that almost everyone '
    'stands under at some point," said Priya Raghunathan, Chief Executive of HVTA.\n\n'
    '"Bees will find these roofs within a week," said Tom Ellery of the Valley Wildlife '
    "Partnership.\n\n"
    "{foot}\n",
    "release.txt",
)
SHELTER = "A bus shelter is one of the few pieces of public infrastructure"
TRAYS = "The trays hold up to eighty percent of the rainfall that lands on them"
BEES = "Bees will find these roofs within a week"


def release(kind: str = "PRESS RELEASE", foot: str = "Notes to editors: none.") -> Document:
    return Document(RELEASE.text.format(kind=kind, foot=foot), "release.txt")


@pytest.mark.parametrize(
    ("kind", "foot"),
    [
        ("PRESS RELEASE", "Ends"),
        ("FOR IMMEDIATE RELEASE", "Media contact: press@hvta.example"),
        ("News release", "Ends"),
        ("Media release", "Ends"),
        ("Halden Valley news", "Notes to editors"),
    ],
)
@pytest.mark.parametrize(
    "lead",
    [
        "Priya Raghunathan, who runs the valley's transit authority, said that",
        "As Priya Raghunathan put it,",
        "Raghunathan argued that",
    ],
)
def test_the_officer_a_press_release_quotes_is_credited(kind, foot, lead):
    text = f'{lead} "{SHELTER}." Few structures are seen so often.'
    assert verdict_of(text, SHELTER, release(kind, foot)) == ["quoted-attributed"]


@pytest.mark.parametrize(
    ("lead", "words", "verdict"),
    [
        # the release's own narration given to its officer: not her words
        ("Priya Raghunathan said that", TRAYS, "quoted-unattributed"),
        # a partner's spokesperson, who does not speak for the issuing body
        ("Tom Ellery said that", BEES, "quoted-unattributed"),
        # the officer named for the partner's words
        ("Priya Raghunathan said that", BEES, "quoted-unattributed"),
        # the partner's spokesperson named for the officer's words
        ("Tom Ellery said that", SHELTER, "quoted-unattributed"),
    ],
)
def test_a_press_release_credits_no_one_else(lead, words, verdict):
    text = f'{lead} "{words}." Few structures are seen so often.'
    assert verdict_of(text, words, release()) == [verdict]


NEWS = Document(
    "# Living roofs for forty bus shelters\n\nBy Hannah Okafor, transport reporter\n\n"
    "The valley's bus shelters are getting planted roofs this autumn.\n\n"
    '"A bus shelter is one of the few pieces of public infrastructure that almost everyone '
    'stands under at some point," said Priya Raghunathan, chief executive of the Halden '
    "Valley Transit Authority.\n",
    "news.md",
    format="markdown",
)


@pytest.mark.parametrize(
    ("lead", "verdict"),
    [
        # a news story's quoted person is not its author (its reporter is): no credit
        ("Priya Raghunathan said that", "quoted-unattributed"),
        ("Hannah Okafor reports that", "quoted-attributed"),
    ],
)
def test_a_person_a_news_story_quotes_does_not_credit_the_story(lead, verdict):
    text = f'{lead} "{SHELTER}." Few structures are seen so often.'
    assert verdict_of(text, SHELTER, NEWS) == [verdict]


# --------------------------------------------------------------------------------- calls it

COLUMN = Document(
    "# Would You Bake With Crickets?\n\n"
    "Amara Okonkwo-Reid, food correspondent, The Lakeside Courier, 14 May 2024\n\n"
    "Cricket flour is roasted insects ground into a brown powder that smells faintly of "
    "toasted nuts and a little of shrimp.\n",
    "column.md",
    format="markdown",
)
POWDER = "roasted insects ground into a brown powder that smells faintly of toasted nuts"


@pytest.mark.parametrize(
    ("lead", "verdict"),
    [
        ("Amara Okonkwo-Reid calls it", "quoted-attributed"),
        ("Okonkwo-Reid called it", "quoted-attributed"),
        ("The Lakeside Courier calls it", "quoted-attributed"),
        ("Ingrid Ødegård calls it", "quoted-unattributed"),  # another compared source
        ("My neighbour calls it", "quoted-unattributed"),
    ],
)
def test_calls_it_is_a_signal(lead, verdict):
    text = f'Cricket flour is hard to imagine. {lead} "{POWDER}." The smell puts me off.'
    assert verdict_of(text, POWDER, COLUMN, OTHER) == [verdict]


def test_called_without_it_reports_no_words():
    from copyhound.judge.context import SuspectContext

    text = "Amara Okonkwo-Reid called the council about the bins."
    ctx = SuspectContext.of(Document(text, "essay"))
    assert ctx.signals == []


# ------------------------------------ a paragraph locator, a case or report number

DECISION = Document(
    "HOUSING TRIBUNAL FOR THE NORTHFIELD REGION\n\nCase reference: HT/NF/2022/0418\n\n"
    "BETWEEN\nDaniela Moreau (Applicant)\nand\nGreystone Lettings Limited (Respondent)\n\n"
    "DECISION AND REASONS\nTribunal Judge Yusuf ibn Tariq\n\n"
    "2. The respondent's case is that the mould is caused by condensation from the "
    "applicant's own way of living, in particular drying washing indoors.\n\n"
    "3. The bedroom window has been painted shut and cannot be opened without tools.\n",
    "decision.txt",
)
CONDENSATION = "the mould is caused by condensation from the applicant's own way of living"
WINDOW = "The bedroom window has been painted shut and cannot be opened without tools"


@pytest.mark.parametrize(
    "citation",
    [
        "(Housing Tribunal, par. 2)",  # MLA 9 6.x: a work with numbered paragraphs
        "(Housing Tribunal, pars. 2-3)",
        "(Housing Tribunal for the Northfield Region, para. 2)",  # APA 7 8.13
        "(ibn Tariq, para. 2)",
        "(Housing Tribunal, sec. 2)",
    ],
)
def test_a_paragraph_locator_in_an_author_citation(citation):
    text = f"Landlords blame tenants. The claim is that {CONDENSATION} {citation}. It failed."
    assert verdict_of(text, CONDENSATION, DECISION, OTHER) == ["attributed-unquoted"]


@pytest.mark.parametrize("citation", ["(Ødegård, par. 2)", "(Çelik, para. 2)"])
def test_a_paragraph_locator_naming_another_source_does_not_credit(citation):
    text = f"Landlords blame tenants. The claim is that {CONDENSATION} {citation}. It failed."
    assert verdict_of(text, CONDENSATION, DECISION, OTHER) == ["unattributed"]


@pytest.mark.parametrize(
    "citation",
    [
        "(HT/NF/2022/0418, para. 3)",  # Cite Them Right: a tribunal decision by case number
        "(HT/NF/2022/0418)",
        "(Case HT/NF/2022/0418, para. 3)",
    ],
)
def test_a_case_number_the_source_bears_credits(citation):
    text = f'The inspection found basic defects: "{WINDOW}" {citation}. Nobody blamed her.'
    assert verdict_of(text, WINDOW, DECISION, OTHER) == ["quoted-attributed"]


REPORT = Document(
    "Borough of Eastmere\nHighways Directorate\n\nReport HPR/2023/14\n\n"
    "1. Summary\n\n1.1 The Borough dimmed two thousand street lights in four wards to thirty "
    "percent of full output between midnight and five in the morning.\n",
    "report.txt",
)
DIMMED = "dimmed two thousand street lights in four wards to thirty percent of full output"


@pytest.mark.parametrize(
    ("citation", "verdict"),
    [
        ("(Report HPR/2023/14, para. 1.1)", "quoted-attributed"),
        ("(HPR/2023/14)", "quoted-attributed"),
        ("(HPR/2022/09)", "quoted-unattributed"),  # a number this report does not bear
        ("(HT/NF/2022/0418, para. 3)", "quoted-unattributed"),  # another compared source's
    ],
)
def test_a_report_number_credits_only_the_report_bearing_it(citation, verdict):
    text = f'The Borough "{DIMMED}" {citation}. Residents noticed.'
    assert verdict_of(text, DIMMED, REPORT, DECISION) == [verdict]


# ------------------------------------------------ "It reports": a work named, then its pronoun

INVENTORY = Document(
    "# Westbridge Public Bench Inventory (v2.1)\n\n"
    "Maintained by the Westbridge Civic Data Lab. Released under CC BY 4.0.\n\n"
    "## About the data\n\n"
    "On the outer estates, the median walking distance between two benches along a main road "
    "is more than six hundred metres, which is further than many older residents can walk.\n",
    "benches.md",
    format="markdown",
)
BENCHES = "the median walking distance between two benches along a main road is more than"


@pytest.mark.parametrize(
    ("lead", "verdict"),
    [
        # APA 7 8.x: after naming the work, the writer refers to it by pronoun
        ("The Westbridge bench inventory makes it concrete. It reports that", "quoted-attributed"),
        ("The Westbridge Public Bench Inventory is blunt. It finds that", "quoted-attributed"),
        ("The Westbridge Civic Data Lab counted them. It notes that", "quoted-attributed"),
        # the pronoun stands for another compared source's work: no credit here
        ("Salt Roads of the Northern Coast is blunt. It finds that", "quoted-unattributed"),
        # no work named before it; "it is" reports nothing
        ("Benches matter. It reports that", "quoted-unattributed"),
        ("Westbridge is hilly. It is clear that", "quoted-unattributed"),
    ],
)
def test_it_stands_for_the_work_named_before_it(lead, verdict):
    text = f'{lead} "On the outer estates, {BENCHES} six hundred metres." That is far.'
    assert verdict_of(text, BENCHES, INVENTORY, OTHER) == [verdict]


@pytest.mark.parametrize(
    "text",
    ["Read section 3.1 The rest follows.", "Table 2.1 Results are below.", "See p.12 Notes."],
)
def test_a_decimal_or_page_number_is_not_a_note_number(text):
    from copyhound.judge.context import SuspectContext

    notes = "\n\nNotes\n\n1. A note.\n2. Another.\n12. A third.\n"
    ctx = SuspectContext.of(Document(text + notes, "essay"))
    assert [s for s in ctx.signals if s.style == "footnote"] == []


@pytest.mark.parametrize(
    ("line", "label"),
    [
        (
            "Ms Deirdre Ní Fhloinn (Carrowbeg): I beg to move.",
            "Ms Deirdre Ní Fhloinn (Carrowbeg)",
        ),
        ("**DAWIT HAILE:** I started at sixteen.", "DAWIT HAILE"),
        (
            "The Minister (Mr Jan-Willem de Vries): I thank the Member.",
            "The Minister (Mr Jan-Willem de Vries)",
        ),
        ("Photograph: Tomasz Nowak for the Courier", None),  # a caption credit
        ("Media contact: Tom Ellery, press@hvta.example", None),
        ("Author: Hannah Okafor", None),
        ("The wall was rebuilt. It took two winters: granite again.", None),  # a sentence
    ],
)
def test_a_turn_label_is_a_speaker_not_a_field(line, label):
    from copyhound.judge.verdict import _turn_speaker_label

    text = f"{line}\n\nThe words of the turn follow here.\n"
    assert _turn_speaker_label(text, len(text) - 5) == label

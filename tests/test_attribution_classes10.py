"""Round 11 (attribution-blind9 as tuning data): credit given to a source by names its front
matter carries in forms the reader did not read: the museum that publishes an audio guide
(``museum:`` in its front matter), an e-mail's sender (its ``From:`` header, or the signer
after ``With thanks,``) and its subject line as its title, and the server a preprint is posted
to (``Posted ... to EcoArchive``, an arXiv stamp, ``bioRxiv preprint doi:``). Each class has
over-credit traps: another museum, sender or server, and a person the source only writes
about. Sources and essays are this file's own; the citation forms follow MLA 9, APA 7,
Chicago 17 and Harvard (Cite Them Right), and RFC 5322 for the e-mail headers."""

from __future__ import annotations

import pytest
from verdict_helpers import OTHER, verdict_of, verdicts

from copyhound import Document

# ------------------------------------------------- a museum's audio guide, by its museum

GUIDE = Document(
    "---\nmuseum: Harbourside Museum of Clockmaking\ntour: Family audio tour\nstop: 4\n"
    'title: The Marine Chronometer\nduration: "1 min 50 s"\n---\n\n'
    "# Stop 4: The Marine Chronometer\n\n[MUSIC: a slow ticking, fading]\n\n"
    "Lean in close to the glass case on your left. This brass drum in its wooden box kept "
    "the time of a home port for a ship on the other side of the world. A navigator who "
    "knew the time at home could work out how far east or west the ship had sailed. "
    "John Harrison spent most of his life making clocks that would survive the roll of a "
    "ship, and his fourth design lost only a few seconds on a voyage to Jamaica.\n",
    "chronometer-guide.md",
    format="markdown",
)
HOME = (
    "A navigator who knew the time at home could work out how far east or west the ship had sailed"
)


@pytest.mark.parametrize(
    "lead",
    [
        'The audio guide at the Harbourside Museum of Clockmaking says: "{q}."',
        'At the Harbourside Museum of Clockmaking, the audio guide explains: "{q}."',
        'According to the Harbourside Museum of Clockmaking, "{q}."',
        '"{q}" (Harbourside Museum of Clockmaking, n.d.).',  # APA 7: the institution as author
        'As the Harbourside Museum of Clockmaking puts it in its family tour, "{q}."',
    ],
)
def test_the_museum_of_an_audio_guide_is_credited(lead):
    text = "Longitude was a problem of time. " + lead.format(q=HOME) + " It was that simple."
    assert verdict_of(text, HOME, GUIDE, OTHER) == ["quoted-attributed"]


def test_a_cited_paraphrase_of_the_audio_guide_is_attributed():
    text = (
        f"In short, {HOME[0].lower()}{HOME[1:]} (Harbourside Museum of Clockmaking, n.d.).\n\n"
        "References\n\nHarbourside Museum of Clockmaking. (n.d.). The marine chronometer "
        "[Audio guide, stop 4].\n"
    )
    assert verdict_of(text, HOME[2:], GUIDE, OTHER) == ["attributed-unquoted"]


@pytest.mark.parametrize(
    ("lead", "verdict"),
    [
        # another museum: not this guide's publisher
        ('The audio guide at the Greenwich Maritime Gallery says: "{q}."', "quoted-unattributed"),
        # the clockmaker the guide writes about did not write the guide
        ('John Harrison said: "{q}."', "quoted-unattributed"),
        # another compared source
        ('Ødegård and Çelik write that "{q}."', "quoted-unattributed"),
        # no credit at all
        ('"{q}."', "quoted-unattributed"),
    ],
)
def test_another_museum_or_the_person_a_guide_describes_is_not_credited(lead, verdict):
    text = "Longitude was a problem of time. " + lead.format(q=HOME) + " It was that simple."
    assert verdict_of(text, HOME, GUIDE, OTHER) == [verdict]


# --------------------------------------- an e-mail: its sender, its signer, its subject line


def email(sender: str, subject: str, close: str = "Best wishes,") -> Document:
    return Document(
        f"From: {sender}\nTo: plotholders@elmfield.example\nDate: Mon, 2 Jun 2025 18:04:11 "
        f"+0100\nSubject: {subject}\n\nHi all,\n\nThe trough by the north gate is now on a "
        "timer, so please stop filling cans from the standpipe behind the shed. Water drawn "
        "from the mains before seven in the morning costs the society half as much as water "
        "drawn at noon. Hoses must not be left running on any plot, and the committee will "
        "remove any hose it finds unattended.\n\nThanks to Pádraig Ó Dónaill for fixing the "
        f"valve.\n\n{close}\n\nMaeve Doherty\nSecretary, Elmfield Allotment Society\n",
        "water-rota.eml.txt",
    )


PERSON = "Maeve Doherty <maeve.doherty@elmfield.example>"
SOCIETY = "Elmfield Allotment Society <news@elmfield.example>"
WATER = "Water drawn from the mains before seven in the morning costs the society half as much"


@pytest.mark.parametrize("sender", [PERSON, SOCIETY, '"Maeve Doherty" <m.doherty@example.org>'])
@pytest.mark.parametrize(
    "lead",
    [
        'Maeve Doherty, who runs the Elmfield water rota, puts it plainly: "{q}."',
        'Doherty writes: "{q}."',
        '"{q}" (Doherty, 2025).',  # APA 7 10.x: an e-mail newsletter by its sender
        'The e-mail "Water rota for June" explains: "{q}."',  # its subject line as its title
        'The Elmfield Allotment Society told members that "{q}."',
    ],
)
def test_an_emails_sender_signer_or_subject_line_is_credited(sender, lead):
    source = email(sender, "Re: Water rota for June, and the new timer")
    text = "Timing matters. " + lead.format(q=WATER) + " So we water early."
    assert verdict_of(text, WATER, source, OTHER) == ["quoted-attributed"]


@pytest.mark.parametrize("close", ["With thanks,", "Many thanks,", "Best wishes,", "Cheers,"])
def test_the_signer_after_a_closing_is_the_emails_author(close):
    source = email("plots@elmfield.example", "Water rota", close)
    text = f'Timing matters. Doherty writes: "{WATER}." So we water early.'
    assert verdict_of(text, WATER, source, OTHER) == ["quoted-attributed"]


@pytest.mark.parametrize(
    "lead",
    [
        # the person the e-mail thanks did not write it
        'Pádraig Ó Dónaill writes: "{q}."',
        # another compared source's authors
        'Ødegård and Çelik write that "{q}."',
        # a vague plural
        'Gardeners say that "{q}."',
    ],
)
def test_a_person_an_email_only_mentions_is_not_credited(lead):
    source = email(PERSON, "Water rota for June")
    text = "Timing matters. " + lead.format(q=WATER) + " So we water early."
    assert verdict_of(text, WATER, source, OTHER) == ["quoted-unattributed"]


# ------------------------------------------------------------- a preprint, by its server

BODY = (
    "\n\n## Abstract\n\nWe counted swifts entering forty church towers at dusk over three "
    "summers. Towers whose louvres had been meshed against pigeons held no nests at all, "
    "while towers with open louvres held a median of eleven nests each. Fitting nest boxes "
    "behind the louvres restored about half of the lost nests within two seasons.\n"
)
NESTS = "Towers whose louvres had been meshed against pigeons held no nests at all"
STAMPS = {
    "arXiv": "arXiv:2403.01234v2 [q-bio.PE] 4 Mar 2024",
    "bioRxiv": (
        "bioRxiv preprint doi: https://doi.org/10.1101/2024.03.04.583001; this version "
        "posted March 4, 2024."
    ),
    "SSRN": "Preprint, not peer reviewed. Posted 4 March 2024 to SSRN.",
    "EcoArchive": "Preprint, not peer reviewed. Posted 3 March 2025 to EcoArchive.",
}


def preprint(server: str) -> Document:
    return Document(
        "# Swift nesting in church towers after louvre meshing\n\n"
        "Ifeoma Chukwuemeka-Lindqvist^1^, Tadeusz Wróbel^2^\n\n"
        "^1^ School of Biology, University of Marrowby\n\n" + STAMPS[server] + BODY,
        f"swifts-{server}.md",
        format="markdown",
    )


@pytest.mark.parametrize("server", list(STAMPS))
@pytest.mark.parametrize(
    "lead",
    [
        'A preprint on {s} reports that "{q}."',
        'According to a recent {s} preprint, "{q}."',
        'A team posting on {s} found that "{q}."',
    ],
)
def test_the_server_of_a_preprint_is_credited(server, lead):
    text = "Swifts are in trouble. " + lead.format(s=server, q=NESTS) + " Churches can help."
    assert verdict_of(text, NESTS, preprint(server), OTHER) == ["quoted-attributed"]


@pytest.mark.parametrize(
    ("server", "named"),
    [("arXiv", "bioRxiv"), ("bioRxiv", "SSRN"), ("EcoArchive", "arXiv"), ("SSRN", "medRxiv")],
)
def test_another_server_does_not_credit_a_preprint(server, named):
    text = (
        f'Swifts are in trouble. A preprint on {named} reports that "{NESTS}." Churches can help.'
    )
    assert verdict_of(text, NESTS, preprint(server), OTHER) == ["quoted-unattributed"]


def test_a_server_named_by_a_source_that_is_no_preprint_does_not_make_it_one():
    # an article that only mentions arXiv is not published there
    article = Document(
        "# Why physicists post first\n\nBy Hannelore Vasquez-Oyelaran\n\n"
        "Most physicists put their papers on arXiv before a journal sees them. Towers of "
        "unread manuscripts pile up on every reviewer's desk, and the habit of posting first "
        "has outlived the printed journal by decades.\n",
        "posting.md",
        format="markdown",
    )
    words = "the habit of posting first has outlived the printed journal by decades"
    text = f'Publishing has changed. A preprint on arXiv says that "{words}." I agree.'
    assert verdict_of(text, words, article, OTHER) == ["quoted-unattributed"]


def test_the_museum_named_short_before_a_block_quotation_is_credited():
    # "the Harbourside museum": the institution by a proper word of its own and its head noun
    text = (
        "What stayed with me from the Harbourside museum was one line of the audio tour:\n\n"
        f"> {HOME}.\n\nIt made longitude a matter of clocks.\n"
    )
    assert verdict_of(text, HOME, GUIDE, OTHER) == ["quoted-attributed"]


def test_a_common_word_before_the_head_noun_is_no_short_name():
    # "the clock museum" is any clock museum: no proper word of the institution's own
    text = (
        "What stayed with me from the clock museum was one line of the audio tour:\n\n"
        f"> {HOME}.\n\nIt made longitude a matter of clocks.\n"
    )
    assert verdict_of(text, HOME, GUIDE, OTHER) == ["quoted-unattributed"]


# ------------------------------- a speaker or writer named by the office the source gives


SPEECH = Document(
    "Address by Oluwaseun Adébáyọ̀, chair of the Kestrel Vale Repair Café, at its fifth "
    "birthday in St Anne's Hall, Kestrel Vale, 14 June 2025\n\n"
    "Thank you all for coming, and thank you to Councillor Ruth Abernethy for the hall. "
    "In five years our volunteers have mended more than three thousand things that would "
    "otherwise have gone to landfill. A toaster with a broken spring is not rubbish, it is "
    "a toaster waiting for someone with twenty minutes and a screwdriver.\n",
    "repair-cafe-speech.txt",
)
TOASTER = "A toaster with a broken spring is not rubbish, it is a toaster waiting for someone"


@pytest.mark.parametrize(
    "lead",
    [
        'The chair of the Kestrel Vale Repair Café said: "{q}."',
        'The chair of the Kestrel Vale café put it well: "{q}."',
        'As the chair of the Kestrel Vale Repair Café told volunteers, "{q}."',
        '"{q}," said the chair of the Kestrel Vale Repair Café.',
        'The chair of the Kestrel repair café said: "{q}."',
        'Speaking for the volunteers, the chair of the Kestrel café added that "{q}."',
    ],
)
def test_the_speaker_named_by_the_office_the_byline_gives_is_credited(lead):
    text = "Mending is a habit. " + lead.format(q=TOASTER) + " I bought a screwdriver."
    assert verdict_of(text, TOASTER, SPEECH, OTHER) == ["quoted-attributed"]


def test_the_signer_named_by_the_office_under_the_signature_is_credited():
    source = email("news@elmfield.example", "Water rota")
    text = f'Timing matters. The secretary of the Elmfield Allotment Society writes: "{WATER}."'
    assert verdict_of(text, WATER, source, OTHER) == ["quoted-attributed"]


@pytest.mark.parametrize(
    "lead",
    [
        # the office, held by another compared source's author
        'Ødegård, who chairs a salt history group, said: "{q}."',
        # an office of no named body: anyone's
        'The chair of the local café said: "{q}."',
        # the councillor the speech thanks
        'Councillor Ruth Abernethy said: "{q}."',
        # an office with no organisation names no one
        'The chair said: "{q}."',
    ],
)
def test_another_office_or_body_does_not_credit_the_speaker(lead):
    text = "Mending is a habit. " + lead.format(q=TOASTER) + " I bought a screwdriver."
    assert verdict_of(text, TOASTER, SPEECH, OTHER) == ["quoted-unattributed"]


# ------------------------ an office named by what it does, and a misquote after that signal

BULLETIN = Document(
    "OFFICE FOR COASTAL STATISTICS\n\nStatistical Bulletin 2025/07\n\nFerry Passenger "
    "Journeys, Scotland: 2024\n\nReleased: 3 April 2025\n\nMain points\n\nFerry passengers "
    "made 8.1 million journeys in 2024, up from 7.4 million in 2023, the highest figure "
    "since the series began. Island residents made about a third of all journeys, and "
    "visitors most of the rest.\n",
    "ferry-bulletin.txt",
)
FERRY = (
    "Ferry passengers made 8.1 million journeys in 2024, up from 7.4 million in 2023, the "
    "highest figure since the series began"
)
FERRY_WRONG = FERRY.replace("8.1 million", "9.1 million")


@pytest.mark.parametrize(
    "lead",
    [
        'As the statistics office puts it, "{q}."',
        'The coastal statistics office reports that "{q}."',
        'The statistics office found that "{q}."',
    ],
)
@pytest.mark.parametrize("words", [FERRY, FERRY_WRONG])
def test_an_office_named_by_its_own_words_is_credited_misquoted_or_not(lead, words):
    text = "Ferries are busy. " + lead.format(q=words) + " Book early."
    assert verdict_of(text, words[40:], BULLETIN, OTHER) == ["quoted-attributed"]


@pytest.mark.parametrize(
    "lead",
    [
        'As the tourist office puts it, "{q}."',  # an office, not this one's words
        'The harbour office reports that "{q}."',
        '"{q}."',
    ],
)
def test_another_office_does_not_credit_the_bulletin(lead):
    text = "Ferries are busy. " + lead.format(q=FERRY) + " Book early."
    assert verdict_of(text, FERRY[40:], BULLETIN, OTHER) == ["quoted-unattributed"]


# ------------------------------------- a book review: its reviewer, not the reviewed author

REVIEW_LINES = {
    "reviews": (
        "*Tomasz Wierzbicki reviews* Hedges of the Open Field *by Mariana Souza Carvalho "
        "(Fenwick Press, 2023)*"
    ),
    "review:": (
        "## Review: *Hedges of the Open Field* by Mariana Souza Carvalho\n\nBy Tomasz Wierzbicki"
    ),
}
REVIEWER_WORDS = "the chapter on enclosure repeats what every county history has already said"
AUTHOR_WORDS = "a hedge is a document that the parish wrote with a billhook"


def review(form: str) -> Document:
    return Document(
        f"# Rooted in the Parish\n\n{REVIEW_LINES[form]}\n\nThe Lowland Review, 2 March "
        "2024\n\nSouza Carvalho reads hedges as other historians read charters. The book is "
        "at its best on the dating of hedges by their species, though the chapter on "
        "enclosure repeats what every county history has already said. She quotes her own "
        'field notes: "a hedge is a document that the parish wrote with a billhook," and '
        "the line is the book in small.\n",
        "hedges-review.md",
        format="markdown",
    )


@pytest.mark.parametrize("form", ["reviews", "review:"])
@pytest.mark.parametrize(
    "cite",
    [
        '"{q}" (Wierzbicki, 2024).',  # APA 7 10.7: a review by its reviewer
        'Wierzbicki complains that "{q}."',
        'The Lowland Review notes that "{q}."',  # the outlet
    ],
)
def test_the_reviewer_or_outlet_is_credited_for_the_reviews_words(form, cite):
    text = "Not every chapter works. " + cite.format(q=REVIEWER_WORDS) + " I agree."
    assert verdict_of(text, REVIEWER_WORDS, review(form), OTHER) == ["quoted-attributed"]


@pytest.mark.parametrize("form", ["reviews", "review:"])
@pytest.mark.parametrize(
    "cite",
    [
        '"{q}" (Souza Carvalho, 2023).',  # the reviewed book's author
        'Souza Carvalho admits that "{q}."',
        '"{q}" (Souza Carvalho 112).\n\nWorks Cited\n\nSouza Carvalho, Mariana. *Hedges of the '
        "Open Field*. Fenwick Press, 2023.",
    ],
)
def test_the_reviewed_author_is_not_credited_with_the_reviewers_words(form, cite):
    text = "Not every chapter works. " + cite.format(q=REVIEWER_WORDS) + " I agree."
    assert verdict_of(text, REVIEWER_WORDS, review(form), OTHER) == ["quoted-unattributed"]


def test_a_line_of_the_book_quoted_by_the_review_is_credited_to_the_reviewer_as_read():
    # the reviewer's source is cited: "as quoted in" the review (APA 7 8.6)
    text = f'"{AUTHOR_WORDS}" (Souza Carvalho, as cited in Wierzbicki, 2024). A fine image.'
    assert verdict_of(text, "a document that the parish wrote", review("reviews"), OTHER) == [
        "quoted-attributed"
    ]


# ---------------------------------- a standard's number, and another number of its body

STANDARD = Document(
    "NORDIC ROOFING STANDARDS BOARD\n\nNRSB 407:2022\nTurf roofs - Drainage layers and "
    "edge timbers\n\nThird edition, 2022-05-01\n\nForeword\n\nThis document replaces NRSB "
    "407:2015. It does not cover the load on the rafters, which is given in NRSB 406.\n\n"
    "1 Scope\n\nThe drainage layer shall be laid over the whole roof before any turf is cut, "
    "and the edge timber shall stand at least 40 mm above the finished turf surface.\n",
    "turf-standard.txt",
)
TURF = "The drainage layer shall be laid over the whole roof before any turf is cut"


@pytest.mark.parametrize(
    "lead",
    [
        'NRSB 407:2022 requires that "{q}."',
        'NRSB 407 states that "{q}."',
        'According to NRSB 407:2022, "{q}."',
        'According to NRSB, "{q}."',
        'The board\'s standard says that "{q}" (NRSB 407:2022, cl. 1).',
    ],
)
def test_the_standards_own_number_credits_it(lead):
    text = "Roofs fail at the edges. " + lead.format(q=TURF) + " Builders know this."
    assert verdict_of(text, TURF, STANDARD, OTHER) == ["quoted-attributed"]


@pytest.mark.parametrize(
    "lead",
    [
        'NRSB 406 states that "{q}."',
        'NRSB 1032 requires that "{q}."',
        'According to NRSB 406, "{q}."',
        'As NRSB 406 puts it, "{q}."',
    ],
)
def test_another_number_of_the_same_body_does_not_credit(lead):
    text = "Roofs fail at the edges. " + lead.format(q=TURF) + " Builders know this."
    assert verdict_of(text, TURF, STANDARD, OTHER) == ["quoted-unattributed"]


# ------------------------------ an IEEE list with no heading: its entries are citations

IEEE_OWN = (
    '[1] Nordic Roofing Standards Board, "Turf roofs - Drainage layers and edge timbers," '
    "NRSB 407:2022, 2022."
)
IEEE_SALT = "[2] I. Ødegård and M. Çelik, Salt Roads of the Northern Coast. Harrow: Tern, 2020."


@pytest.mark.parametrize(
    ("number", "verdict"), [("1", "quoted-attributed"), ("2", "quoted-unattributed")]
)
def test_a_number_points_to_its_entry_in_a_list_with_no_heading(number, verdict):
    text = f'Edges matter: "{TURF}" [{number}].\n\n{IEEE_OWN}\n{IEEE_SALT}\n'
    assert verdict_of(text, TURF, STANDARD, OTHER) == [verdict]


def test_a_headless_ieee_entry_repeating_a_title_is_no_passage():
    text = f'Edges matter: "{TURF}" [1].\n\n{IEEE_OWN}\n{IEEE_SALT}\n'
    assert [t for t, _ in verdicts(text, STANDARD, OTHER) if "Drainage layers" in t] == []


def test_a_bracketed_number_inside_a_paragraph_starts_no_list():
    # a line of the paragraph that opens with [2], no blank line before it: no list, so the
    # salt book's entry is not read and [2] stays an unresolved number (credit, as before)
    text = f'Edges matter: "{TURF}" [2].\n{IEEE_SALT}\n'
    assert verdict_of(text, TURF, STANDARD, OTHER) == ["quoted-attributed"]


# ------------------------------- a DOI or URL in a reference entry is no copied prose

DOI_SOURCE = Document(
    "# Swift nesting in church towers after louvre meshing\n\n"
    "Ifeoma Chukwuemeka-Lindqvist^1^, Tadeusz Wróbel^2^\n\n"
    "^1^ School of Biology, University of Marrowby\n\n"
    "Preprint, not peer reviewed. Posted 3 March 2025 to EcoArchive "
    "(doi:10.0000/ecoarch.2025.0312)." + BODY,
    "swifts-doi.md",
    format="markdown",
)


@pytest.mark.parametrize(
    "entry",
    [
        # MLA 9 5.x: the DOI with its "doi:" label, after the date
        'Chukwuemeka-Lindqvist, Ifeoma, and Tadeusz Wróbel. "Swift Nesting in Church Towers '
        'after Louvre Meshing." EcoArchive, 3 Mar. 2025, doi:10.0000/ecoarch.2025.0312. Preprint.',
        # APA 7 10.8: the DOI as a URL
        "Chukwuemeka-Lindqvist, I., & Wróbel, T. (2024). Swift nesting in church towers after "
        "louvre meshing [Preprint]. EcoArchive. https://doi.org/10.0000/ecoarch.2025.0312",
        # the server's own page address
        "Chukwuemeka-Lindqvist, I., & Wróbel, T. (2024). Swift nesting in church towers after "
        "louvre meshing. EcoArchive, 4 March 2024. https://ecoarchive.example/preprints/2024.0304",
    ],
)
def test_a_doi_or_url_in_a_reference_entry_is_no_passage(entry):
    text = (
        f'Meshing is the problem: "{NESTS}" (Chukwuemeka-Lindqvist & Wróbel, 2024).\n\n'
        f"References\n\n{entry}\n"
    )
    found = verdicts(text, DOI_SOURCE, OTHER)
    assert [v for t, v in found if NESTS in t] == ["quoted-attributed"]
    assert [t for t, _ in found if "10.5555" in t or "ecoarchive.example" in t] == []


def test_a_sentence_of_prose_in_an_entry_with_a_doi_is_still_reported():
    # an annotated entry that copies a sentence of the abstract is reuse, DOI or not
    words = "Fitting nest boxes behind the louvres restored about half of the lost nests"
    text = (
        "Swifts need help.\n\nReferences\n\nChukwuemeka-Lindqvist, I. (2024). Swift nesting. "
        f"EcoArchive. doi:10.0000/ecoarch.2025.0312. {words} within two seasons.\n"
    )
    assert [t for t, _ in verdicts(text, DOI_SOURCE, OTHER) if "nest boxes" in t] != []

"""The naming-evidence model (``copyhound.judge.naming``): a signal credits the compared
source its words name best, weighted by how specific each word is.

Sources carry real front-matter forms: The Federalist No. 10's masthead (a number line, the
New York Packet, ``PUBLIUS (James Madison)``: a pen name with the real name bracketed), Jane
Addams's *Twenty Years at Hull-House* under a ``From <book>, by <name> (<place>: <publisher>,
<year>)`` line, a museum label by a Welsh ``ap`` name, Faraday's lecture under its title and
``by`` line, a magazine feature by a Vietnamese name written family name first, and an op-ed
whose author is named only in an italic note under the title. The texts are the
public-domain works' (abridged) or invented for the test.
"""

from __future__ import annotations

import pytest

from copyhound import Document, compare
from copyhound.judge.naming import BAR, score, specificity, tokens
from copyhound.judge.source_names import source_names

FEDERALIST = Document(
    "THE FEDERALIST No. 10\n"
    "The Same Subject Continued: The Union as a Safeguard Against Domestic Faction\n"
    "From the New York Packet, Friday, November 23, 1787\n"
    "PUBLIUS (James Madison)\n\n"
    "To the People of the State of New York:\n\n"
    "There are two methods of curing the mischiefs of faction: the one, by removing its "
    "causes; the other, by controlling its effects. Liberty is to faction what air is to "
    "fire, an aliment without which it instantly expires. The latent causes of faction are "
    "thus sown in the nature of man.\n",
    "federalist.txt",
)
ADDAMS = Document(
    "Chapter VI: Subjective Necessity for Social Settlements\n"
    "From Twenty Years at Hull-House, with Autobiographical Notes, by Jane Addams (New York: "
    "Macmillan, 1910)\n\n"
    "The Settlement, then, is an experimental effort to aid in the solution of the social "
    "and industrial problems which are engendered by the modern conditions of life in a "
    "great city. It is an attempt to relieve, at the same time, the overaccumulation at one "
    "end of society and the destitution at the other.\n",
    "addams.txt",
)
LABEL = Document(
    "Gallery 3 · The Rock Face\n"
    "Splitting Knife and Mallet, Penrhyn Quarry, about 1890\n"
    "Label text: Gwenllian ap Dafydd, Curator of Industrial Collections\n"
    "National Slate Museum, Llanberis\n\n"
    "A splitter sat in an open-sided shed with a block of slate between his knees, set the "
    "thin blade of the knife against the edge, and tapped it with the mallet until the block "
    "opened along its natural grain.\n",
    "label.txt",
)
FARADAY = Document(
    "The Chemical History of a Candle\n"
    "Lecture I: A Candle: The Flame, Its Sources, Structure, Mobility, and Brightness\n"
    "by Michael Faraday\n\n"
    "You see, then, in the first instance, that a beautiful cup is formed. As the air comes "
    "to the candle, it moves upwards by the force of the current which the heat of the "
    "candle produces, and it so cools all the sides of the wax as to keep the edge much "
    "cooler than the part within.\n",
    "faraday.txt",
)
SALT = Document(
    "# The Last Salt Rakers of Bạc Liêu\n\n"
    "Words by Nguyễn Thị Thu Hà · Photographs by Jonas Ekdahl\n"
    "*Tidewater Quarterly*, Issue 41, Spring 2024\n\n"
    "Bà Lâm Thị Sen has raked these beds for thirty-one years. Her rake is a plank of "
    "casuarina wood nailed to a bamboo pole, and she pulls it toward her in long low strokes "
    "that gather the salt into cones along the edge of each bed.\n",
    "salt.md",
    format="markdown",
)
BELLS = Document(
    "---\ntitle: Let the Bells Keep Ringing\noutlet: The Danube Ledger\n---\n\n"
    "# Let the Bells Keep Ringing\n\n"
    "*Kovács Eszter is a professor of urban acoustics at the Technical University of "
    "Szeged.*\n\n"
    "A bell is not loud in the way a motorway is loud. A bell produces a short sequence of "
    "clear tones followed by silence, and the silence is part of what it says. People who "
    "grow up near bells do not hear them as noise at all.\n",
    "bells.md",
    format="markdown",
)
ALL = [FEDERALIST, ADDAMS, LABEL, FARADAY, SALT, BELLS]


def verdicts(text: str, sources: list[Document] = ALL) -> list[str]:
    report = compare(Document(text, "essay", format="markdown"), sources)
    return [m.judgement.verdict for m in report.matches]


# --- the model's parts -------------------------------------------------------------------


def test_common_words_carry_no_weight_and_rare_names_do():
    assert specificity("the") == 0.0
    assert specificity("history") < 1.0  # a common word in a title
    assert specificity("publius") > specificity("madison") > specificity("history")
    assert specificity("1787") == 0.0  # a year names no one


def test_particles_and_function_words_are_not_naming_words():
    assert tokens("Gwenllian ap Dafydd") == ["gwenllian", "dafydd"]
    assert tokens("Maaike van der Berg") == ["maaike", "berg"]
    assert tokens("The Chemical History of a Candle") == ["chemical", "history", "candle"]
    assert tokens("Oyelaran-Quist") == ["oyelaran", "quist"]  # a hyphenated family name


def test_a_bracketed_real_name_after_a_pen_name_is_evidence():
    names = [source_names(d) for d in ALL]
    federalist = names[0]
    assert score("Madison", federalist, names, name=True) >= BAR
    assert score("Publius", federalist, names, name=True) >= BAR
    assert score("Madison", names[1], names, name=True) < 0  # Addams is not Madison


def test_a_name_sharing_one_word_with_the_byline_is_not_it():
    # Thị is in both Vietnamese names; Lâm and Sen are not the author's
    names = [source_names(d) for d in ALL]
    assert score("Lâm Thị Sen", names[4], names, name=True) < BAR
    assert score("Nguyễn Thị Thu Hà", names[4], names, name=True) >= BAR


def test_an_author_named_only_in_an_italic_note_is_evidence():
    names = [source_names(d) for d in ALL]
    assert score("Kovács", names[5], names, name=True) >= BAR


# --- verdicts on real forms ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # APA 7 narrative citation by the real name behind the pen name
        'Madison (1787) warned that "Liberty is to faction what air is to fire, an aliment '
        'without which it instantly expires."',
        # Harvard author-year after the quotation, with a reference list
        'Human nature guarantees disagreement: "The latent causes of faction are thus sown in '
        'the nature of man, and the mischiefs of faction must be cured" (Madison, 1787).\n\n'
        "Reference list\n\nMadison, J. (1787) 'The Federalist No. 10', New York Packet.",
        # the pen name as the signal
        'Publius argues that "Liberty is to faction what air is to fire, an aliment without '
        'which it instantly expires."',
    ],
)
def test_a_pen_name_or_the_bracketed_name_credits_the_federalist(text):
    assert verdicts(text) == ["quoted-attributed"]


def test_mla_author_page_with_a_welsh_ap_name():
    text = (
        'The label explains that the splitter "set the thin blade of the knife against the '
        'edge, and tapped it with the mallet until the block opened" (ap Dafydd).\n\n'
        "Works Cited\n\nap Dafydd, Gwenllian. Label text. National Slate Museum, Llanberis."
    )
    assert verdicts(text) == ["quoted-attributed"]


def test_a_quotation_credited_to_the_wrong_compared_source_is_not_attributed():
    # APA 7: the Addams sentence cited to Madison, whose entry is the Federalist
    text = (
        'Madison (1787) wrote of the need "to relieve, at the same time, the '
        'overaccumulation at one end of society and the destitution at the other" (p. 59).'
        "\n\nReferences\n\nMadison, J. (1787, November 23). The Federalist No. 10. New York "
        "Packet."
    )
    assert verdicts(text) == ["quoted-unattributed"]


def test_a_pronoun_credits_the_source_its_antecedent_names():
    right = (
        "Addams saw the settlement as a two-way exchange. She describes it as "
        '"an attempt to relieve, at the same time, the overaccumulation at one end of '
        'society and the destitution at the other."'
    )
    wrong = (
        "Addams would have admired the quarrymen. She describes how "
        '"A splitter sat in an open-sided shed with a block of slate between his knees."'
    )
    assert verdicts(right) == ["quoted-attributed"]
    assert verdicts(wrong) == ["quoted-unattributed"]


def test_a_title_in_title_case_credits_the_lecture():
    # Chicago: a book's title in the prose, its italics lost in plain text
    text = (
        'The book Chemical History of a Candle describes how the air "moves upwards by the '
        'force of the current which the heat of the candle produces."'
    )
    assert verdicts(text) == ["quoted-attributed"]


def test_crediting_a_person_the_source_writes_about_is_not_crediting_it():
    text = (
        'Lâm Thị Sen, a salt raker for three decades, explains that the tool "is a plank of '
        "casuarina wood nailed to a bamboo pole, and she pulls it toward her in long low "
        'strokes."'
    )
    assert verdicts(text) == ["quoted-unattributed"]


def test_a_family_name_first_author_from_an_italic_note_credits_the_op_ed():
    text = (
        'Kovács writes that a bell "produces a short sequence of clear tones followed by '
        'silence, and the silence is part of what it says."'
    )
    assert verdicts(text) == ["quoted-attributed"]


def test_a_pronoun_standing_for_unnamed_people_credits_no_source():
    text = (
        "Volunteering at the food bank changed my mind. The organisers liked to say that "
        'their work was "an attempt to relieve, at the same time, the overaccumulation at '
        'one end of society and the destitution at the other," and they said it often.'
    )
    assert verdicts(text) == ["quoted-unattributed"]

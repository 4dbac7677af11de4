"""Attribution rules for the error classes of the fifth blind round (issue 12).

Sources and citations follow real forms: a podcast transcript cited as APA 7 (10.13: "Host,
A. (Host). (Year, Month Day). Title [Audio podcast episode]. In Show. Publisher"), MLA 9
("Title." Show, hosted by ...), Chicago 17 author-date (15.40, a reprint's first year in
brackets), a Reuters dateline, a university's news release, a book's title over its author.
"""

from __future__ import annotations

import pytest

from copyhound import Document, compare

PODCAST = Document(
    '# Field Hours, Episode 12: "Counting Swifts"\n\n'
    "Podcast transcript. Host: Joana dos Reis. Guest: Pyotr Ilyich Sorokin, ornithologist.\n\n"
    "**Joana dos Reis:** Welcome back to Field Hours. Pyotr, how do you count birds that "
    "never land?\n\n"
    "**Pyotr Ilyich Sorokin:** You count them at dusk, when the whole colony circles the "
    "chimney before dropping into it in a single long funnel of wings.\n\n"
    "**Joana dos Reis:** And how sure can you be of the number?\n\n"
    "**Pyotr Ilyich Sorokin:** Within a tenth on a calm evening, which is better than most "
    "people expect from a cloud of birds moving at forty kilometres an hour.\n",
    "swifts.md",
    format="markdown",
)
PODCAST_QUOTE = (
    '"when the whole colony circles the chimney before dropping into it in a single long '
    'funnel of wings"'
)
WIRE = Document(
    "Port strike halts grain exports\n\n"
    "MOMBASA (Reuters) - Dock workers at Kenya's main port walked out on Tuesday over unpaid "
    "overtime, leaving twelve grain ships waiting at anchor outside the harbour and traders "
    "warning of shortages in the interior within a fortnight.\n",
    "strike.txt",
)
BOOK = Document(
    "Walden, Chapter II: Where I Lived, and What I Lived For\n\n"
    "Henry David Thoreau\n\n"
    "I went to the woods because I wished to live deliberately, to front only the essential "
    "facts of life, and see if I could not learn what it had to teach, and not, when I came "
    "to die, discover that I had not lived.\n",
    "walden.txt",
)
RELEASE = Document(
    "Bees learn faster in cooler gardens, study finds\n\n"
    "News release | Eastmoor University Office of Communications | 2 May 2024\n\n"
    "Bumblebees foraging in shaded gardens learned to recognise new flowers in fewer visits "
    "than bees in sunny plots, according to a study by ecologists at Eastmoor University.\n",
    "bees.txt",
)


def verdicts(text: str, *sources: Document) -> list[str]:
    report = compare(Document(text, "essay", format="markdown"), list(sources))
    return [m.judgement.verdict for m in report.matches]


@pytest.mark.parametrize(
    "essay",
    [
        # APA 7 signal phrase by the host, with the reference entry
        f"Dos Reis (2023) noted that {PODCAST_QUOTE}.\n\nReferences\n\ndos Reis, J. (Host). "
        "(2023). Counting swifts (No. 12) [Audio podcast episode]. In *Field Hours*.",
        # MLA 9 parenthetical by the host's family name with its particle
        f"Swifts roost together {PODCAST_QUOTE} (dos Reis).",
        # the guest speaks the words: MLA "qtd. in" and a signal by the guest's surname
        f"Sorokin explained that {PODCAST_QUOTE} (qtd. in dos Reis).",
        # the family name without its particle, as Harvard lists it (Reis, J. dos)
        f"In the words of the ornithologist, {PODCAST_QUOTE} (Reis, 2023).",
        # the show by name
        f"On Field Hours, the guest said {PODCAST_QUOTE}.",
    ],
)
def test_a_podcast_credited_by_its_host_guest_or_show(essay):
    assert verdicts(essay, PODCAST) == ["quoted-attributed"]


def test_a_podcast_quoted_without_naming_anyone_is_unattributed():
    assert verdicts(f"Counting is hard: {PODCAST_QUOTE}.", PODCAST) == ["quoted-unattributed"]


def test_a_wire_story_credited_by_its_agency():
    essay = (
        "A Reuters report says that \"Dock workers at Kenya's main port walked out on Tuesday "
        'over unpaid overtime."'
    )
    assert verdicts(essay, WIRE) == ["quoted-attributed"]


def test_apa_author_year_after_a_full_stop_names_the_author_only():
    # "Kenya. Nwosu (2024) reported": the author is Nwosu, found in the reference list
    essay = (
        'Ports matter in Kenya. Nwosu (2024) reported that "twelve grain ships waiting at '
        'anchor outside the harbour" were stuck.\n\nReferences\n\nNwosu, A. (2024, May 7). '
        "Port strike halts grain exports. *Reuters*."
    )
    assert verdicts(essay, WIRE) == ["quoted-attributed"]


def test_a_title_over_its_author_credits_the_author_before_an_unquoted_copy():
    essay = (
        "According to Thoreau, I went to the woods because I wished to live deliberately, to "
        "front only the essential facts of life."
    )
    assert verdicts(essay, BOOK) == ["attributed-unquoted"]


def test_chicago_author_date_with_the_first_year_in_brackets():
    essay = (
        '"I went to the woods because I wished to live deliberately" (Thoreau [1854] 2004, '
        "90).\n\nReferences\n\nThoreau, Henry David. (1854) 2004. *Walden*. Princeton: "
        "Princeton University Press."
    )
    assert verdicts(essay, BOOK) == ["quoted-attributed"]


def test_an_institution_credits_the_release_of_its_office():
    essay = (
        "According to Eastmoor University, bumblebees foraging in shaded gardens learned to "
        "recognise new flowers in fewer visits than bees in sunny plots."
    )
    assert verdicts(essay, RELEASE) == ["attributed-unquoted"]


def test_a_possessive_name_then_a_plain_copy_is_not_a_signal():
    # "Thoreau's reply" is a noun phrase about the work, not "Thoreau replies"
    essay = (
        "Thoreau's reply to his critics is often read as smug. I went to the woods because I "
        "wished to live deliberately, to front only the essential facts of life."
    )
    assert verdicts(essay, BOOK) == ["unattributed"]


def test_an_unnamed_voice_does_not_inherit_an_earlier_sentence_naming_the_source():
    essay = (
        'Thoreau argues for a simple life. As one writer put it, "I went to the woods because '
        'I wished to live deliberately."'
    )
    assert verdicts(essay, BOOK) == ["quoted-unattributed"]


def test_a_citation_of_another_listed_work_on_the_quotation_outranks_the_sentence_before():
    essay = (
        'Thoreau wrote the book in a cabin. "I went to the woods because I wished to live '
        'deliberately" (Okafor).\n\nWorks Cited\n\nOkafor, Ada. "Cabins and Conscience." '
        "*Lakeside Review*, 2019."
    )
    assert verdicts(essay, BOOK) == ["quoted-unattributed"]


def test_a_wire_story_credited_by_the_reporter_of_its_closing_credit():
    wire = Document(
        WIRE.text + "\nReporting by Wanjiru Kamau; Editing by Peter Graff\n", "strike.txt"
    )
    essay = (
        "According to Kamau, dock workers at Kenya's main port walked out on Tuesday over "
        "unpaid overtime."
    )
    assert verdicts(essay, wire) == ["attributed-unquoted"]
    edited = "According to Graff, dock workers at Kenya's main port walked out on Tuesday over "
    assert verdicts(edited + "unpaid overtime.", wire) == ["unattributed"]  # the editor


def test_an_institution_by_its_head_noun_and_a_release_of_its_own():
    essay = (
        "The university's news release says that \"Bumblebees foraging in shaded gardens "
        'learned to recognise new flowers in fewer visits than bees in sunny plots."'
    )
    assert verdicts(essay, RELEASE) == ["quoted-attributed"]


def test_the_host_possessive_and_the_guest_who_speaks():
    essay = f"As Dos Reis's guest explains, {PODCAST_QUOTE}."
    assert verdicts(essay, PODCAST) == ["quoted-attributed"]

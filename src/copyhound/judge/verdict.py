"""The judgement stage: is each reused passage quoted, attributed, or passed off?

Runs after alignment (``judge_report``). A match that straddles a quotation boundary is
first cut into its quoted and unquoted parts (``split.py``), so each part gets its own
verdict with exact offsets on both sides. Each part then gets:

- ``quoted``: its words lie inside a quotation (``quotes.py``);
- ``attributed``: an attribution signal (``attribution.py``) governs the part and credits
  this source or a source copyhound does not know (not another compared source, not someone
  this source writes about): a signal in a sentence of the part, in the sentence that
  introduces its quotation (or the line after a block quotation), or in the lead-in
  sentence of its paragraph;
- ``verdict``: ``quoted-attributed``, ``quoted-unattributed``, ``attributed-unquoted`` or
  ``unattributed``;
- for quoted parts, quote accuracy (``misquote.py``).

The similarity index and its exclusions are computed last (``similarity.py``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from copyhound.filter.overlaps import FilterSettings
from copyhound.judge.attribution import (
    WEAK_STYLES,
    Resolved,
    Signal,
    proper_names,
    resolve,
    source_mentions,
)
from copyhound.judge.context import VERDICTS, JudgeOptions, SuspectContext
from copyhound.judge.misquote import Difference, quote_differences, token_range
from copyhound.judge.naming import BAR, best_named
from copyhound.judge.quotes import Quotation, QuoteMap, find_quotations
from copyhound.judge.references import names_source
from copyhound.judge.source_names import SourceNames, is_organisation, name_key, source_names
from copyhound.judge.split import LEXICAL_KINDS, split_match
from copyhound.judge.wordalign import SourceWords
from copyhound.model import Document, Match, Report, Span
from copyhound.normalise.tokens import Tokens, tokenize


@dataclass(slots=True)
class Judgement:
    """The judgement of one passage; ``to_dict`` is merged into the JSON match."""

    quoted: bool
    attributed: bool
    verdict: str
    quotation: Quotation | None = None
    attribution: Resolved | None = None
    differences: list[Difference] = field(default_factory=list)
    #: The match this part was cut from, when the judge split it.
    split_from: Span | None = None
    #: Why the similarity index leaves this passage out (empty: it counts).
    excluded: list[str] = field(default_factory=list)

    @property
    def misquote(self) -> bool:
        return bool(self.differences)

    def to_dict(self) -> dict[str, Any]:
        q = self.quotation
        return {
            "verdict": self.verdict,
            "quoted": self.quoted,
            "quotation": None
            if q is None
            else {"offset": q.outer.start, "length": q.outer.length, "style": q.style},
            "attributed": self.attributed,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "misquote": self.misquote,
            "quote_differences": [d.to_dict() for d in self.differences],
            "split_from": None
            if self.split_from is None
            else {
                "suspect_offset": self.split_from.start,
                "suspect_length": self.split_from.length,
            },
            "excluded": list(self.excluded),
        }


def verdict_of(quoted: bool, attributed: bool) -> str:
    if quoted:
        return "quoted-attributed" if attributed else "quoted-unattributed"
    return "attributed-unquoted" if attributed else "unattributed"


def governing_regions(ctx: SuspectContext, part: Span, quotation: Quotation | None) -> list[Span]:
    """The stretches of text whose signals govern ``part`` directly: its own sentences, the
    sentences of its quotation, the sentence that introduces the quotation (when the
    quotation starts its sentence or is a block) and a ``—``/``(`` line after a block."""
    lay = ctx.layout
    regions = list(lay.sentences_in(part))
    if quotation is not None:
        outer = quotation.outer
        regions.extend(lay.sentences_in(outer))
        opening = lay.sentence_at(outer.start)
        if (
            opening is None
            or opening.start >= outer.start
            or quotation.style in ("block", "indented")
        ):
            before = lay.previous_sentence(outer.start)
            if before is not None:
                regions.append(before)
        after = lay.next_sentence(outer.end)
        if (more := _continued_by(ctx, quotation)) is not None:
            regions.append(more)
        if quotation.style in ("block", "indented"):
            if after is not None and ctx.document.text[after.start] in "—–-([":
                regions.append(after)
        elif after is not None and _citation_sentence(ctx.document.text[after.start : after.end]):
            para = lay.paragraph_at(outer.end)
            if para is None or after.start < para.end:
                regions.append(after)
    return regions


#: A speech tag after a quotation, closing its sentence: ``," she said.``, ``," Kim writes.``
_SPEECH_TAG = re.compile(
    r"[ \t]*(?:[A-Za-z][\w'’\-]*[ \t]+){0,3}?(?:said|says|added|adds|wrote|writes|"
    r"explained|explains|recalled|recalls|told\s+\w+|asked|asks|continued|continues|"
    r"went on|replied|replies|noted|notes)(?:[ \t]+[A-Z][\w'’\-]*){0,3}[ \t]*[.!]?[ \t]*$"
)


def _continued_by(ctx: SuspectContext, quotation: Quotation) -> Span | None:
    """The next sentence when it carries on ``quotation`` after a speech tag (``"We moved
    the herd twice," she said. "Now we are feeding them ..." (qtd. in Kim).``): one
    quotation interrupted by its speaker's tag, whose citation comes at its end (MLA 9
    6.x, APA 7 8.26, CMOS 13.35), so the citation after the second part governs the first."""
    lay, text = ctx.layout, ctx.document.text
    own = lay.sentence_at(quotation.outer.start)
    if own is None or own.end <= quotation.outer.end:
        return None
    if not _SPEECH_TAG.fullmatch(text[quotation.outer.end : own.end]):
        return None
    after = lay.next_sentence(quotation.outer.end)
    para = lay.paragraph_at(quotation.outer.end)
    if after is None or (para is not None and after.start >= para.end):
        return None
    return after if text[after.start : after.start + 1] in "\"“‘'«" else None


#: Lower-case words a citation sentence may hold: ``Brown v. Board of Education, 347 U.S.
#: 483, 493 (1954).``, ``See id. at 495.``
_CITATION_LOWER = frozenset(
    ["v", "vs", "of", "the", "and", "at", "in", "see", "id", "ibid", "cf", "e.g", "p", "pp"]
    + ["ed", "eds", "for", "on", "a", "an", "supra", "infra", "accord", "also"]
)


def _citation_sentence(sentence: str) -> bool:
    """A sentence that is only a citation (legal writing's citation sentence, which credits
    the proposition or quotation before it): names, numbers and citation words, no verb."""
    words = re.findall(r"[A-Za-z][\w'’]*\.?", sentence)
    return (
        bool(words)
        and len(words) <= 30
        and bool(re.search(r"\d", sentence))
        and all(w[:1].isupper() or w.lower().rstrip(".") in _CITATION_LOWER for w in words)
    )


def earlier_sentences(ctx: SuspectContext, regions: list[Span]) -> list[Span]:
    """The sentences before ``regions`` in the paragraph of the earliest one, nearest first:
    a citation governs the sentences after it that go on reporting the source, until another
    source is named, the writer's own sentence intervenes or the paragraph ends (CMOS 15.2x;
    APA's citation at first mention, then a pronoun)."""
    lay = ctx.layout
    first = min(regions, key=lambda r: r.start)
    para = lay.paragraph_at(first.start)
    if para is None:
        return []
    out = []
    sentence = lay.previous_sentence(first.start)
    while sentence is not None and sentence.start >= para.start and sentence.start < first.start:
        out.append(sentence)
        sentence = lay.previous_sentence(sentence.start)
    return out


def _is_copied(
    signal: Signal,
    part: Span,
    view: SourceView,
    source_span: Span | None = None,
    *,
    quoted: bool = False,
) -> bool:
    """A signal inside the passage whose words the source has too: the source's own words."""
    if signal.kind == "source-name":
        # naming the source credits it, even in words the source also uses, but not inside
        # the quoted words themselves: there the source speaks ("the earliest tide mill")
        return quoted and part.start <= signal.span.start and signal.span.end <= part.end
    if not (part.start <= signal.span.start and signal.span.end <= part.end):
        return False
    words = " ".join(signal.text.lower().split())
    if source_span is not None and len(view.text_key) > _NEAR_FIRST:
        # In a long source, look first where the passage puts the signal's words.
        near = source_span.start + signal.span.start - part.start
        if words in _whole_words_key(view.document.text, near - 2000, near + 2000):
            return True
    return words in view.text_key


#: Sources longer than this (characters) are searched near the passage first.
_NEAR_FIRST = 100_000


def _whole_words_key(text: str, lo: int, hi: int) -> str:
    """``text[lo:hi]`` widened to whole words, written as ``SourceView.text_key`` writes the
    text: a stretch of that key, since words end at spaces, which lower-casing never crosses."""
    lo, hi = max(0, min(lo, len(text))), max(0, min(hi, len(text)))
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return " ".join(text[lo:hi].lower().split())


#: No signal is longer than this (a quoted title in ``according to "..."`` is at most 150).
_LONGEST_SIGNAL = 400


def _signals_between(
    signals: list[Signal], lo: int, hi: int, starts: list[int] | None = None
) -> list[Signal]:
    """Signals (sorted by start, whose starts are ``starts``) starting in ``[lo, hi)``."""
    if starts is None:
        starts = [s.span.start for s in signals]
    return signals[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]


class _Regions:
    """Answers "does a signal lie in one of these regions" in O(log n) for many signals.

    A signal counts when it overlaps a region or starts inside it; for non-empty spans both
    come to: some region starting before the signal ends (or at its start, for an empty
    signal) ends after the signal starts.
    """

    def __init__(self, regions: list[Span]) -> None:
        spans = sorted((r.start, r.end) for r in regions if r.end > r.start)
        self._starts = [s for s, _ in spans]
        self._reach: list[int] = []  # furthest end among the first n regions
        for _, e in spans:
            self._reach.append(max(e, self._reach[-1]) if self._reach else e)

    def holds(self, signal: Span) -> bool:
        n = bisect.bisect_left(self._starts, max(signal.end, signal.start + 1))
        return n > 0 and self._reach[n - 1] > signal.start


@dataclass(slots=True)
class SourceView:
    """What judging needs to know about one source, worked out once per report."""

    document: Document
    names: SourceNames
    tokens: Tokens
    #: Places where the suspect names this source (title, publication, address), by offset.
    mentions: list[Signal]
    #: The source's text lower-cased with single spaces (is a signal the source's own words?).
    text_key: str
    #: The source's text as ``name_key`` writes it (does the source talk about a name?).
    name_text: str
    quotes: QuoteMap
    #: The source's words, indexed on first use for aligning within very long passages.
    words: SourceWords
    #: Where each of ``mentions`` starts.
    mention_starts: list[int]
    #: Words the source capitalises inside a sentence (people and places it writes about).
    proper_names: frozenset[str]
    #: The suspect spans the engine matched to this source, sorted.
    reused: list[Span] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Document, names: SourceNames, ctx: SuspectContext) -> SourceView:
        mentions = sorted(
            source_mentions(ctx.document.text, names, ctx.quote_map), key=lambda s: s.span.start
        )
        tokens = tokenize(doc.match_text)
        return cls(
            doc,
            names,
            tokens,
            mentions,
            " ".join(doc.text.lower().split()),
            f" {name_key(doc.text)} ",
            QuoteMap(find_quotations(doc.text)),
            SourceWords(tokens.ids),
            [s.span.start for s in mentions],
            proper_names(doc.text),
        )


def _resolve_page_only(ctx: SuspectContext, signal: Signal, names: SourceNames) -> Resolved:
    """A page number alone, ``(119)``, credits the source its paragraph has named before it
    (MLA and Chicago: the author is named in the prose, the page in parentheses)."""
    para = ctx.layout.paragraph_at(signal.span.start)
    text = ctx.document.text
    start = para.start if para is not None else max(0, signal.span.start - 600)
    before = text[:start].rstrip()
    if before.endswith(":"):  # a block quotation: its lead-in paragraph names the author
        start = max(before.rfind("\n\n") + 1, start - 600)
    window = text[start : signal.span.start]
    return Resolved(signal, "this" if names_source(window, names) else "unresolved")


def find_attribution(
    ctx: SuspectContext,
    part: Span,
    quotation: Quotation | None,
    view: SourceView,
    others: list[SourceNames],
    source_span: Span | None = None,
) -> Resolved | None:
    """The signal that credits this source for ``part`` (copied from ``source_span``), or None.

    Signals naming another compared source do not credit this one, nor do signals naming
    someone this source only writes about (``According to the regional fisheries office``
    when the office is quoted in the source: the writer credits the office, not the source).
    """
    regions = governing_regions(ctx, part, quotation)
    if quotation is not None and (cited := _adjacent_citations(ctx, quotation)):
        # the citation set right after the quotation is the quotation's (IEEE 2.x, APA 7
        # 8.25, MLA 9 6.x): naming only other sources, it is not outranked by a citation
        # later in the sentence, which cites the clause it follows ('"..." [2], has struck
        # three times this century [1]'); several works in it, one of them this, credit it
        named = {
            resolve(c, view.names, others, ctx.references, view.name_text, view.proper_names).names
            for c in cited
        }
        if named == {"other"}:
            return None
    opening = quotation.outer.start if quotation is not None else part.start
    own = [r for r in regions if r.end > opening]
    if len(own) < len(regions):
        # a citation on the quotation's own sentence, "..." (Nwosu), names the work the
        # words come from; a sentence before it naming this source does not outrank it
        near = _credit_in(ctx, own, part, view, others, _OWN_RANK, source_span, quoted=True)
        if near is not None and near.names == "other":
            return None
    found = _credit_in(
        ctx, regions, part, view, others, _OWN_RANK, source_span, quoted=quotation is not None
    )
    if found is not None:
        return found if found.names != "other" else None
    if quotation is not None and (intro := _colon_introduction(ctx, quotation)) is not None:
        said = ctx.document.text[intro.start : intro.end]
        if not any(_intro_names(said, o) for o in others) and (
            name := _intro_names(said, view.names)
        ):
            return Resolved(Signal(intro, "signal-phrase", "colon-intro", said, name), "this")
    text = ctx.document.text
    before = quotation.outer.start if quotation is not None else part.start
    if any(
        _ANONYMOUS.search(text, r.start, min(r.end, before)) for r in regions if r.start < before
    ):
        return None  # "As one writer put it, ...": the writer gives the words to nobody named
    for r in regions:
        lead = r.end <= part.start and (quotation is None or r.end <= quotation.outer.start)
        if lead and not (
            _mostly_reused(r, view.reused) or text[r.start : r.end].rstrip().endswith(":")
        ):
            return None  # the writer's own sentence introduces the quotation: a new point
    for sentence in earlier_sentences(ctx, regions):
        found = _credit_in(ctx, [sentence], part, view, others, _EARLIER_RANK, source_span)
        if found is not None:  # the nearest sentence naming a source decides
            return found if found.names != "other" else None
        if not _mostly_reused(sentence, view.reused):
            return None  # the writer's own sentence: the run reporting the source has ended
    return None


_INDIRECT = re.compile(r"\b(?:qtd\.?|quoted|cited)\s+in\b", re.I)


def _adjacent_citations(ctx: SuspectContext, quotation: Quotation) -> list[Signal]:
    """The citation directly after ``quotation``'s closing mark (past spaces and at most
    one punctuation mark) with the works cited together with it (``(Halvorsen, 2023;
    Zhang, 2019)``, ``[2], [5]``); no page-only citation, which names no work."""
    text = ctx.document.text
    reach = quotation.outer.end
    gap = re.match(r"[ \t]*[,.;:]?[ \t]*", text[reach : reach + 8])
    reach += gap.end() if gap else 0
    out: list[Signal] = []
    k = bisect.bisect_left(ctx.signal_starts, quotation.outer.end)
    while k < len(ctx.signals) and ctx.signals[k].span.start <= reach:
        signal = ctx.signals[k]
        k += 1
        if signal.kind != "citation" or signal.style == "page-only":
            break
        if _INDIRECT.search(signal.text):
            return []  # (qtd. in Rowe 44): where the writer read the words, not who wrote them
        out.append(signal)
        reach = signal.span.end + 2  # "; " or ", " to the next work of the group
    return out


#: A signal phrase that names nobody (``As one writer put it``, ``a critic once said``,
#: ``it has been argued``): it introduces an unnamed voice, so a source named in an earlier
#: sentence does not carry over to the passage (MLA 9 and APA 7 want the source named).
_ANONYMOUS = re.compile(
    r"\b(?:(?:one|a|an|another|some|many|certain)\s+(?:[a-z]+\s+)?(?:writers?|critics?|"
    r"authors?|commentators?|scholars?|historians?|observers?|reviewers?|people|persons?|"
    r"experts?|journalists?|reporters?|analysts?|sources?|readers?)\s+(?:(?:once|has|have|"
    r"famously|memorably)\s+)?(?:put|puts|says?|said|wrote|writes|notes?|noted|observes?|"
    r"observed|argues?|argued|remarks?|remarked|claims?|claimed)|"
    r"it\s+(?:has\s+been|was\s+once|is\s+often|was)\s+(?:said|written|argued|observed|noted|"
    r"claimed)|as\s+the\s+saying\s+goes|as\s+they\s+say)\b",
    re.I,
)


def _colon_introduction(ctx: SuspectContext, quotation: Quotation) -> Span | None:
    """The sentence ending in a colon that introduces ``quotation`` (MLA 9 6.x and 1.37, APA 7
    8.27, CMOS 13.10: ``Huxley begins with a thought experiment:`` before a block quote)."""
    start = quotation.outer.start
    own = ctx.layout.sentence_at(start)
    if own is not None and own.start < start:
        # a run-in quotation after a colon in its own sentence: ``Chen noticed a benefit: "..."``
        lead = ctx.document.text[own.start : start].rstrip()
        return Span(own.start, own.start + len(lead)) if lead.endswith(":") else None
    before = ctx.layout.previous_sentence(start)
    if before is None or ctx.introduced_quotation(before) is not quotation:
        return None
    return before


#: Determiners before a work's or a body's head noun that refer back to it (``the
#: proclamation``, ``the council``, ``his essay``).
_BACK_REFERENCE = r"(?:the|this|that|his|her|their|its)"


def _intro_names(sentence: str, names: SourceNames) -> str | None:
    """The name of the source that a sentence introducing a quotation with a colon uses: the
    colon sentence is the signal phrase by construction, so any of the source's names in it
    credits the quotation, with or without a reporting verb: an author's family name written
    as a name (``Huxley begins with``, ``Restrepo Vallejo opens with``), a title or its short
    form, an outlet or organisation, its initials, or a determiner before the head noun of
    the title or the body (``the proclamation``, ``the president``, ``the council``)."""
    key = f" {name_key(sentence)} "
    capitalised = {name_key(w) for w in re.findall(r"\w+", sentence) if w[:1].isupper()}
    for surname in sorted(names.surnames(), key=len, reverse=True):
        if f" {surname} " in key and surname.split()[0] in capitalised:
            return surname
    for name in names.titles + names.short_titles + names.publications + names.authors:
        k = name_key(name)
        if len(k) > 2 and f" {k} " in key and _first_content(k) in capitalised:
            return name  # written as a name: "the Essays", not "many essays"
    for acronym in names.acronyms:
        if re.search(rf"\b{re.escape(acronym)}\b", sentence):
            return acronym
    for name in (
        names.titles + names.publications + [a for a in names.authors if is_organisation(a)]
    ):
        head = _head_noun(name)
        if name in names.titles and head not in _WORK_KINDS:
            continue  # "the hive" of The Winter Hive: the topic, not the work
        if head and re.search(rf"\b{_BACK_REFERENCE}\s+{re.escape(head)}\b", sentence, re.I):
            return name
    return None


def _first_content(key: str) -> str:
    """The first word of a name's key that is not an article or a preposition."""
    words = key.split()
    return next((w for w in words if w not in ("the", "a", "an", "of", "on", "in")), words[0])


def _head_noun(name: str) -> str | None:
    """The head noun of a title or a body's name: the word before ``of`` (``President`` of
    ``President of the United States``), else the last word (``Proclamation``)."""
    words = [w for w in name_key(name).split() if not w.isdigit()]
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1] if words else ""
    return head if len(head) > 3 and head not in _FUNCTION_HEADS else None


#: Head nouns that name a kind of work, so that ``the <head>`` refers to a title ending in
#: one (``the proclamation`` for *Thanksgiving Proclamation*); a title's other head nouns
#: are its topic (``the hive`` of *The Winter Hive*).
_WORK_KINDS = frozenset(
    [
        "proclamation",
        "declaration",
        "address",
        "speech",
        "sermon",
        "lecture",
        "letter",
        "letters",
        "essay",
        "essays",
        "report",
        "study",
        "survey",
        "review",
        "article",
        "paper",
        "memoir",
        "diary",
        "journal",
        "chronicle",
        "history",
        "treatise",
        "statement",
        "manifesto",
        "charter",
        "constitution",
        "decree",
        "act",
        "treaty",
        "bill",
        "ruling",
        "opinion",
        "judgment",
        "judgement",
        "guide",
        "handbook",
        "manual",
        "brief",
        "notes",
        "note",
        "poem",
        "story",
        "novel",
        "book",
        "chapter",
    ]
)
_FUNCTION_HEADS = frozenset(["from", "with", "about", "after", "before", "what", "when"])


def _mostly_reused(sentence: Span, reused: list[Span]) -> bool:
    """At least half of ``sentence`` lies in text matched to the source."""
    covered = sum(sentence.overlap(r) for r in reused if r.start < sentence.end)
    return covered * 2 >= sentence.length


#: Near the part, a signal naming a source copyhound does not know credits it even beside one
#: naming another source; in an earlier sentence, naming another source ends the scope.
_OWN_RANK = {"this": 0, "unknown": 1, "other": 2}
_EARLIER_RANK = {"this": 0, "other": 1, "unknown": 2}


def _credit_in(
    ctx: SuspectContext,
    regions: list[Span],
    part: Span,
    view: SourceView,
    others: list[SourceNames],
    rank: dict[str, int],
    source_span: Span | None = None,
    *,
    quoted: bool = False,
) -> Resolved | None:
    """The best signal in ``regions`` for this source by ``rank``: one naming it first; one
    naming another compared source is returned (ranked) so that the caller stops looking;
    None when the regions name no source."""
    names, mentions = view.names, view.mentions
    lo = min(r.start for r in regions) - _LONGEST_SIGNAL if regions else part.start
    hi = max(r.end for r in regions) if regions else part.end
    inside = _Regions(regions)
    candidates: list[Resolved] = []
    runs: list[Signal] = []
    if others:  # a capitalised run only ever names another compared source
        found, starts = ctx.name_runs()
        runs = _signals_between(found, lo, hi, starts)
    for signal in [
        *_signals_between(ctx.signals, lo, hi, ctx.signal_starts),
        *_signals_between(mentions, lo, hi, view.mention_starts),
        *runs,
    ]:
        if not inside.holds(signal.span):
            continue
        if _is_copied(signal, part, view, source_span, quoted=quoted):
            continue
        if signal.style == "page-only":
            resolved = _resolve_page_only(ctx, signal, names)
        else:
            resolved = resolve(
                signal, names, others, ctx.references, view.name_text, view.proper_names
            )
        if signal.style == "name-run" and resolved.names == "this":
            continue  # "Maria Okafor grew up on the delta.": a name, not a credit
        if resolved.names != "this" and _speaks_the_words(signal, view, others, source_span):
            resolved = Resolved(signal, "this")
        if resolved.names in ("this", "other") or (
            resolved.names == "unknown" and signal.style not in WEAK_STYLES
        ):
            candidates.append(resolved)
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda r: (rank[r.names], abs(r.signal.span.start - part.start)),
    )


#: A line opening a speaker's turn in a record or transcript: ``Ms Deirdre Ní Fhloinn
#: (Carrowbeg): I beg to move``, ``The Minister (Mr Jan-Willem de Vries): I thank``,
#: ``**AOIFE Ó CEALLAIGH:** Welcome``. The label is short and has no sentence in it.
_TURN_LABEL = re.compile(
    r"^[ \t>]*[*_]{0,2}(?P<label>[A-ZÀ-ÞĀ-ſ][^\n:.!?\"“”]{1,100}?)[*_]{0,2}:[*_]{0,2}[ \t]+\S",
    re.M,
)
_LABEL_WORDS = 10


def _turn_speaker_label(text: str, at: int) -> str | None:
    """The label of the speaker turn ``at`` lies in: the last turn label before it."""
    label = None
    for m in _TURN_LABEL.finditer(text, 0, at):
        words = m.group("label").split()
        if len(words) <= _LABEL_WORDS and words[0].lower() not in _FIELD_KEYS:
            label = m.group("label")
    return label


#: Front-matter and caption keys that look like a turn label and are not: ``Photograph:
#: John Doe``, ``Author: ...``, ``Media contact: ...`` name no one who speaks the text after.
_FIELD_KEYS = frozenset(
    str.split(
        "photograph photo photos image images picture illustration caption credit credits source "
        "sources author authors by editor editors translated translator date published updated "
        "posted case reference ref media contact contacts email tel phone tags keywords note notes "
        "summary abstract subject title filed location dateline copyright licence license"
    )
)


def _speaks_the_words(
    signal: Signal, view: SourceView, others: list[SourceNames], source_span: Span | None
) -> bool:
    """A signal naming the person the source gives the copied words to, speaking for the
    source, credits them: the speaker of the turn they are in (an official report of
    debates, a transcript: each turn is its speaker's own words) or the officer of the
    issuing body a press release quotes (``"...," said Priya Raghunathan, Chief Executive
    of HVTA``). Naming the speaker for the source's own narration, someone else the source
    quotes, or a person a news story quotes (its reporter is its author) credits nothing."""
    if source_span is None or signal.style != "phrase" or not signal.name:
        return False  # a phrase with a reporting verb, not a capitalised run on its own
    key = name_key(signal.name).split()
    surname = key[-1] if key else ""
    if len(surname) < 3 or is_organisation(signal.name):
        return False
    here, there = best_named([signal.name], view.names, others, 1)
    if there > here and there >= BAR:
        return False  # a name another compared source carries
    text = view.document.text
    label = _turn_speaker_label(text, source_span.start)
    if label is not None and surname in name_key(label).split():
        return _turn_speaker_label(text, source_span.end) == label
    if not _RELEASE_LINE.search(text):
        return False  # a news story's quoted people are not its authors: the reporter is
    quotation = view.quotes.outermost(source_span.start)
    if quotation is None or quotation.outer.end < source_span.end - 1:
        return False
    para_start = text.rfind("\n\n", 0, quotation.outer.start) + 1
    para_end = text.find("\n\n", quotation.outer.end)
    paragraph = name_key(text[para_start : para_end if para_end >= 0 else len(text)])
    body = [name_key(n) for n in view.names.publications + view.names.acronyms]
    speaks_for_body = any(b and f" {b} " in f" {paragraph} " for b in body)
    return speaks_for_body and surname in paragraph.split()


#: A press release says so in a line of its own (``PRESS RELEASE``, ``FOR IMMEDIATE
#: RELEASE``, ``Media release``, ``Notes to editors``): its quotations are statements the
#: issuing body gives to its own officers, who speak for it.
_RELEASE_LINE = re.compile(
    r"^[ \t#*_]*(?:(?:press|news|media)[ \t]+release|for[ \t]+immediate[ \t]+release|"
    r"notes?[ \t]+to[ \t]+editors)\b",
    re.M | re.I,
)


#: What a reference entry adds to a source's names: volume, issue, pages, editions, dates.
_CITATION_WORDS = frozenset(
    ["vol", "no", "nos", "pp", "p", "ed", "eds", "edn", "et", "al", "n", "d", "in", "and", "by"]
)


def _name_words(names: SourceNames) -> frozenset[str]:
    return frozenset(w for n in names.all() + names.short_titles for w in name_key(n).split())


def _only_names(text: str, name_words: frozenset[str]) -> bool:
    """Every word of ``text`` is one of the source's names, a number, or a citation word:
    the source's title and outlet cited (a reference entry, ``the article "Title"``)."""
    words = name_key(text).split()
    return bool(words) and all(
        w in name_words or w.isdigit() or w in _CITATION_WORDS for w in words
    )


#: How far into a source its title, byline and dateline run when no masthead was read
#: (a saved page whose ``<h1>`` the reader flattened into the first paragraph).
_HEAD_CHARS = 300
#: The most words a title with its subtitle and byline runs to in an entry; a longer run of
#: the source's opening is its first sentence copied, not its title cited.
_HEAD_WORDS = 25


#: Words a reference entry adds to a work's names to describe it (APA 7 9.x and 10.x
#: bracketed descriptions, MLA 9 version and container elements, CMOS 14 and IEEE format and
#: access words, a URL's parts): bibliographic, not prose.
_ENTRY_WORDS = frozenset(
    str.split(
        "version v rev revised edition data set dataset database software computer program "
        "report press release brief working paper technical series preprint thesis dissertation "
        "podcast episode audio video transcript online web website page pdf html csv retrieved "
        "from available at accessed doi http https www org com net jan feb mar apr may jun jul "
        "aug sep sept oct nov dec january february march april june july august september "
        "october november december ed eds edited translated trans publisher published updated"
    )
)

#: A source's own "how to cite" section (a dataset's or paper's ``How to cite``,
#: ``Suggested citation``, ``Cite as``, ``Citation``): its words are the source's
#: bibliographic description, written to be copied into a reference entry.
_CITE_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?[*_]{0,2}(?:how\s+to\s+cite(?:\s+this(?:\s+\w+)?)?|"
    r"suggested\s+citation|recommended\s+citation|preferred\s+citation|cite\s+as|"
    r"cite\s+this(?:\s+\w+)?|citation|citing\s+this(?:\s+\w+)?)[*_]{0,2}[ \t]*(?::|$)",
    re.M | re.I,
)
_ANY_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+\S", re.M)


def _cite_sections(text: str) -> list[Span]:
    """Where ``text`` says how to cite itself: from such a heading to the next heading, or
    (for a run-in ``Cite as: ...`` line) to the end of its paragraph."""
    out = []
    for m in _CITE_HEADING.finditer(text):
        nxt = _ANY_HEADING.search(text, m.end())
        blank = text.find("\n\n", m.end())
        line_end = text.find("\n", m.end())
        run_in = text[m.end() : line_end if line_end >= 0 else len(text)]
        end = nxt.start() if nxt else len(text)
        if run_in.strip() and blank >= 0:
            end = min(end, blank)  # "Cite as: X (2020) ...": the line and its paragraph
        out.append(Span(m.start(), end))
    return out


def _entry_of(ctx: SuspectContext, part: Span):
    """The one reference entry holding ``part``; a part may start in the section's heading
    (``Works Cited`` then the entry: the heading's last word met the source's ``cite``)."""
    for e in ctx.references.entries:
        if e.span.start <= part.start and part.end <= e.span.end:
            return e, part
    refs = ctx.references.span
    if refs is None or not (refs.start <= part.start and part.end <= refs.end):
        return None
    first = next((e for e in ctx.references.entries if e.span.start >= refs.start), None)
    if first is not None and part.start < first.span.start and part.end <= first.span.end:
        return first, Span(first.span.start, part.end)
    return None


_IDENTIFIER = re.compile(
    r"(?i)(?:\bdoi:?[ \t]*|https?://(?:dx\.)?doi\.org/)?\b10\.\d{4,9}/[^\s,;]*[^\s,;.)]"
    r"|\bhttps?://[^\s,;]*[^\s,;.)]"
)


def _cites_source_head(
    ctx: SuspectContext, part: Match, source: Document, own_words: frozenset[str]
) -> bool:
    """``part`` lies inside one entry of the suspect's references (a Works Cited, References,
    Bibliography or Notes line, an IEEE ``[n]`` entry, a footnote definition) and is the
    source's bibliographic description: its names, title, year, publisher, format and access
    words, its opening words up to a title's length, or its own "how to cite" text. An entry
    names the work it cites so (MLA 9 5.22, APA 7 9.4 and 10.x, Chicago 17 14.20, IEEE), so
    that is a citation, not reuse. A sentence of its prose is still reported, in a note as in
    the body."""
    found = _entry_of(ctx, part.suspect)
    if found is None:
        return False
    _, inside = found
    # a DOI or a URL is the entry's identifier (APA 7 9.34, MLA 9 5.x): access, not prose
    entry_text = _IDENTIFIER.sub(" doi ", ctx.document.text[inside.start : inside.end])
    words = name_key(entry_text).split()
    if words and all(
        w in own_words
        or w.isdigit()
        or w in _CITATION_WORDS
        or w in _ENTRY_WORDS
        or re.fullmatch(r"v?\d+(?:\.\d+)*|\d{4}[a-z]?", w)
        for w in words
    ):
        return True
    if any(
        s.start <= part.source_span.start and part.source_span.end <= s.end
        for s in _cite_sections(source.text)
    ):
        return True  # the source's own suggested citation, copied into the entry
    return (
        part.source_span.end <= min(_HEAD_CHARS, len(source.text))
        and _words_in(ctx, part.suspect) <= _HEAD_WORDS
    )


def _inside_citation(ctx: SuspectContext, part: Span) -> bool:
    """``part`` lies inside a parenthetical citation (``(Lowmoor Regional Assembly 2024)``):
    the name a citation gives a source (an author, a body, a title) is a credit, not reuse."""
    i = bisect.bisect_right(ctx.signal_starts, part.start)
    return any(
        s.kind == "citation" and s.span.start <= part.start and part.end <= s.span.end
        for s in ctx.signals[max(0, i - 3) : i]
    )


def _outer_quotation(ctx: SuspectContext, part: Span) -> Quotation | None:
    for start in ctx.tokens.starts[slice(*token_range(ctx.tokens, part))]:
        q = ctx.quote_map.outermost(int(start))
        if q is not None:
            return q
    return None


def judge_matches(
    report: Report, options: JudgeOptions | None = None, ctx: SuspectContext | None = None
) -> list[Match]:
    """Every match of ``report`` split at quotation boundaries and judged."""
    options = options or JudgeOptions()
    ctx = ctx or SuspectContext.of(report.suspect)
    by_name = {d.name: d for d in report.sources}
    names = {d.name: source_names(d) for d in report.sources}
    judged: list[Match] = []
    views: dict[str, SourceView] = {}
    for match in report.matches:
        source = by_name.get(match.source)
        if source is None:
            judged.append(match)
            continue
        if source.name not in views:
            views[source.name] = SourceView.of(source, names[source.name], ctx)
            views[source.name].reused = sorted(
                (m.suspect for m in report.matches if m.source == source.name),
                key=lambda sp: sp.start,
            )
        view = views[source.name]
        src_tokens = view.tokens
        others = [n for k, n in names.items() if k != source.name]
        parts = split_match(
            match,
            ctx,
            src_tokens,
            source,
            options.min_part_words,
            view.quotes,
            source_words=view.words,
        )
        if _credit_changes_by_paragraph(ctx, parts, view, others):
            parts = split_match(
                match,
                ctx,
                src_tokens,
                source,
                options.min_part_words,
                view.quotes,
                True,
                source_words=view.words,
            )
        own_words = _name_words(view.names)
        beside_quote = len(parts) > 1 and any(quoted for _, quoted in parts)
        for part, quoted in parts:
            if part.source_span.end <= view.names.masthead_end or _only_names(
                report.suspect.slice(part.suspect), own_words
            ):
                continue  # the source's title or masthead cited in the suspect: a credit
            if options.exclude_bibliography and _cites_source_head(ctx, part, source, own_words):
                continue  # a reference entry repeating the source's title: a citation
            if _inside_citation(ctx, part.suspect):
                continue  # "(Lowmoor Regional Assembly 2024)": the citation's own words
            if beside_quote and not quoted and _words_in(ctx, part.suspect) < _STANDALONE_WORDS:
                continue  # "After that the" past a quotation: too short to be reuse alone
            quotation = _outer_quotation(ctx, part.suspect) if quoted else None
            found = find_attribution(ctx, part.suspect, quotation, view, others, part.source_span)
            lexical = part.kind in LEXICAL_KINDS
            differences = (
                quote_differences(ctx, part, src_tokens, source, view.quotes, view.words)
                if quoted and lexical
                else []
            )
            part.judgement = Judgement(
                quoted=quoted,
                attributed=found is not None,
                verdict=verdict_of(quoted, found is not None),
                quotation=quotation,
                attribution=found,
                differences=differences,
                split_from=match.suspect
                if len(parts) > 1 or part.suspect != match.suspect
                else None,
            )
            judged.append(part)
    judged = _drop_lead_ins(ctx, judged)
    judged.sort(key=lambda m: (m.suspect.start, m.source))
    return judged


#: The fewest words a passage must share to be reported on its own (the filter's floor): an
#: unquoted leftover of a match cut at a quotation that is shorter is the words that
#: happened to continue the quotation in the source, not reuse of their own.
_STANDALONE_WORDS = FilterSettings().min_words


def _words_in(ctx: SuspectContext, span: Span) -> int:
    lo, hi = token_range(ctx.tokens, span)
    return hi - lo


def _credit_changes_by_paragraph(
    ctx: SuspectContext, parts: list[tuple[Match, bool]], view: SourceView, others
) -> bool:
    """An unquoted lexical part runs over paragraphs whose attributions differ (a copy cited
    in one paragraph and carried on uncited in the next): it is two passages, not one."""
    for part, quoted in parts:
        if quoted or part.kind not in LEXICAL_KINDS:
            continue
        pieces = [
            Span(max(p.start, part.suspect.start), min(p.end, part.suspect.end))
            for p in ctx.layout.paragraphs_in(part.suspect)
        ]
        if len(pieces) > 1:
            credited = {find_attribution(ctx, p, None, view, others) is not None for p in pieces}
            if len(credited) > 1:
                return True
    return False


def _drop_lead_ins(ctx: SuspectContext, judged: list[Match]) -> list[Match]:
    """Drop an unquoted part lying in the sentence that introduces a quotation with a colon
    when a longer quoted part from the same source lies in that quotation: the lead-in's few
    words shared with the source (``what happened to the seals while the turbines were
    running:``) belong to the quotation, not reuse of their own (MLA 1.37, APA 8.27)."""
    quoted = [m for m in judged if isinstance(m.judgement, Judgement) and m.judgement.quoted]
    if not quoted:
        return judged
    kept = []
    for m in judged:
        j = m.judgement
        if isinstance(j, Judgement) and not j.quoted:
            sentence = ctx.layout.sentence_at(m.suspect.start)
            q = None
            if sentence is not None and m.suspect.end <= sentence.end:
                q = ctx.introduced_quotation(sentence)
            if q is not None and any(
                o.source == m.source
                and o.suspect.overlap(q.inner)
                and o.suspect.length > m.suspect.length
                for o in quoted
            ):
                continue
        kept.append(m)
    return kept


def judge_report(report: Report, options: JudgeOptions | None = None) -> Report:
    """A new report whose matches are split and judged, with its similarity index."""
    from copyhound.judge.similarity import similarity_index

    options = options or JudgeOptions()
    ctx = SuspectContext.of(report.suspect)
    judged = Report(
        suspect=report.suspect,
        sources=report.sources,
        matches=judge_matches(report, options, ctx),
        considered=report.considered,
    )
    judged.similarity = similarity_index(judged, options, ctx)
    return judged


def verdict_order(matches: list[Match]) -> list[Match]:
    """Matches as reports lead with them: counted before excluded, unattributed first."""

    def key(m: Match) -> tuple[int, int, int]:
        j = m.judgement
        if not isinstance(j, Judgement):
            return (0, len(VERDICTS), m.suspect.start)
        return (1 if j.excluded else 0, VERDICTS.index(j.verdict), m.suspect.start)

    return sorted(matches, key=key)


def verdict_counts(matches: list[Match]) -> dict[str, int]:
    """How many passages got each verdict (excluded ones included)."""
    counts = dict.fromkeys(VERDICTS, 0)
    for m in matches:
        if isinstance(m.judgement, Judgement):
            counts[m.judgement.verdict] += 1
    return counts

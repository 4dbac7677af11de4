"""The alignment engine: seed, extend, filter and judge one suspect against one source.

Two passes share the same extension and filtering:

1. **exact**: seeds are word n-grams (all words, normalised). Clusters must be dense, so
   the passages found are verbatim or lightly edited copies with exact boundaries.
2. **edited**: seeds are pairs of content words (neighbours or one word apart) on the
   content words only, so copies whose words were shuffled, dropped, inserted or swapped for
   synonyms still seed. Their passages must also share enough of their vocabulary (Dice) to
   tell an edited copy from two texts on one topic. Where the exact pass found a passage,
   its finding stands.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from copyhound.engine.kinds import lexical_kind, word_similarity
from copyhound.extend.passages import Passage, diagonal_runs, extend, widen
from copyhound.filter.chance import (
    Boilerplate,
    DocumentStats,
    assess,
    min_confidence_for,
    quoted,
)
from copyhound.filter.overlaps import FilterSettings, keep_large, resolve_overlaps
from copyhound.model import Document, Match, Span
from copyhound.normalise.tokens import Tokens, fold, tokenize
from copyhound.seed.ngrams import (
    SortedHashes,
    informative_ngram_hashes,
    ngram_seeds,
    word_pair_hashes,
    word_pair_seeds,
)


@dataclass(frozen=True, slots=True)
class EditedSettings:
    """The pass for heavily edited copies (see module docstring); ``enabled=False`` skips it."""

    enabled: bool = True
    #: Distances of the content-word pairs used as seeds.
    skips: tuple[int, ...] = (1, 2)
    #: A word pair repeated more often than this in one document is not a seed.
    max_repeats: int = 2
    gaps: tuple[int, ...] = (24, 12, 6)
    min_density: float = 0.2
    #: Content words each side must share with the other.
    min_words: int = 7
    #: Characters each side must span (edited copies shrink: deletions outnumber insertions).
    min_chars: int = 50
    #: Dice coefficient of the two sides' content words.
    min_dice: float = 0.35
    #: Where the exact pass already found reuse in the pair, edited passages need this Dice
    #: and the exact pass's size: documents that share verbatim text tend to share topic and
    #: boilerplate too, so shared vocabulary proves less there.
    min_dice_beside_exact: float = 0.6


@dataclass(frozen=True, slots=True)
class Settings:
    """Knobs of the lexical engine; the defaults are tuned on pan13-dev (see README)."""

    #: Words per seed n-gram of the exact pass.
    ngram: int = 3
    #: N-grams repeated more often than this in one document are not seeds.
    max_repeats: int = 8
    #: Clustering gaps in words, widest first.
    gaps: tuple[int, ...] = (24, 10, 6)
    #: A cluster whose sides are less covered than this is re-clustered with a narrower gap.
    min_density: float = 0.9
    filter: FilterSettings = field(default_factory=FilterSettings)
    edited: EditedSettings = field(default_factory=EditedSettings)
    #: Matches the chance model (``copyhound.filter.chance``) gives a lower confidence are
    #: left out, unless the writer put them in quotation marks; 0 keeps every match (each
    #: still carries its confidence). None: the default for the match's length
    #: (``filter.chance.min_confidence_for``).
    min_confidence: float | None = None
    #: The same for matches semantic detection found alone (their confidence is its own);
    #: ``--min-confidence`` sets both.
    min_semantic_confidence: float = 0.0
    #: N-grams a collection shares across many documents, counted as boilerplate.
    boilerplate: Boilerplate | None = None


class Prepared:
    """A document with its tokens, made once and reused for every pair it is in.

    The content-word view and the folded text are made on first use: retrieval tokenizes
    dozens of stored candidates to rank them and aligns only a few.
    """

    __slots__ = ("document", "tokens", "_content", "_folded", "_stats", "_hashes")

    def __init__(self, document: Document, tokens: Tokens) -> None:
        self.document = document
        self.tokens = tokens
        self._content: Tokens | None = None
        self._folded: str | None = None
        self._stats: DocumentStats | None = None
        self._hashes: dict[tuple[str, int], SortedHashes] = {}

    @classmethod
    def of(cls, document: Document) -> Prepared:
        return cls(document, tokenize(document.match_text))

    @property
    def content(self) -> Tokens:
        if self._content is None:
            self._content = self.tokens.content_view()
        return self._content

    @property
    def stats(self) -> DocumentStats:
        """Word counts and repeated text, for the chance model (made when a match needs it)."""
        if self._stats is None:
            self._stats = DocumentStats.of(self.tokens)
        return self._stats

    def ngram_hashes(self, n: int) -> SortedHashes:
        """Sorted informative word n-gram hashes (seeds of the exact pass), made once: a
        document is in many pairs."""
        key = ("ngram", n)
        if key not in self._hashes:
            self._hashes[key] = SortedHashes(informative_ngram_hashes(self.tokens, n), False)
        return self._hashes[key]

    def pair_hashes(self, skip: int) -> SortedHashes:
        """Sorted content-word pair hashes ``skip`` apart (seeds of the edited pass)."""
        key = ("pair", skip)
        if key not in self._hashes:
            self._hashes[key] = SortedHashes(word_pair_hashes(self.content.ids, skip), False)
        return self._hashes[key]

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold(self.document.match_text)
        return self._folded


#: Word similarity of an exact match that an edited continuation may extend (a verbatim
#: copy or quotation, not a loose fragment).
VERBATIM_CONTINUED = 0.9

_CLOSING = frozenset(".,;:!?)]}\"'")


def _span(tokens: Tokens, lo: int, hi: int) -> tuple[int, int]:
    return int(tokens.starts[lo]), int(tokens.ends[min(hi, len(tokens)) - 1])


def _char_spans(
    p: Passage, s: Prepared, t: Prepared, s_tokens: Tokens, t_tokens: Tokens
) -> tuple[Span, Span]:
    """Character spans of a token passage; trailing punctuation both sides share is included."""
    ss, se = _span(s_tokens, p.i0, p.i1)
    ts, te = _span(t_tokens, p.j0, p.j1)
    for _ in range(2):
        if se < len(s.folded) and te < len(t.folded):
            a, b = s.folded[se], t.folded[te]
            if a == b and a in _CLOSING:
                se, te = se + 1, te + 1
                continue
        break
    return Span(ss, se), Span(ts, te)


def _char_lengths(s_tokens: Tokens, t_tokens: Tokens):
    def lengths(p: Passage) -> tuple[int, int]:
        ss, se = _span(s_tokens, p.i0, p.i1)
        ts, te = _span(t_tokens, p.j0, p.j1)
        return se - ss, te - ts

    return lengths


def _dice(a: np.ndarray, b: np.ndarray) -> float:
    ca, cb = Counter(a.tolist()), Counter(b.tolist())
    total = len(a) + len(b)
    return 2 * sum((ca & cb).values()) / total if total else 0.0


def exact_passages(suspect: Prepared, source: Prepared, settings: Settings) -> list[Passage]:
    """Passages seeded by shared word n-grams, in full-token coordinates."""
    n = settings.ngram
    i, j = ngram_seeds(suspect.ngram_hashes(n), source.ngram_hashes(n), n, settings.max_repeats)
    if len(i) == 0:
        return []
    passages = extend(diagonal_runs(i, j, n), settings.gaps, settings.min_density, repeats=True)
    passages = [
        widen(p, suspect.tokens, source.tokens, suspect.folded, source.folded) for p in passages
    ]
    lengths = _char_lengths(suspect.tokens, source.tokens)
    return resolve_overlaps(keep_large(passages, settings.filter, lengths), settings.filter)


def _edited_candidates(suspect: Prepared, source: Prepared, settings: Settings) -> list[Passage]:
    """Clusters of shared content-word pairs, before any size or vocabulary bar."""
    opts = settings.edited
    a, b = suspect.content, source.content
    i, j, extent = word_pair_seeds(
        a,
        b,
        opts.skips,
        opts.max_repeats,
        lambda tokens, skip: (suspect if tokens is a else source).pair_hashes(skip),
    )
    if len(i) == 0:
        return []
    passages = extend(diagonal_runs(i, j, extent), opts.gaps, opts.min_density)
    return [widen(p, a, b, suspect.folded, source.folded) for p in passages]


def _edited_filter(
    passages: list[Passage], suspect: Prepared, source: Prepared, settings: Settings, strict: bool
) -> list[Passage]:
    opts = settings.edited
    min_dice, min_chars, min_words = opts.min_dice, opts.min_chars, opts.min_words
    if strict:
        min_dice = max(min_dice, opts.min_dice_beside_exact)
        min_chars = max(min_chars, settings.filter.min_chars)
        min_words = max(min_words, settings.filter.min_words)
    a, b = suspect.content, source.content
    size = FilterSettings(
        min_words=min_words,
        min_chars=min_chars,
        max_overlap=settings.filter.max_overlap,
    )
    passages = keep_large(passages, size, _char_lengths(a, b))
    passages = [
        p
        for p in passages
        if _dice(a.ids[p.i0 : min(p.i1, len(a))], b.ids[p.j0 : min(p.j1, len(b))]) >= min_dice
    ]
    return resolve_overlaps(passages, size)


def edited_passages(
    suspect: Prepared, source: Prepared, settings: Settings, beside_exact: bool = False
) -> list[Passage]:
    """Passages seeded by shared content-word pairs, in content-token coordinates."""
    candidates = _edited_candidates(suspect, source, settings)
    return _edited_filter(candidates, suspect, source, settings, beside_exact)


def _continues(m: Match, sus: Span, src: Span, reach: int = 3) -> bool:
    """Whether spans ``sus``/``src`` start right after ``m`` (or end right before it) on
    both sides, within ``reach`` characters."""
    after = 0 <= sus.start - m.suspect.end <= reach and 0 <= src.start - m.source_span.end <= reach
    before = 0 <= m.suspect.start - sus.end <= reach and 0 <= m.source_span.start - src.end <= reach
    return after or before


def _beyond(p: Passage, a: Tokens, b: Tokens, exact: list[Match]) -> list[Passage]:
    """The parts of an edited passage that continue past exact matches it overlaps.

    A writer who quotes a sentence and paraphrases the next one gives one edited cluster
    over both; the exact match explains the quotation, and what lies after it (or before
    it) on both sides is a passage of its own, judged by the ordinary bars.
    """
    pieces = []
    for m in exact:
        ss, se = _span(a, p.i0, p.i1)
        if not m.suspect.overlap(Span(ss, se)):
            continue
        sus_cut = int(np.searchsorted(a.starts, m.suspect.end))
        src_cut = int(np.searchsorted(b.starts, m.source_span.end))
        sus_end = int(np.searchsorted(a.ends, m.suspect.start, "right"))
        src_end = int(np.searchsorted(b.ends, m.source_span.start, "right"))
        for i0, i1, j0, j1 in (
            (max(p.i0, sus_cut), p.i1, max(p.j0, src_cut), p.j1),
            (p.i0, min(p.i1, sus_end), p.j0, min(p.j1, src_end)),
        ):
            if i1 - i0 > 0 and j1 - j0 > 0 and (i0, i1, j0, j1) != (p.i0, p.i1, p.j0, p.j1):
                shared = _dice(a.ids[i0:i1], b.ids[j0:j1]) * (i1 - i0 + j1 - j0) / 2
                pieces.append(Passage(i0, i1, j0, j1, int(shared), int(shared), 1))
    return pieces


def _to_match(sus_span: Span, src_span: Span, suspect: Prepared, source: Prepared) -> Match:
    s, t = suspect.tokens, source.tokens
    sids = s.ids[
        np.searchsorted(s.starts, sus_span.start) : np.searchsorted(s.ends, sus_span.end, "right")
    ]
    tids = t.ids[
        np.searchsorted(t.starts, src_span.start) : np.searchsorted(t.ends, src_span.end, "right")
    ]
    return Match(
        source=source.document.name,
        suspect=sus_span,
        source_span=src_span,
        kind=lexical_kind(sids, tids),
        score=round(word_similarity(sids, tids), 4),
    )


def align(suspect: Prepared, source: Prepared, settings: Settings | None = None) -> list[Match]:
    """Every passage of ``suspect`` reused from ``source``, as matches sorted by suspect offset."""
    settings = settings or Settings()
    min_chars = settings.filter.min_chars
    matches = [
        _to_match(*_char_spans(p, suspect, source, suspect.tokens, source.tokens), suspect, source)
        for p in exact_passages(suspect, source, settings)
    ]
    if settings.edited.enabled:
        taken = [m.suspect for m in matches]
        candidates = _edited_candidates(suspect, source, settings)
        found = _edited_filter(candidates, suspect, source, settings, bool(matches))
        if matches:
            # What an edited cluster adds past the exact match it overlaps (a paraphrase
            # right after a quotation) is judged on its own, by the ordinary bars, and joins
            # that match: one passage of reuse, which the judgement stage cuts at the
            # quotation marks if the writer quoted only part of it.
            a, b = suspect.content, source.content
            copies = [m for m in matches if m.score >= VERBATIM_CONTINUED]
            beyond = [q for p in candidates for q in _beyond(p, a, b, copies)]
            for q in _edited_filter(beyond, suspect, source, settings, False):
                sus_span, src_span = _char_spans(q, suspect, source, a, b)
                k = next(
                    (
                        k
                        for k, m in enumerate(matches)
                        if m.score >= VERBATIM_CONTINUED and _continues(m, sus_span, src_span)
                    ),
                    None,
                )
                if k is None or any(t.overlap(sus_span) for n, t in enumerate(taken) if n != k):
                    continue
                m = matches[k]
                matches[k] = _to_match(
                    Span(min(m.suspect.start, sus_span.start), max(m.suspect.end, sus_span.end)),
                    Span(
                        min(m.source_span.start, src_span.start),
                        max(m.source_span.end, src_span.end),
                    ),
                    suspect,
                    source,
                )
                taken[k] = matches[k].suspect
        for p in found:
            spans = _char_spans(p, suspect, source, suspect.content, source.content)
            if all(spans[0].overlap(t) == 0 for t in taken):
                matches.append(_to_match(*spans, suspect, source))
                taken.append(spans[0])
    matches = [m for m in matches if min(m.suspect.length, m.source_span.length) >= min_chars]
    for m in matches:
        m.chance = assess(
            suspect.tokens,
            suspect.stats,
            source.tokens,
            source.stats,
            (m.suspect.start, m.suspect.end),
            (m.source_span.start, m.source_span.end),
            settings.boilerplate,
        )
    text = suspect.document.match_text
    matches = [
        m
        for m in matches
        if m.chance.confidence
        >= min_confidence_for(min(m.suspect.length, m.source_span.length), settings.min_confidence)
        or quoted(text, m.suspect.start, m.suspect.end)
    ]
    matches.sort(key=lambda m: (m.suspect.start, m.source_span.start))
    return matches

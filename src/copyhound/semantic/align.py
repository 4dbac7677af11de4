"""Semantic detection: reuse that shares meaning but few words (paraphrase, summary, translation).

The stage works on sentences (``sentences.py``) and mirrors the lexical engine:

1. **Candidates.** Within one language, sentence pairs whose tf-idf cosine (``tfidf.py``)
   reaches a low bar, at most ``top_k`` per suspect sentence. Across languages there are no
   shared words, so every sentence is embedded and nearest neighbours are candidates.
2. **Seeds.** Strong tf-idf candidates are seeds as they are; weaker ones are shown to the
   model (``embed.py``) only where its answer can change the outcome: beside the copies of
   a pair lexical matches already found (``beside_copies``), and elsewhere when they could
   still become a passage (``model_questions``, ``hopeless``). Under one sentence a pair.
3. **Extension.** Seeds are boxes one sentence wide, clustered with the core's
   ``extend.extend``, kept when large enough and resolved with ``filter.resolve_overlaps``.
4. **Confirmation.** The merged passages must be alike as wholes: binary tf-idf within one
   language, or the model for passages found beside copies or with seeds in order on both
   sides (any passage at ``high``: ``model_vouches``); embedding cosine across languages.
5. **Kinds.** ``translation`` when the documents' languages differ (``language.py``),
   ``summary`` when the source side is much longer than the suspect side, else ``paraphrase``.

Lexical matches keep priority (``combine.py``). Calibration: docs/semantic.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from copyhound.extend.passages import Passage, extend
from copyhound.filter.overlaps import FilterSettings, resolve_overlaps
from copyhound.model import Match, Span
from copyhound.semantic.boundaries import best_cut, chain_passages, competitive_links
from copyhound.semantic.combine import VERBATIM_SCORE, combine
from copyhound.semantic.continuation import find_continuations, run_spans, runs
from copyhound.semantic.documents import SemanticCache, SemanticDoc
from copyhound.semantic.embed import blas_threads, embed_missing, embed_texts
from copyhound.semantic.evidence import SemanticEvidence, confidence
from copyhound.semantic.levels import SENSITIVITIES
from copyhound.semantic.margin import margin_score
from copyhound.semantic.summary import find_summaries
from copyhound.semantic.tfidf import PairTfidf, tfidf_similarity

#: Weight of the tf-idf cosine added to the embedding cosine in the model's score of a pair:
#: shared rare words (names, numbers) are evidence the model underrates.
TFIDF_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Calibrated bars of one sensitivity (chosen on pan13-dev and xl-en-es: docs/semantic.md)."""

    #: tf-idf cosine for a sentence pair to be a candidate at all.
    candidate: float
    #: Model score (embedding cosine + TFIDF_WEIGHT x tf-idf) for a seed in one language.
    seed: float
    #: tf-idf cosine that makes a candidate a seed without the model.
    lexical_seed: float
    #: tf-idf cosine of the two merged passages for a passage to be kept (same language).
    passage: float
    #: Embedding cosine for a cross-language sentence pair to be a seed.
    cross_seed: float
    #: Embedding cosine of whole passages across languages.
    cross_passage: float
    #: tf-idf cosine for a sentence pair beside a lexical match to go to the model.
    beside_candidate: float
    #: Model score (passage embedding cosine + TFIDF_WEIGHT x passage tf-idf) that confirms a
    #: passage of two or more sentence pairs found beside lexical matches, or whose
    #: model-checked seeds run in order on both sides.
    beside_passage: float
    #: Model score a same-language passage needs when tf-idf does not confirm it; None: never.
    model_passage: float | None = None
    #: tf-idf cosine for a weak candidate of a pair without lexical matches to be shown to
    #: the model at all (the best ``embed_budget`` of them are).
    question: float = 0.12
    #: Margin score (``margin.py``: passage cosine minus its neighbours' in the other
    #: document, + TFIDF_WEIGHT x passage tf-idf) that confirms a same-language passage with
    #: model-checked seeds that nothing else confirmed; None: never.
    margin: float | None = None


#: Sensitivity -> thresholds. ``normal`` keeps no-plagiarism pairs of pan13-dev under 3%.
CALIBRATION: dict[str, Thresholds] = {
    "low": Thresholds(0.30, 0.66, 0.55, 0.42, 0.60, 0.60, 0.15, 0.72, margin=0.48),
    "normal": Thresholds(0.20, 0.59, 0.50, 0.34, 0.50, 0.50, 0.10, 0.65, margin=0.42),
    "high": Thresholds(
        0.15, 0.54, 0.42, 0.30, 0.45, 0.45, 0.08, 0.59, model_passage=0.59, margin=0.36
    ),
}


@dataclass(frozen=True, slots=True)
class SemanticSettings:
    """Knobs of semantic detection; ``Settings`` of the lexical engine stay untouched."""

    enabled: bool = True
    sensitivity: str = "normal"
    #: Candidate source sentences per suspect sentence.
    top_k: int = 2
    #: Weak candidates without a neighbour that are still shown to the model, per pair (2
    #: loses a pan13-dev 03 pair: 03 check 97.2% -> 96.5%).
    embed_budget: int = 4
    #: An isolated weak candidate goes to the model only if its tf-idf is at most this much
    #: below what a passage of one sentence pair needs (``model_questions``).
    isolated_slack: float = 0.1
    #: A cluster of candidates this far below its passage bar is not shown to the model.
    hopeless_slack: float = 0.1
    #: Show the model weak candidates that have a neighbouring candidate (costly, more recall).
    embed_supported: bool = False
    #: Pairs of documents with at most this many sentences together and no lexical match
    #: are embedded whole (every sentence's nearest neighbours are candidates): a short
    #: paraphrase shares too few words for tf-idf to propose it (P4P, docs/semantic.md).
    full_embed_sentences: int = 16
    #: Lexical word similarity that makes a match a (near-)verbatim copy.
    verbatim_score: float = VERBATIM_SCORE
    #: tf-idf passage bar in a pair that holds a verbatim copy.
    copied_pair_passage: float = 0.5
    #: Extra tf-idf passage cosine a passage of one sentence pair, or of one source
    #: sentence, needs.
    single_tfidf_margin: float = 0.08
    #: tf-idf passage cosine below which the model may not vouch for a passage.
    model_passage_min_tfidf: float = 0.12
    #: Clustering gaps in sentences, widest first (summaries spread over their source).
    gaps: tuple[int, ...] = (4, 2, 1)
    min_density: float = 0.3
    #: A passage of a single seed sentence pair needs this many suspect characters.
    min_single_chars: int = 100
    filter: FilterSettings = field(default_factory=lambda: FilterSettings(min_words=1))
    #: Source side at least this many times the suspect side makes a ``summary``.
    summary_ratio: float = 2.0
    #: Suspect sentences with at least this share inside lexical matches are skipped.
    lexical_cover: float = 0.5
    #: Ask the model about any weak candidate in pairs that already hold lexical matches
    #: (not only beside the copies): wider paraphrase passages, 6x the model's work.
    model_in_lexical_pairs: bool = False
    #: Suspect sentences beside a lexical match (0: none) searched with the model, and the
    #: source sentences beside the match's source side they are compared with.
    beside: int = 1
    beside_source: int = 2
    #: Largest step between consecutive seeds of a passage in order (``in_order``).
    order_gap: int = 2
    #: Source sentences per suspect sentence beside a copy that go to the model.
    beside_top_k: int = 1
    #: Across languages: a seed pair whose source sentence another suspect sentence matches
    #: this much better is dropped (``boundaries.competitive_links``).
    link_margin: float = 0.1
    #: Across languages: an edge sentence is cut at a clause when the kept part's cosine with
    #: the other side beats the whole sentence's by this much (``boundaries.best_cut``).
    clause_gain: float = 0.03
    #: Model score (embedding cosine + TFIDF_WEIGHT x passage tf-idf) that confirms a
    #: passage tf-idf did not when it is neither beside copies nor a run in order (one
    #: sentence pair, say); None: never. Off by default: on pan13-dev's no-reuse pairs,
    #: same-topic sentence pairs reach 0.85 (docs/semantic.md, P4P).
    model_single: float | None = None
    #: Margin bar replacing the sensitivity's (``Thresholds.margin``), for experiments.
    margin_bar: float | None = None
    #: Judge passages by their margin at all (``margin_vouches``).
    use_margin: bool = True
    #: Nearest neighbours averaged, sentences around a passage searched for them, and the
    #: cosine a missing neighbour counts as (``margin.margin_score``).
    margin_k: int = 2
    margin_reach: int = 8
    margin_prior: float = 0.2
    #: Search the sentences of lexical matches shorter than ``filter.min_chars`` (fragments
    #: that would not be reported alone) as if they were not there.
    search_fragments: bool = True
    #: Sentences a seed cluster too short to report may grow by on the suspect side, each a
    #: neighbour the model pairs with a sentence at or beside the cluster's source side
    #: (``grow``); 0: none.
    grow_steps: int = 3
    #: Report sentences that continue a lexical match in other words (``continuation.py``).
    continuations: bool = True
    #: Grow by the whole passage's score (``grow_whole``) rather than by the score of the
    #: one sentence pair each step adds (``grow``).
    grow_whole: bool = True
    #: BLAS threads for the model (None: ``embed.default_threads``).
    threads: int | None = None

    def __post_init__(self) -> None:
        if self.sensitivity not in CALIBRATION:
            raise ValueError(
                f"sensitivity must be one of {', '.join(SENSITIVITIES)}, not {self.sensitivity!r}"
            )

    @property
    def thresholds(self) -> Thresholds:
        return CALIBRATION[self.sensitivity]

    @property
    def margin(self) -> float | None:
        """The margin bar in force (None: passages are not judged by their margin)."""
        if not self.use_margin:
            return None
        return self.margin_bar if self.margin_bar is not None else self.thresholds.margin


# --- candidates -------------------------------------------------------------------------


def _top_pairs(sim: np.ndarray, rows: np.ndarray, k: int, floor: float) -> np.ndarray:
    """Up to ``k`` best columns per row in ``rows`` with ``sim >= floor``, as (i, j) pairs."""
    if len(rows) == 0 or sim.shape[1] == 0:
        return np.zeros((0, 2), dtype=np.int64)
    sub = sim[rows]
    k = min(k, sub.shape[1])
    cols = np.argpartition(-sub, k - 1, axis=1)[:, :k]
    vals = np.take_along_axis(sub, cols, axis=1)
    keep = vals >= floor
    i = np.repeat(rows, k).reshape(len(rows), k)[keep]
    return np.stack([i, cols[keep]], axis=1).astype(np.int64)


# --- the stage --------------------------------------------------------------------------


def _lexical_mask(doc: SemanticDoc, lexical: list[Match], share: float) -> np.ndarray:
    """True for suspect sentences whose characters lie mostly inside lexical matches."""
    if not lexical or not len(doc):
        return np.zeros(len(doc), dtype=bool)
    starts, ends = doc.starts, doc.ends
    m_starts = np.array([m.suspect.start for m in lexical])
    m_ends = np.array([m.suspect.end for m in lexical])
    overlap = np.minimum(ends[:, None], m_ends) - np.maximum(starts[:, None], m_starts)
    inside = np.maximum(overlap, 0).sum(axis=1)
    return inside >= share * np.maximum(1, ends - starts)


def _supported(pairs: np.ndarray, gap: int) -> np.ndarray:
    """True for candidate pairs with another candidate within ``gap`` sentences on both sides."""
    if len(pairs) < 2 or len(pairs) > 4000:
        return np.zeros(len(pairs), dtype=bool)
    di = np.abs(pairs[:, None, 0] - pairs[None, :, 0]) <= gap
    dj = np.abs(pairs[:, None, 1] - pairs[None, :, 1]) <= gap
    near = di & dj
    np.fill_diagonal(near, False)
    return near.any(axis=1)


@dataclass(slots=True)
class Seeds:
    """Seed sentence pairs with their scores; ``embedded`` marks model-checked ones."""

    pairs: np.ndarray
    scores: np.ndarray
    embedded: np.ndarray
    #: Embedding cosine of each pair where the model was asked (nan elsewhere).
    cosine: np.ndarray
    #: Found beside a lexical match (``beside_copies``) with a tf-idf cosine too low alone.
    beside: np.ndarray


def _near_spans(doc: SemanticDoc, spans: list[Span], reach: int) -> np.ndarray:
    """True for sentences within ``reach`` sentences of one of ``spans`` (or inside it)."""
    near = np.zeros(len(doc), dtype=bool)
    for sp in spans:
        lo = int(np.searchsorted(doc.ends, sp.start, side="right"))
        hi = int(np.searchsorted(doc.starts, sp.end, side="left"))
        near[max(0, lo - reach) : hi + reach] = True
    return near


def beside_copies(
    sus: SemanticDoc,
    src: SemanticDoc,
    rows: np.ndarray,
    sim: np.ndarray,
    lexical: list[Match],
    s: SemanticSettings,
) -> np.ndarray:
    """Sentence pairs worth the model beside a pair's lexical matches, as (i, j) pairs.

    A writer who copies some sentences of a source often paraphrases the ones around them
    (the founding essay does). Where lexical matches prove reuse, the suspect sentences
    within ``beside`` sentences of one, paired with source sentences within ``beside`` of
    a copied source passage, are the likeliest paraphrases: they go to the model when
    their tf-idf cosine reaches ``beside_candidate``, a bar too low for a pair with no
    proven reuse. Each such suspect sentence keeps its ``beside_top_k`` best.
    """
    if not lexical or s.beside == 0 or not len(rows):
        return np.zeros((0, 2), dtype=np.int64)
    near_sus = _near_spans(sus, [m.suspect for m in lexical], s.beside)
    near_src = _near_spans(src, [m.source_span for m in lexical], s.beside_source)
    near_rows = rows[near_sus[rows]]
    if not len(near_rows) or not near_src.any():
        return np.zeros((0, 2), dtype=np.int64)
    masked = np.where(near_src[None, :], sim, -1.0)
    return _top_pairs(masked, near_rows, s.beside_top_k, s.thresholds.beside_candidate)


def hopeless(pairs: np.ndarray, tfidf: PairTfidf, s: SemanticSettings) -> np.ndarray:
    """Candidates whose passage cannot be confirmed whatever the model says (a mask).

    All candidates are clustered as if every one were a seed (the model can only remove
    seeds), at each clustering gap on its own, since a wide cluster dilutes a dense core
    that a narrow one keeps. A candidate is hopeless when every cluster it falls in stays
    more than ``hopeless_slack`` below the tf-idf passage bar that cluster would need.
    """
    hope = np.zeros(len(pairs), dtype=bool)
    if not len(pairs):
        return ~hope
    i, j = pairs[:, 0], pairs[:, 1]
    boxes = [(int(a), int(a) + 1, int(b), int(b) + 1) for a, b in pairs]
    for gap in s.gaps:
        for p in extend(boxes, (gap,), 0.0, slack=1):
            need = s.thresholds.passage + (s.single_tfidf_margin if _single(p) else 0.0)
            if tfidf.passage_cosine(p) >= need - s.hopeless_slack:
                hope |= (i >= p.i0) & (i < p.i1) & (j >= p.j0) & (j < p.j1)
    return ~hope


def model_questions(
    pairs: np.ndarray,
    tf: np.ndarray,
    strong: np.ndarray,
    s: SemanticSettings,
    lexical: bool,
    tfidf: PairTfidf | None = None,
) -> np.ndarray:
    """Which tf-idf candidates the model is asked about (a mask over ``pairs``).

    The model costs about 2 ms a sentence, more than the lexical engine spends on a whole
    pair, so it only sees what can change the outcome. A pair with lexical matches is
    already found: there the model only looks beside the copies (``beside_copies``), unless
    ``model_in_lexical_pairs``. Elsewhere a weak candidate can only become a passage with a
    neighbouring candidate (``_supported``) or alone, as one sentence pair, whose tf-idf
    must then reach the passage bar plus ``single_tfidf_margin``: one further below it
    (``isolated_slack``) is hopeless, and so is any in a cluster that tf-idf cannot confirm
    (``hopeless``). Of the rest, the ``embed_budget`` best are asked (every supported one
    too, with ``embed_supported``).
    """
    weak = ~strong
    if lexical and not s.model_in_lexical_pairs:
        return np.zeros(len(pairs), dtype=bool)
    supported = _supported(pairs, s.gaps[0])
    if s.model_single is not None or s.margin is not None:
        # The model may confirm a passage of one sentence pair on its own: any weak
        # candidate can become a passage, so none is hopeless.
        eligible = weak & (tf >= s.thresholds.question)
    else:
        alone = s.thresholds.passage + s.single_tfidf_margin - s.isolated_slack
        eligible = weak & (supported | (tf >= alone))
        if tfidf is not None and eligible.any():
            eligible &= ~hopeless(pairs, tfidf, s)
    ask = eligible & supported if s.embed_supported else np.zeros_like(weak)
    rest = np.nonzero(eligible & ~ask)[0]
    ask[rest[np.argsort(-tf[rest], kind="stable")[: s.embed_budget]]] = True
    return ask


def monolingual_seeds(
    sus: SemanticDoc,
    src: SemanticDoc,
    rows: np.ndarray,
    sim: np.ndarray,
    s: SemanticSettings,
    lexical: list[Match] | None = None,
    tfidf: PairTfidf | None = None,
) -> Seeds:
    """Seeds within one language: strong tf-idf pairs, and pairs the model vouches for.

    The model's score of a pair is its embedding cosine plus ``TFIDF_WEIGHT`` times its
    tf-idf cosine. Small pairs of documents without lexical matches
    (``full_embed_sentences``) are embedded whole and every sentence's nearest neighbours
    are candidates. Otherwise only tf-idf candidates go to the model, chosen by
    ``model_questions`` and ``beside_copies``. Seeds found beside copies are marked in
    ``Seeds.beside``.
    """
    th = s.thresholds
    lexical = lexical or []
    if not lexical and len(sus) + len(src) <= s.full_embed_sentences and len(rows):
        cos = np.full(sim.shape, -1.0, dtype=np.float32)
        embed_missing((sus.vectors, rows), (src.vectors, None))
        cos[rows] = sus.vectors.get(rows) @ src.vectors.get().T
        combined = np.where(sim >= th.lexical_seed, 2.0 + sim, cos + TFIDF_WEIGHT * sim)
        pairs = _top_pairs(combined, rows, s.top_k, th.seed)
        i, j = pairs[:, 0], pairs[:, 1]
        scores = (cos + TFIDF_WEIGHT * sim)[i, j]
        n = len(pairs)
        return Seeds(pairs, scores, np.ones(n, dtype=bool), cos[i, j], np.zeros(n, dtype=bool))
    by_model = s.model_single is not None or s.margin is not None
    floor = min(th.candidate, th.question) if by_model else th.candidate
    pairs = _top_pairs(sim, rows, s.top_k, floor)
    tf = sim[pairs[:, 0], pairs[:, 1]] if len(pairs) else np.zeros(0, np.float32)
    strong = tf >= th.lexical_seed
    ask = model_questions(pairs, tf, strong, s, bool(lexical), tfidf)
    beside = np.zeros(len(pairs), dtype=bool)
    extra = beside_copies(sus, src, rows, sim, lexical, s)
    if len(extra):
        # Candidates beside a copy are asked even when they are tf-idf candidates already.
        index = {(int(i), int(j)): k for k, (i, j) in enumerate(pairs)}
        known = [index.get((int(i), int(j)), -1) for i, j in extra]
        old = np.array([k for k in known if k >= 0], dtype=np.int64)
        ask[old] |= ~strong[old]
        beside[old] = ~strong[old]
        extra = extra[np.array(known) < 0]
        pairs = np.concatenate([pairs, extra])
        tf = np.concatenate([tf, sim[extra[:, 0], extra[:, 1]]])
        strong = np.concatenate([strong, np.zeros(len(extra), dtype=bool)])
        ask = np.concatenate([ask, np.ones(len(extra), dtype=bool)])
        beside = np.concatenate([beside, np.ones(len(extra), dtype=bool)])
    # A candidate beside a copy matters only with a neighbour that can be a seed too: alone
    # it is one sentence pair, which tf-idf alone must confirm. One below the ordinary
    # candidate bar needs another such beside it (a run of paraphrased sentences, as in the
    # founding essay); a strong tf-idf seed already makes that passage without it.
    could = strong | ask
    faint = beside & (tf < th.candidate)
    support = np.zeros(len(pairs), dtype=bool)
    support[could] = _supported(pairs[could], s.gaps[0])
    support[faint] = _supported(pairs[faint], s.gaps[0])
    ask &= ~beside | support
    scores = tf.astype(np.float32)
    cosine = np.full(len(pairs), np.nan, dtype=np.float32)
    if ask.any():
        embed_missing((sus.vectors, pairs[ask, 0]), (src.vectors, pairs[ask, 1]))
        a = sus.vectors.get(pairs[ask, 0])
        b = src.vectors.get(pairs[ask, 1])
        cosine[ask] = np.einsum("ij,ij->i", a, b)
        scores[ask] = cosine[ask] + TFIDF_WEIGHT * tf[ask]
    keep = strong | (ask & (scores >= th.seed))
    return Seeds(pairs[keep], scores[keep], ask[keep], cosine[keep], beside[keep])


def cross_language_seeds(
    sus: SemanticDoc, src: SemanticDoc, rows: np.ndarray, s: SemanticSettings
) -> Seeds:
    """Nearest source sentences of every suspect sentence in the shared embedding space."""
    if not len(rows):
        return Seeds(*(np.zeros((0, 2), np.int64),) + (np.zeros(0),) * 4)
    # Sentences inside lexical matches are embedded too: they are no seeds, but they may be
    # the better translation of a source sentence (``competitive_links``).
    embed_missing((sus.vectors, None), (src.vectors, None))
    full = sus.vectors.get() @ src.vectors.get().T
    sim = np.full_like(full, -1.0)
    sim[rows] = full[rows]
    pairs = _top_pairs(sim, rows, s.top_k, s.thresholds.cross_seed)
    pairs = pairs[competitive_links(pairs, full, s.link_margin)]
    scores = sim[pairs[:, 0], pairs[:, 1]] if len(pairs) else np.zeros(0, np.float32)
    n = len(pairs)
    return Seeds(pairs, scores, np.ones(n, dtype=bool), scores, np.zeros(n, dtype=bool))


def embedding_cosine(sus: SemanticDoc, src: SemanticDoc, p: Passage) -> float:
    """Cosine of the two passages' summed sentence vectors (the model's view of the whole)."""
    embed_missing((sus.vectors, np.arange(p.i0, p.i1)), (src.vectors, np.arange(p.j0, p.j1)))
    a = sus.vectors.get(np.arange(p.i0, p.i1)).sum(axis=0)
    b = src.vectors.get(np.arange(p.j0, p.j1)).sum(axis=0)
    denom = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / denom if denom > 0 else 0.0


def _single(p: Passage) -> bool:
    """A passage that rests on one sentence pair, or on one source sentence.

    Several suspect sentences for one source sentence is rare in reuse (the other way round
    is a summary, left alone); on pan13-dev it was a same-topic template sentence.
    """
    return p.runs == 1 or p.j1 - p.j0 == 1


def in_order(pairs: np.ndarray, gap: int) -> bool:
    """Whether model-checked seed pairs run in the same order on both sides, each within
    ``gap`` sentences of the last: the shape of reuse, which texts on one topic lack."""
    if len(pairs) < 2:
        return False
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    di, dj = np.diff(pairs[:, 0]), np.diff(pairs[:, 1])
    return bool(((di >= 1) & (di <= gap) & (dj >= 1) & (dj <= gap)).all())


def model_vouches(
    sus: SemanticDoc,
    src: SemanticDoc,
    p: Passage,
    tfidf: float,
    beside: bool,
    s: SemanticSettings,
    ordered: bool = False,
    checked: bool = False,
) -> tuple[float, bool, float] | None:
    """The model's verdict on a passage tf-idf did not confirm: (score, ok, confidence).

    None when the model may not judge it. A passage found beside lexical copies
    (``beside``) or whose model-checked seeds run in order on both sides (``ordered``,
    see ``in_order``) is judged against ``beside_passage``: on pan13-dev no
    no-plagiarism pair gave such a passage, while the one same-topic false passage the
    model scored high had its seeds out of order. Any other passage only at a sensitivity
    with a ``model_passage`` bar, and only if it shares some words
    (``model_passage_min_tfidf``).
    """
    th = s.thresholds
    if beside or ordered:
        bar, normal_bar = th.beside_passage, CALIBRATION["normal"].beside_passage
    elif th.model_passage is not None and tfidf >= s.model_passage_min_tfidf:
        bar = normal_bar = CALIBRATION["high"].model_passage
    elif s.model_single is not None and checked:
        bar = normal_bar = s.model_single
    else:
        return None
    score = embedding_cosine(sus, src, p) + TFIDF_WEIGHT * tfidf
    return score, score >= bar, confidence(score, normal_bar)


def margin_vouches(
    sus: SemanticDoc, src: SemanticDoc, p: Passage, tfidf: float, s: SemanticSettings
) -> tuple[float, bool, float] | None:
    """The margin's verdict on a passage nothing else confirmed: (score, ok, confidence).

    The score is the passage's margin over its neighbours (``margin.margin_score``) plus
    ``TFIDF_WEIGHT`` x its tf-idf cosine. The neighbours are only embedded when the plain
    cosine could reach the bar at all (the background is rarely below zero), nearest
    first, and no further than it takes to show the bar out of reach (``margin_at_most``):
    on a same-topic pair the nearest neighbours are already as close as the passage.
    """
    if s.margin is None:
        return None
    if embedding_cosine(sus, src, p) + TFIDF_WEIGHT * tfidf < s.margin:
        return None
    need = s.margin - TFIDF_WEIGHT * tfidf
    m = margin_score(sus, src, p, s.margin_k, s.margin_reach, s.margin_prior, need=need)
    if not m.complete:
        return None
    score = m.margin + TFIDF_WEIGHT * tfidf
    return score, score >= s.margin, confidence(score, s.margin)


def _long_enough(p: Passage, sus: SemanticDoc, s: SemanticSettings) -> bool:
    length = int(sus.ends[p.i1 - 1] - sus.starts[p.i0])
    return length >= s.filter.min_chars and (p.runs > 1 or length >= s.min_single_chars)


def grow(
    sus: SemanticDoc,
    src: SemanticDoc,
    p: Passage,
    searchable: np.ndarray,
    sim: np.ndarray,
    s: SemanticSettings,
) -> tuple[Passage, list[tuple[int, int, float, float]]]:
    """A seed cluster too short to report, grown by the sentences beside it that continue it.

    A paraphrase of two or three sentences often keeps the words of one (a seed) and
    rewords the others past tf-idf's reach. The suspect sentence just before or after the
    cluster is shown to the model with the source sentences of the cluster and one either
    side; the better of the two joins (with its counterpart) when its score (cosine +
    ``TFIDF_WEIGHT`` x tf-idf) reaches the ``seed`` bar, up to ``grow_steps`` times or until
    the cluster is long enough to report. Returns the passage and the added (i, j, score,
    cosine) pairs; whether it is reuse is for the passage's judgement (the margin) to say.
    """
    added: list[tuple[int, int, float, float]] = []
    for _ in range(s.grow_steps):
        if _long_enough(p, sus, s):
            break
        js = np.arange(max(0, p.j0 - 1), min(len(src), p.j1 + 1))
        sides = [i for i in (p.i0 - 1, p.i1) if 0 <= i < len(sus) and searchable[i]]
        if not sides or not len(js):
            break
        embed_missing((sus.vectors, sides), (src.vectors, js))
        best = None
        for i in sides:
            cos = src.vectors.get(js) @ sus.vectors.get([i])[0]
            scores = cos + TFIDF_WEIGHT * sim[i, js]
            k = int(np.argmax(scores))
            if scores[k] >= s.thresholds.seed and (best is None or scores[k] > best[2]):
                best = (i, int(js[k]), float(scores[k]), float(cos[k]))
        if best is None:
            break
        i, j = best[0], best[1]
        p = Passage(
            min(p.i0, i), max(p.i1, i + 1), min(p.j0, j), max(p.j1, j + 1),
            p.covered_suspect, p.covered_source, p.runs + 1,
        )  # fmt: skip
        added.append(best)
    return p, added


def grow_whole(
    sus: SemanticDoc,
    src: SemanticDoc,
    p: Passage,
    searchable: np.ndarray,
    tfidf: PairTfidf,
    sim: np.ndarray,
    s: SemanticSettings,
) -> tuple[Passage, list[tuple[int, int, float, float]]]:
    """A seed cluster too short to report, grown by whole passages (``grow`` one pair at a
    time asks each added sentence to pair with one source sentence, which misses a
    paraphrase that merges, splits or reorders sentences).

    Each step tries the suspect sentence just before or after the passage, with the source
    side as it is or one sentence longer on either end, and keeps the candidate passage
    with the best model score (passage embedding cosine + ``TFIDF_WEIGHT`` x passage
    tf-idf) when it reaches the ``seed`` bar; up to ``grow_steps`` times or until the
    passage is long enough. Whether the grown passage is reuse is for its judgement (the
    margin) to say. Returns the passage and the added (i, j, score, cosine) pairs, j the
    added sentence's best source sentence in the passage and score that pair's own model
    score (a grown pair below the ``seed`` bar is no model-checked seed: it does not make
    the passage's seeds run in order, ``in_order``).
    """
    added: list[tuple[int, int, float, float]] = []
    for _ in range(s.grow_steps):
        if _long_enough(p, sus, s):
            break
        sides = [i for i in (p.i0 - 1, p.i1) if 0 <= i < len(sus) and searchable[i]]
        if not sides:
            break
        spans = [
            (p.j0, p.j1),
            (p.j0 - 1, p.j1),
            (p.j0, p.j1 + 1),
            (p.j0 - 2, p.j1),
            (p.j0, p.j1 + 2),
        ]
        spans = [(a, b) for a, b in spans if a >= 0 and b <= len(src)]
        js = np.arange(max(0, p.j0 - 2), min(len(src), p.j1 + 2))
        embed_missing((sus.vectors, [*sides, *range(p.i0, p.i1)]), (src.vectors, js))
        best = None
        for i in sides:
            for j0, j1 in spans:
                q = Passage(
                    min(p.i0, i), max(p.i1, i + 1), j0, j1,
                    p.covered_suspect, p.covered_source, p.runs + 1,
                )  # fmt: skip
                score = embedding_cosine(sus, src, q) + TFIDF_WEIGHT * tfidf.passage_cosine(q)
                if score >= s.thresholds.seed and (best is None or score > best[1]):
                    best = (q, score, i)
        if best is None:
            break
        p, _, i = best
        js = np.arange(p.j0, p.j1)
        cos = src.vectors.get(js) @ sus.vectors.get([i])[0]
        scores = cos + TFIDF_WEIGHT * sim[i, js]
        k = int(np.argmax(scores))
        added.append((i, p.j0 + k, float(scores[k]), float(cos[k])))
    return p, added


def _passage_spans(p: Passage, sus: SemanticDoc, src: SemanticDoc) -> tuple[Span, Span]:
    return (
        Span(sus.sentences[p.i0].start, sus.sentences[p.i1 - 1].end),
        Span(src.sentences[p.j0].start, src.sentences[p.j1 - 1].end),
    )


def tighten(
    sus: SemanticDoc,
    src: SemanticDoc,
    p: Passage,
    sus_span: Span,
    src_span: Span,
    s: SemanticSettings,
) -> tuple[Span, Span]:
    """Cut each side's first and last sentence at the clause where it stops being like its
    counterpart, the sentence of the other side's passage nearest to it
    (``boundaries.best_cut``): a lead-in or a closing remark of the writer's own inside an
    edge sentence stays outside the match."""
    a = sus.vectors.get(np.arange(p.i0, p.i1))
    b = src.vectors.get(np.arange(p.j0, p.j1))

    def embed(texts: list[str]) -> np.ndarray:
        return embed_texts(texts, s.threads)

    spans = []
    for doc, span, mine, other, lo, hi in (
        (sus, sus_span, a, b, p.i0, p.i1),
        (src, src_span, b, a, p.j0, p.j1),
    ):
        text = doc.prepared.document.match_text
        start, end = span.start, span.end
        first, last = doc.sentences[lo], doc.sentences[hi - 1]
        target = other[int(np.argmax(other @ mine[0]))]
        cut = best_cut(text, first.start, first.end, target, embed, True, s.clause_gain)
        start = start if cut is None else cut
        target = other[int(np.argmax(other @ mine[-1]))]
        cut = best_cut(text, max(start, last.start), last.end, target, embed, False, s.clause_gain)
        end = end if cut is None else cut
        spans.append(Span(start, end))
    return spans[0], spans[1]


def _continuations(
    sus: SemanticDoc,
    src: SemanticDoc,
    lexical: list[Match],
    searchable: np.ndarray,
    sim: np.ndarray,
    s: SemanticSettings,
    found: list[Match],
) -> list[Match]:
    """Sentences that continue a lexical match in other words (``continuation.py``), as
    matches; sentences inside passages ``found`` already are left to those."""
    if not lexical or not s.continuations:
        return []
    free = searchable.copy()
    for m in found:
        free &= ~((sus.starts < m.suspect.end) & (sus.ends > m.suspect.start))
    fragment_chars = s.filter.min_chars if s.search_fragments else 0
    out = []
    for run in runs(find_continuations(sus, src, lexical, free, sim, s, TFIDF_WEIGHT)):
        sus_span, src_span = run_spans(run, sus, src, fragment_chars)
        score = round(min(c.margin for c in run), 4)
        out.append(
            Match(
                source=src.prepared.document.name,
                suspect=sus_span,
                source_span=src_span,
                kind="paraphrase",
                score=score,
                evidence=("semantic",),
                semantic=SemanticEvidence(
                    passage_similarity=score,
                    method="continuation",
                    seed_embedding=None,
                    seeds=len(run),
                    confidence=confidence(score, s.margin),
                    languages=(sus.language, src.language),
                ),
            )
        )
    return out


def is_cross_language(sus: SemanticDoc, src: SemanticDoc) -> bool:
    return sus.language != src.language and "und" not in (sus.language, src.language)


def semantic_align(
    sus: SemanticDoc,
    src: SemanticDoc,
    settings: SemanticSettings | None = None,
    lexical: list[Match] | None = None,
) -> list[Match]:
    """Passages of ``sus`` that reuse ``src`` in other words, as matches with evidence.

    ``lexical`` are the lexical matches of this pair: sentences they cover are not searched.
    """
    with blas_threads(1):
        return _semantic_align(sus, src, settings or SemanticSettings(), lexical or [])


def _semantic_align(
    sus: SemanticDoc, src: SemanticDoc, s: SemanticSettings, lexical: list[Match]
) -> list[Match]:
    th = s.thresholds
    if not len(sus) or not len(src):
        return []
    all_lexical = lexical
    if s.search_fragments:
        # A lexical fragment too short to be reported (a name, a phrase a paraphrase kept)
        # neither hides its sentences from the search nor marks the pair as found: the
        # paraphrase around it is what there is to find (combine.py lets it absorb them).
        lexical = [m for m in lexical if m.suspect.length >= s.filter.min_chars]
    rows = np.nonzero(~_lexical_mask(sus, lexical, s.lexical_cover))[0]
    cross = is_cross_language(sus, src)
    tfidf = None if cross else PairTfidf(sus, src)
    sim = None if cross else tfidf.similarity()
    sentence_tfidf = sim
    seeds = (
        cross_language_seeds(sus, src, rows, s)
        if cross
        else monolingual_seeds(sus, src, rows, sim, s, lexical, tfidf)
    )
    searchable = np.zeros(len(sus), dtype=bool)
    searchable[rows] = True
    if len(seeds.pairs) == 0:
        found = [] if cross else _continuations(sus, src, all_lexical, searchable, sim, s, [])
        return found + find_summaries(sus, src, tfidf, s.sensitivity, all_lexical)
    boxes = [(int(i), int(i) + 1, int(j), int(j) + 1) for i, j in seeds.pairs]
    # Across languages every sentence has been embedded, so each passage is one in-order
    # chain of sentence pairs (boundaries.py); within one language the lexical-style
    # clustering stands.
    clusters = (
        chain_passages(seeds.pairs, s.gaps[0])
        if cross
        else extend(boxes, s.gaps, s.min_density, slack=1)
    )
    # A pair a verbatim copy already explains needs clearer evidence for more reuse: its
    # other passages are usually the same topic, not reuse (pan13-dev 02 calibration).
    copied = any(m.score >= s.verbatim_score for m in lexical)
    passages = []
    grown = []
    whole_grown: set[tuple[int, int, int, int]] = set()
    for p in clusters:
        if not cross and s.grow_steps and not _long_enough(p, sus, s):
            # Whole-passage growth is the model's judgement, for clusters the model found
            # (a model-checked seed) in pairs with no lexical match; elsewhere a cluster
            # grows only by sentence pairs the model pairs on their own (``grow``).
            found_by_model = bool(
                (
                    seeds.embedded
                    & (seeds.pairs[:, 0] >= p.i0) & (seeds.pairs[:, 0] < p.i1)
                    & (seeds.pairs[:, 1] >= p.j0) & (seeds.pairs[:, 1] < p.j1)
                ).any()
            )  # fmt: skip
            if s.grow_whole and not lexical and found_by_model:
                p, added = grow_whole(sus, src, p, searchable, tfidf, sim, s)
                if added:
                    whole_grown.add((p.i0, p.i1, p.j0, p.j1))
            else:
                p, added = grow(sus, src, p, searchable, sim, s)
            grown += added
        sus_span, _ = _passage_spans(p, sus, src)
        if sus_span.length < s.filter.min_chars:
            continue
        if p.runs == 1 and sus_span.length < s.min_single_chars:
            continue
        passages.append(p)
    grown_mask = np.zeros(len(seeds.pairs), dtype=bool)
    if grown:
        # Grown sentence pairs the model pairs on their own are model-checked seeds of their
        # passages; all of them let the margin judge the passage.
        n = len(grown)
        vouched = np.array([g[2] >= th.seed for g in grown], dtype=bool)
        grown_mask = np.concatenate([grown_mask, np.ones(n, dtype=bool)])
        seeds = Seeds(
            np.concatenate([seeds.pairs, np.array([g[:2] for g in grown], dtype=np.int64)]),
            np.concatenate([seeds.scores, np.array([g[2] for g in grown], dtype=np.float32)]),
            np.concatenate([seeds.embedded, vouched]),
            np.concatenate([seeds.cosine, np.array([g[3] for g in grown], dtype=np.float32)]),
            np.concatenate([seeds.beside, np.zeros(n, dtype=bool)]),
        )
    normal = CALIBRATION["normal"]
    passage_bar = max(th.passage, s.copied_pair_passage) if copied else th.passage
    matches = []
    #: Suspect spans of passages the model grew (``grow_whole``), whatever confirmed them.
    by_model: list[Span] = []
    for p in resolve_overlaps(passages, s.filter):
        inside = (
            (seeds.pairs[:, 0] >= p.i0)
            & (seeds.pairs[:, 0] < p.i1)
            & (seeds.pairs[:, 1] >= p.j0)
            & (seeds.pairs[:, 1] < p.j1)
        )
        model = inside & seeds.embedded
        seed_embedding = round(float(seeds.cosine[model].mean()), 4) if model.any() else None
        if cross:
            method, sim = "embedding", embedding_cosine(sus, src, p)
            ok, conf = sim >= th.cross_passage, confidence(sim, normal.cross_passage)
        else:
            method, sim = "tfidf", tfidf.passage_cosine(p)
            # One sentence pair, or one source sentence, needs a clearer score than a run.
            single = s.single_tfidf_margin if _single(p) else 0.0
            ok, conf = sim >= passage_bar + single, confidence(sim, normal.passage + single)
            # At ``high`` the model may vouch for a run of sentence pairs that shares a few
            # words: same-topic text scores high with the model alone (docs/semantic.md).
            # At every sensitivity it may vouch for one found beside lexical copies, or one
            # whose model-checked seeds run in order on both sides.
            if not ok:
                one = _single(p)
                beside = not one and bool((inside & seeds.beside).any())
                ordered = not one and in_order(seeds.pairs[model], s.order_gap)
                vouched = model_vouches(sus, src, p, sim, beside, s, ordered, bool(model.any()))
                if vouched is not None:
                    method, sim, ok, conf = "embedding", *vouched
            if not ok and s.margin is not None and (model | (inside & grown_mask)).any():
                judged = margin_vouches(sus, src, p, tfidf.passage_cosine(p), s)
                if judged is not None:
                    method, sim, ok, conf = "margin", *judged
        if not ok:
            continue
        sus_span, src_span = _passage_spans(p, sus, src)
        if (p.i0, p.i1, p.j0, p.j1) in whole_grown:
            by_model.append(sus_span)
        if cross:
            sus_span, src_span = tighten(sus, src, p, sus_span, src_span, s)
            kind = "translation"
        elif src_span.length >= s.summary_ratio * sus_span.length:
            kind = "summary"
        else:
            kind = "paraphrase"
        matches.append(
            Match(
                source=src.prepared.document.name,
                suspect=sus_span,
                source_span=src_span,
                kind=kind,
                score=round(sim, 4),
                evidence=("semantic",),
                semantic=SemanticEvidence(
                    passage_similarity=round(sim, 4),
                    method=method,
                    seed_embedding=seed_embedding,
                    seeds=int(inside.sum()),
                    confidence=conf,
                    languages=(sus.language, src.language),
                ),
            )
        )
    if not cross:
        matches += _continuations(sus, src, all_lexical, searchable, sentence_tfidf, s, matches)
    # Nothing found, or only passages the model vouched for or grew: a summary may still gather the
    # source's words in one place (summary.py). Where it finds one, it aligns the reuse
    # better than the model's passage over the same suspect text (whose sentence pairs run
    # in order but cover only part of the summarised source), so it replaces that passage.
    if all(
        m.semantic.method in ("embedding", "margin", "continuation") or m.suspect in by_model
        for m in matches
    ):
        summaries = find_summaries(sus, src, tfidf, s.sensitivity, all_lexical)
        kept = [m for m in matches if not any(m.suspect.overlap(x.suspect) for x in summaries)]
        return kept + summaries
    return matches


__all__ = [
    "CALIBRATION",
    "SENSITIVITIES",
    "PairTfidf",
    "SemanticCache",
    "SemanticDoc",
    "SemanticEvidence",
    "SemanticSettings",
    "Thresholds",
    "combine",
    "semantic_align",
    "tfidf_similarity",
]

"""Source retrieval: rank a collection's documents by the fingerprints they share with a suspect.

Each shared fingerprint counts with its inverse document frequency, so a phrase found in a
handful of documents weighs far more than one found in thousands; fingerprints in more than
``max_df_share`` of the collection (boilerplate: a licence, a template, a set phrase) are ignored.
The top candidates are then aligned with the suspect by the core engine, from the text stored in
the collection, so the original files are never needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np

from copyhound.api import PairAligner
from copyhound.engine.pipeline import Prepared, Settings
from copyhound.filter.overlaps import ShadowSettings, drop_shadowed
from copyhound.index.store import Collection
from copyhound.model import Document, Match, Report
from copyhound.seed.fingerprint import POSITION_STEP, query_hashes
from copyhound.seed.ngrams import SortedHashes, ngram_seeds


@dataclass(frozen=True, slots=True)
class RetrievalSettings:
    #: Candidates aligned with the suspect besides those sharing a passage...
    top: int = 10
    #: ...which are all the candidates of the re-ranked pool sharing this many word n-grams in
    #: one place (a suspect drawing on a dozen sources gets all of them aligned).
    strong_run: int = 12
    #: Fingerprints in more than this share of the documents are boilerplate or topic
    #: phrases...
    max_df_share: float = 0.01
    #: ...unless they are in at most this many documents. Both count *estimated* documents
    #: (``estimated_df``: a winnowed index holds a phrase in only some of the documents that
    #: contain it).
    min_df_cap: int = 1000
    #: A candidate shares at least this many fingerprints with the suspect.
    min_shared: int = 2
    #: Candidates are scored on their best passage: the shared fingerprints in one cell of
    #: ``band`` alignment diagonals by ``block`` suspect words, each cell counted with its
    #: neighbours. A copied passage puts its fingerprints in one cell; a document on the same
    #: topic shares phrases at unrelated places.
    band: int = 64
    block: int = 128
    #: A cell scores its fingerprints' weight times their number to this power: several
    #: phrases in one place are a passage, one rare phrase may be chance (at 100,000
    #: documents, the source of a pan13 03 suspect was among the first 60 in 93.1% of pairs,
    #: against 92.3% at 0).
    count_power: float = 0.5
    #: Weight of a fingerprint: idf ** idf_power (above 1, rare phrases count far more).
    idf_power: float = 3.0
    #: The best this many by fingerprints are read back and re-ranked by verified n-grams.
    rerank: int = 60
    #: Beyond them, down to this place by fingerprints (0: none), documents are read back
    #: too and those with a ``strong_run`` added as candidates aligned by the lexical engine
    #: alone (a run of shared n-grams is what it finds; the semantic stage's cost per
    #: candidate is what a wider pool would otherwise cost).
    wide: int = 0
    #: Leave out matches that lie inside a longer or closer match with another candidate
    #: (``filter.drop_shadowed``): in a big collection a copied passage's phrases recur in
    #: other documents, and the reader needs the source it came from.
    drop_shadowed: bool = True
    #: With passage vectors (``index embed``), this many more candidates from the semantic
    #: route (``index.vectors``): the documents whose window is closest in meaning to one of
    #: the suspect's, among those the lexical route did not choose (0: route off).
    semantic_top: int = 0
    #: The route's query windows start every this many words (0: ``vectors.QUERY_STRIDE``)...
    route_stride: int = 0
    #: ...and hold this many (0: ``vectors.QUERY_WINDOW_WORDS``).
    route_window: int = 0

    @property
    def shadow(self) -> ShadowSettings | None:
        """What ``align_sources`` leaves out (None: nothing), per ``drop_shadowed``."""
        return ShadowSettings() if self.drop_shadowed else None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A document of the collection that may be a source, with why it was ranked there."""

    doc_id: int
    name: str
    #: Fingerprint score (idf mass in the densest window) and fingerprints shared.
    score: float
    shared: int
    #: Shared word n-grams along one alignment diagonal (the re-ranking key).
    verified: int = 0
    #: Cosine of its best window with one of the suspect's, when the semantic route
    #: proposed it (None: found by fingerprints).
    similarity: float | None = None
    #: Found beyond the re-ranked pool (``RetrievalSettings.wide``) by a strong run: aligned
    #: by the lexical engine alone.
    lexical_only: bool = False

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "score": round(self.score, 3),
            "shared": self.shared,
            "verified_ngrams": self.verified,
        }
        if self.similarity is not None:
            out["route"] = "semantic"
            out["similarity"] = round(self.similarity, 3)
        return out


def rank(
    collection: Collection,
    hashes: np.ndarray,
    positions: np.ndarray,
    settings: RetrievalSettings = RetrievalSettings(),
) -> Iterator[tuple[int, float, int]]:
    """``(doc_id, score, shared fingerprints)`` of documents sharing fingerprints, best first.

    ``hashes`` are the query's n-gram hashes and ``positions`` their token indexes in the
    query (``fingerprint.query_hashes``). A document scores by its best cell of shared
    fingerprints (``_best_cell``): reuse is a passage; a topic neighbour shares scattered
    phrases.
    """
    hashes = hashes.astype(np.uint32)
    query, inverse = np.unique(hashes, return_inverse=True)
    segments = collection.segments()
    total_docs = max(len(collection), 1)
    if len(query) == 0 or not segments:
        return iter(())
    bounds = []
    df = np.zeros(len(query), dtype=np.int64)
    for seg_hashes, _, _ in segments:
        left = np.searchsorted(seg_hashes, query, side="left")
        right = np.searchsorted(seg_hashes, query, side="right")
        bounds.append((left, right))
        df += right - left
    estimate = estimated_df(query, df, collection.settings.window)
    cap = max(settings.min_df_cap, settings.max_df_share * total_docs)
    allowed = (df > 0) & (estimate <= cap)
    weight = np.zeros(len(query))
    weight[allowed] = np.log1p(total_docs / estimate[allowed]) ** settings.idf_power
    hit_query, hit_docs, hit_pos = [], [], []
    for (_, seg_docs, seg_pos), (left, right) in zip(segments, bounds, strict=True):
        counts = np.where(allowed, right - left, 0)
        n = int(counts.sum())
        if n == 0:
            continue
        at = np.repeat(left, counts) + _within(counts)
        hit_docs.append(seg_docs[at])
        hit_pos.append(seg_pos[at])
        hit_query.append(np.repeat(np.arange(len(query)), counts))
    if not hit_docs:
        return iter(())
    q = np.concatenate(hit_query)
    docs, doc_of_hit = np.unique(np.concatenate(hit_docs), return_inverse=True)
    shared = np.bincount(doc_of_hit)
    source_pos = np.concatenate(hit_pos).astype(np.int64) * POSITION_STEP
    # Most documents share one fingerprint by chance: left out before the costly part.
    enough = shared[doc_of_hit] >= settings.min_shared
    if not enough.any():
        return iter(())
    q, doc_of_hit, source_pos = q[enough], doc_of_hit[enough], source_pos[enough]
    scores = _best_cell(q, doc_of_hit, len(docs), source_pos, weight, inverse, positions, settings)
    keep = np.nonzero(shared >= settings.min_shared)[0]
    order = keep[np.lexsort((docs[keep], -scores[keep]))]
    # Lazily: the caller reads the first few dozen of what can be 100,000 documents.
    return ((int(docs[k]), float(scores[k]), int(shared[k])) for k in order)


def _within(counts: np.ndarray) -> np.ndarray:
    """0, 1, ... counts[k]-1 for each k, concatenated."""
    return np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)


#: Selection rates below this are not trusted: next to phrases of function words only (never
#: chosen), a phrase is chosen whatever its hash.
MIN_SELECTION_RATE = 0.01


def estimated_df(hashes: np.ndarray, df: np.ndarray, window: int) -> np.ndarray:
    """How many documents hold each fingerprint's phrase, from ``df``, how many chose it.

    Winnowing keeps a phrase where its hash is the least of some window, so a phrase with a
    high hash is chosen in few of the documents that contain it, and its bare ``df`` would make
    a common phrase look rare. With independent neighbours, a phrase whose 32-bit hash is the
    share ``h`` of the range is chosen at the rate ``(1 - h)**(w - 1) * (1 + (w - 1) * h)``
    (the run of higher hashes around it spans a window; averaged over ``h``, ``2 / (w + 1)``).
    """
    h = hashes.astype(np.float64) / 2.0**32
    rate = (1.0 - h) ** (window - 1) * (1.0 + (window - 1) * h)
    return df / np.maximum(rate, MIN_SELECTION_RATE)


def _best_cell(
    q: np.ndarray,
    doc_of_hit: np.ndarray,
    n_docs: int,
    source_pos: np.ndarray,
    weight: np.ndarray,
    inverse: np.ndarray,
    positions: np.ndarray,
    settings: RetrievalSettings,
) -> np.ndarray:
    """Per document (``n_docs``), the score of its best cell of shared fingerprints (one
    passage).

    A hit is a fingerprint at suspect word ``i`` and source word ``j``; a copied passage puts
    its hits on one diagonal ``i - j`` (give or take its edits) and in one stretch of the
    suspect: cells of ``band`` diagonals by ``block`` suspect words, each counted with its
    three neighbours, catch them. A cell scores ``weight * count ** count_power``; a phrase
    the suspect repeats ``r`` times counts ``1/r`` at each place.
    """
    by_query = np.argsort(inverse, kind="stable")
    first_pos = np.searchsorted(inverse[by_query], np.arange(len(weight)), side="left")
    n_pos = np.bincount(inverse, minlength=len(weight))
    reps = n_pos[q]
    doc = np.repeat(doc_of_hit, reps).astype(np.int64)
    share = np.repeat(1.0 / reps, reps)
    w = np.repeat(weight[q], reps) * share
    sus = positions[by_query][np.repeat(first_pos[q], reps) + _within(reps)].astype(np.int64)
    cells, n_cells = _cells_with_neighbours(
        sus - np.repeat(source_pos, reps), sus, settings.band, settings.block
    )
    keys = np.tile(doc, 4) * n_cells + cells
    unique_keys, key_of = np.unique(keys, return_inverse=True)
    sums = np.bincount(key_of, weights=np.tile(w, 4))
    counts = np.bincount(key_of, weights=np.tile(share, 4))
    best = np.zeros(n_docs)
    np.maximum.at(best, unique_keys // n_cells, sums * counts**settings.count_power)
    return best


def _cells_with_neighbours(
    diagonals: np.ndarray, positions: np.ndarray, band: int, block: int
) -> tuple[np.ndarray, int]:
    """For hits on alignment ``diagonals`` at suspect ``positions``: the id of each hit's cell
    of ``band`` diagonals by ``block`` positions, then of its three neighbours (next block,
    next band, both), so that a passage astride a cell border still falls in one cell (four
    ids per hit, in that order); and how many ids there can be."""
    bands = diagonals // band
    bands -= bands.min()
    blocks = positions // block
    block_stride = int(blocks.max()) + 2
    cells = bands * block_stride + blocks
    shifted = np.concatenate([cells, cells + 1, cells + block_stride, cells + block_stride + 1])
    return shifted, (int(bands.max()) + 2) * block_stride


def find_candidates(
    collection: Collection,
    document: Document,
    settings: RetrievalSettings = RetrievalSettings(),
    prepared: Prepared | None = None,
) -> list[Candidate]:
    """The documents of the collection that share a passage with ``document``
    (``strong_run``), plus the ``settings.top`` others most likely to be its sources.

    Two stages: the ``settings.rerank`` best documents by shared fingerprints are read back
    and re-ranked by their longest run of shared word n-grams along one alignment diagonal
    (a copied passage keeps its words in order; a document on the same topic shares phrases
    in any order). The document itself, when stored in the collection, is not its own
    candidate.
    """
    return [c for c, _ in ranked_sources(collection, document, settings, prepared)]


def ranked_sources(
    collection: Collection,
    document: Document,
    settings: RetrievalSettings,
    prepared: Prepared | None = None,
) -> list[tuple[Candidate, Prepared]]:
    """``find_candidates`` with each candidate's stored document, tokenized, ready to align."""
    prepared = prepared or Prepared.of(document)
    hashes, positions = query_hashes(prepared.tokens, collection.settings)
    grams = SortedHashes.of_ngrams(prepared.tokens, collection.settings.ngram)
    pool: list[tuple[Candidate, Prepared]] = []
    for doc_id, score, shared in rank(collection, hashes, positions, settings):
        stored = collection.document(doc_id)
        if stored is None:  # removed since the segment was written
            continue
        if stored.text == document.text:  # the suspect itself, stored earlier
            continue
        pool.append(verify(grams, doc_id, stored, score, shared, collection.settings.ngram))
        if len(pool) >= max(settings.rerank, settings.top, settings.wide):
            break
    head = max(settings.rerank, settings.top)
    beyond = [
        (replace(c, lexical_only=True), p)
        for c, p in pool[head:]
        if c.verified >= settings.strong_run
    ]
    return select(pool[:head], settings) + beyond


def verify(
    grams: SortedHashes, doc_id: int, stored: Document, score: float, shared: int, n: int
) -> tuple[Candidate, Prepared]:
    """A candidate of the pool, tokenized, with its verified n-grams (``diagonal_run``
    against the suspect's ``grams``); the Spark job re-ranks with this too."""
    source = Prepared.of(stored)
    verified = diagonal_run(grams, source, n)
    return Candidate(doc_id, stored.name, score, shared, verified), source


T = TypeVar("T")


def select(
    pool: list[tuple[Candidate, T]], settings: RetrievalSettings
) -> list[tuple[Candidate, T]]:
    """The re-ranked pool's candidates to align, in order (the Spark job selects with this too).

    Every candidate with a ``strong_run`` (it shares a passage: a suspect drawing on a dozen
    sources gets all of them), and ``top`` more, taken in turn from two orders: most
    verified n-grams (a copied passage keeps long runs of words), then fingerprint score (an
    obfuscated one keeps its scattered fingerprints in one place but few n-grams in a row, so
    it ranks low by runs). Among 100,000 documents, the source of pan13's 03 pairs was
    reported in 85.8% of them with all ``top`` slots taken by runs, 88.7% in turn. With the
    strong candidates taking ``top`` slots, a suspect with many sources left its obfuscated
    ones out: 89.1%, against 92.3% with them besides. All are listed in turn from the two
    orders.
    """
    by_run = sorted(pool, key=lambda cp: (-cp[0].verified, -cp[0].score, cp[0].doc_id))
    by_score = sorted(pool, key=lambda cp: (-cp[0].score, cp[0].doc_id))
    strong = {cp[0].doc_id for cp in pool if cp[0].verified >= settings.strong_run}
    others = [cp for cp in _in_turn(by_run, by_score) if cp[0].doc_id not in strong]
    chosen = strong | {cp[0].doc_id for cp in others[: settings.top]}
    return [cp for cp in _in_turn(by_run, by_score) if cp[0].doc_id in chosen]


def _in_turn(
    first: list[tuple[Candidate, T]], second: list[tuple[Candidate, T]]
) -> list[tuple[Candidate, T]]:
    """The candidates taken in turn from two orders of them, each once."""
    out: list[tuple[Candidate, T]] = []
    seen: set[int] = set()
    for pair in zip(first, second, strict=True):
        for cp in pair:
            if cp[0].doc_id not in seen:
                out.append(cp)
                seen.add(cp[0].doc_id)
    return out


def diagonal_run(
    suspect: Prepared | SortedHashes,
    source: Prepared,
    n: int,
    band: int = 32,
    block: int = 256,
) -> int:
    """Most shared n-grams of the two documents in one place of one diagonal (one passage):
    cells of ``band`` diagonals by ``block`` suspect words, each counted with its neighbours.
    (Whole diagonals of long documents collect chance matches of common phrases.)

    ``suspect`` may be its ``SortedHashes.of_ngrams(tokens, n)``, made once for all candidates.
    """
    if isinstance(suspect, Prepared):
        suspect = SortedHashes.of_ngrams(suspect.tokens, n)
    j, i = ngram_seeds(source.tokens, suspect, n)
    if len(i) == 0:
        return 0
    cells, _ = _cells_with_neighbours(i - j, i, band, block)
    _, counts = np.unique(cells, return_counts=True)
    return int(counts.max())


@dataclass(slots=True)
class IndexedCheck:
    """A report plus the candidates retrieval proposed, in rank order."""

    report: Report
    candidates: list[Candidate]
    #: Matches left out as lying inside a longer or closer match with another source.
    matches_left_out: int = 0
    #: With the semantic route: documents of the collection it could not search (no passage
    #: vectors yet: ``copyhound index embed``).
    vectors_missing: int = 0


def check_against_collection(
    suspect: Document,
    collection: Collection,
    sources: Iterable[Document] = (),
    settings: Settings | None = None,
    retrieval: RetrievalSettings = RetrievalSettings(),
    aligner: Callable[[Prepared, Prepared], list[Match]] | None = None,
) -> IndexedCheck:
    """Align ``suspect`` with its top candidates from ``collection`` plus any given ``sources``.

    ``aligner`` aligns one pair (default: the lexical engine with ``settings``; an
    ``api.PairAligner`` adds semantic detection). Candidates are listed in the order retrieval
    ranked them; the report's sources too.
    """
    aligner = aligner or PairAligner(settings or Settings())
    prepared = Prepared.of(suspect)
    pool = ranked_sources(collection, suspect, retrieval, prepared)
    taken = {c.name for c, _ in pool}
    extra = [Prepared.of(d) for d in sources if d.name not in taken]
    sources_in_order = [*(s for _, s in pool), *extra]
    # Candidates of the wide pool are aligned by the lexical engine alone.
    only = {c.name for c, _ in pool if c.lexical_only}
    lexical = (
        PairAligner(aligner.settings) if only and isinstance(aligner, PairAligner) else aligner
    )

    def align_one(suspect: Prepared, source: Prepared) -> list[Match]:
        return (lexical if source.document.name in only else aligner)(suspect, source)

    if not retrieval.semantic_top:
        report, left_out = align_sources(prepared, sources_in_order, align_one, retrieval.shadow)
        return IndexedCheck(report, [c for c, _ in pool], left_out)
    # The semantic route searches for what the lexical candidates left unexplained: the
    # suspect's windows mostly inside passages already found are not embedded (its main
    # cost), and its candidates are aligned after the lexical ones.
    found = [m for source in sources_in_order for m in align_one(prepared, source)]
    route = semantic_sources(
        collection, prepared, retrieval, {c.doc_id for c, _ in pool}, covered=found
    )
    for _, source in route:
        found.extend(aligner(prepared, source))
    report, left_out = report_of(
        prepared, [*sources_in_order, *(s for _, s in route)], found, retrieval.shadow
    )
    # Listed: the candidates a passage was aligned with first, each group in rank order. The
    # route's come after every lexical candidate, and a lexical candidate that shares a stray
    # phrase but no passage is no evidence (at 1,000 distractors, the Spanish source of an
    # English passage came first for 52% of xl-en-es, 100% so; pan13 04 top 5* 88.4 -> 96.5%).
    with_passage = {m.source for m in report.matches}
    ranked = [c for c, _ in pool] + [c for c, _ in route]
    candidates = [c for c in ranked if c.name in with_passage]
    candidates += [c for c in ranked if c.name not in with_passage]
    return IndexedCheck(report, candidates, left_out, collection.vector_coverage().missing)


def _explained(matches: list[Match]) -> list[tuple[int, int]]:
    return [(m.suspect.start, m.suspect.end) for m in matches]


def semantic_sources(
    collection: Collection,
    suspect: Prepared,
    settings: RetrievalSettings,
    taken: set[int],
    covered: list[Match] = (),  # type: ignore[assignment]
) -> list[tuple[Candidate, Prepared]]:
    """Up to ``settings.semantic_top`` candidates of the semantic route (documents whose
    stored window is closest in meaning to one of the suspect's windows, those mostly
    inside the ``covered`` matches left out), leaving out ``taken`` (the lexical candidates)
    and the suspect itself."""
    from copyhound.index.vectors import QUERY_STRIDE, QUERY_WINDOW_WORDS, query_vectors, search

    vectors, spans = query_vectors(
        suspect.document,
        stride=settings.route_stride or QUERY_STRIDE,
        skip=_explained(covered),
        words=settings.route_window or QUERY_WINDOW_WORDS,
    )
    grams = SortedHashes.of_ngrams(suspect.tokens, collection.settings.ngram)
    out: list[tuple[Candidate, Prepared]] = []
    hits = search(collection.conn, vectors, spans, settings.semantic_top + 2, exclude=taken)
    for hit in hits:
        stored = collection.document(hit.doc_id)
        if stored is None or stored.text == suspect.document.text:
            continue
        cand, source = verify(grams, hit.doc_id, stored, 0.0, 0, collection.settings.ngram)
        out.append((replace(cand, similarity=hit.similarity), source))
        if len(out) >= settings.semantic_top:
            break
    return out


def align_sources(
    suspect: Prepared,
    sources: list[Prepared],
    aligner: Callable[[Prepared, Prepared], list[Match]],
    shadow: ShadowSettings | None = None,
) -> tuple[Report, int]:
    """The report of ``suspect`` against ``sources``, each aligned in the order given (the
    order the report lists them in; the Spark job builds its reports with this too), and how
    many matches were left out: with ``shadow``, those a longer one with another source
    explains."""
    found = []
    for source in sources:
        found.extend(aligner(suspect, source))
    return report_of(suspect, sources, found, shadow)


def report_of(
    suspect: Prepared,
    sources: list[Prepared],
    found: list[Match],
    shadow: ShadowSettings | None = None,
) -> tuple[Report, int]:
    """``align_sources`` once the pairs are aligned (``found``: their matches)."""
    matches = drop_shadowed(found, shadow) if shadow is not None else found
    matches.sort(key=lambda m: (m.suspect.start, m.source))
    docs = [s.document for s in sources]
    report = Report(suspect.document, docs, matches, considered=[d.name for d in docs])
    return report, len(found) - len(matches)

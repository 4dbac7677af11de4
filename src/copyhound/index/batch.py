"""Batch (collusion) mode: compare every submission with every other, through fingerprints.

Comparing all pairs of 500 submissions is 124,750 alignments; almost all of them share nothing.
Instead the submissions' winnowed fingerprints are pooled in memory, pairs that share enough
fingerprints unlikely to be shared by chance become candidates (``candidate_pairs``: a
fingerprint most of the class holds, such as the assignment text, weighs almost nothing), and
only those are aligned by the core engine. With a collection, each submission is
also checked against its top candidates there, and a collection source shared by several
submissions joins them in one cluster.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from copyhound.engine.pipeline import Prepared, Settings, align
from copyhound.index.retrieve import RetrievalSettings, ranked_sources
from copyhound.index.store import Collection
from copyhound.model import Document, Match, Span, union_length
from copyhound.seed.fingerprint import FingerprintSettings, fingerprints

#: Classes up to this size count pairs in an n x n table; larger ones sort the pairs instead.
DENSE_PAIRS_UP_TO = 1500


@dataclass(frozen=True, slots=True)
class BatchSettings:
    #: A pair is aligned when it shares at least this many fingerprints, weighing together at
    #: least as much as this many fingerprints that only the two of them hold
    #: (``candidate_pairs``).
    min_shared: int = 3
    #: Collection candidates aligned with each submission (when a collection is given).
    collection_top: int = 5
    #: Pairs join a cluster when at least this share of their texts is shared (a stray
    #: common phrase between two essays should not chain a whole class into one cluster).
    cluster_min_similarity: float = 0.03


@dataclass(slots=True)
class PairResult:
    """Reuse between two documents: ``a`` is a submission, ``b`` a submission or a source.

    Every measure is in words, the unit of ``check``'s headline (``report.verdicts``):
    ``words_a`` and ``words_b`` are the words of each side inside shared passages (overlaps
    counted once), ``share_a`` and ``share_b`` their shares of each text's words, and
    ``similarity`` the share of both texts' words together.
    """

    a: str
    b: str
    matches: list[Match]
    share_a: float
    share_b: float
    similarity: float
    shared_fingerprints: int
    b_in_collection: bool = False
    words_a: int = 0
    words_b: int = 0


@dataclass(slots=True)
class BatchResult:
    submissions: list[Document]
    #: Collection documents that share passages with a submission.
    sources: list[Document]
    #: Pairs with at least one passage, most similar first.
    pairs: list[PairResult]
    #: Symmetric similarity between submissions (index order of ``submissions``).
    matrix: np.ndarray
    #: Groups of documents joined by shared passages, largest first (names).
    clusters: list[list[str]]
    #: Number of pairs aligned (the rest were ruled out by their fingerprints).
    aligned_pairs: int = 0
    names_in_collection: set[str] = field(default_factory=set)
    #: Files of the class that could not be read: "path: reason" each (set by the caller).
    skipped: list[str] = field(default_factory=list)
    #: Words of each document (submissions and sources), the denominators of the shares.
    words: dict[str, int] = field(default_factory=dict)

    def document(self, name: str) -> Document:
        for doc in (*self.submissions, *self.sources):
            if doc.name == name:
                return doc
        raise KeyError(name)


def reused_words(prepared: Prepared, spans: list[Span]) -> int:
    """Words of ``prepared`` inside at least one span (overlaps counted once): a word counts
    when it lies wholly inside a span, as in ``check``'s headline (``judge.misquote``)."""
    tokens = prepared.tokens
    lo = np.searchsorted(tokens.starts, [s.start for s in spans], side="left")
    hi = np.searchsorted(tokens.ends, [s.end for s in spans], side="right")
    return union_length(zip(lo.tolist(), np.maximum(lo, hi).tolist(), strict=True))


def pair_result(
    a: Prepared, b: Prepared, matches: list[Match], shared: int, in_collection: bool = False
) -> PairResult:
    """Shares of each side's words inside the passages; similarity is the share of both
    texts' words (the headline unit of ``check``, so a pair reads like a check's figure)."""
    words_a = reused_words(a, [m.suspect for m in matches])
    words_b = reused_words(b, [m.source_span for m in matches])
    size_a, size_b = max(len(a.tokens), 1), max(len(b.tokens), 1)
    return PairResult(
        a=a.document.name,
        b=b.document.name,
        matches=matches,
        share_a=round(words_a / size_a, 4),
        share_b=round(words_b / size_b, 4),
        similarity=round((words_a + words_b) / (size_a + size_b), 4),
        shared_fingerprints=shared,
        b_in_collection=in_collection,
        words_a=words_a,
        words_b=words_b,
    )


def candidate_pairs(
    fps: list[np.ndarray], settings: BatchSettings = BatchSettings()
) -> dict[tuple[int, int], int]:
    """``{(i, j): shared fingerprints}`` for ``i < j`` whose sharing is unlikely by chance.

    Each shared fingerprint counts by how rare it is in the class: a fingerprint in ``df`` of
    ``n`` submissions weighs ``log((n + 1) / df)``, its self-information. A pair is a candidate
    when it shares at least ``min_shared`` fingerprints and their weight is at least that of
    ``min_shared`` fingerprints only the two of them share. So an assignment text that every
    submission quotes adds almost nothing to any pair, while submissions copied from one
    another share so many fingerprints that they stand out however many of them there are
    (six identical essays, or the whole class handing in one text). Dropping fingerprints by how
    many submissions hold them, as before, hid exactly the largest groups of copies.
    """
    n = len(fps)
    if n < 2:
        return {}
    hashes = np.concatenate(fps).astype(np.uint64)
    owners = np.concatenate([np.full(len(f), i, dtype=np.int64) for i, f in enumerate(fps)])
    order = np.lexsort((owners, hashes))
    hashes, owners = hashes[order], owners[order]
    keep = np.ones(len(hashes), dtype=bool)
    keep[1:] = (hashes[1:] != hashes[:-1]) | (owners[1:] != owners[:-1])  # once per owner
    hashes, owners = hashes[keep], owners[keep]
    if len(hashes) == 0:
        return {}
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    counts = np.diff(np.r_[starts, len(hashes)])
    dense = n <= DENSE_PAIRS_UP_TO  # count straight into an n x n table
    shared = np.zeros(n * n if dense else 0, dtype=np.int64)
    evidence = np.zeros(n * n if dense else 0)
    sparse_codes, sparse_weights = [], []
    for k in np.unique(counts[counts >= 2]).tolist():
        group_starts = starts[counts == k]
        rows, cols = np.triu_indices(k, 1)
        weight = np.log((n + 1) / k)
        step = max(1, 4_000_000 // len(rows))  # bounded memory for large groups
        for c in range(0, len(group_starts), step):
            members = owners[group_starts[c : c + step, None] + np.arange(k)]
            codes = (members[:, rows] * n + members[:, cols]).ravel()
            if dense:
                counted = np.bincount(codes, minlength=n * n)
                shared += counted
                evidence += weight * counted
            else:
                sparse_codes.append(codes)
                sparse_weights.append(np.full(len(codes), weight))
    if dense:
        codes = np.arange(n * n)
    elif sparse_codes:
        codes, inverse = np.unique(np.concatenate(sparse_codes), return_inverse=True)
        shared = np.bincount(inverse)
        evidence = np.bincount(inverse, np.concatenate(sparse_weights))
    else:
        return {}
    bar = settings.min_shared * np.log((n + 1) / 2)
    found = np.flatnonzero((shared >= settings.min_shared) & (evidence >= bar - 1e-9))
    return {(int(codes[c] // n), int(codes[c] % n)): int(shared[c]) for c in found}


def compare_batch(
    submissions: list[Document],
    collection: Collection | None = None,
    settings: Settings | None = None,
    batch: BatchSettings = BatchSettings(),
    progress: Callable[[str, int, int], None] | None = None,
) -> BatchResult:
    """Every passage shared between two submissions (and with the collection, if given)."""
    settings = settings or Settings()
    names = [d.name for d in submissions]
    if len(set(names)) != len(names):
        raise ValueError("submission names must be unique")
    fp_settings = collection.settings if collection else FingerprintSettings()
    prepared: list[Prepared] = []
    fps = []
    for k, doc in enumerate(submissions, 1):
        prepared.append(Prepared.of(doc))
        fps.append(fingerprints(prepared[-1].tokens, fp_settings))
        if progress:
            progress("fingerprinting", k, len(submissions))
    pairs = candidate_pairs(fps, batch)
    results: list[PairResult] = []
    n = len(submissions)
    matrix = np.zeros((n, n))
    for done, ((i, j), shared) in enumerate(sorted(pairs.items()), 1):
        matches = align(prepared[i], prepared[j], settings)
        if matches:
            res = pair_result(prepared[i], prepared[j], matches, shared)
            results.append(res)
            matrix[i, j] = matrix[j, i] = res.similarity
        if progress:
            progress("pairs", done, len(pairs))
    sources: dict[int, Document] = {}
    source_words: dict[str, int] = {}
    if collection is not None:
        retrieval = RetrievalSettings(top=batch.collection_top, rerank=2 * batch.collection_top)
        for k, doc in enumerate(submissions):
            for cand, source in ranked_sources(collection, doc, retrieval, prepared[k]):
                if cand.name in names:
                    continue  # a submission stored in the collection too
                matches = align(prepared[k], source, settings)
                if matches:
                    sources[cand.doc_id] = source.document
                    source_words[source.document.name] = len(source.tokens)
                    results.append(pair_result(prepared[k], source, matches, cand.shared, True))
            if progress:
                progress("collection", k + 1, n)
    results.sort(key=lambda r: (-r.similarity, r.a, r.b))
    used = {r.b for r in results if r.b_in_collection}
    source_docs = list(sources.values())
    words = {p.document.name: len(p.tokens) for p in prepared}
    words.update(source_words)
    return BatchResult(
        submissions=submissions,
        sources=source_docs,
        pairs=results,
        matrix=matrix,
        clusters=clusters(
            [(r.a, r.b) for r in results if r.similarity >= batch.cluster_min_similarity]
        ),
        aligned_pairs=len(pairs),
        names_in_collection=used,
        words=words,
    )


def clusters(edges: list[tuple[str, str]]) -> list[list[str]]:
    """Connected components of the graph of pairs sharing passages, largest first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in parent:
        groups[find(x)].append(x)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g))

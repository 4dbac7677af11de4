"""Source retrieval: rank a collection's documents by the fingerprints they share with a suspect.

Each shared fingerprint counts with its inverse document frequency, so a phrase found in a
handful of documents weighs far more than one found in thousands; fingerprints in more than
``max_df_share`` of the collection (boilerplate: a licence, a template, a set phrase) are ignored.
The top candidates are then aligned with the suspect by the core engine, from the text stored in
the collection, so the original files are never needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..api import compare
from ..engine import Settings
from ..fingerprint import fingerprints
from ..model import Document, Report
from ..normalise import tokenize
from .store import Collection


@dataclass(frozen=True, slots=True)
class RetrievalSettings:
    #: Candidates aligned with the suspect.
    top: int = 10
    #: Fingerprints in more than this share of the documents are boilerplate...
    max_df_share: float = 0.01
    #: ...unless they are in at most this many documents.
    min_df_cap: int = 50
    #: A candidate shares at least this many fingerprints with the suspect.
    min_shared: int = 2


@dataclass(frozen=True, slots=True)
class Candidate:
    """A document of the collection that may be a source, with why it was ranked there."""

    doc_id: int
    name: str
    score: float
    shared: int

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "score": round(self.score, 3), "shared": self.shared}


def rank(
    collection: Collection, hashes: np.ndarray, settings: RetrievalSettings = RetrievalSettings()
) -> list[tuple[int, float, int]]:
    """``(doc_id, score, shared fingerprints)`` of documents sharing fingerprints, best first."""
    query = np.unique(hashes.astype(np.uint32))
    segments = collection.segments()
    total_docs = max(len(collection), 1)
    if len(query) == 0 or not segments:
        return []
    bounds = []
    df = np.zeros(len(query), dtype=np.int64)
    for seg_hashes, _ in segments:
        left = np.searchsorted(seg_hashes, query, side="left")
        right = np.searchsorted(seg_hashes, query, side="right")
        bounds.append((left, right))
        df += right - left
    cap = max(settings.min_df_cap, settings.max_df_share * total_docs)
    allowed = (df > 0) & (df <= cap)
    weight = np.zeros(len(query))
    weight[allowed] = np.log1p(total_docs / df[allowed])
    hit_docs, hit_weights = [], []
    for (_, seg_docs), (left, right) in zip(segments, bounds, strict=True):
        counts = np.where(allowed, right - left, 0)
        n = int(counts.sum())
        if n == 0:
            continue
        first = np.repeat(left, counts)
        within = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts)
        hit_docs.append(seg_docs[first + within])
        hit_weights.append(np.repeat(weight, counts))
    if not hit_docs:
        return []
    docs, inverse = np.unique(np.concatenate(hit_docs), return_inverse=True)
    scores = np.bincount(inverse, weights=np.concatenate(hit_weights))
    shared = np.bincount(inverse)
    keep = np.nonzero(shared >= settings.min_shared)[0]
    order = keep[np.lexsort((docs[keep], -scores[keep]))]
    return [(int(docs[k]), float(scores[k]), int(shared[k])) for k in order]


def find_candidates(
    collection: Collection,
    document: Document,
    settings: RetrievalSettings = RetrievalSettings(),
) -> list[Candidate]:
    """The ``settings.top`` documents of the collection most likely to be sources of ``document``.

    The document itself, when stored in the collection, is not its own candidate.
    """
    hashes = fingerprints(tokenize(document.match_text), collection.settings)
    out: list[Candidate] = []
    for doc_id, score, shared in rank(collection, hashes, settings):
        row = collection.conn.execute(
            "SELECT name, chars FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:  # removed since the segment was written
            continue
        if row[0] == document.name and row[1] == len(document.text):
            continue
        out.append(Candidate(doc_id, row[0], score, shared))
        if len(out) >= settings.top:
            break
    return out


@dataclass(slots=True)
class IndexedCheck:
    """A report plus the candidates retrieval proposed, in rank order."""

    report: Report
    candidates: list[Candidate]


def check_against_collection(
    suspect: Document,
    collection: Collection,
    sources: Iterable[Document] = (),
    settings: Settings | None = None,
    retrieval: RetrievalSettings = RetrievalSettings(),
) -> IndexedCheck:
    """Align ``suspect`` with its top candidates from ``collection`` plus any given ``sources``.

    A candidate whose text is the suspect's own (the suspect was added earlier) is skipped.
    """
    candidates = []
    docs: list[Document] = []
    for cand in find_candidates(collection, suspect, retrieval):
        doc = collection.document(cand.doc_id)
        if doc is None or doc.text == suspect.text:
            continue
        candidates.append(cand)
        docs.append(doc)
    taken = {d.name for d in docs}
    docs.extend(d for d in sources if d.name not in taken)
    report = compare(suspect, docs, settings)
    return IndexedCheck(report, candidates)

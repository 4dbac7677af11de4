"""The semantic route on the executors: the library's own windows, model, projection and
exact int8 scoring over pandas frames (no Spark import, as in ``tasks``).

- ``embed_rows``: documents in, their stored windows out (``index embed``'s rows: the same
  windows, model, projection and int8 quantisation), to build ``vectors.parquet`` in parallel.
- ``first_pass``: one suspect and its lexical candidates in; their alignments (kept, pickled,
  for the report) and the suspect's query windows not already explained by them, embedded
  and projected, out (``retrieve.check_against_collection`` does the same before its route).
- ``hub_scan``: a partition of the collection's windows against every query window: each
  query window's ``ann.HUB_NEIGHBOURS`` highest cosines, merged on the driver into its hub
  score (``ann.hub_of``, CSLS) as the library's ``vectors.search`` computes it.
- ``scan``: a partition of the collection's windows against every suspect's query windows
  (broadcast): per suspect, the documents whose best window is closest, exact cosine less
  the query window's hub score, as the library ranks them.
- ``route_report_lines``: one suspect, its lexical candidates and the route's proposals in;
  the route's candidates verified, aligned, merged and judged as ``check --index --semantic``
  does; one JSON line out.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from copyhound.api import PairAligner
from copyhound.engine.pipeline import Prepared
from copyhound.index.retrieve import Candidate, report_of, verify
from copyhound.index.vectors import Projection, quantise
from copyhound.judge.verdict import judge_report
from copyhound.seed.ngrams import SortedHashes
from copyhound.spark.tasks import REPORT_COLUMNS, JobSettings, document_of, report_frame

VECTOR_SCHEMA = "doc_id long, window int, start long, end long, scale float, vector binary"
RAW_SCHEMA = "doc_id long, window int, vector binary"
FIRST_SCHEMA = (
    "sid long, found binary, taken array<long>, qstarts array<long>, qends array<long>, "
    "qvecs binary"
)
HIT_SCHEMA = "sid long, doc_id long, score double, similarity double, qstart long, qend long"
HUB_SCHEMA = "qrow long, top array<float>"
#: Stored windows scored at a time (memory: this many times the query windows, float32).
SCAN_ROWS = 4096


def embed_rows(
    projection: Projection | None,
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """For ``mapInPandas`` over ``(doc_id, text)``: each document's windows as stored by
    ``index embed`` (``vectors._embed_job`` then ``vectors._row``), one row per window;
    ``projection`` None: the raw float32 vectors (``RAW_SCHEMA``), to fit the axes on."""
    from copyhound.index.vectors import _embed_job

    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for frame in frames:
            parts = []
            for doc_id, text in zip(frame["doc_id"], frame["text"], strict=True):
                _, spans, vecs = _embed_job((int(doc_id), text or ""))
                n = len(spans)
                if n == 0:
                    continue
                window = np.arange(n, dtype=np.int32)
                ids = np.full(n, int(doc_id), dtype=np.int64)
                if projection is None:
                    raw = [v.astype(np.float32).tobytes() for v in vecs]
                    parts.append(pd.DataFrame({"doc_id": ids, "window": window, "vector": raw}))
                    continue
                q, scales = quantise(projection.apply(vecs))
                parts.append(
                    pd.DataFrame(
                        {
                            "doc_id": ids,
                            "window": window,
                            "start": spans[:, 0].astype(np.int64),
                            "end": spans[:, 1].astype(np.int64),
                            "scale": scales.astype(np.float32),
                            "vector": [row.tobytes() for row in q],
                        }
                    )
                )
            if parts:
                yield pd.concat(parts, ignore_index=True)

    return run


def first_pass(
    settings: JobSettings, projection: Projection | None
) -> Callable[[tuple, pd.DataFrame, pd.DataFrame], pd.DataFrame]:
    """For ``cogroup().applyInPandas``: one suspect and its lexical candidates (ranked, with
    texts) in; their matches, their ids, and the suspect's query windows less those
    ``EXPLAINED_SHARE`` inside a match (``vectors.query_vectors``), projected, out."""
    from copyhound.index.retrieve import _explained
    from copyhound.index.vectors import query_vectors

    columns = ["sid", "found", "taken", "qstarts", "qends", "qvecs"]

    def run(_key: tuple, suspects: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
        if suspects.empty:
            return pd.DataFrame(columns=columns)
        row = suspects.iloc[0].to_dict()
        suspect = Prepared.of(document_of(row))
        aligner = _aligner(settings)
        rows = sources.sort_values("rank").to_dict("records") if not sources.empty else []
        found = [m for r in rows for m in aligner(suspect, Prepared.of(document_of(r)))]
        vecs, spans = query_vectors(suspect.document, skip=_explained(found))
        if projection is not None and len(vecs):
            vecs = projection.apply(vecs)
        vecs = np.ascontiguousarray(vecs, dtype=np.float32)
        out = (
            int(row["sid"]),
            pickle.dumps(found),
            [int(r["doc_id"]) for r in rows],
            [int(s) for s in spans[:, 0]] if len(spans) else [],
            [int(e) for e in spans[:, 1]] if len(spans) else [],
            vecs.tobytes(),
        )
        return pd.DataFrame([out], columns=columns)

    return run


@dataclass(frozen=True, slots=True)
class Queries:
    """Every suspect's query windows, as broadcast to the scan: one float32 matrix, the
    suspect of each row, the span of each row, and what each suspect leaves out."""

    matrix: np.ndarray
    sids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    exclude: dict[int, frozenset[int]]
    #: Each row's hub score (``ann.hub_of``); None until ``with_hub``.
    hub: np.ndarray | None = None

    def with_hub(self, tops: list[tuple[int, list[float]]]) -> Queries:
        """The hub scores from ``hub_scan``'s rows: each query row's highest cosines of every
        partition, merged to the ``HUB_NEIGHBOURS`` highest of the whole collection."""
        from copyhound.index.ann import HUB_NEIGHBOURS, hub_of

        top = np.full((len(self.matrix), HUB_NEIGHBOURS), -np.inf, dtype=np.float32)
        for qrow, values in tops:
            both = np.concatenate([top[qrow], np.asarray(values, dtype=np.float32)])
            top[qrow] = -np.sort(-both)[:HUB_NEIGHBOURS]
        return replace(self, hub=hub_of(top))  # -inf: no neighbour there

    @classmethod
    def of(cls, rows: list[dict[str, Any]], dims: int) -> Queries:
        mats, sids, starts, ends, exclude = [], [], [], [], {}
        for r in rows:
            m = np.frombuffer(r["qvecs"], dtype=np.float32).reshape(-1, dims)
            mats.append(m)
            sids.append(np.full(len(m), int(r["sid"]), dtype=np.int64))
            starts.append(np.asarray(r["qstarts"], dtype=np.int64))
            ends.append(np.asarray(r["qends"], dtype=np.int64))
            exclude[int(r["sid"])] = frozenset(int(d) for d in r["taken"])
        cat = lambda xs, t: np.concatenate(xs) if xs else np.zeros(0, t)  # noqa: E731
        matrix = np.concatenate(mats) if mats else np.zeros((0, dims), np.float32)
        return cls(matrix, cat(sids, np.int64), cat(starts, np.int64), cat(ends, np.int64), exclude)


def _cosines(part: pd.DataFrame, qt: np.ndarray, dims: int) -> np.ndarray:
    """Exact cosines of a frame's int8 windows with the query rows (``qt``: transposed), as
    ``vectors.search`` computes them."""
    from copyhound.semantic.embed import blas_threads, default_threads

    vec = np.frombuffer(b"".join(part["vector"]), dtype=np.int8).reshape(-1, dims)
    with blas_threads(default_threads()):
        return (vec.astype(np.float32) @ qt) * part["scale"].to_numpy(np.float32)[:, None]


def hub_scan(
    queries: Callable[[], Queries], dims: int
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """For ``mapInPandas`` over the stored windows: each query row's ``HUB_NEIGHBOURS``
    highest cosines in this partition (``Queries.with_hub`` merges the partitions)."""
    from copyhound.index.ann import HUB_NEIGHBOURS

    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        q = queries()
        if not len(q.matrix):
            return
        qt = np.ascontiguousarray(q.matrix.T)
        top = np.zeros((len(q.matrix), 0), dtype=np.float32)
        for frame in frames:
            for at in range(0, len(frame), SCAN_ROWS):
                sims = _cosines(frame.iloc[at : at + SCAN_ROWS], qt, dims).T
                both = np.concatenate([top, sims], axis=1)
                top = -np.sort(-both, axis=1)[:, : min(HUB_NEIGHBOURS, both.shape[1])]
        if top.shape[1]:
            yield pd.DataFrame({"qrow": np.arange(len(top)), "top": list(top)})

    return run


def scan(
    queries: Callable[[], Queries], limit: int, dims: int
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """For ``mapInPandas`` over the stored windows: per suspect, this partition's ``limit``
    documents (leaving out its lexical candidates) whose best window scores highest against
    one of the suspect's windows, as ``vectors.search`` scores them: the exact cosine (int8
    times its scale, against the projected query) less the query window's hub score
    (``Queries.hub``, CSLS). ``queries`` gives the broadcast value."""

    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        q = queries()
        if not len(q.matrix):
            return
        groups = [(sid, np.flatnonzero(q.sids == sid)) for sid in np.unique(q.sids)]
        qt = np.ascontiguousarray(q.matrix.T)
        hub = q.hub if q.hub is not None else np.zeros(len(q.matrix), dtype=np.float32)
        # Per suspect and document: its best (score, similarity, query row) in the partition.
        best: dict[tuple[int, int], tuple[float, float, int]] = {}
        for frame in frames:
            for at in range(0, len(frame), SCAN_ROWS):
                part = frame.iloc[at : at + SCAN_ROWS]
                docs = part["doc_id"].to_numpy(np.int64)
                sims = _cosines(part, qt, dims)
                for sid, cols in groups:
                    s = sims[:, cols]
                    scores = s - hub[cols][None, :]
                    row_best = scores.argmax(axis=1)
                    rows = np.arange(len(s))
                    row_score, row_sim = scores[rows, row_best], s[rows, row_best]
                    order = np.argsort(-row_score, kind="stable")
                    _, first = np.unique(docs[order], return_index=True)
                    skip = q.exclude.get(int(sid), frozenset())
                    for r in order[first]:
                        key = (int(sid), int(docs[r]))
                        if key[1] in skip:
                            continue
                        score = float(row_score[r])
                        if key not in best or score > best[key][0]:
                            best[key] = (score, float(row_sim[r]), int(cols[row_best[r]]))
        by_sid: dict[int, list[tuple[float, float, int, int]]] = {}
        for (sid, doc), (score, sim, qrow) in best.items():
            by_sid.setdefault(sid, []).append((score, sim, doc, qrow))
        out = []
        for sid, hits in by_sid.items():
            for score, sim, doc, qrow in sorted(hits, key=lambda h: (-h[0], h[2]))[:limit]:
                out.append((sid, doc, score, sim, int(q.starts[qrow]), int(q.ends[qrow])))
        if out:
            columns = ["sid", "doc_id", "score", "similarity", "qstart", "qend"]
            yield pd.DataFrame(out, columns=columns)

    return run


def route_report_lines(
    settings: JobSettings,
) -> Callable[[tuple, pd.DataFrame, pd.DataFrame], pd.DataFrame]:
    """For ``cogroup().applyInPandas``: one suspect (with ``first_pass``' matches) and its
    candidates (lexical by ``rank``, the route's by ``hit``, with texts) in; one JSON line out,
    as ``check_against_collection`` with ``semantic_top`` then ``report_lines`` make it."""
    columns = REPORT_COLUMNS

    def run(_key: tuple, suspects: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
        if suspects.empty:
            return pd.DataFrame(columns=columns)
        row = suspects.iloc[0].to_dict()
        suspect = Prepared.of(document_of(row))
        aligner = _aligner(settings)
        found = pickle.loads(row["found"]) if row.get("found") is not None else []
        lexical = sources[~sources["route"]].sort_values("rank") if not sources.empty else sources
        routed = sources[sources["route"]].sort_values("rank") if not sources.empty else sources
        pool, prepared = [], []
        for r in lexical.to_dict("records"):
            source = Prepared.of(document_of(r))
            pool.append(
                Candidate(
                    int(r["doc_id"]),
                    source.document.name,
                    float(r["score"]),
                    int(r["shared"]),
                    int(r["verified"]),
                )
            )
            prepared.append(source)
        grams = SortedHashes.of_ngrams(suspect.tokens, settings.fingerprint.ngram)
        route: list[tuple[Candidate, Prepared]] = []
        for r in routed.to_dict("records"):
            stored = document_of(r)
            if stored.text == suspect.document.text:
                continue
            cand, source = verify(
                grams, int(r["doc_id"]), stored, 0.0, 0, settings.fingerprint.ngram
            )
            route.append((replace(cand, similarity=float(r["similarity"])), source))
            if len(route) >= settings.retrieval.semantic_top:
                break
        for _, source in route:
            found.extend(aligner(suspect, source))
        report, left_out = report_of(
            suspect, [*prepared, *(s for _, s in route)], found, settings.retrieval.shadow
        )
        with_passage = {m.source for m in report.matches}
        ranked = pool + [c for c, _ in route]
        candidates = [c for c in ranked if c.name in with_passage]
        candidates += [c for c in ranked if c.name not in with_passage]
        report = judge_report(report, settings.judge)
        return report_frame(int(row["sid"]), report, candidates, left_out)

    return run


def _aligner(settings: JobSettings) -> PairAligner:
    return PairAligner(settings.engine, settings.semantic)

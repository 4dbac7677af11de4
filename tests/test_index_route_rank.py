"""How the semantic route ranks documents: a window's cosine less its suspect window's hub
score (the mean cosine with its nearest stored windows, CSLS), the same through the ANN file
and exactly. Vectors made by hand: the geometry is the point, not the model."""

import sqlite3

import numpy as np
import pytest

from copyhound.index import ann
from copyhound.index.vectors import VectorIndex, _Chunk, search

DIMS = 16


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _crowd_and_loner():
    """Two suspect windows: the first has 12 documents' windows near it (a topic the
    collection holds many windows of), the best at cosine 0.90; the second has one
    document's window at 0.80 and nothing else near. Raw cosine ranks a crowd document
    first; the hub score ranks the loner first."""
    rng = np.random.default_rng(7)
    e = np.eye(DIMS, dtype=np.float32)
    query = np.stack([e[0], e[1]])
    rows, docs = [], []
    for d, cos in enumerate(np.linspace(0.90, 0.84, 12), start=1):  # the crowd, docs 1-12
        noise = _unit(rng.normal(size=DIMS) * (1 - e[0] - e[1]))
        rows.append(cos * e[0] + np.sqrt(1 - cos**2) * noise)
        docs.append(d)
    noise = _unit(rng.normal(size=DIMS) * (1 - e[0] - e[1]))
    rows.append(0.80 * e[1] + 0.6 * noise)  # the loner, doc 40
    docs.append(40)
    for d in range(50, 70):  # unrelated windows
        rows.append(_unit(rng.normal(size=DIMS) * (1 - e[0] - e[1])))
        docs.append(d)
    return query, np.array(rows, dtype=np.float32), np.array(docs, dtype=np.int64)


def _exact_index(rows: np.ndarray, docs: np.ndarray) -> VectorIndex:
    scales = np.abs(rows).max(axis=1) / 127.0
    q = np.rint(rows / scales[:, None]).astype(np.int8)
    spans = np.stack([np.arange(len(rows)) * 10, np.arange(len(rows)) * 10 + 9], axis=1)
    chunk = _Chunk(docs, spans.astype(np.uint32), scales.astype(np.float32), q)
    return VectorIndex([chunk])


def test_hub_score_is_the_mean_of_the_nearest_cosines():
    cos = np.array([[0.9, 0.5, 0.7] + [0.1] * 9, [0.3, np.nan, np.nan] + [np.nan] * 9])
    hub = ann.hub_of(cos)
    # Row 0: its 10 highest of 12 (0.9, 0.7, 0.5 and seven of 0.1); row 1: only one found.
    assert hub[0] == pytest.approx((0.9 + 0.7 + 0.5 + 0.7) / 10, abs=1e-6)
    assert hub[1] == pytest.approx(0.3, abs=1e-6)
    assert ann.hub_of(np.full((1, 3), np.nan))[0] == 0.0


def test_exact_search_ranks_a_lone_near_window_above_a_crowded_topic():
    query, rows, docs = _crowd_and_loner()
    conn = sqlite3.connect(":memory:")
    hits = search(conn, query, np.array([[0, 99], [100, 199]]), 3, index=_exact_index(rows, docs))
    assert hits[0].doc_id == 40 and {h.doc_id for h in hits[1:]} <= set(range(1, 13))
    # The similarity reported is the plain cosine of the two windows, and where they are.
    assert hits[0].similarity == pytest.approx(0.80, abs=0.01)
    assert hits[0].suspect_span == (100, 199)
    assert 0.83 <= hits[1].similarity <= 0.91
    # Raw cosine alone would have put the crowd first.
    assert (rows[docs == 1] @ query[0])[0] > (rows[docs == 40] @ query[1])[0]


def test_the_ann_file_ranks_the_same_way():
    usearch = pytest.importorskip("usearch.index")
    query, rows, docs = _crowd_and_loner()
    index = usearch.Index(ndim=DIMS, metric="cos", dtype="i8")
    index.add(np.arange(len(rows)) + (docs.astype(np.uint64) << 24), ann.as_int8(rows))
    found, score, hub = ann.neighbours(index, query, 32)
    assert found[0] == 40 and set(found[1:3]) <= set(range(1, 13))
    assert hub[0] > 0.8 > hub[1]
    assert score[0] == pytest.approx(0.80 - hub[1], abs=0.02)

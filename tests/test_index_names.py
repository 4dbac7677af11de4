"""Collections keep every name they were given, and survive damaged or unfinished files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
from index_helpers import prose, write_corpus

from copyhound.errors import InputError
from copyhound.index.store import SCHEMA_VERSION, open_collection

CLI = [sys.executable, "-m", "copyhound.cli"]


def _names(db):
    with open_collection(db) as coll:
        return {d.name: d.same_as for d in coll.names()}


def test_identical_files_are_stored_once_and_listed_under_every_name(tmp_path):
    docs = write_corpus(tmp_path / "class", 4, words=200, seed=3)
    twin = tmp_path / "class" / "twin-of-0.txt"
    twin.write_bytes(docs[0].read_bytes())
    db = tmp_path / "c.db"
    with open_collection(db, create=True) as coll:
        summary = coll.add_paths(sorted((tmp_path / "class").iterdir()))
        assert len(coll) == 4  # one stored text per distinct content
        assert summary.same_text == [(str(twin), str(docs[0]))]
        assert str(twin) in summary.added
    names = _names(db)
    assert len(names) == 5
    assert names[str(twin)] == str(docs[0]) and names[str(docs[0])] is None

    out = subprocess.run(
        [*CLI, "index", "list", str(db), "--json"], capture_output=True, timeout=120, text=True
    )
    assert out.returncode == 0, out.stderr
    listed = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(d["name"], d["same_text_as"]) for d in listed] == sorted(names.items())

    # adding the same folder again skips every name, the twin included
    with open_collection(db, create=True) as coll:
        again = coll.add_paths(sorted((tmp_path / "class").iterdir()))
    assert sorted(again.skipped) == sorted(names) and not again.added


def test_a_matched_source_reports_its_other_names(tmp_path):
    docs = write_corpus(tmp_path / "lib", 3, words=300, seed=8)
    (tmp_path / "lib" / "copy.txt").write_bytes(docs[1].read_bytes())
    db = tmp_path / "c.db"
    with open_collection(db, create=True) as coll:
        coll.add_paths(sorted((tmp_path / "lib").iterdir()))
        doc_id = coll.ids_by_name([str(docs[1])])[str(docs[1])]
        assert coll.ids_by_name([str(tmp_path / "lib" / "copy.txt")]) == {
            str(tmp_path / "lib" / "copy.txt"): doc_id
        }
        stored = coll.document(doc_id)
        assert sorted([stored.name, *stored.metadata["other_names"]]) == sorted(
            [str(tmp_path / "lib" / "copy.txt"), str(docs[1])]
        )


def test_removing_or_changing_the_first_name_keeps_the_text_for_the_others(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    text = prose(np.random.default_rng(1), 200)
    a.write_text(text)
    b.write_text(text)
    db = tmp_path / "c.db"
    with open_collection(db, create=True) as coll:
        coll.add_paths([a, b])
        a.write_text(prose(np.random.default_rng(2), 200))  # a resubmits another essay
        summary = coll.add_paths([a, b])
        assert summary.replaced == [str(a)] and summary.skipped == [str(b)]
        assert len(coll) == 2
        by_name = {d.name: d for d in coll.names()}
        assert by_name[str(b)].same_as is None  # b now holds the old text itself
        assert coll.document(by_name[str(b)].id).text == text
        coll.remove([str(b)])
        assert [d.name for d in coll.names()] == [str(a)]


def test_an_empty_file_left_by_a_killed_create_is_finished_by_the_next_add(tmp_path):
    db = tmp_path / "c.db"
    db.write_bytes(b"")
    with pytest.raises(InputError, match="empty collection file .* index add` finishes it"):
        open_collection(db)
    docs = write_corpus(tmp_path / "docs", 3, words=100, seed=1)
    with open_collection(db, create=True) as coll:
        coll.add_paths(docs)
        assert len(coll) == 3


def test_a_half_made_collection_is_finished_not_refused(tmp_path):
    db = tmp_path / "c.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE dictionaries (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
    conn.commit()
    conn.close()
    with open_collection(db, create=True) as coll:
        assert len(coll) == 0
        assert coll.settings.ngram >= 1


def test_another_sqlite_database_is_not_taken_over(tmp_path):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.execute("INSERT INTO invoices VALUES (1)")
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match="not a copyhound collection"):
        open_collection(db, create=True)


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("UPDATE meta SET value = 'three' WHERE key = 'ngram'", "damaged collection"),
        ("DELETE FROM meta WHERE key = 'window'", "damaged collection"),
        ("UPDATE meta SET value = 'x' WHERE key = 'schema'", "damaged collection"),
    ],
)
def test_damaged_metadata_is_reported_as_damaged(tmp_path, sql, message):
    db = tmp_path / "c.db"
    with open_collection(db, create=True) as coll:
        coll.add_paths(write_corpus(tmp_path / "d", 2, words=80, seed=1))
    conn = sqlite3.connect(db)
    conn.execute(sql)
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match=message):
        open_collection(db)
    out = subprocess.run(
        [*CLI, "index", "list", str(db)], capture_output=True, timeout=120, text=True
    )
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and message in out.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_a_collection_in_a_read_only_folder_can_be_read(tmp_path):
    _read_only_check(tmp_path)


def _read_only_check(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "c.db"
    docs = write_corpus(tmp_path / "d", 3, words=150, seed=5)
    with open_collection(db, create=True) as coll:
        coll.add_paths(docs)
    folder.chmod(0o555)
    db.chmod(0o444)
    try:
        with open_collection(db) as coll:
            assert len(coll) == 3
            assert {d.name for d in coll.names()} == {str(p) for p in docs}
        with pytest.raises(InputError, match="cannot write the collection"):
            open_collection(db, create=True)
    finally:
        folder.chmod(0o755)


def test_read_only_opening_as_root_too(tmp_path, monkeypatch):
    """Root can write anywhere, so the read-only path is reached by what os.access says."""
    real = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK and "ro" in str(p) else real(p, mode)
    )
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "c.db"
    monkeypatch.setattr(os, "access", real)
    with open_collection(db, create=True) as coll:
        coll.add_paths(write_corpus(tmp_path / "d", 2, words=100, seed=9))
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK and "ro" in str(p) else real(p, mode)
    )
    for leftover in folder.glob("c.db-*"):
        leftover.unlink()
    with open_collection(db) as coll:
        assert len(coll) == 2
    assert sorted(p.name for p in folder.iterdir()) == ["c.db"]  # nothing written beside it


def test_an_older_collection_is_read_without_being_changed_and_upgraded_by_add(tmp_path):
    db = tmp_path / "c.db"
    docs = write_corpus(tmp_path / "d", 2, words=100, seed=2)
    with open_collection(db, create=True) as coll:
        coll.add_paths(docs)
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE names")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    conn.commit()
    conn.close()
    with open_collection(db) as coll:
        assert len(list(coll.names())) == 2
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("1",)
    conn.close()
    with open_collection(db, create=True) as coll:
        coll.add_paths(docs)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (
        str(SCHEMA_VERSION),
    )
    conn.close()


def _create_and_add(args):
    db, folder = args
    with open_collection(db, create=True) as coll:
        return len(coll.add_paths(sorted(folder.iterdir())).failed)


def test_two_adds_racing_to_create_a_collection_both_succeed(tmp_path):
    write_corpus(tmp_path / "a", 30, words=80, seed=1)
    write_corpus(tmp_path / "b", 30, words=80, seed=2)
    for round_ in range(3):
        db = tmp_path / f"c{round_}.db"
        with ProcessPoolExecutor(2) as pool:
            failed = list(pool.map(_create_and_add, [(db, tmp_path / "a"), (db, tmp_path / "b")]))
        assert failed == [0, 0]
        with open_collection(db) as coll:
            assert len(coll) == 60
        assert not list(tmp_path.glob(".c*.creating*"))

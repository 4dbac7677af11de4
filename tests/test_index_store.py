import sqlite3
import zlib
from pathlib import Path

import numpy as np
import pytest
from index_helpers import write_corpus

from copyhound.errors import CopyhoundError, InputError
from copyhound.index.codec import Codec, decode_postings, encode_postings
from copyhound.index.store import open_collection
from copyhound.read.documents import expand_paths


def test_add_stores_text_exactly_and_skips_unchanged(tmp_path):
    paths = write_corpus(tmp_path / "docs", 12)
    md = tmp_path / "docs" / "note.md"
    md.write_text("# Title\n\nSee [the harbor](https://example.com/x) of granite.\n")
    with open_collection(tmp_path / "c.db", create=True) as coll:
        first = coll.add_paths(expand_paths([tmp_path / "docs"]))
        assert len(first.added) == 13 and not first.skipped
        again = coll.add_paths(expand_paths([tmp_path / "docs"]))
        assert again.added == [] and len(again.skipped) == 13
        ids = coll.ids_by_name([str(md), str(paths[3])])
        doc = coll.document(ids[str(md)])
        assert doc.text == md.read_text()
        assert doc.format == "markdown"
        assert "https" not in doc.match_text and len(doc.match_text) == len(doc.text)
        assert coll.document(ids[str(paths[3])]).text == paths[3].read_text()


def test_changed_file_replaces_its_old_version(tmp_path):
    paths = write_corpus(tmp_path / "docs", 3)
    with open_collection(tmp_path / "c.db", create=True) as coll:
        coll.add_paths(paths)
        paths[1].write_text("A completely new text about basalt quarries and cedar groves.\n")
        summary = coll.add_paths(paths)
        assert summary.replaced == [str(paths[1])] and len(summary.skipped) == 2
        assert len(coll) == 3
        doc = coll.document(coll.ids_by_name([str(paths[1])])[str(paths[1])])
        assert doc.text.startswith("A completely new text")


def test_remove_is_all_or_nothing(tmp_path):
    paths = write_corpus(tmp_path / "docs", 4)
    with open_collection(tmp_path / "c.db", create=True) as coll:
        coll.add_paths(paths)
        with pytest.raises(InputError, match="no document named 'nope'"):
            coll.remove([str(paths[0]), "nope"])
        assert len(coll) == 4
        assert coll.remove([str(paths[0])]) == [str(paths[0])]
        assert [d.name for d in coll.documents()] == [str(p) for p in paths[1:]]
        assert coll.stats()["dead_postings"] > 0
        coll.merge_segments(force=True)
        stats = coll.stats()
        assert stats["dead_postings"] == 0 and stats["segments"] == 1


def test_space_of_merged_segments_and_removed_documents_goes_back_to_the_disk(tmp_path):
    paths = write_corpus(tmp_path / "docs", 60, words=400)
    db = tmp_path / "c.db"
    with open_collection(db, create=True) as coll:
        coll.add_paths(paths, batch_docs=3)  # 20 segments, merged in tiers
        assert coll.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        full = db.stat().st_size
        coll.remove([str(p) for p in paths[:40]])
        assert coll.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert db.stat().st_size < full


def test_segments_merge_in_tiers(tmp_path):
    paths = write_corpus(tmp_path / "docs", 20, words=120)
    with open_collection(tmp_path / "c.db", create=True) as coll:
        coll.add_paths(paths, batch_docs=1)
        stats = coll.stats()
        assert stats["segments"] < 8
        assert stats["postings"] == stats["fingerprints"]


def test_bad_collection_files_give_one_line_errors(tmp_path):
    with pytest.raises(InputError, match="no such collection"):
        open_collection(tmp_path / "missing.db")
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100)
    with pytest.raises(InputError, match="not a copyhound collection"):
        open_collection(text)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE meta (key TEXT, value TEXT)").connection.commit()
    with pytest.raises(InputError, match="not a copyhound collection"):
        open_collection(other)
    with pytest.raises(InputError, match="is a folder"):
        open_collection(tmp_path)


def _postings(n=5000):
    rng = np.random.default_rng(0)
    hashes = np.sort(rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32))
    docs = rng.integers(1, 10**6, n).astype(np.uint32)
    pos = rng.integers(0, 2**16, n).astype(np.uint16)
    return hashes, docs, pos


def test_postings_round_trip():
    hashes, docs, pos = _postings()
    codec, hb, db, pb = encode_postings(hashes, docs, pos)
    assert codec == "blosc-zstd"
    h2, d2, p2 = decode_postings(codec, hb, db, pb, len(hashes))
    assert np.array_equal(h2, hashes) and np.array_equal(d2, docs) and np.array_equal(p2, pos)
    assert len(hb) + len(db) + len(pb) < 10 * len(hashes)
    with pytest.raises(CopyhoundError, match="damaged postings"):
        decode_postings(codec, hb, db, pb, len(hashes) + 1)
    with pytest.raises(CopyhoundError, match="damaged postings"):
        decode_postings(codec, hb, db[:-7], pb, len(hashes))
    with pytest.raises(CopyhoundError, match="damaged postings"):
        decode_postings(codec, hb, b"not a blosc buffer at all", pb, len(hashes))


def test_postings_written_before_blosc_still_decode(monkeypatch):
    from copyhound.index import codec as codec_module

    hashes, docs, pos = _postings()
    monkeypatch.setattr(codec_module, "blosc", None)
    codec, hb, db, pb = encode_postings(hashes, docs, pos)
    assert codec == "zstd"
    monkeypatch.undo()
    h2, d2, p2 = decode_postings(codec, hb, db, pb, len(hashes))
    assert np.array_equal(h2, hashes) and np.array_equal(d2, docs) and np.array_equal(p2, pos)


def test_text_codecs_decode_what_older_writers_stored():
    codec = Codec()
    assert codec.decompress("zlib", zlib.compress(b"harbor")) == b"harbor"
    name, blob = codec.compress("granite ünïcode".encode())
    assert codec.decompress(name, blob).decode() == "granite ünïcode"


def test_parallel_add_compresses_in_the_workers_with_the_trained_dictionary(tmp_path, monkeypatch):
    from copyhound.index import store

    in_writer = []
    compress = store.compress_texts
    monkeypatch.setattr(
        store, "compress_texts", lambda codec, doc: in_writer.append(1) or compress(codec, doc)
    )
    paths = write_corpus(tmp_path / "docs", 300, words=150)
    with open_collection(tmp_path / "c.db", create=True) as coll:
        summary = coll.add_paths(paths[:200], jobs=2, batch_docs=80)
        assert len(summary.added) == 200
        # The first batch trains the dictionary; the writer compresses it and whatever the
        # workers prepared before they found the dictionary stored.
        assert len(in_writer) >= 80
        in_writer.clear()
        summary = coll.add_paths(paths[200:], jobs=2, batch_docs=80)
        assert len(summary.added) == 100
        assert in_writer == []  # the workers compressed all of these
        codecs = {c for (c,) in coll.conn.execute("SELECT DISTINCT codec FROM documents")}
        assert codecs == {"zstd:1"}  # everything with the trained dictionary
        for info in coll.documents():
            stored = coll.document(info.id)
            assert stored.text == Path(info.name).read_text(encoding="utf-8")


def test_a_worker_compresses_once_it_finds_the_dictionary_stored(tmp_path, monkeypatch):
    from copyhound.index import store

    for name in ("_WORKER_CODEC", "_WORKER_DB"):  # restored after the test
        monkeypatch.setattr(store, name, None)
    paths = write_corpus(tmp_path / "docs", 100, words=150)
    with open_collection(tmp_path / "c.db", create=True) as coll:
        uri = coll.path.resolve().as_uri() + "?mode=ro"
        monkeypatch.setattr(store, "_WORKER_NEXT_LOOK", 0.0)
        store._start_worker({}, uri)
        assert store._worker_codec() is None  # no dictionary yet: the writer compresses
        coll.add_paths(paths)  # trains and stores it
        monkeypatch.setattr(store, "_WORKER_NEXT_LOOK", 0.0)
        codec = store._worker_codec()
        assert codec is not None and codec.current_dict == 1
        assert codec.dictionaries == coll.codec.dictionaries
    store._start_worker({})
    assert store._worker_codec() is None


def test_segments_read_column_by_column_equal_the_stored_postings(tmp_path):
    paths = write_corpus(tmp_path / "docs", 30, words=200)
    with open_collection(tmp_path / "c.db", create=True) as coll:
        coll.add_paths(paths[:15], batch_docs=5)
        coll.add_paths(paths[15:], batch_docs=5)
        rows = coll.conn.execute(
            "SELECT codec, hashes, doc_ids, positions, postings FROM segments"
        ).fetchall()
        segments = coll.segments()
    assert len(segments) == len(rows) > 1
    for got, row in zip(segments, rows, strict=True):
        want = decode_postings(*row)
        assert len(got) == len(want) == 3
        for g, w in zip(got, want, strict=True):
            assert np.array_equal(g, w) and g.dtype == w.dtype
        assert np.all(np.diff(got[0].astype(np.int64)) >= 0)  # hashes sorted


def _damaged(tmp_path: Path, count: int, update: str, value: bytes, **corpus) -> Path:
    """A collection of ``count`` generated documents, then one ``UPDATE`` of its file."""
    db = tmp_path / "c.db"
    with open_collection(db, create=True) as coll:
        coll.add_paths(write_corpus(tmp_path / "docs", count, **corpus))
    with sqlite3.connect(db) as conn:
        conn.execute(update, (value,))
    return db


def test_a_damaged_column_is_a_clear_error_when_segments_load(tmp_path):
    db = _damaged(tmp_path, 6, "UPDATE segments SET doc_ids = ?", b"not a blosc buffer at all")
    with open_collection(db) as coll, pytest.raises(CopyhoundError, match="damaged postings"):
        coll.segments()


def test_the_dictionary_is_stored_compressed_and_an_uncompressed_one_still_reads(tmp_path):
    from copyhound.index.codec import unpack_dictionary

    paths = write_corpus(tmp_path / "docs", 120, words=150)
    db = tmp_path / "c.db"
    with open_collection(db, create=True) as coll:
        coll.add_paths(paths)
        (blob,) = coll.conn.execute("SELECT data FROM dictionaries").fetchone()
        raw = coll.codec.dictionaries[1]
    assert blob[:4] == b"\x28\xb5\x2f\xfd" and len(blob) < len(raw)  # a zstd frame
    assert unpack_dictionary(blob) == raw and raw[:4] == b"\x37\xa4\x30\xec"  # a dictionary
    # Collections written before stored the dictionary as it is.
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE dictionaries SET data = ?", (raw,))
    with open_collection(db) as coll:
        assert coll.codec.dictionaries[1] == raw
        for info in coll.documents():
            assert coll.document(info.id).text == Path(info.name).read_text(encoding="utf-8")


def test_a_damaged_dictionary_is_a_clear_error(tmp_path):
    update = "UPDATE dictionaries SET data = ?"
    db = _damaged(tmp_path, 120, update, b"\x28\xb5\x2f\xfd\x00\x00", words=150)
    with pytest.raises(CopyhoundError, match="damaged collection: its text dictionary"):
        open_collection(db)


def test_a_damaged_stored_text_is_a_clear_error(tmp_path):
    db = _damaged(tmp_path, 3, "UPDATE documents SET text = ?", b"\x28\xb5\x2f\xfd\x00\x11\x22")
    with open_collection(db) as coll, pytest.raises(CopyhoundError, match="a stored text"):
        coll.document(next(coll.documents()).id)


def test_segments_see_documents_added_through_the_same_connection(tmp_path):
    """``PRAGMA data_version`` does not change for a connection's own writes; the cache must."""
    paths = write_corpus(tmp_path / "docs", 4)
    with open_collection(tmp_path / "c.db", create=True) as coll:
        coll.add_paths(paths[:2])
        before = {int(i) for _h, ids, _p in coll.segments() for i in np.unique(ids)}
        coll.add_paths(paths[2:3])
        new_id = coll.ids_by_name([str(paths[2])])[str(paths[2])]
        after = {int(i) for _h, ids, _p in coll.segments() for i in np.unique(ids)}
        assert new_id not in before and after == before | {new_id}


def test_merge_keeps_every_live_posting_sorted_by_hash_then_document(tmp_path):
    """The merged segment is exactly the segments' postings, those of removed documents
    left out, sorted by hash and document id (equal pairs in their former order)."""
    paths = write_corpus(tmp_path / "docs", 12, words=300)
    with open_collection(tmp_path / "c.db", create=True) as coll:
        coll.add_paths(paths, batch_docs=2)
        assert coll.stats()["segments"] == 6  # under the fan-out: not merged yet
        removed = coll.ids_by_name([str(paths[3])])[str(paths[3])]
        h, d, p = (np.concatenate(c) for c in zip(*coll.segments(), strict=True))
        coll.remove([str(paths[3])])
        keep = d != removed
        h, d, p = h[keep], d[keep], p[keep]
        order = np.lexsort((d, h))
        assert coll.merge_segments(force=True) == 5
        ((mh, md, mp_),) = coll.segments()
        assert len(mh) == keep.sum() < len(keep)
        assert np.array_equal(mh, h[order]) and np.array_equal(md, d[order])
        assert np.array_equal(mp_, p[order])
        row = coll.conn.execute("SELECT docs, postings FROM segments").fetchone()
        assert row == (11, len(mh))


def test_an_add_looks_stored_names_up_instead_of_reading_them_all(tmp_path):
    """Adding a file to a big collection must not cost a pass over every stored document
    (it took 2 s and 300 MB at a million): names and texts are looked up by index."""
    paths = write_corpus(tmp_path / "docs", 6)
    with open_collection(tmp_path / "c.db", create=True) as coll:
        coll.add_paths(paths[:4])
        statements: list[str] = []
        coll.conn.set_trace_callback(statements.append)
        copy = tmp_path / "copy.txt"
        copy.write_bytes(paths[0].read_bytes())
        summary = coll.add_paths([paths[1], paths[4], copy, paths[5]])
        coll.conn.set_trace_callback(None)
        assert summary.skipped == [str(paths[1])]
        assert summary.added == [str(paths[4]), str(paths[5]), str(copy)]
        assert coll.other_names(coll.ids_by_name([str(paths[0])])[str(paths[0])]) == [str(copy)]
        reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        assert reads and all("FROM documents" not in s or "WHERE" in s for s in reads), reads

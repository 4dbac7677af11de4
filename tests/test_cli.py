"""The command line, end to end: the founding pair, the JSON report, PAN evaluation, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import prose

from copyhound.cli import main

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "copyhound.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env=env,
    )


def covered(matches: list[dict], start: int, end: int) -> bool:
    return any(
        m["suspect_offset"] <= start and m["suspect_offset"] + m["suspect_length"] >= end
        for m in matches
    )


def test_founding_pair_passages(founding_pair, tmp_path: Path):
    essay_path, article_path = founding_pair
    essay = essay_path.read_text(encoding="utf-8")
    article = article_path.read_text(encoding="utf-8")
    out = tmp_path / "report.json"
    main(["check", str(essay_path), "--source", str(article_path), "--json", str(out), "-q"])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["schema"] == "copyhound-report"
    matches = report["matches"]

    for m in matches:  # offsets are code points of the files as read
        assert (
            essay[m["suspect_offset"] : m["suspect_offset"] + m["suspect_length"]]
            == m["suspect_text"]
        )
        assert (
            article[m["source_offset"] : m["source_offset"] + m["source_length"]]
            == m["source_text"]
        )
        assert m["source"] == str(article_path)

    # The long quotation comes out whole, despite "US" for "U.S." and curly apostrophes.
    quote_start = essay.index("She worked with men")
    quote_end = essay.index("removal).") + len("removal).")
    (long_quote,) = [
        m
        for m in matches
        if m["suspect_offset"] <= quote_start < m["suspect_offset"] + m["suspect_length"]
    ]
    assert long_quote["suspect_offset"] == quote_start
    assert long_quote["suspect_offset"] + long_quote["suspect_length"] >= quote_end
    assert long_quote["source_offset"] == article.index("She worked with men")
    assert long_quote["source_text"].endswith("removal).")
    assert long_quote["kind"] == "verbatim"
    assert long_quote["suspect_place"] == "line 9"  # the essay's ninth line (a paragraph)
    assert long_quote["source_place"] == "line 18"  # the article's paragraph on Fujimori

    # The copied MAAG sentence and the "We are told" quotation.
    assert covered(
        matches, essay.index("Mariano Alvarado, operations"), essay.index("attaché.") + 8
    )
    told = essay.index("We are told")
    assert covered(matches, told, essay.index("appear weak.") + len("appear weak."))
    # The phrases quoted from Castillo's announcement.
    assert covered(
        matches, essay.index("temporarily dissolve"), essay.index("emergency government") + 20
    )

    # Nothing in the essay's own opening and closing paragraphs.
    own_end = essay.index("It all begins")
    closing = essay.index("So by reviewing")
    assert not any(m["suspect_offset"] < own_end for m in matches)
    assert not any(m["suspect_offset"] + m["suspect_length"] > closing for m in matches)


def test_terminal_summary_shows_the_passages(founding_pair):
    essay, article = founding_pair
    result = run_cli("check", str(essay), "--source", str(article))
    assert result.returncode == 0, result.stderr
    assert "words reused (similarity index) in" in result.stdout
    assert "She worked with men" in result.stdout
    assert "[establish]" in result.stdout  # document text is printed, never read as markup


def test_bundled_example_runs(tmp_path: Path):
    out = tmp_path / "r.json"
    result = run_cli(
        "check", "examples/essay.txt", "--source", "examples/sources", "--json", str(out)
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    sources = {Path(m["source"]).name for m in report["matches"]}
    assert sources == {"pollinators-in-decline.md", "bee-basics.txt"}


def test_an_empty_suspect_is_an_error_like_empty_stdin(tmp_path: Path):
    """An empty file has nothing to check: a 0.0% report would read as a clean essay."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    src = tmp_path / "src.txt"
    src.write_text(prose(100, seed=1), encoding="utf-8")
    out = tmp_path / "r.json"
    result = run_cli("check", str(empty), "--source", str(src), "--json", str(out))
    assert result.returncode == 2
    assert result.stderr == f"copyhound: error: {empty}: holds no text (empty document)\n"
    assert not out.exists()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "missing.txt: no such file"),
        ("binary", "looks like a binary file"),
        ("empty_folder", "folder holds no text files"),
        ("too_big", "limit (raise it with --max-size)"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(tmp_path: Path, setup: str, message: str):
    suspect = tmp_path / "essay.txt"
    suspect.write_text(prose(50, seed=2), encoding="utf-8")
    source = tmp_path / "missing.txt"
    args = []
    if setup == "binary":
        source = tmp_path / "blob.txt"
        source.write_bytes(bytes(range(256)) * 50)
    elif setup == "empty_folder":
        source = tmp_path / "folder"
        source.mkdir()
        (source / "x.png").write_bytes(b"\x89PNG")
    elif setup == "too_big":
        source = tmp_path / "big.txt"
        source.write_bytes(b"word " * 400_000)
        args = ["--max-size", "1M"]
    result = run_cli("check", str(suspect), "--source", str(source), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_report_never_overwrites_an_input(tmp_path: Path):
    suspect = tmp_path / "essay.txt"
    text = prose(50, seed=3)
    suspect.write_text(text, encoding="utf-8")
    result = run_cli("check", str(suspect), "--source", str(suspect), "--json", str(suspect))
    assert result.returncode == 2
    assert "refusing to overwrite" in result.stderr
    assert suspect.read_text(encoding="utf-8") == text


def make_pan_corpus(root: Path) -> None:
    """A two-folder corpus in the PAN layout: one copy with truth, one unrelated pair."""
    (root / "susp").mkdir(parents=True)
    (root / "src").mkdir()
    passage = prose(120, seed=50)
    before = prose(200, seed=51) + " "
    susp = before + passage + " " + prose(100, seed=52)
    src_pre = prose(80, seed=53) + " "
    (root / "susp" / "suspicious-document00001.txt").write_text(susp, encoding="utf-8")
    (root / "src" / "source-document00001.txt").write_text(src_pre + passage, encoding="utf-8")
    (root / "src" / "source-document00002.txt").write_text(prose(300, seed=54), encoding="utf-8")
    copy = root / "02-no-obfuscation"
    copy.mkdir()
    (copy / "pairs").write_text("suspicious-document00001.txt source-document00001.txt\n")
    (copy / "suspicious-document00001-source-document00001.xml").write_text(
        '<document reference="suspicious-document00001.txt">\n'
        f'<feature name="plagiarism" this_offset="{len(before)}" this_length="{len(passage)}" '
        f'source_reference="source-document00001.txt" source_offset="{len(src_pre)}" '
        f'source_length="{len(passage)}" />\n</document>\n'
    )
    none = root / "01-no-plagiarism"
    none.mkdir()
    (none / "pairs").write_text("suspicious-document00001.txt source-document00002.txt\n")
    (none / "suspicious-document00001-source-document00002.xml").write_text(
        '<document reference="suspicious-document00001.txt">\n</document>\n'
    )


def test_eval_pan_writes_detections_and_scores(tmp_path: Path):
    corpus = tmp_path / "corpus"
    make_pan_corpus(corpus)
    out = tmp_path / "out"
    result = run_cli("eval", "pan", str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stderr
    xml = (out / "suspicious-document00001-source-document00001.xml").read_text()
    assert (
        'name="detected-plagiarism"' in xml and 'source_reference="source-document00001.txt"' in xml
    )
    empty = (out / "suspicious-document00001-source-document00002.xml").read_text()
    assert "feature" not in empty
    line = next(x for x in result.stdout.splitlines() if "01+02 (sound cases)" in x)
    assert line.split()[-2] == "1.0000"  # plagdet of a perfect detection


def test_eval_pan_rejects_a_folder_that_is_no_corpus(tmp_path: Path):
    result = run_cli("eval", "pan", str(tmp_path), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert "not a PAN text-alignment corpus" in result.stderr


def test_reports_get_the_permissions_of_a_new_file(tmp_path: Path):
    suspect = tmp_path / "essay.txt"
    suspect.write_text(prose(50, seed=4), encoding="utf-8")
    out = tmp_path / "r.json"
    umask = os.umask(0o022)
    try:
        main(["check", str(suspect), "--source", str(suspect), "--json", str(out), "-q"])
    finally:
        os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o644


def test_an_unreadable_file_in_a_source_folder_is_skipped_with_a_warning(tmp_path: Path):
    passage = prose(80, seed=5)
    suspect = tmp_path / "essay.txt"
    suspect.write_text(f"{prose(60, seed=6)} {passage} {prose(60, seed=7)}", encoding="utf-8")
    folder = tmp_path / "readings"
    folder.mkdir()
    (folder / "good.txt").write_text(f"{prose(40, seed=8)} {passage}", encoding="utf-8")
    (folder / "broken.txt").write_bytes(bytes(range(256)) * 40)
    out = tmp_path / "r.json"
    result = run_cli("check", str(suspect), "--source", str(folder), "--json", str(out))
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines() == [
        f"copyhound: warning: skipped {folder / 'broken.txt'}: looks like a binary file, not text",
        "copyhound: 1 of 2 source files could not be read and was skipped (named above); "
        "the result covers the others",
    ]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"]["sources_skipped"] == [
        f"{folder / 'broken.txt'}: looks like a binary file, not text"
    ]
    assert {m["source"] for m in report["matches"]} == {str(folder / "good.txt")}

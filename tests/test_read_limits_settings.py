"""Read limits are settable (``--limit NAME=VALUE``, ``COPYHOUND_LIMITS``) and the wall-time
limit interrupts a read that never reaches a checkpoint."""

from __future__ import annotations

import signal
import threading
import time

import pytest
from index_helpers import run_cli, write_corpus

from copyhound.errors import InputError
from copyhound.read import documents
from copyhound.read.documents import read_bytes, read_document
from copyhound.read.limits import (
    DEFAULT_LIMITS,
    LIMITS_ENV,
    ReadLimits,
    configure,
    configured,
    format_limits,
    parse_limits,
)

VALID = "limits are bytes, chars, nodes, depth, spaces, seconds"


@pytest.fixture(autouse=True)
def _no_configured_limits(monkeypatch):
    monkeypatch.delenv(LIMITS_ENV, raising=False)
    configure(None)
    yield
    configure(None)


def test_parse_limits_sets_each_field_with_sizes():
    limits = parse_limits(
        ["bytes=100M", "chars=2m", "nodes=500k", "depth=50", "spaces=1000", "seconds=2.5"]
    )
    assert limits == ReadLimits(
        max_unpacked_bytes=100_000_000,
        max_chars=2_000_000,
        max_xml_nodes=500_000,
        max_depth=50,
        max_space_run=1000,
        max_seconds=2.5,
    )
    assert parse_limits([]) == DEFAULT_LIMITS
    assert parse_limits(["CHARS=10"]).max_chars == 10  # names in any case
    assert parse_limits(format_limits(limits).split(",")) == limits  # round trip


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("pages=3", f"--limit 'pages=3': unknown limit 'pages'; {VALID}"),
        ("chars", f"--limit 'chars': expected NAME=VALUE; {VALID}"),
        ("chars=abc", "--limit 'chars=abc': chars must be a whole number >= 1 (e.g. 500k, 2M)"),
        ("depth=0", "--limit 'depth=0': depth must be a whole number >= 1 (e.g. 500k, 2M)"),
        ("chars=1.5", "--limit 'chars=1.5': chars must be a whole number >= 1 (e.g. 500k, 2M)"),
        ("seconds=-1", "--limit 'seconds=-1': seconds must be a number of seconds > 0"),
        ("seconds=inf", "--limit 'seconds=inf': seconds must be a number of seconds > 0"),
    ],
)
def test_a_bad_limit_is_one_line_naming_the_valid_ones(setting, message):
    with pytest.raises(InputError) as info:
        parse_limits([setting])
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    "command", [["check", "x.txt"], ["batch", "."], ["index", "add", "c.db", "."]]
)
def test_cli_refuses_an_unknown_limit_with_exit_2(command, capsys):
    code, out, err = run_cli(capsys, *command, "--limit", "pages=3")
    assert code == 2 and out == ""
    assert err == f"copyhound: error: --limit 'pages=3': unknown limit 'pages'; {VALID}\n"


def test_serve_takes_limit_too(capsys):
    code, _out, err = run_cli(capsys, "serve", "--limit", "seconds=0")
    assert code == 2 and err.count("\n") == 1 and "seconds must be" in err


def test_environment_sets_the_default_and_limit_overrides_it(tmp_path, monkeypatch):
    monkeypatch.setenv(LIMITS_ENV, "chars=50,seconds=9")
    assert configured() == ReadLimits(max_chars=50, max_seconds=9)
    text = tmp_path / "long.txt"
    text.write_text("word " * 40)  # 200 characters
    with pytest.raises(InputError, match=r"long.txt: refused: over 50 characters"):
        read_document(text)
    monkeypatch.setenv(LIMITS_ENV, "chars=fifty")
    with pytest.raises(InputError, match=r"^COPYHOUND_LIMITS 'chars=fifty': chars must be"):
        configured()


def test_limit_chars_skips_and_names_a_longer_source(tmp_path, capsys):
    write_corpus(tmp_path / "src", 3, words=30)
    long = tmp_path / "src" / "long.txt"
    long.write_text("Harbor granite willow. " * 200)  # 4,600 characters
    essay = tmp_path / "essay.txt"
    essay.write_text("Harbor granite willow. " * 4)
    code, _out, err = run_cli(
        capsys, "check", essay, "-s", tmp_path / "src", "--limit", "chars=1k", "-q"
    )
    assert code == 3
    assert (
        f"copyhound: warning: skipped {long}: refused: over 1,000 characters of text "
        "(limit max_chars=1000)" in err
    )
    # the next command in the same process has the defaults again
    code, _out, err = run_cli(capsys, "check", essay, "-s", tmp_path / "src", "-q")
    assert code == 0 and "skipped" not in err


def test_limit_chars_in_index_add_workers(tmp_path, capsys):
    write_corpus(tmp_path / "src", 4, words=30)
    long = tmp_path / "src" / "long.txt"
    long.write_text("Harbor granite willow. " * 200)
    db = tmp_path / "c.db"
    code, _out, err = run_cli(
        capsys, "index", "add", db, tmp_path / "src", "-j", "2", "--limit", "chars=1k"
    )
    assert code == 3
    assert f"skipped {long}: refused: over 1,000 characters of text (limit max_chars=1000)" in err


def _sleepy(data: bytes, name: str):
    time.sleep(30)  # a C call that lets signals in
    raise AssertionError("not interrupted")


def _spinning(data: bytes, name: str):
    end = time.monotonic() + 30
    n = 0
    while time.monotonic() < end:  # a slow loop with no checkpoint of the budget
        n += 1
    raise AssertionError("not interrupted")


@pytest.mark.parametrize("reader", [_sleepy, _spinning])
def test_the_time_limit_interrupts_a_stuck_read(reader, monkeypatch):
    monkeypatch.setitem(documents.READERS, "text", reader)
    outer, _ = signal.getitimer(signal.ITIMER_REAL)  # pytest-timeout's, when it runs
    started = time.monotonic()
    with pytest.raises(InputError) as info:
        read_bytes(b"some text", "slow.txt", limits=ReadLimits(max_seconds=1))
    took = time.monotonic() - started
    assert str(info.value) == "slow.txt: refused: reading took over 1 s (limit max_seconds=1)"
    assert took < 2.5
    left, _ = signal.getitimer(signal.ITIMER_REAL)
    assert left == 0 if not outer else abs(left - (outer - took)) < 0.5  # only the outer one


def test_an_outer_timer_is_kept(monkeypatch):
    """A test runner's own SIGALRM timeout survives a read (less the time it took)."""
    rung = []
    previous = signal.signal(signal.SIGALRM, lambda *_: rung.append(1))
    signal.setitimer(signal.ITIMER_REAL, 50)
    try:
        read_bytes(b"plain words here", "a.txt", limits=ReadLimits(max_seconds=2))
        monkeypatch.setitem(documents.READERS, "text", _sleepy)
        with pytest.raises(InputError, match="max_seconds=1"):
            read_bytes(b"x", "slow.txt", limits=ReadLimits(max_seconds=1))
        left, _interval = signal.getitimer(signal.ITIMER_REAL)
        assert 45 < left < 50 and not rung
        assert signal.getsignal(signal.SIGALRM) is not signal.SIG_DFL
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_cli_names_the_file_and_the_limit_when_time_runs_out(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(documents.READERS, "text", _spinning)
    essay = tmp_path / "essay.txt"
    essay.write_text("Some words.")
    started = time.monotonic()
    code, out, err = run_cli(capsys, "check", essay, "-s", essay, "--limit", "seconds=1")
    assert time.monotonic() - started < 3
    assert code == 2 and out == ""
    assert err == (
        f"copyhound: error: {essay}: refused: reading took over 1 s (limit max_seconds=1)\n"
    )


def _checking(data: bytes, name: str):
    from copyhound.read.limits import budget

    time.sleep(0.2)
    budget().check_time()
    raise AssertionError("the check let it through")


def test_off_the_main_thread_the_checks_between_steps_hold(monkeypatch):
    """Signals reach the main thread only: no timer is armed from another thread, and the
    budget's checks refuse the document there."""
    monkeypatch.setitem(documents.READERS, "text", _checking)
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    errors = []

    def read() -> None:
        try:
            read_bytes(b"words", "a.txt", limits=ReadLimits(max_seconds=0.1))
        except InputError as exc:
            errors.append((str(exc), signal.getitimer(signal.ITIMER_REAL)[0]))

    worker = threading.Thread(target=read)
    worker.start()
    worker.join(10)
    [(message, during)] = errors
    assert message == "a.txt: refused: reading took over 0.1 s (limit max_seconds=0.1)"
    assert during <= outer  # the thread armed nothing

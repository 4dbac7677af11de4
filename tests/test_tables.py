"""Tables never cut a name: piped they are tab-separated; in a narrow terminal, a record a row."""

from __future__ import annotations

import io

from index_helpers import run_cli, write_corpus
from rich.console import Console

from copyhound.report.terminal import Column, print_table

LONG = [
    "submissions/student-essay-number-0001-final-version.docx",
    "submissions/student-essay-number-0002-final-version-revised.docx",
]
COLUMNS = [Column("a", name=True), Column("b", name=True), Column("similarity", number=True)]


def printed(terminal: bool, width: int) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=terminal, color_system=None)
    print_table(console, "pairs", COLUMNS, [[LONG[0], LONG[1], "12.0%"]])
    return buf.getvalue()


def test_piped_table_is_tab_separated_with_whole_names():
    out = printed(terminal=False, width=80).splitlines()
    assert out == ["pairs", "a\tb\tsimilarity", f"{LONG[0]}\t{LONG[1]}\t12.0%"]


def test_narrow_terminal_puts_each_name_whole_on_its_own_line():
    lines = printed(terminal=True, width=80).splitlines()
    assert all(len(line) <= 80 for line in lines)
    for name in LONG:
        assert any(name in line for line in lines)
    assert any("similarity 12.0%" in line for line in lines)


def test_wide_terminal_draws_a_table_with_whole_names():
    out = printed(terminal=True, width=200)
    line = next(line for line in out.splitlines() if LONG[0] in line)
    assert LONG[1] in line and "12.0%" in line  # one row, names whole


def test_index_list_piped_finds_every_name(tmp_path, capsys):
    folder = tmp_path / "a-folder-with-a-rather-long-name-for-the-sources"
    paths = write_corpus(folder, 3, words=60)
    for k, p in enumerate(paths):
        p.rename(p.with_name(f"source-document-with-a-long-descriptive-name-{k:03d}.txt"))
    db = tmp_path / "lib.db"
    assert run_cli(capsys, "index", "add", db, folder, "-q")[0] == 0
    code, out, _ = run_cli(capsys, "index", "list", db)
    assert code == 0
    for k in range(3):
        name = f"source-document-with-a-long-descriptive-name-{k:03d}.txt"
        assert sum(name in line for line in out.splitlines()) == 1, out
    assert "…" not in out

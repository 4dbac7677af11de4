"""Start-up: the command line loads only what the command it runs uses."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from copyhound.cli.app import COMMANDS

#: Never loaded by ``import copyhound.cli``: numpy-heavy semantic modules, the network stack
#: (which ``xml.sax.saxutils`` pulls in through ``urllib.request``), the evaluation package.
HEAVY = (
    "copyhound.semantic.align",
    "copyhound.semantic.embed",
    "copyhound.evaluate",
    "ssl",
    "http.client",
    "urllib.request",
)


def loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=120, text=True, check=True
    )
    return set(out.stdout.split())


def test_import_cli_loads_no_heavy_module():
    loaded = loaded_after("import copyhound.cli")
    assert {m for m in HEAVY if m in loaded} == set()
    assert "numpy" not in loaded and "rich" not in loaded  # --help needs neither


def test_check_without_semantic_loads_neither_semantic_nor_evaluation():
    loaded = loaded_after("import copyhound.cli.check")
    assert "copyhound.engine" in loaded  # the command itself is there
    assert {m for m in HEAVY if m in loaded} == set()


def test_help_lists_every_command_without_importing_it():
    loaded = loaded_after(
        "from copyhound.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert not any(m in loaded for m in ("copyhound.cli.check", "copyhound.cli.index", "numpy"))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_line_is_the_commands_own(name):
    module, attr, line = COMMANDS[name]
    command = getattr(importlib.import_module(module), attr)
    assert command.get_short_help_str(limit=1000) == line


def test_dash_capital_v_prints_the_version():
    out = subprocess.run(
        [sys.executable, "-m", "copyhound", "-V"],
        capture_output=True,
        timeout=120,
        text=True,
        check=True,
    )
    from copyhound import __version__

    assert out.stdout.strip() == f"copyhound, version {__version__}"

"""The ``copyhound`` command group: its subcommands, and ``main``, which turns errors into
one line and an exit code.

Every error the user can act on is printed on one line and exits non-zero; no traceback
reaches the terminal unless ``COPYHOUND_DEBUG=1`` is set.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from copyhound import __version__
from copyhound.errors import CopyhoundError

#: Each command: the module that defines it, its name there, and the one line ``--help``
#: shows (a test checks it is the command's own). A command's module, and what it imports
#: (numpy, the pipeline, rich), loads only when that command runs.
COMMANDS = {
    "batch": (
        "copyhound.cli.index",
        "batch_command",
        "Compare every submission in SUBMISSIONS (a folder, or a collection file) with every "
        "other, and with --index; rank the pairs and find clusters sharing text.",
    ),
    "check": (
        "copyhound.cli.check",
        "check",
        "Compare SUSPECT (a file, or - for standard input) with every --source and with its "
        "candidate sources in an --index collection.",
    ),
    "eval": ("copyhound.cli.evaluate", "eval_group", "Measure copyhound on evaluation corpora."),
    "index": (
        "copyhound.cli.index",
        "index_group",
        "Build and inspect a reference collection (one SQLite file).",
    ),
    "spark": (
        "copyhound.cli.spark",
        "spark_command",
        "Find the sources of --suspects (or, with --all, reprints inside the collection) in the "
        "collection exported to EXPORT_DIR (`copyhound index export DB EXPORT_DIR`), on Spark.",
    ),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported when one is run, not when the CLI starts."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module, attr, _ = COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from ``COMMANDS``: ``--help`` imports no command module."""
        rows = [(name, COMMANDS[name][2]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="copyhound")
def cli() -> None:
    """Find passages a suspect document reuses from its sources, aligned to exact offsets."""


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="copyhound", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("copyhound: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except CopyhoundError as exc:
        click.echo(f"copyhound: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("copyhound: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # never show a traceback to a user
        if os.environ.get("COPYHOUND_DEBUG"):
            raise
        click.echo(
            f"copyhound: internal error: {type(exc).__name__}: {exc} "
            "(set COPYHOUND_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(70)


if __name__ == "__main__":
    main()

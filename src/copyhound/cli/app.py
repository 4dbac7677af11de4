"""The ``copyhound`` command group: its subcommands, and ``main``, which turns errors into
one line and an exit code.

Every error the user can act on is printed on one line and exits non-zero; no traceback
reaches the terminal unless ``COPYHOUND_DEBUG=1`` is set. Standard output closed by its reader
(``copyhound ... | head -1``) ends the command quietly with 141, as a program killed by
SIGPIPE would (never the 1 of ``--fail-above``).
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from copyhound import __version__
from copyhound.cli.codes import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_PIPE_CLOSED
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
    "serve": (
        "copyhound.cli.serve",
        "serve_command",
        "Run the checking service and web app on HOST:PORT (127.0.0.1:8000 by default).",
    ),
    "spark": (
        "copyhound.cli.spark",
        "spark_command",
        "Find the sources of --suspects (or, with --all, reprints inside the collection) in the "
        "collection exported to EXPORT_DIR (`copyhound index export DB EXPORT_DIR`), on Spark.",
    ),
    "users": (
        "copyhound.cli.users",
        "users_group",
        "Manage the users of `copyhound serve` and their API tokens.",
    ),
}


def _quiet_closed_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush into the closed
    pipe raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real descriptor (a test's captured stream)
        pass


class LazyGroup(click.Group):
    """A group whose subcommands are imported when one is run, not when the CLI starts.

    A standard output its reader closed ends the command with 141 here, before click turns
    it into its own exit 1 (the code of ``--fail-above``)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _quiet_closed_stdout()
            sys.exit(EXIT_PIPE_CLOSED)

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
    except BrokenPipeError:
        _quiet_closed_stdout()
        sys.exit(EXIT_PIPE_CLOSED)
    except click.exceptions.Abort:
        click.echo("copyhound: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except CopyhoundError as exc:
        click.echo(f"copyhound: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("copyhound: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # never show a traceback to a user
        if os.environ.get("COPYHOUND_DEBUG"):
            raise
        click.echo(
            f"copyhound: internal error: {type(exc).__name__}: {exc} "
            "(set COPYHOUND_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    finally:
        limits = sys.modules.get("copyhound.read.limits")
        if limits is not None:  # `--limit` lasts one command (main runs many in tests)
            limits.configure(None)


if __name__ == "__main__":
    main()

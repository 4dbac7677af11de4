"""The ``copyhound`` command group: its subcommands, and ``main``, which turns errors into
one line and an exit code.

Every error the user can act on is printed on one line and exits non-zero; no traceback
reaches the terminal unless ``COPYHOUND_DEBUG=1`` is set.
"""

from __future__ import annotations

import os
import sys

import click

from copyhound import __version__
from copyhound.cli.check import check
from copyhound.cli.evaluate import eval_group
from copyhound.cli.index import batch_command, index_group
from copyhound.cli.spark import spark_command
from copyhound.errors import CopyhoundError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copyhound")
def cli() -> None:
    """Find passages a suspect document reuses from its sources, aligned to exact offsets."""


for _command in (check, eval_group, index_group, batch_command, spark_command):
    cli.add_command(_command)


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

"""The command line: a thin click layer over the library.

One module per command group (``check``, ``evaluate`` for ``eval``, ``index`` for ``index`` and
``batch``, ``spark``), the options several commands share in ``options``, what is read from
standard input and written out in ``output``; ``app`` assembles them and turns errors into one
line and an exit code.
"""

from copyhound.cli.app import cli, main

__all__ = ["cli", "main"]

"""Command-line options shared by several commands (check, index add, batch, spark)."""

from __future__ import annotations

import click

from .filter import FilterSettings
from .read import DEFAULT_MAX_BYTES

_UNITS = {"k": 1e3, "m": 1e6, "g": 1e9}


def parse_size(value: str) -> int:
    """Bytes from a size such as ``32M``, ``500k`` or ``1000000``."""
    v = value.strip().lower().removesuffix("b")
    try:
        if v and v[-1] in _UNITS:
            return int(float(v[:-1]) * _UNITS[v[-1]])
        return int(v)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a size such as 32M") from None


class ByteSize(click.ParamType):
    name = "size"

    def convert(self, value, param, ctx) -> int:
        return value if isinstance(value, int) else parse_size(value)


#: ``--max-size``: the command receives ``max_bytes`` (an int).
max_size_option = click.option(
    "--max-size",
    "max_bytes",
    type=ByteSize(),
    default=f"{DEFAULT_MAX_BYTES // 1_000_000}M",
    show_default=True,
    help="Refuse documents larger than this (e.g. 100M).",
)

#: ``--min-words``: the smallest passage reported, in shared words.
min_words_option = click.option(
    "--min-words",
    type=click.IntRange(1),
    default=FilterSettings().min_words,
    show_default=True,
    help="Smallest passage reported, in shared words.",
)

#: ``--min-chars``: the smallest passage reported, in suspect characters.
min_chars_option = click.option(
    "--min-chars",
    type=click.IntRange(1),
    default=FilterSettings().min_chars,
    show_default=True,
    help="Smallest passage reported, in suspect characters.",
)

"""Command-line options shared by several commands, in one place.

Sizes (``--max-size``), read limits (``--limit``), the smallest passage (``--min-words``,
``--min-chars``), the judgement stage's options (``judgement_options`` adds them to a command,
which receives them as keyword arguments named ``judge_*``; ``judge_options`` turns those into
``JudgeOptions``) and semantic detection's (``semantic_options``, ``semantic_settings``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from copyhound.engine.pipeline import Settings
from copyhound.filter.chance import DEFAULT_MIN_CONFIDENCE, SHORT_CHARS, SHORT_MIN_CONFIDENCE
from copyhound.filter.overlaps import FilterSettings
from copyhound.judge.verdict import JudgeOptions
from copyhound.read.documents import DEFAULT_MAX_BYTES, read_document
from copyhound.read.limits import LIMIT_NAMES, configure, configured, parse_limits
from copyhound.semantic.levels import SENSITIVITIES

if TYPE_CHECKING:
    from copyhound.semantic.align import SemanticSettings

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


def _set_read_limits(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]):
    """Make the ``--limit`` settings (over ``COPYHOUND_LIMITS``) the process's read limits;
    a bad one is a one-line error (exit 2) naming the valid limits."""
    configure(None)
    configure(parse_limits(values, base=configured()))


#: ``--limit NAME=VALUE`` (repeatable): what reading one document may cost. Sets the process's
#: read limits (``copyhound.read.limits.configure``); the command receives nothing.
limit_option = click.option(
    "--limit",
    "read_limits",
    multiple=True,
    metavar="NAME=VALUE",
    expose_value=False,
    callback=_set_read_limits,
    help="What reading one document may cost, e.g. --limit chars=2M --limit seconds=20 "
    f"(repeatable; {', '.join(LIMIT_NAMES)}; docs/formats.md). A document over one is refused.",
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

#: ``--min-confidence``: the command receives ``min_confidence`` (a float, or None for the
#: default); ``engine_settings`` turns it into the engine's settings.
min_confidence_option = click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=None,
    help="Leave out passages less likely than this to be reuse rather than chance, 0..1 "
    f"(default for shared words: {DEFAULT_MIN_CONFIDENCE}, {SHORT_MIN_CONFIDENCE} for passages "
    f"under {SHORT_CHARS} characters; semantic matches: their own "
    "confidence, not thresholded unless this is given).",
)


def engine_settings(min_words: int, min_chars: int, min_confidence: float | None) -> Settings:
    """The lexical engine's settings from the size and confidence options."""
    if min_confidence is None:
        return Settings(filter=FilterSettings(min_words=min_words, min_chars=min_chars))
    return Settings(
        filter=FilterSettings(min_words=min_words, min_chars=min_chars),
        min_confidence=min_confidence,
        min_semantic_confidence=min_confidence,
    )


_OPTIONS = [
    click.option(
        "--exclude-quotes",
        "judge_exclude_quotes",
        is_flag=True,
        help="Leave quoted passages out of the similarity index (still listed).",
    ),
    click.option(
        "--exclude-bibliography/--include-bibliography",
        "judge_exclude_bibliography",
        default=True,
        show_default=True,
        help="Leave the suspect's references section out of the index.",
    ),
    click.option(
        "--min-match-words",
        "judge_min_match_words",
        type=click.IntRange(0),
        default=0,
        show_default=True,
        help="Leave passages of fewer words than this out of the index.",
    ),
    click.option(
        "--min-source-percent",
        "judge_min_source_percent",
        type=click.FloatRange(0, 100),
        default=0.0,
        show_default=True,
        help="Leave sources under this percentage of the suspect out of the index.",
    ),
    click.option(
        "--template",
        "judge_template",
        type=click.Path(path_type=Path),
        help="Text the writer was given (e.g. the assignment); never counted as reuse.",
    ),
]


def judgement_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the judgement options to a click command."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


def judge_options(values: dict[str, Any], max_bytes: int = DEFAULT_MAX_BYTES) -> JudgeOptions:
    """``JudgeOptions`` from the ``judge_*`` keyword arguments of a command."""
    template = values.get("judge_template")
    return JudgeOptions(
        exclude_quotes=values.get("judge_exclude_quotes", False),
        exclude_bibliography=values.get("judge_exclude_bibliography", True),
        min_match_words=values.get("judge_min_match_words", 0),
        min_source_percent=values.get("judge_min_source_percent", 0.0),
        template=read_document(template, max_bytes=max_bytes) if template else None,
    )


def input_paths(values: dict[str, Any]) -> list[Path]:
    """Files the options read, which a report must never overwrite."""
    template = values.get("judge_template")
    return [template] if template else []


def semantic_options(default: bool) -> Callable:
    """``--semantic/--no-semantic`` and ``--sensitivity`` on a click command."""

    def decorate(f: Callable) -> Callable:
        f = click.option(
            "--sensitivity",
            type=click.Choice(SENSITIVITIES),
            default="normal",
            show_default=True,
            help="Semantic detection: low finds less and is surer, high finds more.",
        )(f)
        return click.option(
            "--semantic/--no-semantic",
            default=default,
            show_default=True,
            help="Also find paraphrase, summary and translation (needs copyhound[semantic]).",
        )(f)

    return decorate


def semantic_settings(enabled: bool, sensitivity: str, min_chars: int) -> SemanticSettings | None:
    """Settings for ``compare``/``run_corpus``; None when semantic detection is off.

    Loads the model up front so a missing extra is reported before any work is done.
    """
    if not enabled:
        return None
    from copyhound.semantic.align import SemanticSettings
    from copyhound.semantic.embed import load_model

    settings = SemanticSettings(
        sensitivity=sensitivity, filter=FilterSettings(min_words=1, min_chars=min_chars)
    )
    load_model(settings.threads)
    return settings

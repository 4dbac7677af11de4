"""The ``check`` options of the judgement stage, kept apart from cli.py.

``judgement_options`` adds the options to a click command, which receives them as keyword
arguments named ``judge_*``; ``judge_options`` turns those into ``JudgeOptions``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .read import DEFAULT_MAX_BYTES, read_document
from .verdict import JudgeOptions

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

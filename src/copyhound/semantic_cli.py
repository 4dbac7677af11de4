"""Command-line options of semantic detection, shared by ``check`` and ``eval pan``.

Kept out of cli.py so the commands only gain two decorators and one call.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from .filter import FilterSettings
from .semantic import SENSITIVITIES, SemanticSettings


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
    from .embed import load_model

    settings = SemanticSettings(
        sensitivity=sensitivity, filter=FilterSettings(min_words=1, min_chars=min_chars)
    )
    load_model(settings.threads)
    return settings

"""``copyhound eval``: PAN measures on a corpus, and synthetic corpora with known offsets."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from copyhound.cli.options import (
    engine_settings,
    min_confidence_option,
    semantic_options,
    semantic_settings,
)
from copyhound.cli.output import Console, progress_bar
from copyhound.errors import InputError
from copyhound.evaluate.split import PARTS
from copyhound.evaluate.synthetic import OBFUSCATIONS
from copyhound.filter.overlaps import FilterSettings
from copyhound.read.documents import expand_paths


@click.group(name="eval")
def eval_group() -> None:
    """Measure copyhound on evaluation corpora."""


@eval_group.command("pan")
@click.argument("corpus", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder for one PAN detection XML per pair.",
)
@click.option(
    "--folder",
    "folders",
    multiple=True,
    help="Only folders whose name starts with this (e.g. 01), repeatable.",
)
@click.option(
    "--min-chars",
    type=click.IntRange(1),
    default=150,
    show_default=True,
    help="Smallest detection, in suspect characters (PAN convention).",
)
@min_confidence_option
@click.option(
    "--part",
    type=click.Choice(["both", *PARTS, "all"]),
    default="both",
    show_default=True,
    help="Pairs of the development split to score, by suspect: the tuning part, the check "
    "part, both side by side, or all pairs pooled (README, 'Measured').",
)
@click.option("--quiet", "-q", is_flag=True)
@semantic_options(default=False)
def eval_pan(
    corpus: Path,
    out_dir: Path,
    folders: tuple[str, ...],
    min_chars: int,
    min_confidence: float | None,
    part: str,
    quiet: bool,
    semantic: bool,
    sensitivity: str,
) -> None:
    """Align every pair of a PAN text-alignment CORPUS and print PAN measures."""
    from copyhound.evaluate.pan import count_pairs, run_corpus
    from copyhound.report.pan_scores import render_pan_scores

    console = Console(quiet=quiet, width=None if sys.stdout.isatty() else 110)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = engine_settings(FilterSettings().min_words, min_chars, min_confidence)
    selected = list(folders) or None
    parts = PARTS if part == "both" else (part,)
    total = count_pairs(corpus, selected, parts)
    results = []
    with progress_bar(console, quiet) as bar:
        task = bar.add_task("aligning pairs", total=total)
        semantic_opts = semantic_settings(semantic, sensitivity, min_chars)
        advance = lambda: bar.advance(task)  # noqa: E731
        for result in run_corpus(
            corpus, out_dir, settings, selected, advance, semantic_opts, parts
        ):
            results.append(result)
    elapsed = sum(r.align_seconds for r in results)
    console.print(render_pan_scores(results, total, elapsed))
    console.print(f"detections written to {out_dir}/")


@eval_group.command("make-corpus")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True)
@click.option("--per-kind", type=click.IntRange(1), default=10, show_default=True)
@click.option(
    "--kinds",
    default=",".join(OBFUSCATIONS),
    show_default=True,
    help="Comma-separated obfuscations to make.",
)
@click.option("--seed", type=int, default=0, show_default=True)
def eval_make_corpus(
    sources: tuple[Path, ...], out_dir: Path, per_kind: int, kinds: str, seed: int
) -> None:
    """Make a PAN-layout corpus with known offsets from SOURCES (files or folders)."""
    from copyhound.evaluate.synthetic import make_corpus

    wanted = tuple(k.strip() for k in kinds.split(",") if k.strip())
    counts = make_corpus(expand_paths(sources), out_dir, per_kind, wanted, seed)
    for folder, n in counts.items():
        click.echo(f"{out_dir}/{folder}: {n} pairs")

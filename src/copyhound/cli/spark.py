"""The ``copyhound spark`` command: ``check --index`` on Apache Spark, over a collection's
Parquet export. ``cli.py`` registers it; the work is done by ``copyhound.spark``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click

from copyhound.cli.options import (
    input_paths,
    judge_options,
    judgement_options,
    max_size_option,
    min_chars_option,
    min_words_option,
)
from copyhound.engine.pipeline import Settings
from copyhound.errors import InputError
from copyhound.filter.overlaps import FilterSettings
from copyhound.model import Document
from copyhound.read.documents import expand_paths, read_document


@click.command("spark")
@click.argument("export_dir")
@click.option(
    "--suspects",
    "-s",
    "suspect_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A suspect file or a folder of them (repeatable).",
)
@click.option(
    "--all",
    "all_pairs",
    is_flag=True,
    help="Every document of the collection against the rest; each pair reported once.",
)
@click.option(
    "--out",
    metavar="PATH",
    required=True,
    help="JSON Lines file, one report per suspect (a URI or a path ending in / for part files).",
)
@click.option(
    "--top",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="Candidates aligned per suspect besides those sharing a passage (always aligned).",
)
@click.option(
    "--all-matches",
    is_flag=True,
    help="Keep matches that lie inside a longer or closer match with another source (left "
    "out by default, as check --index does).",
)
@click.option(
    "--master",
    help="Spark master URL [default: local[*], or the one spark-submit was given].",
)
@min_words_option
@min_chars_option
@max_size_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@judgement_options
def spark_command(
    export_dir: str,
    suspect_paths: tuple[Path, ...],
    all_pairs: bool,
    out: str,
    top: int,
    all_matches: bool,
    master: str | None,
    min_words: int,
    min_chars: int,
    max_bytes: int,
    quiet: bool,
    **judging: Any,
) -> None:
    """Find the sources of --suspects (or, with --all, reprints inside the collection) in the
    collection exported to EXPORT_DIR (`copyhound index export DB EXPORT_DIR`), on Spark."""
    from copyhound.index.retrieve import RetrievalSettings
    from copyhound.spark import output
    from copyhound.spark.job import Export, is_uri
    from copyhound.spark.session import require_java, require_pyspark

    if all_pairs == bool(suspect_paths):
        raise InputError("give --suspects PATH or --all (not both)")
    export = None if is_uri(export_dir) else Export.open(export_dir)
    files = expand_paths(suspect_paths)
    inputs = [*files, *input_paths(judging)]
    output.check_target(out, inputs, export_dir)
    require_pyspark()
    require_java()
    suspects = None if all_pairs else read_suspects(suspect_paths, files, max_bytes)
    from copyhound.spark.job import run
    from copyhound.spark.session import job_errors, spark_session
    from copyhound.spark.tasks import JobSettings

    settings = JobSettings(
        retrieval=RetrievalSettings(top=top, drop_shadowed=not all_matches),
        engine=Settings(filter=FilterSettings(min_words=min_words, min_chars=min_chars)),
        judge=judge_options(judging, max_bytes=max_bytes),
    )
    start = time.perf_counter()
    with job_errors(), spark_session(master) as spark:
        export = export or Export.open(export_dir, spark)
        written = output.write(run(spark, export, suspects, settings), out)
    if not quiet:
        what = "documents with reprints" if all_pairs else "suspects"
        click.echo(
            f"{out}: {written.lines} {what}, {written.with_matches} with passages "
            f"({time.perf_counter() - start:.1f}s)"
        )


def read_suspects(given: tuple[Path, ...], files: list[Path], max_bytes: int) -> list[Document]:
    """Suspects named on the command line must read; a file found in a folder that does not
    is skipped with a warning (as ``check`` does with sources), so one damaged file does not
    stop a class's run."""
    named = {p.resolve() for p in given if not p.is_dir()}
    docs = []
    for p in files:
        try:
            docs.append(read_document(p, max_bytes=max_bytes))
        except InputError as exc:
            if p.resolve() in named:
                raise
            click.echo(f"copyhound: warning: skipped {exc}", err=True)
    if not docs:
        raise InputError("no suspect could be read")
    return docs

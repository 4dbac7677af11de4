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
    semantic_options,
    semantic_settings,
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
    "--embed",
    is_flag=True,
    help="Build the export's passage vectors (the semantic route) in the executors, as "
    "`index embed` would, and add them to it.",
)
@click.option(
    "--out",
    metavar="PATH",
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
@semantic_options(default=False)
@min_words_option
@min_chars_option
@max_size_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@judgement_options
def spark_command(
    export_dir: str,
    suspect_paths: tuple[Path, ...],
    all_pairs: bool,
    embed: bool,
    out: str | None,
    top: int,
    all_matches: bool,
    master: str | None,
    semantic: bool,
    sensitivity: str,
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

    if embed:
        if all_pairs or suspect_paths or out:
            raise InputError("--embed builds the vectors only: no --suspects, --all or --out")
        return embed_export(export_dir, master, quiet)
    if all_pairs == bool(suspect_paths):
        raise InputError("give --suspects PATH or --all (not both)")
    if out is None:
        raise InputError("give --out PATH (the JSON Lines results)")
    if semantic and all_pairs:
        raise InputError(
            "--semantic is for --suspects: the collection against itself by meaning would "
            "compare every window with every other"
        )
    export = None if is_uri(export_dir) else Export.open(export_dir)
    files = expand_paths(suspect_paths)
    inputs = [*files, *input_paths(judging)]
    output.check_target(out, inputs, export_dir)
    require_pyspark()
    require_java()
    suspects = None if all_pairs else read_suspects(suspect_paths, files, max_bytes)
    from copyhound.cli.index import SEMANTIC_ROUTE_TOP
    from copyhound.spark.job import run
    from copyhound.spark.session import job_errors, spark_session
    from copyhound.spark.tasks import JobSettings

    settings = JobSettings(
        retrieval=RetrievalSettings(
            top=top,
            drop_shadowed=not all_matches,
            semantic_top=SEMANTIC_ROUTE_TOP if semantic else 0,
        ),
        engine=Settings(filter=FilterSettings(min_words=min_words, min_chars=min_chars)),
        judge=judge_options(judging, max_bytes=max_bytes),
        semantic=semantic_settings(semantic, sensitivity, min_chars),
    )
    start = time.perf_counter()
    with job_errors(), spark_session(master) as spark:
        export = export or Export.open(export_dir, spark)
        if semantic:
            warn_missing_vectors(export)
        written = output.write(run(spark, export, suspects, settings), out)
    if not quiet:
        what = "documents with reprints" if all_pairs else "suspects"
        click.echo(
            f"{out}: {written.lines} {what}, {written.with_matches} with passages "
            f"({time.perf_counter() - start:.1f}s)"
        )


def warn_missing_vectors(export) -> None:
    """As ``check --index --semantic`` warns: documents the route cannot search."""
    info = export.manifest.vectors
    have = info.documents if info else 0
    total = export.manifest.documents
    if have < total:
        click.echo(
            f"copyhound: warning: {total - have} of {total} documents in {export.location} have "
            "no passage vectors, so the semantic route did not search them (a paraphrased or "
            "translated source may be missed); build them with `copyhound spark "
            f"{export.location} --embed` (or `copyhound index embed DB`, then export again)",
            err=True,
        )


def embed_export(export_dir: str, master: str | None, quiet: bool) -> None:
    """``--embed``: the export's passage vectors, built in the executors."""
    from copyhound.semantic.embed import load_model
    from copyhound.spark import embed
    from copyhound.spark.job import Export, is_uri
    from copyhound.spark.session import job_errors, require_java, require_pyspark, spark_session

    export = None if is_uri(export_dir) else Export.open(export_dir)
    if export is not None and export.manifest.vectors is not None:
        raise InputError(f"{export.location}: already has passage vectors")
    require_pyspark()
    require_java()
    load_model(1)  # the model is there: a missing extra is one line, before Spark starts
    with job_errors(), spark_session(master) as spark:
        export = export or Export.open(export_dir, spark)
        done = embed.build(spark, export)
    if not quiet:
        click.echo(
            f"{export.location}: embedded {done.documents} documents ({done.windows} windows "
            f"of {done.dimensions} dimensions) in {done.seconds:.1f}s"
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

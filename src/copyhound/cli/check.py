"""``copyhound check``: one suspect against its sources (files, folders or a collection)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.text import Text

from copyhound.api import compare
from copyhound.cli.inputs import nothing_read, read_each, skipped_line
from copyhound.cli.options import (
    engine_settings,
    input_paths,
    judge_options,
    judgement_options,
    limit_option,
    max_size_option,
    min_chars_option,
    min_confidence_option,
    min_words_option,
    semantic_options,
    semantic_settings,
)
from copyhound.cli.output import (
    FORMATS,
    STDOUT,
    Console,
    check_outputs,
    exit_code,
    progress_bar,
    read_suspect,
    render,
    stream_of,
    write_output,
)
from copyhound.errors import InputError
from copyhound.read.documents import expand_paths


@click.command()
@click.argument("suspect", type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "--source",
    "-s",
    "sources",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A source file or a folder of them (repeatable).",
)
@click.option(
    "--index",
    "index_db",
    type=click.Path(path_type=Path),
    help="Find candidate sources in this collection (see `copyhound index`).",
)
@click.option(
    "--top",
    type=click.IntRange(1),
    default=20,
    show_default=True,
    help="With --index: candidates aligned besides those sharing a passage (always aligned).",
)
@click.option(
    "--all-matches",
    is_flag=True,
    help="With --index: keep matches that lie inside a longer or closer match with another "
    "source (left out by default: that one is where the passage came from).",
)
@click.option(
    "--add",
    "add_to_index",
    is_flag=True,
    help="With --index: add SUSPECT to the collection after checking.",
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Write the JSON report to this file (- for standard output).",
)
@click.option(
    "--html",
    "html_out",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Write the HTML report (one file; - for standard output).",
)
@click.option(
    "--format",
    "-f",
    "out_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="What goes to standard output: the summary, or the report as json, html or pan XML.",
)
@click.option(
    "--fail-above",
    type=click.FloatRange(0, 100),
    metavar="PERCENT",
    help="Exit 1 when the unattributed-reuse index (the reused share if unjudged) is above it.",
)
@min_words_option
@min_chars_option
@min_confidence_option
@max_size_option
@limit_option
@click.option(
    "--quiet", "-q", is_flag=True, help="No summary or progress; only errors (and --format)."
)
@judgement_options
@semantic_options(default=False)
def check(
    suspect: Path,
    sources: tuple[Path, ...],
    index_db: Path | None,
    top: int,
    all_matches: bool,
    add_to_index: bool,
    json_out: Path | None,
    html_out: Path | None,
    out_format: str,
    fail_above: float | None,
    min_words: int,
    min_chars: int,
    min_confidence: float | None,
    max_bytes: int,
    quiet: bool,
    semantic: bool,
    sensitivity: str,
    **judging: Any,
) -> None:
    """Compare SUSPECT (a file, or - for standard input) with every --source and with its
    candidate sources in an --index collection.

    A file found in a --source folder that cannot be read is skipped and named; the exit
    status is then 3 (README, "Exit codes")."""
    if not sources and not index_db:
        raise InputError("give at least one --source or an --index collection")
    if add_to_index and not index_db:
        raise InputError("--add needs --index")
    if all_matches and not index_db:
        raise InputError("--all-matches needs --index")
    named = {p.resolve() for p in sources if not p.is_dir()}
    found_paths = expand_paths(sources)
    source_paths = without_suspect(found_paths, suspect, named)
    inputs = [suspect, *source_paths, *input_paths(judging), *([index_db] if index_db else [])]
    outputs = {"--json": json_out, "--html": html_out}
    check_outputs(outputs, inputs, out_format if out_format != "text" else None)
    if len(source_paths) < len(found_paths):
        click.echo(f"copyhound: note: {suspect} is the suspect; left out of the sources", err=True)
    # The summary goes to standard error when a report takes standard output.
    stdout_taken = out_format != "text" or STDOUT in {stream_of(p) for p in outputs.values()}
    console = Console(stderr=stdout_taken, quiet=quiet)
    suspect_doc = read_suspect(suspect, max_bytes)
    settings = engine_settings(min_words, min_chars, min_confidence)
    judge = judge_options(judging, max_bytes=max_bytes)
    semantic_opts = semantic_settings(semantic, sensitivity, min_chars)
    skipped: list[str] = []
    found = None  # the retrieval, with --index
    if index_db:
        from copyhound.cli.index import SEMANTIC_ROUTE_TOP, indexed_check
        from copyhound.index.retrieve import RetrievalSettings
        from copyhound.judge.verdict import judge_report

        docs = list(read_each(source_paths, max_bytes, skipped, named))
        retrieval = RetrievalSettings(
            top=top,
            drop_shadowed=not all_matches,
            semantic_top=SEMANTIC_ROUTE_TOP if semantic else 0,
        )
        found = indexed_check(
            suspect, suspect_doc, index_db, docs, settings, retrieval, add_to_index, semantic_opts
        )
        report = found.report if judge is False else judge_report(found.report, judge)
    else:
        with progress_bar(console, quiet) as bar:
            task = bar.add_task("comparing", total=len(source_paths))
            docs = read_each(source_paths, max_bytes, skipped, named, lambda: bar.advance(task))
            report = compare(
                suspect_doc,
                docs,
                settings,
                progress=lambda d: bar.update(task, advance=1, description=Path(d.name).name),
                judge=judge,
                semantic=semantic_opts,
            )
        if not report.sources:
            raise nothing_read(len(source_paths), "in the source folders")
    report.skipped = skipped
    finish_check(
        report,
        console,
        json_out,
        html_out,
        out_format,
        fail_above,
        inputs,
        found,
        sources_given=len(source_paths),
    )
    if found is not None and found.vectors_missing:
        from copyhound.cli.codes import EXIT_SKIPPED

        sys.exit(EXIT_SKIPPED)


def without_suspect(paths: list[Path], suspect: Path, named: set[Path]) -> list[Path]:
    """Leave the suspect out of the files found in a source folder.

    An essay kept in the folder of its readings is not its own source: checked against itself
    it would be reported reused whole. A file named directly with --source is kept: that is
    asked for."""
    if str(suspect) == "-":
        return paths
    own = suspect.resolve()
    return [p for p in paths if p.resolve() != own or own in named]


def finish_check(
    report,
    console: Console,
    json_out: Path | None,
    html_out: Path | None,
    out_format: str,
    fail_above: float | None,
    inputs: list[Path],
    retrieval=None,
    sources_given: int = 0,
) -> None:
    """Write the reports asked for, print the summary, exit 1 above --fail-above (else 3 when
    source files were skipped).

    ``retrieval`` (from ``check --index``) adds the candidates considered to the JSON report
    and the terminal; ``sources_given`` is how many source files the command was given.
    """
    from copyhound.report import json as json_report
    from copyhound.report import terminal

    if json_out:
        if retrieval is not None:
            from copyhound.cli.index import json_with_candidates

            content = json_with_candidates(retrieval, report)
        else:
            content = json_report.dumps(report)
        write_output(json_out, content, inputs)
    if html_out:
        write_output(html_out, render(report, "html"), inputs)
    if out_format == "text":
        terminal.render(report, console)
        if retrieval is not None:
            from copyhound.cli.index import print_candidates

            print_candidates(retrieval, console)
    else:
        click.echo(render(report, out_format), nl=False)
    code, why = exit_code(report, fail_above)
    if why:
        console.print(Text(f"copyhound: {why}"))
    if report.skipped:
        click.echo(skipped_line(report.skipped, sources_given, "source files"), err=True)
    if code:
        sys.exit(code)

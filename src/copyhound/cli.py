"""The ``copyhound`` command: a thin layer over the library.

Every error the user can act on is printed on one line and exits non-zero; no traceback
reaches the terminal unless ``COPYHOUND_DEBUG=1`` is set.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from . import __version__
from .api import compare
from .cli_options import max_size_option, min_chars_option, min_words_option
from .engine import Settings
from .errors import CopyhoundError, InputError
from .evaluate.synthetic import OBFUSCATIONS
from .filter import FilterSettings
from .judge_cli import input_paths, judge_options, judgement_options
from .output import FORMATS, exit_code, read_suspect, render
from .read import expand_paths, read_document
from .semantic_cli import semantic_options, semantic_settings


def progress_bar(console: Console, quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    )


def write_output(path: Path, content: str, inputs: list[Path]) -> None:
    """Write a report atomically, refusing to overwrite any input document."""
    target = path.resolve()
    for p in inputs:
        if p.resolve() == target:
            raise InputError(f"{path}: is an input document; refusing to overwrite it")
    if target.is_dir():
        raise InputError(f"{path}: is a folder; give a file name for the report")
    if not target.parent.is_dir():
        raise InputError(f"{path}: folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    # mkstemp makes the file private (0600); a report gets the permissions a new file would.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copyhound")
def cli() -> None:
    """Find passages a suspect document reuses from its sources, aligned to exact offsets."""


@cli.command()
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
@click.option("--json", "json_out", type=click.Path(path_type=Path), help="Write the JSON report.")
@click.option(
    "--html", "html_out", type=click.Path(path_type=Path), help="Write the HTML report (one file)."
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
@max_size_option
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
    max_bytes: int,
    quiet: bool,
    semantic: bool,
    sensitivity: str,
    **judging: Any,
) -> None:
    """Compare SUSPECT (a file, or - for standard input) with every --source and with its
    candidate sources in an --index collection."""
    console = Console(stderr=out_format != "text", quiet=quiet)
    if not sources and not index_db:
        raise InputError("give at least one --source or an --index collection")
    if add_to_index and not index_db:
        raise InputError("--add needs --index")
    if all_matches and not index_db:
        raise InputError("--all-matches needs --index")
    suspect_doc = read_suspect(suspect, max_bytes)
    source_paths = expand_paths(sources)
    settings = Settings(filter=FilterSettings(min_words=min_words, min_chars=min_chars))
    judge = judge_options(judging, max_bytes=max_bytes)
    semantic_opts = semantic_settings(semantic, sensitivity, min_chars)
    inputs = [suspect, *source_paths, *input_paths(judging)]
    if index_db:
        from . import index_cli
        from .index.retrieve import RetrievalSettings
        from .verdict import judge_report

        docs = [read_document(p, max_bytes=max_bytes) for p in source_paths]
        retrieval = RetrievalSettings(top=top, drop_shadowed=not all_matches)
        found = index_cli.indexed_check(
            suspect, suspect_doc, index_db, docs, settings, retrieval, add_to_index, semantic_opts
        )
        report = found.report if judge is False else judge_report(found.report, judge)
        finish_check(
            report, console, json_out, html_out, out_format, fail_above, [*inputs, index_db], found
        )
        return
    named = {p.resolve() for p in sources if not p.is_dir()}
    skipped: list[str] = []

    def readable_sources():
        """Sources named on the command line must read; files found in a folder that do not
        are skipped with a warning, so one damaged file does not stop a class's check."""
        for p in source_paths:
            try:
                yield read_document(p, max_bytes=max_bytes)
            except InputError as exc:
                if p.resolve() in named:
                    raise
                skipped.append(str(exc))
                click.echo(f"copyhound: warning: skipped {exc}", err=True)
                bar.advance(task)

    with progress_bar(console, quiet) as bar:
        task = bar.add_task("comparing", total=len(source_paths))
        docs = readable_sources()
        report = compare(
            suspect_doc,
            docs,
            settings,
            progress=lambda d: bar.update(task, advance=1, description=Path(d.name).name),
            judge=judge,
            semantic=semantic_opts,
        )
    report.skipped = skipped
    finish_check(report, console, json_out, html_out, out_format, fail_above, inputs)


def finish_check(
    report,
    console: Console,
    json_out: Path | None,
    html_out: Path | None,
    out_format: str,
    fail_above: float | None,
    inputs: list[Path],
    retrieval=None,
) -> None:
    """Write the reports asked for, print the summary, exit 1 above --fail-above.

    ``retrieval`` (from ``check --index``) adds the candidates considered to the JSON report
    and the terminal.
    """
    from .report import json as json_report
    from .report import terminal

    if json_out:
        if retrieval is not None:
            from .index_cli import json_with_candidates

            content = json_with_candidates(retrieval, report)
        else:
            content = json_report.dumps(report)
        write_output(json_out, content, inputs)
    if html_out:
        write_output(html_out, render(report, "html"), inputs)
    if out_format == "text":
        terminal.render(report, console)
        if retrieval is not None:
            from .index_cli import print_candidates

            print_candidates(retrieval, console)
    else:
        click.echo(render(report, out_format), nl=False)
    code, why = exit_code(report, fail_above)
    if why:
        console.print(Text(f"copyhound: {why}"))
    if code:
        sys.exit(code)


@cli.group(name="eval")
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
@click.option("--quiet", "-q", is_flag=True)
@semantic_options(default=False)
def eval_pan(
    corpus: Path,
    out_dir: Path,
    folders: tuple[str, ...],
    min_chars: int,
    quiet: bool,
    semantic: bool,
    sensitivity: str,
) -> None:
    """Align every pair of a PAN text-alignment CORPUS and print PAN measures."""
    from .evaluate.pan import count_pairs, run_corpus
    from .report.pan_scores import render_pan_scores

    console = Console(quiet=quiet, width=None if sys.stdout.isatty() else 110)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(filter=FilterSettings(min_chars=min_chars))
    selected = list(folders) or None
    total = count_pairs(corpus, selected)
    results = []
    with progress_bar(console, quiet) as bar:
        task = bar.add_task("aligning pairs", total=total)
        semantic_opts = semantic_settings(semantic, sensitivity, min_chars)
        advance = lambda: bar.advance(task)  # noqa: E731
        for result in run_corpus(corpus, out_dir, settings, selected, advance, semantic_opts):
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
    from .evaluate.synthetic import make_corpus

    wanted = tuple(k.strip() for k in kinds.split(",") if k.strip())
    counts = make_corpus(expand_paths(sources), out_dir, per_kind, wanted, seed)
    for folder, n in counts.items():
        click.echo(f"{out_dir}/{folder}: {n} pairs")


def _register_index_commands() -> None:
    from .index_cli import batch_command, index_group
    from .spark_cli import spark_command

    cli.add_command(index_group)
    cli.add_command(batch_command)
    cli.add_command(spark_command)


_register_index_commands()


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

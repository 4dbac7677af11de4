"""The ``copyhound`` command: a thin layer over the library.

Every error the user can act on is printed on one line and exits non-zero; no traceback
reaches the terminal unless ``COPYHOUND_DEBUG=1`` is set.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from . import __version__
from .api import compare
from .engine import Settings
from .errors import CopyhoundError, InputError
from .filter import FilterSettings
from .read import DEFAULT_MAX_BYTES, expand_paths, read_document


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
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def parse_size(value: str) -> int:
    units = {"k": 1e3, "m": 1e6, "g": 1e9}
    v = value.strip().lower().removesuffix("b")
    try:
        if v and v[-1] in units:
            return int(float(v[:-1]) * units[v[-1]])
        return int(v)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a size such as 32M") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copyhound")
def cli() -> None:
    """Find passages a suspect document reuses from its sources, aligned to exact offsets."""


@cli.command()
@click.argument("suspect", type=click.Path(path_type=Path))
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
    help="With --index: candidates aligned.",
)
@click.option(
    "--add",
    "add_to_index",
    is_flag=True,
    help="With --index: add SUSPECT to the collection after checking.",
)
@click.option("--json", "json_out", type=click.Path(path_type=Path), help="Write the JSON report.")
@click.option(
    "--min-words",
    type=click.IntRange(1),
    default=FilterSettings().min_words,
    show_default=True,
    help="Smallest passage reported, in shared words.",
)
@click.option(
    "--min-chars",
    type=click.IntRange(1),
    default=FilterSettings().min_chars,
    show_default=True,
    help="Smallest passage reported, in suspect characters.",
)
@click.option(
    "--max-size",
    default=f"{DEFAULT_MAX_BYTES // 1_000_000}M",
    show_default=True,
    help="Refuse documents larger than this (e.g. 100M).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def check(
    suspect: Path,
    sources: tuple[Path, ...],
    index_db: Path | None,
    top: int,
    add_to_index: bool,
    json_out: Path | None,
    min_words: int,
    min_chars: int,
    max_size: str,
    quiet: bool,
) -> None:
    """Compare SUSPECT with every --source (and its candidates in --index); report reuse."""
    from .report import json as json_report
    from .report import terminal

    console = Console(stderr=False, quiet=quiet)
    limit = parse_size(max_size)
    if not sources and not index_db:
        raise InputError("give at least one --source or an --index collection")
    if add_to_index and not index_db:
        raise InputError("--add needs --index")
    suspect_doc = read_document(suspect, max_bytes=limit)
    source_paths = expand_paths(sources)
    settings = Settings(filter=FilterSettings(min_words=min_words, min_chars=min_chars))
    if index_db:
        from . import index_cli

        docs = [read_document(p, max_bytes=limit) for p in source_paths]
        found = index_cli.indexed_check(
            suspect, suspect_doc, index_db, docs, settings, top, add_to_index
        )
        if json_out:
            write_output(
                json_out,
                index_cli.json_with_candidates(found),
                [suspect, index_db, *source_paths],
            )
        terminal.render(found.report, console)
        index_cli.print_candidates(found, console)
        return
    with progress_bar(console, quiet) as bar:
        task = bar.add_task("comparing", total=len(source_paths))
        docs = (read_document(p, max_bytes=limit) for p in source_paths)
        report = compare(suspect_doc, docs, settings, progress=lambda _d: bar.advance(task))
    if json_out:
        write_output(json_out, json_report.dumps(report), [suspect, *source_paths])
    terminal.render(report, console)


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
def eval_pan(
    corpus: Path, out_dir: Path, folders: tuple[str, ...], min_chars: int, quiet: bool
) -> None:
    """Align every pair of a PAN text-alignment CORPUS and print PAN measures."""
    import time

    from rich.table import Table

    from .evaluate.pan import count_pairs, run_corpus, scores

    console = Console(quiet=quiet)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(filter=FilterSettings(min_chars=min_chars))
    selected = list(folders) or None
    total = count_pairs(corpus, selected)
    results = []
    start = time.perf_counter()
    with progress_bar(console, quiet) as bar:
        task = bar.add_task("aligning pairs", total=total)
        for result in run_corpus(corpus, out_dir, settings, selected, lambda: bar.advance(task)):
            results.append(result)
    elapsed = time.perf_counter() - start
    table = Table(
        title=f"{corpus}: {total} pairs in {elapsed:.1f}s "
        f"({total / elapsed if elapsed else 0:.0f} pairs/s)",
        title_justify="left",
    )
    for col in (
        "folder",
        "pairs",
        "with detection",
        "precision",
        "recall",
        "granularity",
        "plagdet",
        "sound plagdet",
    ):
        table.add_column(col, justify="left" if col == "folder" else "right")
    for r in results:
        if r.has_truth:
            raw, sound = scores([r]), scores([r], sound=True)
            table.add_row(
                r.name,
                str(r.pairs),
                f"{r.detected_share:.1%}",
                f"{raw.precision:.3f}",
                f"{raw.recall:.3f}",
                f"{raw.granularity:.3f}",
                f"{raw.plagdet:.3f}",
                f"{sound.plagdet:.3f}",
            )
        else:
            table.add_row(r.name, str(r.pairs), f"{r.detected_share:.1%}", "", "", "", "", "")
    truth = [r for r in results if r.has_truth]
    if truth:
        for label, sound in (("all truth (raw)", False), ("all truth (sound)", True)):
            s = scores(truth, sound=sound)
            table.add_row(
                label,
                str(sum(r.pairs for r in truth)),
                "",
                f"{s.precision:.3f}",
                f"{s.recall:.3f}",
                f"{s.granularity:.3f}",
                f"{s.plagdet:.3f}",
                "",
            )
    console.print(table)
    console.print(f"detections written to {out_dir}/")


def _register_index_commands() -> None:
    from .index_cli import batch_command, index_group

    cli.add_command(index_group)
    cli.add_command(batch_command)


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

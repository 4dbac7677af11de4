"""CLI commands for collections: ``index add|remove|list|stats|export``, ``batch``, and the
``check --index`` path. ``cli.py`` registers them; the work is done by ``copyhound.index``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from copyhound.cli.options import limit_option, max_size_option, min_words_option
from copyhound.cli.output import Console
from copyhound.engine.pipeline import Settings
from copyhound.errors import InputError
from copyhound.filter.overlaps import FilterSettings
from copyhound.model import Document
from copyhound.read.documents import expand_paths

if TYPE_CHECKING:
    from rich.progress import TaskID

    from copyhound.index.retrieve import RetrievalSettings
    from copyhound.semantic.align import SemanticSettings


def _default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


@click.group(name="index")
def index_group() -> None:
    """Build and inspect a reference collection (one SQLite file)."""


@index_group.command("add")
@click.argument("db", type=click.Path(path_type=Path))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1),
    default=_default_jobs,
    show_default=True,
    help="Processes reading and fingerprinting files.",
)
@click.option(
    "--batch",
    "batch_docs",
    type=click.IntRange(1),
    default=500,
    show_default=True,
    help="Documents per transaction (a kill loses at most one batch).",
)
@max_size_option
@limit_option
@click.option("--verbose", "-v", is_flag=True, help="Print each document once it is stored.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def index_add(
    db: Path,
    paths: tuple[Path, ...],
    jobs: int,
    batch_docs: int,
    max_bytes: int,
    verbose: bool,
    quiet: bool,
) -> None:
    """Add files or folders to the collection DB (created if missing); unchanged files are
    skipped by content hash, so an interrupted add resumes where it stopped. A file that
    cannot be read is named and skipped, the others are added, and the exit status is 3."""
    from copyhound.cli.codes import EXIT_SKIPPED
    from copyhound.cli.inputs import nothing_read, skipped_line, warn_skipped
    from copyhound.cli.output import progress_bar
    from copyhound.index.store import open_collection

    console = Console(stderr=True, quiet=quiet)
    files = expand_paths(paths)
    if db.resolve() in {f.resolve() for f in files}:
        raise InputError(f"{db}: is one of the files to add; give another collection file")
    with open_collection(db, create=True) as coll, progress_bar(console, quiet) as bar:
        task = bar.add_task("indexing", total=len(files))

        def committed(names: list[str]) -> None:
            if verbose and not quiet:
                for name in names:
                    click.echo(f"added {name}")

        summary = coll.add_paths(
            files,
            max_bytes=max_bytes,
            jobs=jobs,
            batch_docs=batch_docs,
            on_file=lambda: bar.advance(task),
            on_commit=committed,
        )
        total = len(coll)
    for message in summary.failed:
        warn_skipped(message)
    rate = summary.bytes / 1e6 / summary.seconds if summary.seconds else 0.0
    if not quiet:
        click.echo(
            f"{db}: added {len(summary.added) - len(summary.replaced)}"
            + (f" ({len(summary.same_text)} with a stored text)" if summary.same_text else "")
            + ", "
            f"replaced {len(summary.replaced)}, skipped {len(summary.skipped)} unchanged, "
            f"failed {len(summary.failed)}; {total} documents "
            f"({summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f}s, {rate:.1f} MB/s)"
        )
    if summary.failed and len(summary.failed) == len(files):
        raise nothing_read(len(files), "given", "nothing added")
    if summary.failed:
        click.echo(skipped_line(summary.failed, len(files), "files"), err=True)
        raise SystemExit(EXIT_SKIPPED)


@index_group.command("remove")
@click.argument("db", type=click.Path(path_type=Path))
@click.argument("names", nargs=-1, required=True)
def index_remove(db: Path, names: tuple[str, ...]) -> None:
    """Remove documents (by the name `index list` shows) from DB; all or none."""
    from copyhound.index.store import open_collection

    with open_collection(db) as coll:
        removed = coll.remove(list(names))
        left = len(coll)
    click.echo(f"{db}: removed {len(removed)}; {left} documents")


@index_group.command("list")
@click.argument("db", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def index_list(db: Path, as_json: bool) -> None:
    """List every name stored in DB (files with identical text are stored once, listed each)."""
    from copyhound.index.store import open_collection

    with open_collection(db) as coll:
        docs = list(coll.names())
        stored = len(coll)
    if as_json:
        for d in docs:
            click.echo(
                json.dumps(
                    {
                        "name": d.name,
                        "format": d.format,
                        "bytes": d.bytes,
                        "chars": d.chars,
                        "words": d.words,
                        "fingerprints": d.fingerprints,
                        "added": d.added,
                        "same_text_as": d.same_as,
                    },
                    ensure_ascii=False,
                )
            )
        return
    from copyhound.report.terminal import Column, print_table

    title = f"{db}: {len(docs)} documents"
    if stored != len(docs):
        title += f" ({stored} distinct texts)"
    columns = [
        Column("name", name=True),
        Column("format"),
        Column("words", number=True),
        Column("fingerprints", number=True),
        Column("same text as", name=True),
    ]
    rows = [[d.name, d.format, str(d.words), str(d.fingerprints), d.same_as or ""] for d in docs]
    print_table(Console(), title, columns, rows)


@index_group.command("stats")
@click.argument("db", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def index_stats(db: Path, as_json: bool) -> None:
    """Sizes of DB: documents, text, fingerprints, bytes on disk."""
    from copyhound.index.store import open_collection
    from copyhound.index.vectors import vector_stats

    with open_collection(db) as coll:
        stats = coll.stats()
        stats.update(vector_stats(coll.conn))
    if as_json:
        click.echo(json.dumps(stats))
        return
    text = stats["text_bytes"] or 1
    docs = stats["documents"] or 1
    lines = [
        f"documents        {stats['documents']}",
        f"text             {stats['text_bytes'] / 1e6:.2f} MB, {stats['words']} words",
        f"stored text      {stats['stored_text_bytes'] / 1e6:.2f} MB "
        f"({stats['stored_text_bytes'] / text:.1%} of the text)",
        f"fingerprints     {stats['postings']} postings in {stats['segments']} segments, "
        f"{stats['segment_bytes'] / 1e6:.2f} MB ({stats['segment_bytes'] / text:.1%})",
        f"removed, unmerged {stats['dead_postings']} postings",
        f"file on disk     {stats['file_bytes'] / 1e6:.2f} MB "
        f"({stats['file_bytes'] / text:.1%} of the text, {stats['file_bytes'] / docs:.0f} B/doc)",
        f"settings         {stats['ngram']}-word n-grams, winnowing window {stats['window']}",
        f"passage vectors  {stats['vector_documents']} of {stats['documents']} documents, "
        f"{stats['vector_windows']} windows of {stats['vector_dimensions']} dimensions, "
        f"{stats['vector_bytes'] / 1e6:.2f} MB in the collection "
        f"({stats['vector_bytes'] / text:.1%}: spans, scales and vectors not yet in the ANN "
        "file; `index embed` adds them)",
        f"ANN file         {stats['ann_bytes'] / 1e6:.2f} MB "
        f"({stats['ann_bytes'] / text:.1%}; "
        + (
            "the vectors, searched by `check --semantic`)"
            if stats["ann_bytes"]
            else "none: vectors in the collection searched exactly)"
        ),
    ]
    click.echo("\n".join(lines))


@index_group.command("export")
@click.argument("db", type=click.Path(path_type=Path))
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "parquet", "jsonl"]),
    default="auto",
    show_default=True,
    help="parquet needs pyarrow; jsonl writes documents.jsonl and postings.csv.",
)
def index_export(db: Path, out_dir: Path, fmt: str) -> None:
    """Write DB's documents and fingerprint postings as tables into OUT_DIR."""
    from copyhound.index.export import export
    from copyhound.index.store import open_collection
    from copyhound.index.vectors import coverage, has_table

    with open_collection(db) as coll:
        written = export(coll, out_dir, fmt)
        cov = coverage(coll.conn) if has_table(coll.conn) else None
    click.echo("wrote " + ", ".join(str(p) for p in written))
    if cov is not None and cov.missing:
        # The semantic route is in use, but some documents have no vectors to export (added
        # since the last embed, or their ANN file was lost): the Spark route would miss them.
        click.echo(
            f"warning: {cov.missing} of {cov.documents} documents have no passage vectors in "
            "the export: run `copyhound index embed` on the collection and export again",
            err=True,
        )


#: Candidates the semantic route adds with ``check --index --semantic`` (after the lexical
#: ones, each document once).
SEMANTIC_ROUTE_TOP = 10


@index_group.command("embed")
@click.argument("db", type=click.Path(path_type=Path))
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Processes embedding (each loads the model: about 150 MB).",
)
@click.option(
    "--batch",
    "batch_docs",
    type=click.IntRange(1),
    default=200,
    show_default=True,
    help="Documents per transaction (a kill loses at most one batch).",
)
@click.option("--verbose", "-v", is_flag=True, help="Print a line once each batch is durable.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def index_embed(db: Path, jobs: int, batch_docs: int, verbose: bool, quiet: bool) -> None:
    """Store passage vectors (the semantic route of `check --index --semantic`) for every
    document of DB that has none; an interrupted run keeps its finished batches and the next
    run goes on from there."""
    from copyhound.cli.output import progress_bar
    from copyhound.index.store import open_collection
    from copyhound.index.vectors import embed_collection

    console = Console(stderr=True, quiet=quiet)
    if not db.exists():
        raise InputError(f"{db}: no such collection (create it with `copyhound index add`)")
    with open_collection(db, create=True) as coll, progress_bar(console, quiet) as bar:
        task = bar.add_task("embedding", total=None)

        def committed(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            if verbose and not quiet:
                click.echo(f"embedded {done} of {total}")

        summary = embed_collection(
            coll,
            jobs=jobs,
            batch_docs=batch_docs,
            on_batch=lambda done, total: committed(done, total),
        )
        total = len(coll)
    if not quiet:
        rate = summary.cpu_seconds / (summary.bytes / 1e6) if summary.bytes else 0.0
        click.echo(
            f"{db}: embedded {summary.embedded} documents ({summary.windows} windows, "
            f"{summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f}s, {rate:.1f} CPU s/MB); "
            f"{total - summary.left} of {total} documents have passage vectors"
        )
        if summary.lost:
            click.echo(
                f"{db}: the ANN file holding their vectors was lost: "
                f"{summary.lost} documents embedded again"
            )
        ann = summary.ann
        if ann is not None and ann.skipped == "usearch is not installed":
            click.echo(
                f"{db}: usearch is not installed: the semantic route searches exactly "
                "(pip install 'copyhound[semantic]')"
            )
        elif ann is not None and not ann.skipped:
            how = "built" if ann.built else f"+{ann.added} -{ann.removed} windows"
            click.echo(f"{db}: ANN file {how}: {ann.windows} windows, {ann.bytes / 1e6:.1f} MB")


def indexed_check(
    suspect_path: Path,
    suspect: Document,
    db: Path,
    sources: list[Document],
    settings: Settings,
    retrieval: RetrievalSettings,
    add: bool,
    semantic: SemanticSettings | None = None,
):
    """``check --index``: retrieve candidates, align (with semantic detection if asked),
    optionally add the suspect afterwards."""
    from copyhound.api import PairAligner
    from copyhound.index.retrieve import check_against_collection
    from copyhound.index.store import open_collection, prepare_document, sha256_of

    with open_collection(db, create=add) as coll:
        result = check_against_collection(
            suspect,
            coll,
            sources,
            settings,
            retrieval,
            aligner=PairAligner(settings, semantic),
        )
        if result.vectors_missing:
            n = result.vectors_missing
            click.echo(
                f"copyhound: warning: {n} of {len(coll)} documents in {db} have no passage "
                "vectors, so the semantic route did not search them (a paraphrased or "
                f"translated source may be missed); run `copyhound index embed {db}`",
                err=True,
            )
        if add:
            data = (
                suspect.text.encode("utf-8")
                if str(suspect_path) == "-"
                else suspect_path.read_bytes()
            )
            coll.add_documents(
                [prepare_document(suspect, sha256_of(data), len(data), coll.settings)]
            )
    return result


def print_candidates(result, console: Console) -> None:
    if not result.candidates:
        console.print("no candidate sources found in the collection")
        return
    from copyhound.report.terminal import Column, print_table

    columns = [Column("rank", number=True), Column("candidate", name=True)] + [
        Column(h, number=True) for h in ("n-grams in order", "fingerprints", "score", "passages")
    ]
    rows = [
        [
            str(rank),
            c.name,
            str(c.verified),
            str(c.shared),
            f"{c.score:.1f}" if c.similarity is None else f"cos {c.similarity:.2f}",
            str(len(result.report.matches_for(c.name))),
        ]
        for rank, c in enumerate(result.candidates, 1)
    ]
    print_table(console, "Candidates from the collection", columns, rows)
    if result.matches_left_out:
        n = result.matches_left_out
        console.print(
            f"{n} match{'es' if n != 1 else ''} left out: inside a longer or closer match with "
            "another source (--all-matches shows them)"
        )


@click.command("batch")
@click.argument("submissions", type=click.Path(path_type=Path))
@click.option(
    "--index",
    "db",
    type=click.Path(path_type=Path),
    help="Also compare each submission with this collection.",
)
@click.option(
    "--html",
    "html_out",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Write the HTML report (matrix, pairs, clusters; - for standard output).",
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Write the JSON report (- for standard output).",
)
@min_words_option
@click.option(
    "--cluster-min",
    type=click.FloatRange(0, 1),
    default=0.03,
    show_default=True,
    help="Share of two texts' words that must be shared for them to join one cluster.",
)
@max_size_option
@limit_option
@click.option("--quiet", "-q", is_flag=True)
def batch_command(
    submissions: Path,
    db: Path | None,
    html_out: Path | None,
    json_out: Path | None,
    min_words: int,
    cluster_min: float,
    max_bytes: int,
    quiet: bool,
) -> None:
    """Compare every submission in SUBMISSIONS (a folder, or a collection file) with every
    other, and with --index; rank the pairs and find clusters sharing text. A file in the
    folder that cannot be read is named and skipped, and the exit status is 3."""
    from copyhound.cli.codes import EXIT_SKIPPED
    from copyhound.cli.inputs import nothing_read, read_each, skipped_line
    from copyhound.cli.output import (
        STDOUT,
        check_outputs,
        progress_bar,
        stream_of,
        write_output,
    )
    from copyhound.index.batch import BatchSettings, compare_batch
    from copyhound.index.store import open_collection
    from copyhound.report import batch as batch_report

    if not submissions.exists():
        raise InputError(f"{submissions}: no such folder or collection")
    paths = expand_paths([submissions]) if submissions.is_dir() else []
    protected = (paths or [submissions]) + ([db] if db else [])
    outputs = {"--json": json_out, "--html": html_out}
    check_outputs(outputs, protected)
    stdout_taken = STDOUT in {stream_of(p) for p in outputs.values()}
    console = Console(stderr=stdout_taken, quiet=quiet)
    # Progress goes to standard error, and only to a terminal (never into a pipe or a file).
    with progress_bar(Console(stderr=True), quiet) as bar:
        skipped: list[str] = []
        if paths:
            reading = bar.add_task("reading", total=len(paths))
            docs = []
            for doc in read_each(paths, max_bytes, skipped, on_skip=lambda: bar.advance(reading)):
                docs.append(doc)
                bar.advance(reading)
            if not docs:
                raise nothing_read(len(paths), f"in {submissions}")
        else:
            with open_collection(submissions) as coll:
                docs = [coll.document(d.id) for d in coll.documents()]
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        settings = Settings(filter=FilterSettings(min_words=min_words))
        coll = open_collection(db) if db else None
        try:
            result = compare_batch(
                docs,
                coll,
                settings,
                BatchSettings(cluster_min_similarity=cluster_min),
                progress=progress,
            )
        finally:
            if coll:
                coll.close()
    result.skipped = skipped
    if json_out:
        write_output(json_out, batch_report.dumps(result), protected)
    if html_out:
        write_output(html_out, batch_report.to_html(result), protected)
    from copyhound.report.terminal import Column, print_table

    headers = ("similarity", "share a", "share b", "words a", "words b", "passages")
    columns = [Column("a", name=True), Column("b", name=True)] + [
        Column(h, number=True) for h in headers
    ]
    rows = [
        [
            r.a,
            r.b + (" (collection)" if r.b_in_collection else ""),
            f"{r.similarity:.1%}",
            f"{r.share_a:.1%}",
            f"{r.share_b:.1%}",
            f"{r.words_a:,}",
            f"{r.words_b:,}",
            str(len(r.matches)),
        ]
        for r in result.pairs[:20]
    ]
    title = (
        f"{len(docs)} submissions: {len(result.pairs)} pairs share passages "
        f"({result.aligned_pairs} aligned), {len(result.clusters)} clusters; shares of words"
        + ("; the first 20 (all in --json)" if len(result.pairs) > 20 else "")
    )
    print_table(console, title, columns, rows)
    for n, c in enumerate(result.clusters, 1):
        console.print(f"cluster {n}: " + ", ".join(c))
    if skipped:
        click.echo(skipped_line(skipped, len(paths), "files"), err=True)
        raise SystemExit(EXIT_SKIPPED)


def json_with_candidates(result, report=None) -> str:
    """The JSON report (``report``, else the retrieval's own) plus a ``retrieval`` object."""
    from copyhound.report import json as json_report

    data = json_report.to_dict(report if report is not None else result.report)
    data["retrieval"] = {
        "candidates": [c.to_dict() for c in result.candidates],
        "matches_left_out": result.matches_left_out,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

"""The readable terminal summary, drawn with rich, and the tables every command prints.

Names (files, sources, submissions) are never cut: piped, a table is tab-separated plain text
(``grep`` and ``cut -f`` find every name whole); in a terminal it is a table when every name
fits on its line, else one record per row with each name on a line of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

from copyhound.judge.verdict import Judgement, verdict_order
from copyhound.model import Match, Report
from copyhound.report.places import describe_place
from copyhound.report.verdicts import reuse_index, source_shares, source_words

_VERDICT_STYLE = {
    "unattributed": "bold red",
    "quoted-unattributed": "bold yellow",
    "attributed-unquoted": "bold yellow",
    "quoted-attributed": "bold green",
}


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 20] + " [...] " + text[-13:]


def _semantic_note(m: Match) -> str:
    """Which evidence found a match, and how sure semantic detection is."""
    if m.semantic is None:
        chance = f", confidence {m.chance.confidence:.2f}" if m.chance is not None else ""
        return chance if m.evidence == ("lexical",) else f"{chance} ({'+'.join(m.evidence)})"
    return f" (semantic, {m.semantic.level} confidence {m.semantic.confidence:.2f})"


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its header, and whether it holds a name (never cut, left-aligned)
    or a number (right-aligned)."""

    header: str
    name: bool = False
    number: bool = False


def print_table(
    console: Console, title: str, columns: Sequence[Column], rows: Sequence[Sequence[str]]
) -> None:
    """Print ``rows`` so that no name is ever cut or split (see the module docstring)."""
    if not console.is_terminal:
        if console.quiet:
            return
        # Straight to the file: rich would expand the tabs to spaces.
        lines = ([title] if title else []) + [
            "\t".join(r) for r in [[c.header for c in columns], *rows]
        ]
        console.file.write("\n".join(lines) + "\n")
        return
    widths = [max([len(c.header)] + [len(r[k]) for r in rows]) for k, c in enumerate(columns)]
    if sum(widths) + 3 * len(columns) + 1 <= console.width:
        table = Table(title=title or None, title_justify="left", show_edge=False)
        for c in columns:
            table.add_column(c.header, justify="right" if c.number else "left", no_wrap=True)
        for row in rows:
            table.add_row(*(Text(v) for v in row))
        console.print(table)
        return
    if title:
        console.print(Text(title, style="italic"))
    for row in rows:
        facts = [f"{c.header} {v}" for c, v in zip(columns, row, strict=True) if not c.name and v]
        names = [v for c, v in zip(columns, row, strict=True) if c.name and v]
        console.print(Text("- " + (", ".join(facts) if facts else names.pop(0))))
        for name in names:
            console.print(Text("  " + name))


def render(report: Report, console: Console, max_chars: int = 600) -> None:
    """Print the headline measure, per-source shares and every passage side by side."""
    suspect = report.suspect
    index = reuse_index(report)
    share = index.similarity
    console.print(
        Text.assemble(
            ("copyhound ", "bold"),
            (f"{suspect.name}: ", ""),
            (f"{share:.1%}", "bold red" if share >= 0.2 else "bold"),
            f" of its {index.words} words reused (similarity index) in "
            f"{len(report.matches)} passage{'' if len(report.matches) == 1 else 's'} "
            f"from {len({m.source for m in report.matches})} of "
            f"{len(report.considered)} source{'' if len(report.considered) == 1 else 's'}",
        )
    )
    if report.similarity is not None:
        console.print(_headline(report))
    if not report.matches:
        return
    shares, words = source_shares(report), source_words(report)
    ranked = sorted(report.sources, key=lambda d: (-words.get(d.name, 0), d.name))
    rows = [
        [
            doc.name,
            str(len(report.matches_for(doc.name))),
            str(words.get(doc.name, 0)),
            f"{shares.get(doc.name, 0.0):.1%}",
        ]
        for doc in ranked
        if report.matches_for(doc.name)
    ]
    columns = [
        Column("source", name=True),
        Column("passages", number=True),
        Column("words", number=True),
        Column("share of suspect words", number=True),
    ]
    print_table(console, "Sources", columns, rows)
    ordered = verdict_order(report.matches) if report.similarity is not None else report.matches
    for n, m in enumerate(ordered, 1):
        source = next(d for d in report.sources if d.name == m.source)
        # The source's name goes in the title, which wraps between words: in a column
        # header half the width of an 80-column terminal a long name would be split.
        table = Table(
            title=Text.assemble(
                f"#{n} ",
                *_verdict_title(m),
                f"{m.kind}, score {m.score:.2f}{_semantic_note(m)}, from ",
                (m.source, "bold"),
            ),
            title_justify="left",
            expand=True,
            show_lines=False,
        )
        table.add_column(
            Text(
                f"suspect {m.suspect.start}-{m.suspect.end} "
                f"({describe_place(suspect, m.suspect.start)})"
            ),
            ratio=1,
            overflow="fold",
        )
        table.add_column(
            Text(
                f"source {m.source_span.start}-{m.source_span.end} "
                f"({describe_place(source, m.source_span.start)})"
            ),
            ratio=1,
            overflow="fold",
        )
        # Text objects, never markup strings: documents contain brackets like "[3]".
        table.add_row(
            Text(_clip(suspect.slice(m.suspect), max_chars)),
            Text(_clip(source.slice(m.source_span), max_chars)),
        )
        console.print(table)


def _headline(report: Report) -> Text:
    """The judged figures: unattributed reuse (same words as the similarity index), verdict
    counts, exclusions."""
    idx = reuse_index(report)
    counts: dict[str, int] = {}
    for m in report.matches:
        if isinstance(m.judgement, Judgement) and not m.judgement.excluded:
            counts[m.judgement.verdict] = counts.get(m.judgement.verdict, 0) + 1
    parts: list = [
        ("unattributed reuse ", "bold"),
        (f"{idx.share:.1%}", "bold red" if idx.share > 0 else "bold green"),
        f" of the {idx.words} words",
    ]
    for verdict in _VERDICT_STYLE:
        if counts.get(verdict):
            parts.extend(["; ", (f"{counts[verdict]} {verdict}", _VERDICT_STYLE[verdict])])
    excluded = sum(1 for m in report.matches if getattr(m.judgement, "excluded", None))
    if excluded:
        parts.append(f"; {excluded} excluded from the index")
    return Text.assemble(*parts)


def _verdict_title(m: Match) -> list:
    j = m.judgement
    if not isinstance(j, Judgement):
        return []
    out: list = [(j.verdict.upper(), _VERDICT_STYLE[j.verdict]), " "]
    if j.misquote:
        out.append(("MISQUOTED ", "bold magenta"))
    if j.attribution is not None:
        out.append(f"(credited by {j.attribution.signal.text!r}) ")
    if j.excluded:
        out.append((f"[excluded: {', '.join(j.excluded)}] ", "dim"))
    return out

"""The readable terminal summary, drawn with rich."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Match, Report


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 20] + " [...] " + text[-13:]


def _semantic_note(m: Match) -> str:
    """Which evidence found a match, and how sure semantic detection is."""
    if m.semantic is None:
        return "" if m.evidence == ("lexical",) else f" ({'+'.join(m.evidence)})"
    return f" (semantic, {m.semantic.level} confidence {m.semantic.confidence:.2f})"


def render(report: Report, console: Console, max_chars: int = 600) -> None:
    """Print share reused, per-source shares and every passage side by side."""
    suspect = report.suspect
    share = report.reused_share()
    console.print(
        Text.assemble(
            ("copyhound ", "bold"),
            (f"{suspect.name}: ", ""),
            (f"{share:.1%}", "bold red" if share >= 0.2 else "bold"),
            f" of the text reused in {len(report.matches)} passage"
            f"{'' if len(report.matches) == 1 else 's'} "
            f"from {len({m.source for m in report.matches})} of "
            f"{len(report.considered)} source{'' if len(report.considered) == 1 else 's'}",
        )
    )
    if not report.matches:
        return
    sources = Table(title="Sources", title_justify="left", show_edge=False)
    sources.add_column("source")
    sources.add_column("passages", justify="right")
    sources.add_column("share of suspect", justify="right")
    ranked = sorted(report.sources, key=lambda d: -report.reused_chars(d.name))
    for doc in ranked:
        count = len(report.matches_for(doc.name))
        if count:
            sources.add_row(Text(doc.name), str(count), f"{report.reused_share(doc.name):.1%}")
    console.print(sources)
    for n, m in enumerate(report.matches, 1):
        source = next(d for d in report.sources if d.name == m.source)
        table = Table(
            title=Text(f"#{n} {m.kind}, score {m.score:.2f}{_semantic_note(m)}"),
            title_justify="left",
            expand=True,
            show_lines=False,
        )
        table.add_column(
            Text(f"suspect {m.suspect.start}-{m.suspect.end}"), ratio=1, overflow="fold"
        )
        table.add_column(
            Text(f"{m.source} {m.source_span.start}-{m.source_span.end}"),
            ratio=1,
            overflow="fold",
        )
        # Text objects, never markup strings: documents contain brackets like "[3]".
        table.add_row(
            Text(_clip(suspect.slice(m.suspect), max_chars)),
            Text(_clip(source.slice(m.source_span), max_chars)),
        )
        console.print(table)

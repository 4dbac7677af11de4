"""The readable terminal summary, drawn with rich."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from copyhound.judge.verdict import Judgement, verdict_order
from copyhound.model import Match, Report
from copyhound.report.places import describe_place

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
    if report.similarity is not None:
        console.print(_headline(report))
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
    ordered = verdict_order(report.matches) if report.similarity is not None else report.matches
    for n, m in enumerate(ordered, 1):
        source = next(d for d in report.sources if d.name == m.source)
        table = Table(
            title=Text.assemble(
                f"#{n} ",
                *_verdict_title(m),
                f"{m.kind}, score {m.score:.2f}{_semantic_note(m)}",
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
                f"{m.source} {m.source_span.start}-{m.source_span.end} "
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
    """The judged figures: unattributed reuse first, then similarity and verdict counts."""
    idx = report.similarity
    counts: dict[str, int] = {}
    for m in report.matches:
        if isinstance(m.judgement, Judgement) and not m.judgement.excluded:
            counts[m.judgement.verdict] = counts.get(m.judgement.verdict, 0) + 1
    parts: list = [
        ("unattributed reuse ", "bold"),
        (f"{idx.unattributed:.1%}", "bold red" if idx.unattributed > 0 else "bold green"),
        f" of {idx.words} words, similarity index {idx.similarity:.1%}",
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

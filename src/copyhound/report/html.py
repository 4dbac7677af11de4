"""The self-contained HTML report: suspect and source side by side, every passage highlighted.

One file, no external requests (inline CSS and JS, a Content-Security-Policy that forbids
fetching anything), so it works offline and as an e-mail attachment. Every piece of document
text goes through Jinja's autoescaping: a document containing ``<script>`` shows it as text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from copyhound import __version__
from copyhound.model import Document, Match, Report
from copyhound.normalise.tokens import tokenize
from copyhound.report.places import describe_place
from copyhound.report.verdicts import misquote_notes, reuse_index, verdict_of

#: Source colours: light fills under black text (contrast above 12:1), each paired with an
#: underline style so sources differ without colour too.
PALETTE = ("#ffd08a", "#9ec5ff", "#b7f0a8", "#ffb8f0", "#f2f28a", "#8ff0f0", "#cdbfff", "#ffb0a8")
LINES = ("solid", "dashed", "dotted", "double")


@dataclass(slots=True)
class Segment:
    """A stretch of text and the passages covering it (empty: not reused)."""

    text: str
    ids: list[str] = field(default_factory=list)
    #: Passages that begin in this segment (they get their number label here).
    starts: list[str] = field(default_factory=list)


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece lists the spans covering it."""
    cuts = sorted({0, len(text)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    opening: dict[int, list[str]] = {}
    closing: dict[int, list[str]] = {}
    for start, end, ident in spans:
        if end > start:
            opening.setdefault(start, []).append(ident)
            closing.setdefault(end, []).append(ident)
    active: list[str] = []
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        for ident in closing.get(a, ()):
            active.remove(ident)
        starts = opening.get(a, [])
        active.extend(starts)
        if b > a:
            out.append(Segment(text[a:b], list(active), list(starts)))
    return out


def _words(doc: Document, m: Match) -> int:
    return len(tokenize(doc.match_text[m.suspect.start : m.suspect.end]))


def view_model(report: Report, title: str | None = None) -> dict[str, Any]:
    """Everything the template shows, as plain data (also what tests inspect)."""
    suspect = report.suspect
    by_name = {d.name: d for d in report.sources}
    used = [d for d in report.sources if report.matches_for(d.name)]
    used.sort(key=lambda d: -report.reused_chars(d.name))
    source_ids = {d.name: f"s{i}" for i, d in enumerate(used)}
    sources = []
    for i, doc in enumerate(used):
        sources.append(
            {
                "id": source_ids[doc.name],
                "name": doc.name,
                "format": doc.format,
                "colour": PALETTE[i % len(PALETTE)],
                "line": LINES[(i // len(PALETTE) + i) % len(LINES)],
                "passages": len(report.matches_for(doc.name)),
                "share": report.reused_share(doc.name),
            }
        )
    matches = []
    for n, m in enumerate(report.matches, 1):
        src = by_name[m.source]
        verdict = verdict_of(m)
        matches.append(
            {
                "id": f"m{n}",
                "n": n,
                "source": source_ids[m.source],
                "source_name": m.source,
                "kind": m.kind,
                "score": m.score,
                "verdict": verdict.label if verdict else None,
                "letters": verdict.letters if verdict else "",
                "quoted": bool(verdict and verdict.quoted),
                "attributed": bool(verdict and verdict.attributed),
                "excluded": list(verdict.excluded) if verdict else [],
                "misquote": misquote_notes(m),
                "words": _words(suspect, m),
                "s0": m.suspect.start,
                "s1": m.suspect.end,
                "t0": m.source_span.start,
                "t1": m.source_span.end,
                "suspect_place": describe_place(suspect, m.suspect.start),
                "source_place": describe_place(src, m.source_span.start),
                "excerpt": " ".join(suspect.slice(m.suspect).split())[:160],
            }
        )
    suspect_spans = [(m["s0"], m["s1"], m["id"]) for m in matches]
    panes = []
    for s in sources:
        doc = by_name[s["name"]]
        spans = [(m["t0"], m["t1"], m["id"]) for m in matches if m["source"] == s["id"]]
        panes.append({**s, "segments": segments(doc.text, spans)})
    index = reuse_index(report)
    judged = any(m["verdict"] for m in matches)
    exclusions = getattr(getattr(report, "similarity", None), "exclusions", None) or {}
    data = {
        "size": len(suspect.text.strip()),
        "judged": judged,
        "sources": {s["id"]: {"name": s["name"]} for s in sources},
        "matches": [
            {
                k: m[k]
                for k in (
                    "id",
                    "n",
                    "source",
                    "verdict",
                    "quoted",
                    "attributed",
                    "words",
                    "s0",
                    "s1",
                )
            }
            for m in matches
        ],
    }
    return {
        "title": title or f"copyhound: {suspect.name}",
        "version": __version__,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "suspect": {"name": suspect.name, "format": suspect.format, "chars": len(suspect.text)},
        "suspect_segments": segments(suspect.text, suspect_spans),
        "share": report.reused_share(),
        "index": index,
        "judged": judged,
        "exclude_quotes": bool(exclusions.get("quotes")),
        "considered": len(report.considered),
        "sources": sources,
        "unmatched_sources": [d.name for d in report.sources if d.name not in source_ids],
        "panes": panes,
        "matches": matches,
        "match_source": {m["id"]: m["source"] for m in matches},
        # A no-break space keeps "3 U" on one line.
        "label_of": {m["id"]: f"{m['n']}\u00a0{m['letters']}".strip() for m in matches},
        "data_json": script_json(data),
    }


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, no HTML-significant bytes."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("copyhound", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["percent"] = lambda v: f"{100 * v:.1f}%"
    return env


def render_html(report: Report, title: str | None = None) -> str:
    """The whole report as one HTML string."""
    template = _environment().get_template("report.html.j2")
    return template.render(**view_model(report, title))

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
from copyhound.model import Match, Report
from copyhound.normalise.tokens import Tokens, tokenize
from copyhound.report.places import describe_place
from copyhound.report.verdicts import misquote_notes, reuse_index, source_shares, verdict_of

#: Verdicts from the most to the least serious: the order of their colours, red to green.
SEVERITY = ("unattributed", "quoted-unattributed", "attributed-unquoted", "quoted-attributed")
#: Kinds whose two sides share most of their words: the words that differ are marked
#: (verbatim passages have none once normalised, but a misquote inside one may).
DIFFERENCE_KINDS = ("verbatim", "near-verbatim")
#: Longest passage excerpt in the list of passages, in characters (cut between words).
EXCERPT_CHARS = 160

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
    #: Inside a word the other side of its passage does not have (a near-verbatim edit).
    diff: bool = False


def segments(
    text: str, spans: list[tuple[int, int, str]], diffs: list[tuple[int, int]] = ()
) -> list[Segment]:
    """Cut ``text`` at every span and difference boundary; each piece lists the spans
    covering it and whether it lies in a differing word."""
    cuts = sorted(
        {0, len(text)}
        | {s for s, _, _ in spans}
        | {e for _, e, _ in spans}
        | {s for s, _ in diffs}
        | {e for _, e in diffs}
    )
    in_diff = _cover(diffs)
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
            out.append(Segment(text[a:b], list(active), list(starts), in_diff(a)))
    return out


def _cover(ranges) -> Any:
    """A test of whether an offset lies inside one of the half-open ``ranges``."""
    import bisect

    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [a for a, _ in merged]

    def inside(offset: int) -> bool:
        k = bisect.bisect_right(starts, offset) - 1
        return k >= 0 and offset < merged[k][1]

    return inside


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The passage on one line, cut between words with an ellipsis when it is longer."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > 0 else limit].rstrip(",;:.") + "\u2009\u2026"


def differences(
    m: Match, suspect: Tokens, source: Tokens
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character ranges of the words only one side of a near-verbatim passage has.

    The two sides' words (normalised: case, punctuation, "U.S."/"US" and inflection do not
    count as differences) are aligned as the misquote check aligns them; words added in the
    suspect and words dropped from the source are returned, for each side.
    """
    from copyhound.judge.misquote import token_range
    from copyhound.judge.wordalign import align_words

    s0, s1 = token_range(suspect, m.suspect)
    t0, t1 = token_range(source, m.source_span)
    ops = align_words(suspect.ids[s0:s1].tolist(), source.ids[t0:t1].tolist())
    ours, theirs = [], []
    for op in ops:
        if op.tag == "added" and op.a1 > op.a0:
            ours.append((int(suspect.starts[s0 + op.a0]), int(suspect.ends[s0 + op.a1 - 1])))
        elif op.tag == "dropped" and op.b1 > op.b0:
            theirs.append((int(source.starts[t0 + op.b0]), int(source.ends[t0 + op.b1 - 1])))
    return ours, theirs


def _minus(lo: int, hi: int, holes: list[tuple[int, int]]) -> list[list[int]]:
    """``[lo, hi)`` without the ``holes`` (template words), as a list of ranges."""
    out, at = [], lo
    for a, b in sorted(holes):
        if b <= at or a >= hi:
            continue
        if a > at:
            out.append([at, a])
        at = max(at, b)
    if at < hi:
        out.append([at, hi])
    return out


def view_model(report: Report, title: str | None = None) -> dict[str, Any]:
    """Everything the template shows, as plain data (also what tests inspect)."""
    suspect = report.suspect
    by_name = {d.name: d for d in report.sources}
    used = [d for d in report.sources if report.matches_for(d.name)]
    shares = source_shares(report)
    used.sort(key=lambda d: (-shares.get(d.name, 0.0), -report.reused_chars(d.name)))
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
                "share": shares.get(doc.name, 0.0),
            }
        )
    from copyhound.judge.misquote import token_range

    suspect_tokens = tokenize(suspect.match_text)
    source_tokens: dict[str, Tokens] = {}
    template = list(getattr(getattr(report, "similarity", None), "template_ranges", None) or [])
    diffs: dict[str, list[tuple[int, int]]] = {"": []}
    matches = []
    for n, m in enumerate(report.matches, 1):
        src = by_name[m.source]
        verdict = verdict_of(m)
        lo, hi = token_range(suspect_tokens, m.suspect)
        if m.kind in DIFFERENCE_KINDS:
            if m.source not in source_tokens:
                source_tokens[m.source] = tokenize(src.match_text)
            ours, theirs = differences(m, suspect_tokens, source_tokens[m.source])
            diffs[""].extend(ours)
            diffs.setdefault(m.source, []).extend(theirs)
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
                # Left out of the figures by the judge for a reason the page cannot undo
                # (only "quoted" has a tick box).
                "fixed_out": any(e != "quoted" for e in (verdict.excluded if verdict else ())),
                "severity": SEVERITY.index(verdict.label)
                if verdict and verdict.label in SEVERITY
                else len(SEVERITY),
                "words": hi - lo,
                "w": _minus(lo, hi, template),
                "s0": m.suspect.start,
                "s1": m.suspect.end,
                "t0": m.source_span.start,
                "t1": m.source_span.end,
                "suspect_place": describe_place(suspect, m.suspect.start),
                "source_place": describe_place(src, m.source_span.start),
                "excerpt": excerpt(suspect.slice(m.suspect)),
            }
        )
    suspect_spans = [(m["s0"], m["s1"], m["id"]) for m in matches]
    panes = []
    for s in sources:
        doc = by_name[s["name"]]
        spans = [(m["t0"], m["t1"], m["id"]) for m in matches if m["source"] == s["id"]]
        panes.append({**s, "segments": segments(doc.text, spans, diffs.get(doc.name, []))})
    index = reuse_index(report)
    judged = any(m["verdict"] for m in matches)
    exclusions = getattr(getattr(report, "similarity", None), "exclusions", None) or {}
    data = {
        "words": index.words,
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
                    "fixed_out",
                    "words",
                    "w",
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
        "suspect_segments": segments(suspect.text, suspect_spans, diffs[""]),
        "share": index.similarity,
        "index": index,
        "severity": SEVERITY,
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


def notebook_html(report: Report, height: int = 720) -> str:
    """The report for a Jupyter cell: the whole page in a sandboxed frame, so its styles and
    script neither leak into the notebook nor are stripped by it."""
    from html import escape

    page = render_html(report)
    return (
        f'<iframe srcdoc="{escape(page, quote=True)}" sandbox="allow-scripts" '
        f'style="width:100%;height:{height}px;border:1px solid #ccc" '
        f'title="copyhound report: {escape(report.suspect.name)}"></iframe>'
    )

"""Batch reports: versioned JSON and a self-contained HTML page (heat map, cluster graph,
ranked pairs)."""

from __future__ import annotations

import json
import math
from html import escape
from typing import Any

from copyhound import __version__
from copyhound.index.batch import BatchResult, PairResult
from copyhound.report.html import script_json

SCHEMA = "copyhound-batch"
#: 1.1: summary.submissions_skipped. 2.0: every measure in words, the unit of ``check``'s
#: headline (summary.unit, submissions[].words, pairs[].words_a/words_b); 1.x measured
#: similarity and shares in characters.
SCHEMA_VERSION = "2.0"
UNIT = "words"
#: Pairs whose passages the HTML page prints in full.
PAIRS_SHOWN = 200


def _pair(r: PairResult, result: BatchResult) -> dict[str, Any]:
    a, b = result.document(r.a), result.document(r.b)
    return {
        "a": r.a,
        "b": r.b,
        "b_in_collection": r.b_in_collection,
        "similarity": r.similarity,
        "share_a": r.share_a,
        "share_b": r.share_b,
        "words_a": r.words_a,
        "words_b": r.words_b,
        "shared_fingerprints": r.shared_fingerprints,
        "passages": [
            {
                "a_offset": m.suspect.start,
                "a_length": m.suspect.length,
                "b_offset": m.source_span.start,
                "b_length": m.source_span.length,
                "kind": m.kind,
                "score": m.score,
                "a_text": a.slice(m.suspect),
                "b_text": b.slice(m.source_span),
            }
            for m in r.matches
        ],
    }


def _words(result: BatchResult, doc) -> int:
    """The document's words (counted by ``compare_batch``; counted here for a result built
    another way)."""
    if doc.name in result.words:
        return result.words[doc.name]
    from copyhound.normalise.tokens import tokenize

    return len(tokenize(doc.match_text))


def to_dict(result: BatchResult) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "copyhound", "version": __version__},
        "submissions": [
            {
                "name": d.name,
                "path": d.path,
                "chars": len(d.text),
                "words": _words(result, d),
            }
            for d in result.submissions
        ],
        "summary": {
            "unit": UNIT,
            "submissions": len(result.submissions),
            "pairs_aligned": result.aligned_pairs,
            "pairs_with_passages": len(result.pairs),
            "clusters": len(result.clusters),
            "submissions_skipped": result.skipped,
        },
        "pairs": [_pair(r, result) for r in result.pairs],
        "matrix": {
            "names": [d.name for d in result.submissions],
            "similarity": [[round(float(v), 4) for v in row] for row in result.matrix],
        },
        "clusters": [
            {
                "members": [m for m in c if m not in result.names_in_collection],
                "collection_sources": [m for m in c if m in result.names_in_collection],
            }
            for c in result.clusters
        ],
    }


def dumps(result: BatchResult) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=1) + "\n"


_STYLE = """
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#111;background:#fff}
header,main{padding:10px 16px;max-width:1400px;margin:0 auto}
h1{font-size:1.3rem;margin:.2em 0;overflow-wrap:anywhere}h2{font-size:1.1rem;margin:1.2em 0 .4em}
.quiet{color:#4a4a4a;font-size:.9rem}
.wrap{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.wrap>section{flex:1 1 420px;min-width:0}
#heat{display:block;max-width:100%;height:auto;image-rendering:pixelated;border:1px solid #ccc;
 cursor:crosshair;touch-action:manipulation}
#heat-info{min-height:2.8em;overflow-wrap:anywhere}
svg.graph{width:100%;height:auto;border:1px solid #ccc;background:#fcfcfc}
svg.graph text{font:11px system-ui,sans-serif;fill:#111}
svg.graph line{stroke:#b3261e}svg.graph circle{fill:#1f4e8c;stroke:#fff;stroke-width:1.5}
svg.graph circle.coll{fill:#7a7a7a}
ol.pairs{padding-left:1.8em}ol.pairs li{margin:.2em 0}
ol.pairs summary{cursor:pointer;overflow-wrap:anywhere}
ol.pairs li.hit>details>summary{background:#fff3b0}
.pct{font-variant-numeric:tabular-nums;font-weight:bold}
.pas{display:grid;grid-template-columns:1fr 1fr;gap:.5em;margin:.3em 0 1em}
.pas div{background:#f4f4f4;padding:.4em;font-size:13px;white-space:pre-wrap;overflow-wrap:anywhere;
 min-width:0}
ol.clusters li{overflow-wrap:anywhere}
@media (max-width:600px){.pas{grid-template-columns:1fr}}
"""


def _script() -> str:
    """The page's script (templates/batch.js): draws the heat map, links cells to pairs."""
    from importlib import resources

    return resources.files("copyhound").joinpath("templates/batch.js").read_text("utf-8")


def heat_order(result: BatchResult) -> tuple[list[str], list[tuple[int, int]]]:
    """Submissions that share passages, ordered cluster by cluster (largest first), each
    cluster as a chain of most-similar neighbours, then those in no cluster by name; and each
    cluster's ``[from, to)`` block in that order, so shared text shows as squares on the
    diagonal. Submissions that share nothing would be blank rows: the page lists them apart."""
    index = {d.name: k for k, d in enumerate(result.submissions)}
    order: list[str] = []
    blocks: list[tuple[int, int]] = []
    for cluster in result.clusters:
        members = [m for m in cluster if m in index and m not in order]
        if not members:
            continue
        # Greedy chain: start at the member with the most shared, then its closest unplaced.
        left = set(members)
        row = lambda m: result.matrix[index[m]]  # noqa: E731
        at = max(members, key=lambda m: (float(sum(row(m)[index[o]] for o in members)), m))
        chain = [at]
        left.discard(at)
        while left:
            at = max(sorted(left), key=lambda o, at=at: float(row(at)[index[o]]))
            chain.append(at)
            left.discard(at)
        blocks.append((len(order), len(order) + len(chain)))
        order.extend(chain)
    placed = set(order)
    paired = {n for r in result.pairs for n in (r.a, r.b)}
    order.extend(sorted(d.name for d in result.submissions if d.name in paired - placed))
    return order, blocks


def _graph_svg(result: BatchResult, width: int = 840) -> str:
    """The clusters as a graph: one ring of nodes per cluster, an edge per pair that shares
    passages (thicker for more), laid out in a grid without any script."""
    pair_sim = {frozenset((r.a, r.b)): r.similarity for r in result.pairs}
    clusters = [c for c in result.clusters if len(c) > 1]
    if not clusters:
        return '<p class="quiet">No cluster: no two submissions share passages.</p>'
    cols = 3 if len(clusters) > 4 else min(len(clusters), 2) or 1
    box = width // cols
    rows = -(-len(clusters) // cols)
    out = [
        f'<svg class="graph" viewBox="0 0 {width} {rows * box}" role="img" '
        f'aria-label="{len(clusters)} clusters of submissions sharing passages">'
    ]
    for k, members in enumerate(clusters):
        cx, cy = (k % cols) * box + box / 2, (k // cols) * box + box / 2
        radius = box * 0.24 if len(members) > 2 else box * 0.18
        pos = {}
        for i, name in enumerate(members):
            angle = 2 * math.pi * i / len(members) - math.pi / 2
            pos[name] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                sim = pair_sim.get(frozenset((a, b)))
                if sim:
                    (x1, y1), (x2, y2) = pos[a], pos[b]
                    out.append(
                        f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" '
                        f'stroke-width="{1 + 7 * sim:.1f}"><title>{escape(a)} \u2194 '
                        f"{escape(b)}: {sim:.0%}</title></line>"
                    )
        labelled = len(members) <= 12  # a larger ring names its nodes in their tooltips only
        for name in members:
            x, y = pos[name]
            coll = ' class="coll"' if name in result.names_in_collection else ""
            short = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
            short = short if len(short) <= 14 else short[:13] + "\u2026"
            anchor = "start" if x >= cx else "end"
            dx = 9 if x >= cx else -9
            out.append(
                f'<circle cx="{x:.0f}" cy="{y:.0f}" r="6"{coll}><title>{escape(name)}</title>'
                f"</circle>"
                + (
                    f'<text x="{x + dx:.0f}" y="{y + 4:.0f}" text-anchor="{anchor}">'
                    f"{escape(short)}</text>"
                    if labelled
                    else ""
                )
            )
        out.append(
            f'<text x="{cx:.0f}" y="{(k // cols) * box + 16}" text-anchor="middle" '
            f'font-weight="bold">cluster {k + 1} ({len(members)})</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _unpaired(result: BatchResult, shown: set[str]) -> str:
    alone = [d.name for d in result.submissions if d.name not in shown]
    if not alone:
        return ""
    return (
        f"<details><summary>{len(alone)} submission{'' if len(alone) == 1 else 's'} share "
        "no passage with any other (not in the heat map)</summary><p>"
        + ", ".join(escape(n) for n in alone)
        + "</p></details>"
    )


def _skipped(result: BatchResult) -> str:
    """The files of the class that could not be read, named with the reason, at the top."""
    if not result.skipped:
        return ""
    n = len(result.skipped)
    items = "".join(f"<li>{escape(reason)}</li>" for reason in result.skipped)
    return (
        f"<p class='skipped'><strong>{n} file{'' if n == 1 else 's'} could not be read and "
        f"{'was' if n == 1 else 'were'} skipped</strong> (not compared with anything):</p>"
        f"<ul class='skipped'>{items}</ul>"
    )


def to_html(result: BatchResult) -> str:
    """One self-contained page for a class of 30 to 300: a heat map ordered by cluster (a
    canvas drawn from the pairs, so 300 submissions stay light), the clusters as a graph,
    and the pairs ranked, each opening onto its passages side by side."""
    order, blocks = heat_order(result)
    at = {name: k for k, name in enumerate(order)}
    rank = {frozenset((r.a, r.b)): k for k, r in enumerate(result.pairs)}
    cells = []
    for r in result.pairs:
        if r.a in at and r.b in at and r.similarity > 0:
            cells.append([at[r.a], at[r.b], round(r.similarity, 4), rank[frozenset((r.a, r.b))]])
    data = {"names": order, "cells": cells, "blocks": blocks}
    n = len(result.submissions)
    out = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        f"<title>copyhound batch: {n} submissions</title>",
        f"<style>{_STYLE}</style></head><body><header>",
        f"<h1>copyhound batch: {n} submissions</h1>",
        f"<p>{result.aligned_pairs} candidate pairs aligned; <strong>{len(result.pairs)}</strong> "
        f"share passages; <strong>{len(result.clusters)}</strong> cluster"
        f"{'' if len(result.clusters) == 1 else 's'}. Similarity is the share of both texts' "
        "words inside shared passages (words, as in a check's report).</p>",
        _skipped(result),
        "</header><main><div class='wrap'>",
        "<section aria-labelledby='heat-h'><h2 id='heat-h'>Heat map, ordered by cluster</h2>",
        "<p class='quiet'>One row and one column per submission; darker red shares more. "
        "Blue squares frame the clusters. Point at a cell for the pair; click it to open "
        "the pair below.</p>",
        f"<canvas id='heat' width='{max(len(order), 1)}' height='{max(len(order), 1)}' "
        "aria-label='similarity heat map'></canvas><p id='heat-info' class='quiet'></p>",
        _unpaired(result, set(order)),
        "</section>",
        "<section aria-labelledby='graph-h'><h2 id='graph-h'>Clusters</h2>",
        _graph_svg(result),
        "<ol class='clusters'>",
    ]
    for c in result.clusters:
        members = ", ".join(
            escape(m) + (" <i>(collection)</i>" if m in result.names_in_collection else "")
            for m in c
        )
        out.append(f"<li>{members}</li>")
    out.append("</ol></section></div>")
    out.append("<section aria-labelledby='pairs-h'><h2 id='pairs-h'>Pairs, most similar first</h2>")
    out.append("<ol class='pairs'>")
    for k, r in enumerate(result.pairs[:PAIRS_SHOWN]):
        a, b = result.document(r.a), result.document(r.b)
        where = " (collection)" if r.b_in_collection else ""
        out.append(
            f"<li id='pair-{k}'><details><summary><span class='pct'>{r.similarity:.0%}</span> "
            f"{escape(r.a)} &harr; {escape(r.b)}{where} "
            f"<span class='quiet'>({r.share_a:.0%} / {r.share_b:.0%}: {r.words_a:,} / "
            f"{r.words_b:,} words, {len(r.matches)} "
            f"passage{'' if len(r.matches) == 1 else 's'})</span></summary>"
        )
        for m in r.matches:
            out.append(
                f"<p class='quiet'>{m.kind}, score {m.score:.2f}: {m.suspect.start}-"
                f"{m.suspect.end} / {m.source_span.start}-{m.source_span.end}</p>"
                f"<div class='pas'><div>{escape(a.slice(m.suspect))}</div>"
                f"<div>{escape(b.slice(m.source_span))}</div></div>"
            )
        out.append("</details></li>")
    out.append("</ol>")
    if len(result.pairs) > PAIRS_SHOWN:
        out.append(f"<p>{len(result.pairs) - PAIRS_SHOWN} more pairs in the JSON report.</p>")
    out.append("</section></main>")
    out.append(f"<script type='application/json' id='batch-data'>{script_json(data)}</script>")
    out.append(f"<script>{_script()}</script></body></html>\n")
    return "\n".join(out)

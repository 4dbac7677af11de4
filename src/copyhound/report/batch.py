"""Batch reports: versioned JSON and a self-contained HTML page (matrix, pairs, clusters)."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from copyhound import __version__
from copyhound.index.batch import BatchResult, PairResult

SCHEMA = "copyhound-batch"
SCHEMA_VERSION = "1.0"
#: The HTML matrix shows at most this many submissions (those in pairs first).
MATRIX_LIMIT = 150
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


def to_dict(result: BatchResult) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "copyhound", "version": __version__},
        "submissions": [
            {"name": d.name, "path": d.path, "chars": len(d.text)} for d in result.submissions
        ],
        "summary": {
            "submissions": len(result.submissions),
            "pairs_aligned": result.aligned_pairs,
            "pairs_with_passages": len(result.pairs),
            "clusters": len(result.clusters),
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
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 4px;font-size:12px}
th.r{writing-mode:vertical-rl;transform:rotate(180deg);max-height:12em;overflow:hidden}
td.c{width:1.4em;height:1.4em;text-align:center}
.pas{display:grid;grid-template-columns:1fr 1fr;gap:.5em;margin:.3em 0 1em}
.pas div{background:#f6f6f6;padding:.4em;font-size:13px;white-space:pre-wrap}
"""


def _cell(value: float) -> str:
    if value <= 0:
        return '<td class="c"></td>'
    alpha = min(1.0, 0.15 + value)
    return (
        f'<td class="c" style="background:rgba(200,30,30,{alpha:.2f})" '
        f'title="{value:.0%}">{round(value * 100)}</td>'
    )


def to_html(result: BatchResult) -> str:
    """One page: clusters, the similarity matrix (percent), and the ranked pairs' passages."""
    out = [
        "<!doctype html><html><head><meta charset='utf-8'><title>copyhound batch</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>copyhound batch: {len(result.submissions)} submissions</h1>",
        f"<p>{result.aligned_pairs} candidate pairs aligned; {len(result.pairs)} share passages; "
        f"{len(result.clusters)} clusters.</p>",
        "<h2>Clusters</h2><ol>",
    ]
    for c in result.clusters:
        members = ", ".join(
            escape(m) + (" <i>(collection)</i>" if m in result.names_in_collection else "")
            for m in c
        )
        out.append(f"<li>{members}</li>")
    out.append("</ol><h2>Similarity matrix (% of both texts shared)</h2>")
    index = {d.name: k for k, d in enumerate(result.submissions)}
    involved = [m for c in result.clusters for m in c if m in index]
    rest = [d.name for d in result.submissions if d.name not in set(involved)]
    shown = (involved + rest)[:MATRIX_LIMIT]
    if len(result.submissions) > len(shown):
        out.append(f"<p>Showing {len(shown)} of {len(result.submissions)} submissions.</p>")
    out.append("<table><tr><th></th>")
    out.extend(f'<th class="r">{escape(n)}</th>' for n in shown)
    out.append("</tr>")
    for row in shown:
        out.append(f"<tr><th>{escape(row)}</th>")
        out.extend(_cell(float(result.matrix[index[row], index[col]])) for col in shown)
        out.append("</tr>")
    out.append("</table><h2>Pairs, most similar first</h2>")
    for r in result.pairs[:PAIRS_SHOWN]:
        a, b = result.document(r.a), result.document(r.b)
        where = " (collection)" if r.b_in_collection else ""
        out.append(
            f"<h3>{escape(r.a)} &harr; {escape(r.b)}{where}: {r.similarity:.0%} "
            f"({r.share_a:.0%} / {r.share_b:.0%})</h3>"
        )
        for m in r.matches:
            out.append(
                f"<p>{m.kind}, score {m.score:.2f}: {m.suspect.start}-{m.suspect.end} / "
                f"{m.source_span.start}-{m.source_span.end}</p><div class='pas'>"
                f"<div>{escape(a.slice(m.suspect))}</div>"
                f"<div>{escape(b.slice(m.source_span))}</div></div>"
            )
    if len(result.pairs) > PAIRS_SHOWN:
        out.append(f"<p>{len(result.pairs) - PAIRS_SHOWN} more pairs in the JSON report.</p>")
    out.append("</body></html>\n")
    return "\n".join(out)

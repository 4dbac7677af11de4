"""The versioned JSON report. The schema is documented in docs/json-report.md.

Minor versions only add fields; a field's meaning never changes within a major version.
"""

from __future__ import annotations

import json
from typing import Any

from copyhound import __version__
from copyhound.judge.verdict import verdict_counts, verdict_order
from copyhound.model import Document, Match, Report
from copyhound.normalise.tokens import tokenize
from copyhound.report.places import describe_place
from copyhound.report.verdicts import reuse_index, source_shares, source_words

SCHEMA = "copyhound-report"
SCHEMA_VERSION = "1.6"


def _document(doc: Document) -> dict[str, Any]:
    out = {
        "name": doc.name,
        "path": doc.path,
        "format": doc.format,
        "encoding": doc.encoding,
        "chars": len(doc.text),
        "words": len(tokenize(doc.match_text)),
    }
    if doc.metadata.get("other_names"):
        # A collection stores identical files once; each of their names is reported.
        out["other_names"] = list(doc.metadata["other_names"])
    return out


def match_dict(m: Match, report: Report) -> dict[str, Any]:
    source = next((d for d in report.sources if d.name == m.source), None)
    out: dict[str, Any] = {
        "source": m.source,
        "suspect_offset": m.suspect.start,
        "suspect_length": m.suspect.length,
        "source_offset": m.source_span.start,
        "source_length": m.source_span.length,
        "kind": m.kind,
        "score": m.score,
        "evidence": list(m.evidence),
        # 1.6: how likely the passage is reuse rather than chance, 0..1 (None: not assessed).
        "confidence": m.confidence,
        "suspect_text": report.suspect.slice(m.suspect),
        "source_text": source.slice(m.source_span) if source else None,
        "suspect_place": describe_place(report.suspect, m.suspect.start),
        "source_place": describe_place(source, m.source_span.start) if source else None,
    }
    if m.judgement is not None and hasattr(m.judgement, "to_dict"):
        out.update(m.judgement.to_dict())
    if m.chance is not None and hasattr(m.chance, "to_dict"):
        out["chance"] = m.chance.to_dict()["chance"]
    if m.semantic is not None and hasattr(m.semantic, "to_dict"):
        out.update(m.semantic.to_dict())
    return out


def headline(report: Report) -> dict[str, Any]:
    """1.5: the headline measure, in words (``report.verdicts.reuse_index``)."""
    index = reuse_index(report)
    unattributed = index.unattributed
    return {
        "unit": "words",
        "words": index.words,
        "reused_words": index.reused_words,
        "reused_word_share": round(index.similarity, 4),
        "unattributed_words": index.unattributed_words,
        "unattributed_share": None if unattributed is None else round(unattributed, 4),
        "index": {"basis": index.basis, "share": round(index.share, 4)},
    }


def to_dict(report: Report) -> dict[str, Any]:
    sources = []
    shares, words = source_shares(report), source_words(report)
    for doc in report.sources:
        sources.append(
            {
                **_document(doc),
                "matches": len(report.matches_for(doc.name)),
                "reused_chars": report.reused_chars(doc.name),
                "reused_share": round(report.reused_share(doc.name), 4),
                "reused_words": words.get(doc.name, 0),
                "reused_word_share": round(shares.get(doc.name, 0.0), 4),
            }
        )
    judged = report.similarity is not None
    matches = verdict_order(report.matches) if judged else report.matches
    out = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "copyhound", "version": __version__},
        "suspect": _document(report.suspect),
        "summary": {
            "reused_chars": report.reused_chars(),
            "reused_share": round(report.reused_share(), 4),
            "matches": len(report.matches),
            "sources_considered": report.considered,
            "sources_skipped": report.skipped,
            **headline(report),
        },
        "sources": sources,
        "matches": [match_dict(m, report) for m in matches],
    }
    if judged:
        # 1.1: the headline figures after the summary, and matches ordered unattributed first.
        out["summary"]["verdicts"] = verdict_counts(report.matches)
        head = {k: out.pop(k) for k in ("schema", "schema_version", "tool", "suspect", "summary")}
        out = {**head, "similarity": report.similarity.to_dict(), **out}
    return out


def dumps(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"

"""What the Spark job runs on its executors: the library's own functions over pandas frames.

No Spark import here: these are plain functions of pandas frames, which the job hands to
``mapInPandas`` and ``applyInPandas`` (and a test can call directly). Everything that decides
what is found (tokenizing, n-gram hashes, re-ranking, alignment, judgement, the JSON report) is
the library's, so the Spark job finds exactly what ``check --index`` finds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from copyhound.api import PairAligner
from copyhound.engine.pipeline import Prepared, Settings
from copyhound.index.retrieve import Candidate, RetrievalSettings, align_sources, select, verify
from copyhound.judge.verdict import JudgeOptions, judge_report
from copyhound.model import Document, Report
from copyhound.normalise.tokens import tokenize
from copyhound.report import json as json_report
from copyhound.seed.fingerprint import FingerprintSettings, query_hashes
from copyhound.seed.ngrams import SortedHashes
from copyhound.semantic.align import SemanticSettings

#: Columns a document travels with between stages (the export's, minus what no stage reads).
DOCUMENT_FIELDS = ("name", "path", "format", "encoding", "text", "match_text", "metadata")

QUERY_SCHEMA = "sid long, hash long, reps int, qpos array<int>"
RERANK_SCHEMA = "sid long, doc_id long, score double, shared long, verified long, rank int"
LINE_SCHEMA = "sid long, name string, matches int, line string"


@dataclass(frozen=True, slots=True)
class JobSettings:
    """Everything the executors need, pickled once into each task."""

    fingerprint: FingerprintSettings = field(default_factory=FingerprintSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    engine: Settings = field(default_factory=Settings)
    judge: JudgeOptions = field(default_factory=JudgeOptions)
    #: Semantic detection in each pair (``check --semantic``); None: lexical only.
    semantic: SemanticSettings | None = None


def document_of(row: dict[str, Any]) -> Document:
    """The Document a row of the export (or of the suspects frame) holds, as the store reads
    it back: ``match_text`` null when it equals the text."""

    def text(key: str) -> str | None:
        value = row.get(key)
        return value if isinstance(value, str) else None

    metadata = text("metadata")
    return Document(
        text=text("text") or "",
        name=text("name") or "",
        path=text("path") or text("name"),
        format=text("format") or "text",
        encoding=text("encoding"),
        match_text=text("match_text") or "",
        metadata=json.loads(metadata) if metadata else {},
    )


def query_rows(
    settings: FingerprintSettings,
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """For ``mapInPandas``: one row per suspect and distinct query hash, with how often and
    where (token indexes) the suspect has it. The query side is every informative n-gram
    (``fingerprint.query_hashes``), not winnowed."""

    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for frame in frames:
            parts = []
            for row in frame.to_dict("records"):
                doc = document_of(row)
                hashes, positions = query_hashes(tokenize(doc.match_text), settings)
                unique, inverse, reps = np.unique(hashes, return_inverse=True, return_counts=True)
                by_hash = positions[np.argsort(inverse, kind="stable")].astype(np.int32)
                part = pd.DataFrame(
                    {"hash": unique.astype(np.int64), "reps": reps.astype(np.int32)}
                )
                part["qpos"] = np.split(by_hash, np.cumsum(reps)[:-1]) if len(unique) else []
                part.insert(0, "sid", np.int64(row["sid"]))
                parts.append(part)
            if parts:
                yield pd.concat(parts, ignore_index=True)

    return run


def rerank(
    settings: JobSettings,
) -> Callable[[tuple, pd.DataFrame, pd.DataFrame], pd.DataFrame]:
    """For ``cogroup().applyInPandas``: one suspect and its pool of candidates (with their
    texts) in, the candidates to align out, verified and selected as
    ``retrieve.ranked_sources`` does (``retrieve.verify``, ``retrieve.select``)."""
    columns = ["sid", "doc_id", "score", "shared", "verified", "rank"]

    def run(_key: tuple, suspects: pd.DataFrame, pool: pd.DataFrame) -> pd.DataFrame:
        if suspects.empty or pool.empty:
            return pd.DataFrame(columns=columns)
        suspect = Prepared.of(document_of(suspects.iloc[0].to_dict()))
        grams = SortedHashes.of_ngrams(suspect.tokens, settings.fingerprint.ngram)
        ranked = [
            verify(
                grams,
                int(row["doc_id"]),
                document_of(row),
                row["score"],
                row["shared"],
                settings.fingerprint.ngram,
            )
            for row in pool.to_dict("records")
        ]
        sid = pool.iloc[0]["sid"]  # the cogroup's key: one suspect
        top = [
            (sid, c.doc_id, c.score, c.shared, c.verified, k)
            for k, (c, _) in enumerate(select(ranked, settings.retrieval), 1)
        ]
        return pd.DataFrame(top, columns=columns).astype(
            {"sid": "int64", "doc_id": "int64", "shared": "int64", "verified": "int64"}
        )

    return run


def report_lines(
    settings: JobSettings, skip_empty: bool
) -> Callable[[tuple, pd.DataFrame, pd.DataFrame], pd.DataFrame]:
    """For ``cogroup().applyInPandas``: one suspect and its ranked sources in, one JSON line
    out: the ``check --index --format json`` report (``report/json.py``), compact, with the
    candidates under ``retrieval``. ``skip_empty``: no line for a suspect without sources."""
    columns = REPORT_COLUMNS

    def run(_key: tuple, suspects: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
        if suspects.empty or (skip_empty and sources.empty):
            return pd.DataFrame(columns=columns)
        row = suspects.iloc[0].to_dict()
        report, candidates, left_out = check_one(row, sources, settings)
        return report_frame(int(row["sid"]), report, candidates, left_out)

    return run


#: The columns of a suspect's output row (``report_frame``).
REPORT_COLUMNS = ["sid", "name", "matches", "line"]


def report_frame(sid: int, report, candidates, left_out: int) -> pd.DataFrame:
    """A suspect's one output row: its JSON line is the ``check --index --format json``
    report, compact, with the candidates under ``retrieval``."""
    data = json_report.to_dict(report)
    data["retrieval"] = {
        "candidates": [c.to_dict() for c in candidates],
        "matches_left_out": left_out,
    }
    line = json.dumps(data, ensure_ascii=False)
    return pd.DataFrame(
        [(sid, report.suspect.name, len(report.matches), line)], columns=REPORT_COLUMNS
    )


def check_one(
    suspect_row: dict[str, Any], sources: pd.DataFrame, settings: JobSettings
) -> tuple[Report, list[Candidate], int]:
    """Align one suspect with its sources in their rank order and judge the result, as
    ``check_against_collection`` then ``check`` do; with the number of matches left out."""
    rows = sources.sort_values("rank").to_dict("records")
    prepared = [Prepared.of(document_of(row)) for row in rows]
    candidates = [
        Candidate(
            int(row["doc_id"]),
            source.document.name,
            float(row["score"]),
            int(row["shared"]),
            int(row["verified"]),
        )
        for row, source in zip(rows, prepared, strict=True)
    ]
    suspect = Prepared.of(document_of(suspect_row))
    aligner = PairAligner(settings.engine, settings.semantic)
    report, left_out = align_sources(suspect, prepared, aligner, settings.retrieval.shadow)
    return judge_report(report, settings.judge), candidates, left_out

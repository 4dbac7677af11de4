"""Export a collection as plain tables another engine (Spark, DuckDB, pandas) reads directly.

Two tables: ``documents`` (one row per document, text decompressed) and ``postings`` (one row
per ``(hash, doc_id, position)`` fingerprint, position = token index // 16; removed
documents left out). Parquet when ``pyarrow`` is
installed, else JSON Lines and CSV, which need nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from .store import Collection


def document_rows(coll: Collection) -> Iterator[dict[str, Any]]:
    for info in coll.documents():
        doc = coll.document(info.id)
        if doc is None:
            continue
        yield {
            "id": info.id,
            "name": info.name,
            "path": doc.path,
            "sha256_64": info.sha256.hex(),
            "format": info.format,
            "encoding": doc.encoding,
            "bytes": info.bytes,
            "chars": info.chars,
            "words": info.words,
            "added": info.added,
            "text": doc.text,
            "match_text": doc.match_text if doc.match_text != doc.text else None,
        }


def postings(coll: Collection) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All live ``(hashes, doc_ids, positions)``, sorted by hash."""
    segs = coll.segments()
    if not segs:
        return np.empty(0, np.uint32), np.empty(0, np.uint32), np.empty(0, np.uint16)
    hashes = np.concatenate([h for h, _, _ in segs])
    docs = np.concatenate([d for _, d, _ in segs])
    positions = np.concatenate([p for _, _, p in segs])
    live = np.fromiter((d.id for d in coll.documents()), dtype=np.uint32)
    keep = np.isin(docs, live)
    order = np.argsort(hashes[keep], kind="stable")
    return hashes[keep][order], docs[keep][order], positions[keep][order]


def export(coll: Collection, out_dir: Path, fmt: str = "auto") -> list[Path]:
    """Write the tables into ``out_dir`` (created; existing files there are never replaced)."""
    if fmt == "auto":
        try:
            import pyarrow  # noqa: F401

            fmt = "parquet"
        except ImportError:
            fmt = "jsonl"
    names = (
        ["documents.parquet", "postings.parquet"]
        if fmt == "parquet"
        else ["documents.jsonl", "postings.csv"]
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [out_dir / n for n in names]
    for t in targets:
        if t.exists():
            raise InputError(f"{t}: already exists; export into an empty folder")
    hashes, docs, positions = postings(coll)
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(
                "Parquet export needs pyarrow: pip install 'copyhound[parquet]'"
            ) from None
        pq.write_table(pa.Table.from_pylist(list(document_rows(coll))), targets[0])
        pq.write_table(
            pa.table({"hash": hashes, "doc_id": docs, "position": positions}), targets[1]
        )
        return targets
    with targets[0].open("x", encoding="utf-8") as fh:
        for row in document_rows(coll):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    with targets[1].open("x", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["hash", "doc_id", "position"])
        writer.writerows(zip(hashes.tolist(), docs.tolist(), positions.tolist(), strict=True))
    return targets

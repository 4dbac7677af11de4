"""Building an export's passage vectors on Spark (``copyhound spark EXPORT --embed``).

``index embed`` embeds a collection on one machine at about 11 CPU s per MB of text: 17 CPU
hours for a million documents. Here the documents table is embedded in the executors
instead, each document's windows exactly as ``index embed`` stores them (the same windows,
model, principal axes and int8 quantisation: ``spark.vectors.embed_rows``), and written as
``vectors.parquet`` into the export with its ``projection.json``; the manifest is rewritten
last, so an export whose manifest lists vectors holds all of them.

The axes are fitted as ``index embed`` fits them: on the first documents by id until they
hold ``MIN_FIT_WINDOWS`` windows (at least ``batch_docs``), embedded first and collected to
the driver (a few MB), so the same collection gets the same axes either way.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from copyhound.errors import InputError
from copyhound.index.export import MANIFEST, PROJECTION, VectorsInfo, projection_json

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from copyhound.spark.job import Export


@dataclass(frozen=True, slots=True)
class Embedded:
    documents: int
    windows: int
    dimensions: int
    seconds: float


def first_batch(ids_words: list[tuple[int, int]], batch_docs: int = 200) -> list[int]:
    """The documents ``index embed`` fits the axes on: by id, until their windows (by word
    count) reach ``MIN_FIT_WINDOWS``, at least ``batch_docs`` (``vectors._batches``)."""
    from copyhound.index.vectors import MIN_FIT_WINDOWS, WINDOW_WORDS

    ids = [i for i, _ in sorted(ids_words)]
    words = dict(ids_words)
    windows = np.cumsum([max(1, words[i] // WINDOW_WORDS) for i in ids])
    first = max(batch_docs, int(np.searchsorted(windows, MIN_FIT_WINDOWS)) + 1)
    return ids[:first]


def build(
    spark: SparkSession,
    export: Export,
    batch_docs: int = 200,
    on_phase: Callable[[str], None] | None = None,
) -> Embedded:
    """Embed every document of ``export`` in the executors and add the vectors to it;
    ``on_phase("fitted")`` is called once the axes are fitted (a benchmark times the parts)."""
    from pyspark.sql import functions as F

    from copyhound.index.vectors import WINDOW_WORDS, Projection
    from copyhound.semantic.embed import MODEL_NAME
    from copyhound.spark import vectors

    if export.manifest.vectors is not None:
        raise InputError(f"{export.location}: already has passage vectors")
    from copyhound.spark.job import is_uri

    if not is_uri(export.vectors) and Path(export.vectors).exists():
        raise InputError(
            f"{export.vectors}: already exists but the manifest lists no vectors (an "
            "interrupted build?); remove it and run again"
        )
    start = time.perf_counter()
    docs = spark.read.parquet(export.documents).select(
        F.col("id").cast("long").alias("doc_id"),
        F.coalesce("match_text", "text").alias("text"),
        F.col("words").cast("long").alias("words"),
    )
    parts = max(2, 3 * spark.sparkContext.defaultParallelism)
    ids_words = [(int(r[0]), int(r[1])) for r in docs.select("doc_id", "words").collect()]
    fit_ids = first_batch(ids_words, batch_docs)
    sample = (
        docs.where(F.col("doc_id").isin(fit_ids))
        .select("doc_id", "text")
        .repartition(parts)
        .mapInPandas(vectors.embed_rows(None), vectors.RAW_SCHEMA)
        .orderBy("doc_id", "window")
        .collect()
    )
    raw = (
        np.stack([np.frombuffer(r["vector"], dtype=np.float32) for r in sample])
        if sample
        else np.zeros((0, 1), np.float32)
    )
    projection = Projection.fit(MODEL_NAME, raw)
    dims = 512 if projection.axes is None else len(projection.axes)
    if on_phase:
        on_phase("fitted")
    rows = (
        docs.select("doc_id", "text")
        .repartition(parts)
        .mapInPandas(vectors.embed_rows(projection), vectors.VECTOR_SCHEMA)
    )
    rows.write.mode("errorifexists").parquet(export.vectors)
    written = spark.read.parquet(export.vectors)
    windows = written.count()
    embedded = len(ids_words)  # every document, those too short for a window too
    _write(spark, f"{export.location}/{PROJECTION}", projection_json(projection) + "\n")
    info = VectorsInfo(embedded, windows, dims, MODEL_NAME, WINDOW_WORDS)
    manifest = replace(export.manifest, vectors=info)
    # Last: a manifest that lists vectors promises a complete table.
    _write(spark, f"{export.location}/{MANIFEST}", json.dumps(manifest.to_dict(), indent=2) + "\n")
    return Embedded(embedded, windows, dims, time.perf_counter() - start)


def _write(spark: SparkSession, where: str, text: str) -> None:
    """Replace one small file: a local one by a rename (atomic), a URI's through Hadoop's
    file system (written beside it, then renamed over it)."""
    from copyhound.spark.job import is_uri

    if not is_uri(where):
        path = Path(where)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        return
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    target = jvm.org.apache.hadoop.fs.Path(where)
    fs = target.getFileSystem(conf)
    tmp = jvm.org.apache.hadoop.fs.Path(where + ".tmp")
    out = fs.create(tmp, True)
    out.write(bytearray(text.encode("utf-8")))
    out.close()
    if fs.exists(target):
        fs.delete(target, False)
    fs.rename(tmp, target)

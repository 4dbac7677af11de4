"""The Spark job: ``check --index`` for many suspects, or a whole collection against itself.

Reads the Parquet export of a collection (``copyhound index export``), then per suspect:

1. its query n-gram hashes (``tasks.query_rows``, on the executors);
2. candidate ranking by joins against the postings (``ranking.rank``, the mirror of
   ``retrieve.rank``); the suspect's own text is never its candidate;
3. the best ``rerank`` candidates are read with their texts and re-ranked by shared n-grams in
   one place of one diagonal (``tasks.rerank``, the library's ``diagonal_run``);
4. those sharing a passage (``strong_run``) and ``top`` more (``retrieve.select``) are
   aligned with the core engine and judged, and the suspect's JSON report is one line of the
   output (``tasks.report_lines``).

With ``all_pairs`` the suspects are the collection's own documents, and each unordered pair
that either side ranks in its top candidates is aligned once: the document added later is the
suspect (a reprint), the earlier one the source. Only documents with such pairs get a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from copyhound.errors import InputError
from copyhound.index.export import (
    MANIFEST,
    PROJECTION,
    VECTORS_PARQUET,
    ExportManifest,
    parse_manifest,
    parse_projection,
    read_manifest,
)
from copyhound.model import Document
from copyhound.spark import ranking, tasks
from copyhound.spark.tasks import JobSettings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

SUSPECT_SCHEMA = (
    "sid long, name string, path string, format string, encoding string, text string, "
    "match_text string, metadata string"
)


@dataclass(frozen=True, slots=True)
class Export:
    """An export the job can read: its manifest and its two Parquet tables, in a local
    folder or under a URI Spark reads (``hdfs://``, ``s3a://``...)."""

    location: str
    manifest: ExportManifest

    @classmethod
    def open(cls, location: str | Path, spark: SparkSession | None = None) -> Export:
        """A local folder is checked on the spot; a URI needs ``spark`` to read its manifest."""
        where = str(location)
        if is_uri(where):
            if spark is None:
                raise ValueError("an export under a URI is opened through Spark")
            manifest = parse_manifest(_read_text(spark, f"{where.rstrip('/')}/{MANIFEST}"), where)
        else:
            manifest = read_manifest(Path(location))
        if manifest.table_format != "parquet":
            raise InputError(
                f"{where}: the Spark job reads Parquet; export again with --format parquet"
            )
        if not is_uri(where):
            tables = ["documents.parquet", "postings.parquet"]
            if manifest.vectors is not None:
                tables += [VECTORS_PARQUET, PROJECTION]
            for table in tables:
                if not (Path(location) / table).exists():
                    raise InputError(f"{where}: incomplete export ({table} is missing)")
        return cls(where.rstrip("/"), manifest)

    @property
    def vectors(self) -> str:
        return f"{self.location}/{VECTORS_PARQUET}"

    def projection(self, spark: SparkSession):
        """The projection the stored vectors were made with (``projection.json``)."""
        where = f"{self.location}/{PROJECTION}"
        text = _read_text(spark, where) if is_uri(where) else Path(where).read_text("utf-8")
        return parse_projection(text, where)

    @property
    def documents(self) -> str:
        return f"{self.location}/documents.parquet"

    @property
    def postings(self) -> str:
        return f"{self.location}/postings.parquet"


def is_uri(location: str) -> bool:
    return "://" in location


def _read_text(spark: SparkSession, uri: str) -> str:
    try:
        row = spark.read.text(uri, wholetext=True).first()
    except Exception as exc:  # Spark's AnalysisException: path not found, no access
        raise InputError(f"{uri}: cannot read ({str(exc).splitlines()[0][:200]})") from None
    if row is None:
        raise InputError(f"{uri}: empty")
    return row[0]


def suspects_frame(spark: SparkSession, docs: Sequence[Document]) -> DataFrame:
    """Suspects read on the driver (any format the library reads), numbered from 0."""
    rows = [
        {
            "sid": k,
            "name": d.name,
            "path": d.path,
            "format": d.format,
            "encoding": d.encoding,
            "text": d.text,
            "match_text": d.match_text if d.match_text != d.text else None,
            "metadata": None,
        }
        for k, d in enumerate(docs)
    ]
    frame = pd.DataFrame(rows, columns=_columns(SUSPECT_SCHEMA))
    return spark.createDataFrame(frame, SUSPECT_SCHEMA)


def run(
    spark: SparkSession,
    export: Export,
    suspects: Sequence[Document] | None,
    settings: JobSettings,
) -> DataFrame:
    """``(sid, name, matches, line)``: one JSON report per suspect (``suspects``), or per
    document with reprint pairs (``None``: the collection against itself). The suspects'
    query hashes are computed here; the rest runs when the frame is written or collected."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    settings = JobSettings(
        fingerprint=export.manifest.fingerprint,
        retrieval=settings.retrieval,
        engine=settings.engine,
        judge=settings.judge,
        semantic=settings.semantic,
    )
    documents = spark.read.parquet(export.documents)
    postings = spark.read.parquet(export.postings).select(
        F.col("hash").cast("long"), F.col("doc_id").cast("long"), F.col("position").cast("int")
    )
    texts = documents.select(F.col("id").cast("long").alias("doc_id"), *tasks.DOCUMENT_FIELDS)
    all_pairs = suspects is None
    sus = texts.withColumnRenamed("doc_id", "sid") if all_pairs else suspects_frame(spark, suspects)
    parts = _partitions(spark)
    sus = sus.repartition(parts, "sid")

    # Materialised once (tokenizing is the costly part): the ranking reads it twice.
    asked = sus.mapInPandas(
        tasks.query_rows(settings.fingerprint), tasks.QUERY_SCHEMA
    ).localCheckpoint()
    scored = ranking.rank(
        asked, postings, export.manifest.documents, settings.retrieval, settings.fingerprint.window
    )

    # The pool ``retrieve.ranked_sources`` re-ranks: the best by score, skipping documents
    # whose text is the suspect's own (the suspect stored earlier, or itself with --all).
    # Only candidates of the suspect's length can be, so only their texts are compared.
    lengths = documents.select(F.col("id").cast("long").alias("doc_id"), "chars")
    own = sus.select("sid", F.length("text").alias("own_chars"))
    scored = scored.join(lengths, "doc_id").join(own, "sid")
    same_text = (
        scored.where(F.col("chars") == F.col("own_chars"))
        .select("sid", "doc_id")
        .join(texts.select("doc_id", F.col("text").alias("theirs")), "doc_id")
        .join(sus.select("sid", F.col("text").alias("own")), "sid")
        .where(F.col("theirs") == F.col("own"))
    )
    pool_size = max(settings.retrieval.rerank, settings.retrieval.top)
    by_score = Window.partitionBy("sid").orderBy(F.desc("score"), "doc_id")
    pool = (
        scored.join(same_text.select("sid", "doc_id"), ["sid", "doc_id"], "left_anti")
        .withColumn("k", F.row_number().over(by_score))
        .where(F.col("k") <= pool_size)
        .select("sid", "doc_id", "score", "shared")
        .join(texts, "doc_id")
        .repartition(parts, "sid")
    )
    top = (
        sus.groupBy("sid")
        .cogroup(pool.groupBy("sid"))
        .applyInPandas(tasks.rerank(settings), tasks.RERANK_SCHEMA)
    )
    if all_pairs:
        top = _reprint_pairs(top)
    sources = top.join(texts, "doc_id").repartition(parts, "sid")
    if route_on(export, settings) and not all_pairs:
        return semantic_route(spark, export, settings, sus, sources, texts, parts)
    return (
        sus.groupBy("sid")
        .cogroup(sources.groupBy("sid"))
        .applyInPandas(tasks.report_lines(settings, skip_empty=all_pairs), tasks.LINE_SCHEMA)
    )


def route_on(export: Export, settings: JobSettings) -> bool:
    """Whether the run takes the semantic route: asked for, and the export has vectors."""
    return bool(settings.retrieval.semantic_top) and export.manifest.vectors is not None


def semantic_route(
    spark: SparkSession,
    export: Export,
    settings: JobSettings,
    sus: DataFrame,
    sources: DataFrame,
    texts: DataFrame,
    parts: int,
) -> DataFrame:
    """``check --index --semantic``'s route, as Spark stages: the lexical candidates aligned
    and the suspects' unexplained windows embedded (``vectors.first_pass``); those query
    vectors collected and broadcast, and the stored windows scanned once, partition by
    partition, exact int8 cosines (``vectors.scan``); per suspect the best documents not
    already candidates; their texts verified, aligned and merged with the lexical matches
    (``vectors.route_report_lines``).

    Broadcast and scan, not a join: the query side is small (about 50 windows, 50 KB, per
    5,000-word suspect) and the stored side large (6.5 million windows, 1.7 GB, at a
    million documents), so the table is read once per job, never shuffled, whatever the
    number of suspects."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from copyhound.spark import vectors

    info = export.manifest.vectors
    assert info is not None
    projection = export.projection(spark)
    first = (
        sus.groupBy("sid")
        .cogroup(sources.groupBy("sid"))
        .applyInPandas(vectors.first_pass(settings, projection), vectors.FIRST_SCHEMA)
        .localCheckpoint()  # collected here, read again by the report stage
    )
    rows = [r.asDict() for r in first.select("sid", "taken", "qstarts", "qends", "qvecs").collect()]
    plain = vectors.Queries.of(rows, info.dimensions)
    limit = settings.retrieval.semantic_top + 2  # as ``semantic_sources`` asks ``search``
    stored = spark.read.parquet(export.vectors).select("doc_id", "scale", "vector")
    # Two scans: each query window's hub score over the whole collection (CSLS, as the
    # library's ``vectors.search``), then the documents ranked by cosine less it.
    unscaled = spark.sparkContext.broadcast(plain)
    tops = stored.mapInPandas(
        vectors.hub_scan(lambda: unscaled.value, info.dimensions), vectors.HUB_SCHEMA
    ).collect()
    queries = spark.sparkContext.broadcast(
        plain.with_hub([(int(r["qrow"]), list(r["top"])) for r in tops])
    )
    hits = stored.mapInPandas(
        vectors.scan(lambda: queries.value, limit, info.dimensions), vectors.HIT_SCHEMA
    )
    # A document's windows may lie in several partitions: its best once, then the best.
    per_doc = Window.partitionBy("sid", "doc_id").orderBy(F.desc("score"))
    per_sid = Window.partitionBy("sid").orderBy(F.desc("score"), "doc_id")
    routed = (
        hits.withColumn("k", F.row_number().over(per_doc))
        .where(F.col("k") == 1)
        .withColumn("rank", F.row_number().over(per_sid))
        .where(F.col("rank") <= limit)
        .select(
            "sid",
            "doc_id",
            F.lit(0.0).alias("score"),
            F.lit(0).cast("long").alias("shared"),
            F.lit(0).cast("long").alias("verified"),
            "rank",
            "similarity",
            F.lit(True).alias("route"),
        )
        .join(texts, "doc_id")
    )
    lexical = sources.withColumn("similarity", F.lit(None).cast("double")).withColumn(
        "route", F.lit(False)
    )
    candidates = lexical.unionByName(routed).repartition(parts, "sid")
    with_found = sus.join(first.select("sid", "found"), "sid", "left")
    return (
        with_found.groupBy("sid")
        .cogroup(candidates.groupBy("sid"))
        .applyInPandas(vectors.route_report_lines(settings), tasks.LINE_SCHEMA)
    )


def _reprint_pairs(top: DataFrame) -> DataFrame:
    """Each unordered pair of ``top`` once, the later document (higher id) as the suspect;
    where both sides ranked the other, the ranking with more verified n-grams is kept. Sources
    are ranked per suspect again, as the re-ranking orders them."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    pairs = top.select(
        F.greatest("sid", "doc_id").alias("sid"),
        F.least("sid", "doc_id").alias("doc_id"),
        "score",
        "shared",
        "verified",
    )
    best = Window.partitionBy("sid", "doc_id").orderBy(F.desc("verified"), F.desc("score"))
    order = Window.partitionBy("sid").orderBy(F.desc("verified"), F.desc("score"), "doc_id")
    return (
        pairs.withColumn("k", F.row_number().over(best))
        .where(F.col("k") == 1)
        .withColumn("rank", F.row_number().over(order))
        .drop("k")
    )


def _partitions(spark: SparkSession) -> int:
    """Partitions for the per-suspect stages: a few per core. Set explicitly, so adaptive
    execution does not coalesce a small but CPU-heavy stage into one task."""
    return max(2, 3 * spark.sparkContext.defaultParallelism)


def _columns(schema: str) -> list[str]:
    return [part.split()[0] for part in schema.split(",")]

"""Candidate ranking as Spark joins: a mirror of ``index/retrieve.py``'s ``rank``.

``retrieve.rank`` binary-searches in-memory segments; here the same scores come from joins and
group-bys that Spark distributes (the postings are joined by hash, the scores grouped by
suspect and document), so no table is collected to the driver. Keep the two in step:
``tests/test_spark.py`` checks that the job finds what ``check_against_collection`` finds.

Per suspect (``sid``) and document:

- a query hash whose estimated document frequency (``retrieve.estimated_df``: ``df`` over
  winnowing's selection rate at that hash) is above ``max(min_df_cap, max_df_share * N)`` is
  ignored (boilerplate); the others weigh ``ln(1 + N/estimate) ** idf_power``;
- each hit, at each suspect position ``q`` of its hash (a hash the suspect repeats ``r`` times
  counts ``1/r`` per repetition), falls in a cell of ``band`` alignment diagonals by ``block``
  suspect words and in its three neighbours;
- a cell scores ``weight * count ** count_power``; the document scores its best cell;
  documents sharing fewer than ``min_shared`` hashes are dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from copyhound.index.retrieve import MIN_SELECTION_RATE, RetrievalSettings
from copyhound.seed.fingerprint import POSITION_STEP

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def rank(
    asked: DataFrame,
    postings: DataFrame,
    total_docs: int,
    settings: RetrievalSettings,
    window: int,
) -> DataFrame:
    """``(sid, doc_id, score, shared)`` from the suspects' ``(sid, hash, reps, qpos)`` (one row
    per distinct query hash, ``tasks.query_rows``) and the collection's
    ``(hash, doc_id, position)``, winnowed with ``window``. ``asked`` is read twice:
    materialise it first."""
    from pyspark.sql import functions as F

    n = max(total_docs, 1)
    cap = max(settings.min_df_cap, settings.max_df_share * n)
    wanted = postings.join(asked.select("hash").distinct(), "hash", "left_semi")
    h = F.col("hash") / F.lit(2.0**32)
    rate = F.pow(1.0 - h, window - 1) * (1.0 + (window - 1) * h)
    weights = (
        wanted.groupBy("hash")
        .agg(F.count("*").alias("df"))
        .select("hash", (F.col("df") / F.greatest(rate, F.lit(MIN_SELECTION_RATE))).alias("est"))
        .where(F.col("est") <= F.lit(cap))
        .select("hash", F.pow(F.log1p(n / F.col("est")), settings.idf_power).alias("w"))
    )
    hits = asked.join(weights, "hash").join(wanted, "hash")
    # ``first`` marks each hit once (its first suspect position, its own cell) for ``shared``.
    at = hits.select(
        "sid",
        "doc_id",
        "position",
        (F.col("w") / F.col("reps")).alias("w"),
        (1.0 / F.col("reps")).alias("share"),
        F.posexplode("qpos").alias("i", "q"),
    )
    band = F.floor((F.col("q") - F.col("position") * POSITION_STEP) / F.lit(settings.band))
    block = F.floor(F.col("q") / F.lit(settings.block))
    cells = (
        at.select(
            "sid",
            "doc_id",
            "w",
            "share",
            "i",
            block.alias("block"),
            F.posexplode(F.array(band, band + 1)).alias("j", "band"),
        )
        .select(
            "sid",
            "doc_id",
            "w",
            "share",
            "band",
            ((F.col("i") == 0) & (F.col("j") == 0)).alias("base"),
            F.posexplode(F.array(F.col("block"), F.col("block") + 1)).alias("k", "block"),
        )
        .groupBy("sid", "doc_id", "band", "block")
        .agg(
            F.sum("w").alias("w"),
            F.sum("share").alias("count"),
            F.sum((F.col("base") & (F.col("k") == 0)).cast("int")).alias("n"),
        )
    )
    scored = cells.groupBy("sid", "doc_id").agg(
        F.max(F.col("w") * F.pow(F.col("count"), settings.count_power)).alias("score"),
        F.sum("n").alias("shared"),
    )
    return scored.where(F.col("shared") >= settings.min_shared)

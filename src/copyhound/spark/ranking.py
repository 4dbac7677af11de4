"""Candidate ranking as Spark joins: a mirror of ``index/retrieve.py``'s ``rank``.

``retrieve.rank`` binary-searches in-memory segments; here the same scores come from joins and
group-bys that Spark distributes (the postings are joined by hash, the scores grouped by
suspect and document), so no table is collected to the driver. Keep the two in step:
``tests/test_spark.py`` checks that the job finds what ``check_against_collection`` finds.

Per suspect (``sid``) and document:

- a query hash found in more than ``max(min_df_cap, max_df_share * N)`` documents is ignored
  (boilerplate); the others weigh ``ln(1 + N/df) ** idf_power``;
- ``total``: the weight of all shared hashes, ``shared``: how many;
- ``best``: the weight on the best alignment diagonal, in ``window``-word bands each counted
  with its neighbour, a hash the suspect repeats ``r`` times counting ``1/r`` per repetition;
- ``score = best + spread * total`` (``total`` alone when ``window`` is 0), documents sharing
  fewer than ``min_shared`` hashes dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..fingerprint import POSITION_STEP
from ..index.retrieve import RetrievalSettings

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def rank(
    asked: DataFrame, postings: DataFrame, total_docs: int, settings: RetrievalSettings
) -> DataFrame:
    """``(sid, doc_id, score, shared)`` from the suspects' ``(sid, hash, reps, qpos)`` (one row
    per distinct query hash, ``tasks.query_rows``) and the collection's
    ``(hash, doc_id, position)``. ``asked`` is read twice: materialise it first."""
    from pyspark.sql import functions as F

    n = max(total_docs, 1)
    cap = max(settings.min_df_cap, settings.max_df_share * n)
    wanted = postings.join(asked.select("hash").distinct(), "hash", "left_semi")
    weights = (
        wanted.groupBy("hash")
        .agg(F.count("*").alias("df"))
        .where(F.col("df") <= F.lit(cap))
        .select("hash", F.pow(F.log1p(n / F.col("df")), settings.idf_power).alias("w"))
    )
    hits = asked.join(weights, "hash").join(wanted, "hash")
    if settings.window <= 0:
        scored = hits.groupBy("sid", "doc_id").agg(
            F.sum("w").alias("score"), F.count("*").alias("shared")
        )
        return scored.where(F.col("shared") >= settings.min_shared)
    # Each hit is spread over the suspect positions of its hash (w / reps each) and over two
    # neighbouring bands: a cell sums one band and the one below it. Over all cells a hit
    # adds 2 w, so the document's total is half the sum of its cells; ``first`` counts each
    # hit once for ``shared``.
    band = F.floor((F.col("q") - F.col("position") * POSITION_STEP) / F.lit(settings.window))
    spread = hits.select(
        "sid",
        "doc_id",
        "position",
        (F.col("w") / F.col("reps")).alias("w"),
        F.posexplode("qpos").alias("i", "q"),
    ).select(
        "sid",
        "doc_id",
        "w",
        F.posexplode(F.array(band, band + 1)).alias("j", "band"),
        ((F.col("i") == 0).cast("int")).alias("first"),
    )
    cells = spread.groupBy("sid", "doc_id", "band").agg(
        F.sum("w").alias("w"), F.sum(F.col("first") * (F.col("j") == 0).cast("int")).alias("n")
    )
    scored = cells.groupBy("sid", "doc_id").agg(
        (F.max("w") + settings.spread * F.sum("w") / 2).alias("score"),
        F.sum("n").alias("shared"),
    )
    return scored.where(F.col("shared") >= settings.min_shared)

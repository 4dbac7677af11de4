"""Source retrieval and alignment on Apache Spark, over a collection's Parquet export.

A thin layer over the library (docs/spark.md): Spark distributes the joins of query hashes
with the postings and runs the library's own tokenizer, re-ranking, engine and JSON report on
its executors. Needs the ``spark`` extra (pyspark, pyarrow, pandas) and Java 17+.
"""

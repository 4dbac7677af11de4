"""Where the job's JSON lines go: one local file, or a folder of part files on shared storage."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from copyhound.errors import InputError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


@dataclass(frozen=True, slots=True)
class Written:
    lines: int
    with_matches: int
    #: "file" (one local file) or "folder" (Spark's part files).
    layout: str


def distributed(out: str) -> bool:
    """A URI (``hdfs://``, ``s3a://``, ``file://``) or a path ending in ``/`` names a folder
    that the executors write in parallel; anything else is one local file."""
    return "://" in out or out.endswith("/")


def check_target(out: str, inputs: list[Path], export: str) -> None:
    """Refuse an output that would overwrite an input or land inside the export."""
    if "://" in export or "://" in out:
        if out.rstrip("/") == export.rstrip("/"):
            raise InputError(f"{out}: is the export folder; write the results elsewhere")
        return
    export_dir = Path(export).resolve()
    target = Path(out).resolve()
    if target.is_relative_to(export_dir):
        raise InputError(f"{out}: is inside the export folder; write the results elsewhere")
    if distributed(out):
        return
    if any(p.resolve() == target for p in inputs):
        raise InputError(f"{out}: is an input document; refusing to overwrite it")
    if target.is_dir():
        raise InputError(f"{out}: is a folder; give a file name (or end it with / for part files)")
    if not target.parent.is_dir():
        raise InputError(f"{out}: folder {target.parent} does not exist")


def write(frame: DataFrame, out: str) -> Written:
    """Write ``(sid, name, matches, line)`` rows, ordered by suspect name.

    One file: streamed to the driver a partition at a time and renamed into place when
    complete (a failed job leaves no half file). A folder: Spark's text writer, which refuses
    an existing folder.
    """
    from pyspark import StorageLevel

    # Materialised once: sorting samples its input first, which would otherwise run the
    # whole job (alignment included) twice.
    results = frame.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        return _write(results, out)
    finally:
        results.unpersist()


def _write(results: DataFrame, out: str) -> Written:
    from pyspark.sql import functions as F

    ordered = results.orderBy("name", "sid")
    if distributed(out):
        try:
            ordered.select("line").write.mode("errorifexists").text(out)
        except Exception as exc:
            if "already exists" in str(exc):
                raise InputError(f"{out}: already exists; give a new folder") from None
            raise
        counts = results.agg(F.count("*"), F.sum((F.col("matches") > 0).cast("int"))).first()
        return Written(int(counts[0]), int(counts[1] or 0), "folder")
    target = Path(out).resolve()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    lines = with_matches = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            lines_in_order = ordered.select("line", "matches").toLocalIterator(True)
            for row in lines_in_order:
                fh.write(row["line"] + "\n")
                lines += 1
                with_matches += row["matches"] > 0
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Written(lines, with_matches, "file")

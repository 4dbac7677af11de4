"""Starting Spark: check what it needs first, so a missing piece is one line, not a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from copyhound.errors import CopyhoundError, InputError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

PYSPARK_MISSING = "the Spark job needs pyspark: pip install 'copyhound[spark]'"
JAVA_MISSING = "Spark needs Java 17+: install a JRE (scripts/setup-system.sh does)"
#: Spark 4 runs on Java 17 and 21.
MIN_JAVA = 17
#: Quiet logging for sessions this module starts (Spark's default prints INFO and WARN lines).
LOG_CONFIG = Path(__file__).with_name("log4j2.properties")


class SparkJobError(CopyhoundError):
    """The job failed inside Spark (an executor lost, out of memory, a bug): one line."""

    exit_code = 70


@contextmanager
def job_errors() -> Iterator[None]:
    """Spark's errors (a Java stack trace or a query plan in the message) as one line;
    ``COPYHOUND_DEBUG=1`` lets them through whole."""
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    try:
        yield
    except (PySparkException, Py4JError) as exc:
        if os.environ.get("COPYHOUND_DEBUG"):
            raise
        first = next((ln.strip() for ln in str(exc).splitlines() if ln.strip()), type(exc).__name__)
        raise SparkJobError(
            f"the Spark job failed: {first[:300]} (set COPYHOUND_DEBUG=1 for details)"
        ) from None


def require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise InputError(PYSPARK_MISSING) from None


def java_version() -> int | None:
    """The major version of the Java Spark would start (``JAVA_HOME``, else ``java`` on the
    PATH), or None when there is none."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java or not Path(java).exists():
        return None
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8


def require_java() -> None:
    version = java_version()
    if version is None:
        raise InputError(JAVA_MISSING)
    if version < MIN_JAVA:
        raise InputError(f"{JAVA_MISSING} (found Java {version})")


@contextmanager
def spark_session(master: str | None = None, app: str = "copyhound") -> Iterator[SparkSession]:
    """The active Spark session if there is one (left running), else a new one, stopped at
    the end. ``master`` defaults to ``local[*]`` unless spark-submit set one."""
    require_pyspark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    require_java()
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # started by spark-submit
    builder = SparkSession.builder.appName(app).config("spark.ui.showConsoleProgress", "false")
    if master or not submitted:
        master = master or "local[*]"
        builder = builder.master(master)
    if master and master.startswith("local"):
        # Executors here are this interpreter's children: same venv, same copyhound.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        # Spark's 200 shuffle partitions suit a cluster; on one machine they are mostly
        # scheduling overhead.
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", str(max(4, 2 * (os.cpu_count() or 1))))
            .config(
                "spark.driver.extraJavaOptions",
                f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}",
            )
        )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        yield spark
    finally:
        spark.stop()

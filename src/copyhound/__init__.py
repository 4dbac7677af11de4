"""copyhound: find, align and judge text reuse between a suspect document and its sources.

>>> from copyhound import compare
>>> report = compare("essay.txt", ["article.md"])          # doctest: +SKIP
>>> [(m.kind, m.suspect.start, m.source_span.start) for m in report.matches]  # doctest: +SKIP
"""

__version__ = "0.1.0"

from copyhound import compat  # noqa: E402
from copyhound.api import compare, load  # noqa: E402
from copyhound.engine import Settings  # noqa: E402
from copyhound.errors import CopyhoundError, InputError  # noqa: E402
from copyhound.judge import JudgeOptions, judge_report  # noqa: E402
from copyhound.model import Document, Match, Report, Span  # noqa: E402
from copyhound.read import read_document  # noqa: E402

compat.install()

__all__ = [
    "CopyhoundError",
    "Document",
    "InputError",
    "JudgeOptions",
    "Match",
    "Report",
    "Settings",
    "Span",
    "compare",
    "judge_report",
    "load",
    "read_document",
]

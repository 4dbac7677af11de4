"""copyhound: find, align and judge text reuse between a suspect document and its sources.

>>> from copyhound import compare
>>> report = compare("essay.txt", "article.md")          # doctest: +SKIP
>>> [(m.kind, m.suspect.start, m.source_span.start) for m in report.matches]  # doctest: +SKIP

The names below are imported on first use (PEP 562), so ``import copyhound`` and the
command line's ``--help`` do not load numpy and the whole pipeline.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from copyhound import compat  # noqa: E402

compat.install()

#: Public name -> the module that defines it.
_LAZY = {
    "compare": "copyhound.api",
    "load": "copyhound.api",
    "Settings": "copyhound.engine",
    "CopyhoundError": "copyhound.errors",
    "InputError": "copyhound.errors",
    "JudgeOptions": "copyhound.judge",
    "judge_report": "copyhound.judge",
    "Document": "copyhound.model",
    "Match": "copyhound.model",
    "Report": "copyhound.model",
    "Span": "copyhound.model",
    "read_document": "copyhound.read",
}

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'copyhound' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


if TYPE_CHECKING:
    from copyhound.api import compare, load
    from copyhound.engine import Settings
    from copyhound.errors import CopyhoundError, InputError
    from copyhound.judge import JudgeOptions, judge_report
    from copyhound.model import Document, Match, Report, Span
    from copyhound.read import read_document

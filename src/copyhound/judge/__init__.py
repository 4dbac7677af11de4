"""Stage 6, judge: is each reused passage quoted, attributed, or passed off?

``verdict`` runs the stage (``judge_report``) over the modules that each find one thing in the
suspect: ``quotes`` (quotation marks and block quotes), ``attribution`` (citations and signal
phrases), ``references`` (a works-cited list), ``source_names`` (what a source is called),
``structure`` (sentences and paragraphs); ``split`` cuts a match at quotation boundaries,
``misquote`` compares a quotation with its source (``wordalign`` aligns the words), and
``similarity`` computes the similarity index and its exclusions. ``context`` holds what they
share: the verdict names, ``JudgeOptions`` and the suspect as judging sees it.
"""

import warnings as _warnings

from copyhound.judge.context import VERDICTS, JudgeOptions, SuspectContext
from copyhound.judge.similarity import SimilarityIndex, similarity_index
from copyhound.judge.verdict import (
    Judgement,
    judge_matches,
    judge_report,
    verdict_counts,
    verdict_of,
    verdict_order,
)

__all__ = [
    "VERDICTS",
    "JudgeOptions",
    "Judgement",
    "SimilarityIndex",
    "SuspectContext",
    "judge_matches",
    "judge_report",
    "similarity_index",
    "verdict_counts",
    "verdict_of",
    "verdict_order",
]

#: Names the old ``copyhound.judge`` module (now ``copyhound.engine.kinds``) held.
_MOVED = {"lexical_kind", "word_similarity"}


def __getattr__(name: str):
    if name in _MOVED:
        _warnings.warn(
            f"copyhound.judge.{name} moved to copyhound.engine.{name}; the old name goes in 0.3",
            DeprecationWarning,
            stacklevel=2,
        )
        from copyhound.engine import kinds

        return getattr(kinds, name)
    raise AttributeError(f"module 'copyhound.judge' has no attribute {name!r}")

"""Semantic detection: reuse that shares meaning but few words (paraphrase, summary, translation).

``align`` runs the stage on a pair; ``sentences`` and ``language`` split and label the text,
``tfidf`` and ``embed`` (a multilingual sentence encoder in numpy, offline) say how alike two
sentences are, ``summary`` finds summaries, ``documents`` keeps each document's sentences and
vectors once, ``evidence`` says how sure a match is, and ``combine`` merges the result with the
lexical matches, which keep priority.

Its names are imported on first use, so reading ``SENSITIVITIES`` (``levels``) does not load
numpy and the encoder.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "SENSITIVITIES": "copyhound.semantic.levels",
    "SemanticSettings": "copyhound.semantic.align",
    "semantic_align": "copyhound.semantic.align",
    "combine": "copyhound.semantic.combine",
    "SemanticCache": "copyhound.semantic.documents",
    "SemanticDoc": "copyhound.semantic.documents",
    "SemanticEvidence": "copyhound.semantic.evidence",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'copyhound.semantic' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)

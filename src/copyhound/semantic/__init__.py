"""Semantic detection: reuse that shares meaning but few words (paraphrase, summary, translation).

``align`` runs the stage on a pair; ``sentences`` and ``language`` split and label the text,
``tfidf`` and ``embed`` (a multilingual sentence encoder in numpy, offline) say how alike two
sentences are, ``summary`` finds summaries, ``documents`` keeps each document's sentences and
vectors once, ``evidence`` says how sure a match is, and ``combine`` merges the result with the
lexical matches, which keep priority.
"""

from copyhound.semantic.align import SENSITIVITIES, SemanticSettings, semantic_align
from copyhound.semantic.combine import combine
from copyhound.semantic.documents import SemanticCache, SemanticDoc
from copyhound.semantic.evidence import SemanticEvidence

__all__ = [
    "SENSITIVITIES",
    "SemanticCache",
    "SemanticDoc",
    "SemanticEvidence",
    "SemanticSettings",
    "combine",
    "semantic_align",
]

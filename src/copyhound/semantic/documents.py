"""Documents as the semantic stage sees them: sentences, their token ranges, language and
vectors, made once per document and shared across the pairs it is in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from copyhound.engine.pipeline import Prepared
from copyhound.model import Span
from copyhound.semantic.embed import SentenceVectors
from copyhound.semantic.language import detect_language
from copyhound.semantic.sentences import split_sentences
from copyhound.semantic.tfidf import SentenceTerms


@dataclass(slots=True)
class SemanticDoc:
    """A prepared document plus its sentences, their token ranges, language and vectors."""

    prepared: Prepared
    sentences: list[Span]
    #: Token index range [tok_start[k], tok_end[k]) of sentence k.
    tok_start: np.ndarray
    tok_end: np.ndarray
    language: str
    vectors: SentenceVectors
    #: Character offsets where each sentence starts and ends.
    starts: np.ndarray
    ends: np.ndarray
    #: Content words per sentence, for every pair's tf-idf (made once, in ``of``).
    terms: SentenceTerms | None = None

    @classmethod
    def of(cls, prepared: Prepared, threads: int | None = None) -> SemanticDoc:
        doc = prepared.document
        sentences = split_sentences(doc.match_text)
        starts = np.array([s.start for s in sentences], dtype=np.int64)
        ends = np.array([s.end for s in sentences], dtype=np.int64)
        tstarts = prepared.tokens.starts
        language = doc.metadata.get("language") or detect_language(doc.match_text)
        doc.metadata["language"] = language
        made = cls(
            prepared,
            sentences,
            np.searchsorted(tstarts, starts, side="left"),
            np.searchsorted(tstarts, ends, side="left"),
            language,
            SentenceVectors(doc.match_text, sentences, threads),
            starts,
            ends,
        )
        made.terms = SentenceTerms.of(made)
        return made

    def __len__(self) -> int:
        return len(self.sentences)

    def token_sentence(self) -> np.ndarray:
        """Sentence index of every token (-1 for tokens between sentences)."""
        tokens = np.arange(len(self.prepared.tokens))
        if not len(self.tok_start):
            return np.full(len(tokens), -1, dtype=np.int64)
        k = np.searchsorted(self.tok_start, tokens, side="right") - 1
        inside = (k >= 0) & (tokens < self.tok_end[np.maximum(k, 0)])
        return np.where(inside, k, -1)


class SemanticCache:
    """SemanticDocs made once per document and reused across pairs (vectors included)."""

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads
        self._docs: dict[int, SemanticDoc] = {}

    @property
    def embedded_sentences(self) -> int:
        """Sentences embedded so far, over all documents (the model's work)."""
        return sum(d.vectors.computed for d in self._docs.values())

    def get(self, prepared: Prepared) -> SemanticDoc:
        key = id(prepared.document)
        found = self._docs.get(key)
        if found is None or found.prepared.document is not prepared.document:
            found = SemanticDoc.of(prepared, self.threads)
            self._docs[key] = found
        return found

"""tf-idf over the sentences of one document pair: cheap candidates and passage checks.

The PAN 2014 winner (Sanchez-Perez et al.) seeds on sentence pairs whose tf-idf cosine is high,
idf taken over the sentences of the two documents. Here the words are the core tokenizer's
stemmed content words, so the measure folds case, diacritics and inflection like the lexical
engine does.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from .extend import Passage
from .normalise import Tokens


class _Prepared(Protocol):
    tokens: Tokens


class SentenceDoc(Protocol):
    """What tf-idf needs of a document: its tokens and each token's sentence."""

    prepared: _Prepared

    def __len__(self) -> int: ...

    def token_sentence(self) -> np.ndarray: ...


def _sentence_terms(doc: SentenceDoc) -> tuple[np.ndarray, np.ndarray]:
    """(sentence index, word id) of every content token inside a sentence."""
    sent = doc.token_sentence()
    keep = (sent >= 0) & doc.prepared.tokens.content
    return sent[keep], doc.prepared.tokens.ids[keep]


class PairTfidf:
    """tf-idf over the sentences of one suspect/source pair (idf from both documents).

    Sanchez-Perez et al. weigh sentences this way; here only content words count, and the
    same weights also score whole passages (``passage_cosine``) to confirm a cluster.
    """

    def __init__(self, a: SentenceDoc, b: SentenceDoc) -> None:
        self.na, self.nb = len(a), len(b)
        self.sa, ia = _sentence_terms(a)
        self.sb, ib = _sentence_terms(b)
        vocab, inverse = np.unique(np.concatenate([ia, ib]), return_inverse=True)
        self.v = max(1, len(vocab))
        self.ta, self.tb = inverse[: len(ia)], inverse[len(ia) :]
        df = np.bincount(np.unique(self.sa * self.v + self.ta) % self.v, minlength=self.v)
        df += np.bincount(np.unique(self.sb * self.v + self.tb) % self.v, minlength=self.v)
        sentences = max(1, self.na + self.nb)
        self.idf = (np.log(sentences / np.maximum(df, 1)) + 1.0).astype(np.float32)
        self.shared = np.intersect1d(self.ta, self.tb)

    def _norms(self, sent: np.ndarray, term: np.ndarray, n: int) -> np.ndarray:
        keys, counts = np.unique(sent * self.v + term, return_counts=True)
        w = (counts * self.idf[keys % self.v]) ** 2
        return np.sqrt(np.bincount(keys // self.v, weights=w, minlength=n))

    def _dense(self, sent, term, column, lo: int, hi: int) -> np.ndarray:
        width = len(self.shared)
        sel = (sent >= lo) & (sent < hi) & (column[term] >= 0)
        flat = (sent[sel] - lo) * width + column[term[sel]]
        m = np.bincount(flat, weights=self.idf[term[sel]], minlength=(hi - lo) * width)
        return m.astype(np.float32).reshape(hi - lo, width)

    def similarity(self, block: int = 1024) -> np.ndarray:
        """Sentence cosines, suspect x source, computed in blocks to bound memory."""
        out = np.zeros((self.na, self.nb), dtype=np.float32)
        if len(self.shared) == 0:
            return out
        column = np.full(self.v, -1, dtype=np.int64)
        column[self.shared] = np.arange(len(self.shared))
        for lo in range(0, self.na, block):
            hi = min(self.na, lo + block)
            ma = self._dense(self.sa, self.ta, column, lo, hi)
            for lo2 in range(0, self.nb, block):
                hi2 = min(self.nb, lo2 + block)
                out[lo:hi, lo2:hi2] = ma @ self._dense(self.sb, self.tb, column, lo2, hi2).T
        denom = np.outer(
            self._norms(self.sa, self.ta, self.na), self._norms(self.sb, self.tb, self.nb)
        ).astype(np.float32)
        np.divide(out, denom, out=out, where=denom > 0)
        return out

    def passage_cosine(self, p: Passage, binary: bool = True) -> float:
        """Cosine of the merged suspect sentences [i0, i1) and source sentences [j0, j1).

        ``binary`` counts each word once per passage: a page that repeats its topic word
        ("tattoo, tattoo design, tattoo gallery") would otherwise match any text on the topic.
        """
        va = np.bincount(self.ta[(self.sa >= p.i0) & (self.sa < p.i1)], minlength=self.v)
        vb = np.bincount(self.tb[(self.sb >= p.j0) & (self.sb < p.j1)], minlength=self.v)
        if binary:
            va, vb = np.minimum(va, 1), np.minimum(vb, 1)
        wa, wb = va * self.idf, vb * self.idf
        denom = float(np.linalg.norm(wa) * np.linalg.norm(wb))
        return float(wa @ wb) / denom if denom > 0 else 0.0


def tfidf_similarity(a: SentenceDoc, b: SentenceDoc) -> np.ndarray:
    """Cosine of tf-idf sentence vectors, suspect sentences x source sentences (float32)."""
    return PairTfidf(a, b).similarity()

"""tf-idf over the sentences of one document pair: cheap candidates and passage checks.

The PAN 2014 winner (Sanchez-Perez et al.) seeds on sentence pairs whose tf-idf cosine is high,
idf taken over the sentences of the two documents. Here the words are the core tokenizer's
stemmed content words, so the measure folds case, diacritics and inflection like the lexical
engine does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from copyhound.extend.passages import Passage
from copyhound.normalise.tokens import Tokens


class _Prepared(Protocol):
    tokens: Tokens


class SentenceDoc(Protocol):
    """What tf-idf needs of a document: its tokens and each token's sentence."""

    prepared: _Prepared

    def __len__(self) -> int: ...

    def token_sentence(self) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class SentenceTerms:
    """A document's content words per sentence, each distinct (sentence, word) once with its
    count. Made once per document: every pair it is in only maps words to the pair's vocabulary.
    """

    sent: np.ndarray
    word: np.ndarray
    count: np.ndarray
    #: The document's distinct words, sorted.
    vocab: np.ndarray
    sentences: int

    @classmethod
    def of(cls, doc: SentenceDoc) -> SentenceTerms:
        sent = doc.token_sentence()
        keep = (sent >= 0) & doc.prepared.tokens.content
        sent, word = sent[keep], doc.prepared.tokens.ids[keep]
        order = np.lexsort((word, sent))
        sent, word = sent[order], word[order]
        first = np.ones(len(sent), dtype=bool)
        first[1:] = (sent[1:] != sent[:-1]) | (word[1:] != word[:-1])
        starts = np.nonzero(first)[0]
        count = np.diff(np.append(starts, len(sent)))
        return cls(sent[starts], word[starts], count, np.unique(word), len(doc))


def sentence_terms(doc: SentenceDoc) -> SentenceTerms:
    """The document's ``terms`` when it keeps them (``SemanticDoc`` does), else made now."""
    terms = getattr(doc, "terms", None)
    return terms if isinstance(terms, SentenceTerms) else SentenceTerms.of(doc)


class PairTfidf:
    """tf-idf over the sentences of one suspect/source pair (idf from both documents).

    Sanchez-Perez et al. weigh sentences this way; here only content words count, and the
    same weights also score whole passages (``passage_cosine``) to confirm a cluster.
    """

    def __init__(self, a: SentenceDoc, b: SentenceDoc) -> None:
        ta, tb = sentence_terms(a), sentence_terms(b)
        self.na, self.nb = ta.sentences, tb.sentences
        vocab = np.union1d(ta.vocab, tb.vocab)
        self.v = max(1, len(vocab))
        self.sa, self.ta, self.ca = ta.sent, np.searchsorted(vocab, ta.word), ta.count
        self.sb, self.tb, self.cb = tb.sent, np.searchsorted(vocab, tb.word), tb.count
        # Each (sentence, word) appears once, so counting entries counts sentences (df).
        df = np.bincount(self.ta, minlength=self.v) + np.bincount(self.tb, minlength=self.v)
        sentences = max(1, self.na + self.nb)
        self.idf = (np.log(sentences / np.maximum(df, 1)) + 1.0).astype(np.float32)
        # Each vocabulary is sorted and distinct (``SentenceTerms.of``).
        self.shared = np.searchsorted(vocab, np.intersect1d(ta.vocab, tb.vocab, assume_unique=True))

    def _norms(self, sent: np.ndarray, term: np.ndarray, count: np.ndarray, n: int) -> np.ndarray:
        w = (count * self.idf[term]) ** 2
        return np.sqrt(np.bincount(sent, weights=w, minlength=n))

    def _dense(self, sent, term, count, column, lo: int, hi: int) -> np.ndarray:
        width = len(self.shared)
        sel = (sent >= lo) & (sent < hi) & (column[term] >= 0)
        flat = (sent[sel] - lo) * width + column[term[sel]]
        weights = count[sel] * self.idf[term[sel]]
        m = np.bincount(flat, weights=weights, minlength=(hi - lo) * width)
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
            ma = self._dense(self.sa, self.ta, self.ca, column, lo, hi)
            for lo2 in range(0, self.nb, block):
                hi2 = min(self.nb, lo2 + block)
                mb = self._dense(self.sb, self.tb, self.cb, column, lo2, hi2)
                out[lo:hi, lo2:hi2] = ma @ mb.T
        denom = np.outer(
            self._norms(self.sa, self.ta, self.ca, self.na),
            self._norms(self.sb, self.tb, self.cb, self.nb),
        ).astype(np.float32)
        np.divide(out, denom, out=out, where=denom > 0)
        return out

    def passage_cosine(self, p: Passage, binary: bool = True) -> float:
        """Cosine of the merged suspect sentences [i0, i1) and source sentences [j0, j1).

        ``binary`` counts each word once per passage: a page that repeats its topic word
        ("tattoo, tattoo design, tattoo gallery") would otherwise match any text on the topic.
        """
        ina = (self.sa >= p.i0) & (self.sa < p.i1)
        inb = (self.sb >= p.j0) & (self.sb < p.j1)
        va = np.bincount(self.ta[ina], weights=self.ca[ina], minlength=self.v)
        vb = np.bincount(self.tb[inb], weights=self.cb[inb], minlength=self.v)
        if binary:
            va, vb = np.minimum(va, 1), np.minimum(vb, 1)
        wa, wb = va * self.idf, vb * self.idf
        denom = float(np.linalg.norm(wa) * np.linalg.norm(wb))
        return float(wa @ wb) / denom if denom > 0 else 0.0


def tfidf_similarity(a: SentenceDoc, b: SentenceDoc) -> np.ndarray:
    """Cosine of tf-idf sentence vectors, suspect sentences x source sentences (float32)."""
    return PairTfidf(a, b).similarity()

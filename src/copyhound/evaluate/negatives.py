"""Same-topic pairs that are not listed as reuse: a far larger negative set than a corpus'
no-plagiarism folder, and a proxy for honest pairs nobody tuned on.

Two kinds, each document paired with the documents closest to it in topic (tf-idf cosine of
content words, idf over every document of the corpus):

- ``suspect``: each suspect with the sources of *other* pairs, never with a source any folder
  pairs it with, drawn from pairs whose suspect is in the same part of the development split.
  Caution: pan13-dev does not list every source a suspect reuses (suspicious-document00972
  holds a randomly obfuscated passage of source-document01652, which only an 01 pair names),
  so some of these pairs are reuse; read their flags, do not count them all as false.
- ``source``: each source with other sources of its part (the part of its own name). Sources
  are web pages nobody planted reuse in, so what they share is boilerplate of one site, stock
  phrases of one topic, and now and then a page quoting another: the honest same-topic pairs.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from pathlib import Path

from copyhound.evaluate.pan import corpus_folders, read_pairs
from copyhound.evaluate.split import part_of
from copyhound.normalise.tokens import tokenize
from copyhound.read.documents import read_document

#: Content words kept per document vector (its highest tf-idf weights).
TOP_TERMS = 60


def _content_counts(path: Path) -> Counter[int]:
    tokens = tokenize(read_document(path).match_text)
    return Counter(tokens.ids[tokens.content].tolist())


def same_topic_pairs(
    corpus: Path, per_document: int = 3, kind: str = "suspect"
) -> list[tuple[str, str, float]]:
    """``(first, source, cosine)``: each suspect's (``kind="suspect"``) or source's
    (``kind="source"``) ``per_document`` nearest sources it is not paired with."""
    if kind not in ("suspect", "source"):
        raise ValueError(f"unknown kind {kind!r}: suspect or source")
    paired: dict[str, set[str]] = defaultdict(set)
    for folder in corpus_folders(corpus):
        for susp, src in read_pairs(folder):
            paired[susp].add(src)
    all_sources = set().union(*paired.values())
    if kind == "suspect":
        queries = {s: ("susp", part_of(s), paired[s]) for s in paired}
        part_sources: dict[str, set[str]] = defaultdict(set)
        for susp, srcs in paired.items():
            part_sources[part_of(susp)].update(srcs)
    else:
        queries = {s: ("src", part_of(s), {s}) for s in all_sources}
        part_sources = defaultdict(set)
        for src in all_sources:
            part_sources[part_of(src)].add(src)
    counts = {("src", s): _content_counts(corpus / "src" / s) for s in all_sources}
    for name, (sub, _, _) in queries.items():
        if (sub, name) not in counts:
            counts[(sub, name)] = _content_counts(corpus / sub / name)
    df: Counter[int] = Counter()
    for c in counts.values():
        df.update(c.keys())
    n_docs = len(counts)

    def vector(c: Counter[int]) -> dict[int, float]:
        weights = {w: tf * math.log(n_docs / df[w]) for w, tf in c.items() if df[w] > 1}
        top = dict(sorted(weights.items(), key=lambda kv: -kv[1])[:TOP_TERMS])
        norm = math.sqrt(sum(v * v for v in top.values())) or 1.0
        return {w: v / norm for w, v in top.items()}

    postings: dict[str, dict[int, list[tuple[str, float]]]] = defaultdict(lambda: defaultdict(list))
    for part, srcs in part_sources.items():
        for src in sorted(srcs):
            for w, v in vector(counts[("src", src)]).items():
                postings[part][w].append((src, v))
    out = []
    for name in sorted(queries):
        sub, part, excluded = queries[name]
        scores: dict[str, float] = defaultdict(float)
        for w, v in vector(counts[(sub, name)]).items():
            for src, u in postings[part].get(w, ()):
                scores[src] += v * u
        ranked = sorted(
            ((s, c) for s, c in scores.items() if s not in excluded), key=lambda x: -x[1]
        )
        out.extend((name, src, round(cos, 4)) for src, cos in ranked[:per_document])
    return out

"""A sentence that continues a lexical match in other words: the paraphrase beside a quotation.

A writer who quotes a sentence often paraphrases the next one (or the one before). The
quotation is a lexical match, so the pair counts as found and the model is only asked about
sentences beside it in runs (``align.beside_copies``); a single paraphrased sentence was
never asked, and alone it is often shorter than the smallest passage reported.

Its position is evidence: the suspect sentence right after (before) the match and a source
sentence right after (before) the match's source side, one sentence skipped at most. Such
a pair is a continuation when

- it shares some words (tf-idf cosine >= ``beside_candidate``: the cheap filter before the
  model),
- the model pairs it (cosine + ``TFIDF_WEIGHT`` x tf-idf >= the ``seed`` bar), and
- it stands out from the other source and suspect sentences around it (the margin score,
  ``margin.py``, at the sensitivity's margin bar): a writer's own comment on a quotation is
  on its topic, and as close to the source's other sentences as to its next one.

A continuation may continue itself (a run of paraphrased sentences, up to ``grow_steps``).
Its length counts together with the match it continues (``joined``): a quotation of 140
characters and its 120-character paraphrase are one 260-character passage of reuse. Beside a
match that is reported on its own, the continuation is a match of its own (the judgement
keeps a quotation and a paraphrase apart); beside a fragment too short to be reported, its
spans reach over the fragment, which ``combine`` absorbs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from copyhound.extend.passages import Passage
from copyhound.model import Match, Span
from copyhound.semantic.documents import SemanticDoc
from copyhound.semantic.embed import embed_missing
from copyhound.semantic.margin import margin_score

#: Characters of the writer's own allowed between a match and the sentence continuing it
#: (a closing quotation mark, a citation, "he wrote.").
MAX_GAP = 40


@dataclass(frozen=True, slots=True)
class Continuation:
    """One sentence pair that continues ``of`` (a lexical match), with its scores."""

    i: int
    j: int
    of: Match
    #: After the match (True) or before it.
    forward: bool
    #: Model score (cosine + TFIDF_WEIGHT x tf-idf) and margin score of the pair.
    score: float
    margin: float
    #: Suspect characters of the continuation and the match it continues, together.
    joined: int


def _sentence_at(doc: SemanticDoc, pos: int) -> int:
    """Index of the sentence holding character ``pos`` (or the last one before it)."""
    return int(np.searchsorted(doc.starts, pos, side="right")) - 1


def _next_after(doc: SemanticDoc, end: int, gap: int) -> int | None:
    """The sentence that starts within ``gap`` characters after ``end`` (or holds ``end``
    near its own end), None when the match stops well inside a sentence."""
    k = _sentence_at(doc, max(0, end - 1))
    if k < 0:
        return 0 if len(doc) and doc.starts[0] - end <= gap else None
    if doc.ends[k] - end > gap:
        return None
    return k + 1 if k + 1 < len(doc) else None


def _last_before(doc: SemanticDoc, start: int, gap: int) -> int | None:
    k = _sentence_at(doc, start)
    if k < 0:
        return None
    if start - doc.starts[k] > gap:
        return None
    return k - 1 if k >= 1 else None


def find_continuations(
    sus: SemanticDoc,
    src: SemanticDoc,
    lexical: list[Match],
    searchable: np.ndarray,
    sim: np.ndarray,
    s,
    tfidf_weight: float,
) -> list[Continuation]:
    """Sentence pairs that continue one of ``lexical`` in other words (see module).

    ``searchable`` marks the suspect sentences not inside lexical matches; ``sim`` is the
    pair's sentence tf-idf matrix; ``s`` the ``SemanticSettings``.
    """
    if s.margin is None or not len(sus) or not len(src):
        return []
    th = s.thresholds
    found: list[Continuation] = []
    taken = np.zeros(len(sus), dtype=bool)
    for m in sorted(lexical, key=lambda x: x.suspect.start):
        for forward in (True, False):
            joined = m.suspect.length
            if forward:
                i = _next_after(sus, m.suspect.end, MAX_GAP)
                j = _next_after(src, m.source_span.end, MAX_GAP)
            else:
                i = _last_before(sus, m.suspect.start, MAX_GAP)
                j = _last_before(src, m.source_span.start, MAX_GAP)
            step = 1 if forward else -1
            for _ in range(max(1, s.grow_steps)):
                if i is None or j is None or not (0 <= i < len(sus)) or taken[i]:
                    break
                if not searchable[i]:
                    break
                js = [x for x in (j, j + step) if 0 <= x < len(src)]
                js = [x for x in js if sim[i, x] >= th.beside_candidate]
                if not js:
                    break
                embed_missing((sus.vectors, [i]), (src.vectors, js))
                cos = src.vectors.get(js) @ sus.vectors.get([i])[0]
                scores = cos + tfidf_weight * sim[i, js]
                best = int(np.argmax(scores))
                if scores[best] < th.seed:
                    break
                jj = js[best]
                need = s.margin - tfidf_weight * float(sim[i, jj])
                p = Passage(i, i + 1, jj, jj + 1, 0, 0, 1)
                mscore = margin_score(
                    sus, src, p, s.margin_k, s.margin_reach, s.margin_prior, need=need
                )
                if not mscore.complete or mscore.margin < need:
                    break
                joined += int(sus.ends[i] - sus.starts[i])
                taken[i] = True
                found.append(
                    Continuation(
                        i,
                        jj,
                        m,
                        forward,
                        float(scores[best]),
                        mscore.margin + tfidf_weight * float(sim[i, jj]),
                        joined,
                    )
                )
                i, j = i + step, jj + step
    return found


def runs(found: list[Continuation]) -> list[list[Continuation]]:
    """Continuations grouped by the match and side they continue (one passage each)."""
    groups: dict[tuple[int, bool], list[Continuation]] = {}
    for c in found:
        groups.setdefault((id(c.of), c.forward), []).append(c)
    return list(groups.values())


def run_spans(
    run: list[Continuation], sus: SemanticDoc, src: SemanticDoc, fragment_chars: int
) -> tuple[Span, Span]:
    """The suspect and source spans of a run of continuations: its sentences, reaching over
    the match it continues when that is a fragment too short to be reported alone."""
    a = Span(int(min(sus.starts[c.i] for c in run)), int(max(sus.ends[c.i] for c in run)))
    b = Span(int(min(src.starts[c.j] for c in run)), int(max(src.ends[c.j] for c in run)))
    of = run[0].of
    if of.suspect.length < fragment_chars:
        a = Span(min(a.start, of.suspect.start), max(a.end, of.suspect.end))
        b = Span(min(b.start, of.source_span.start), max(b.end, of.source_span.end))
    return a, b

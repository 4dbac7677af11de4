"""Tight boundaries for passages the model aligns sentence by sentence (translations).

Three rules, each a property of reuse rather than a fitted threshold:

- **One source sentence, one reuse** (competitive linking, Melamed 2000): a sentence pair
  whose source sentence is clearly the translation of another suspect sentence (that one's
  cosine higher by ``margin``) is dropped: the weaker pair is topic, not reuse.
- **Reuse runs in order**: a passage is a chain of seed pairs that move forward on both sides
  together. Clustering by distance alone joins two neighbouring reused passages taken from
  different parts of the source, and the writer's own sentences between them; splitting the
  cluster into its in-order chains gives one match per reused passage.
- **Similarity drops at the boundary**: an edge sentence of the suspect side that begins (or
  ends) with a clause of the writer's own ("Based on X's account, ...") is cut at the clause
  where the cosine with the aligned source sentences is highest, when cutting raises it.
"""

from __future__ import annotations

import re

import numpy as np

from copyhound.extend.passages import Passage, to_passage

#: Clause boundaries inside a sentence: a comma, semicolon, colon or dash followed by a space,
#: or an opening quotation mark.
_CLAUSE = re.compile(r"[,;:\u2014\u2013]\s+|\s[\"\u201c\u00ab]")
_WORD = re.compile(r"\w+")


def competitive_links(pairs: np.ndarray, sim: np.ndarray, margin: float) -> np.ndarray:
    """Mask of seed pairs kept: a pair is dropped when some other suspect sentence's cosine
    with the same source sentence is at least ``margin`` higher (``sim``: every suspect
    sentence against every source sentence)."""
    if not len(pairs):
        return np.ones(0, dtype=bool)
    scores = sim[pairs[:, 0], pairs[:, 1]]
    return scores + margin > sim[:, pairs[:, 1]].max(axis=0)


def ordered_chains(pairs: np.ndarray, gap: int) -> list[np.ndarray]:
    """Seed pairs split into groups that run forward on both sides together.

    Two pairs are linked when the second is at most ``gap`` sentences after the first on
    both sides (and not behind on either); groups are the connected parts. Returns index
    arrays into ``pairs``.
    """
    n = len(pairs)
    if n < 2:
        return [np.arange(n)]
    di = pairs[None, :, 0] - pairs[:, None, 0]
    dj = pairs[None, :, 1] - pairs[:, None, 1]
    forward = (di >= 0) & (dj >= 0) & (di <= gap) & (dj <= gap)
    linked = forward | forward.T
    label = np.arange(n)
    for _ in range(n):
        new = np.where(linked, label[None, :], n).min(axis=1)
        new = np.minimum(new, label)
        if (new == label).all():
            break
        label = new
    return [np.nonzero(label == k)[0] for k in np.unique(label)]


def chain_passages(pairs: np.ndarray, gap: int) -> list[Passage]:
    """One passage per in-order chain of the seed pairs (sentence coordinates)."""
    return [
        to_passage([(int(i), int(i) + 1, int(j), int(j) + 1) for i, j in pairs[idx]])
        for idx in ordered_chains(pairs, gap)
    ]


def clause_cuts(text: str, start: int, end: int, min_words: int = 4) -> list[tuple[int, int]]:
    """Clause boundaries inside ``text[start:end]`` as (head end, tail start) offsets, each
    leaving at least ``min_words`` words on both sides."""
    cuts = []
    for m in _CLAUSE.finditer(text, start, end):
        head, tail = (m.start(), m.start() + 1) if m.group()[0].isspace() else m.span()
        if (
            len(_WORD.findall(text, start, head)) >= min_words
            and len(_WORD.findall(text, tail, end)) >= min_words
        ):
            cuts.append((head, tail))
    return cuts


def best_cut(
    text: str,
    start: int,
    end: int,
    target: np.ndarray,
    embed,
    keep_tail: bool,
    gain: float,
) -> int | None:
    """Where to cut ``text[start:end]`` so that its kept side (the tail when ``keep_tail``,
    else the head) is most like ``target`` (a unit vector): the offset of the cut, or None
    unless the kept side beats the whole sentence by ``gain``. ``embed(texts)`` gives unit
    vectors."""
    cuts = clause_cuts(text, start, end)
    if not cuts:
        return None
    pieces = [text[start:end]] + [text[t:end] if keep_tail else text[start:h] for h, t in cuts]
    cos = embed([p.strip() for p in pieces]) @ target
    k = int(np.argmax(cos[1:]))
    if cos[1 + k] < cos[0] + gain:
        return None
    return cuts[k][1] if keep_tail else cuts[k][0]


__all__ = ["best_cut", "chain_passages", "clause_cuts", "competitive_links", "ordered_chains"]

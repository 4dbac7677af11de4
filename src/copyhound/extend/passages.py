"""Extension: grow seeds into passages.

Seeds on one diagonal are first collapsed into runs (a verbatim copy of 500 words is one run,
not 498 seeds). Runs are then clustered alternately on the suspect side and the source side,
joining runs at most ``gap`` words apart, until no cluster splits further: this is the
clustering of the PAN winners (Sanchez-Perez et al. 2014) on word runs instead of sentences.
It needs no order between runs, so swapped paragraphs and a passage reused twice each come
out as their own cluster. A cluster too sparse to be one passage is re-clustered with a
smaller gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter

import numpy as np
from rapidfuzz.distance import Levenshtein

from copyhound.model import union_length
from copyhound.normalise.tokens import Tokens

#: A run of shared words: suspect tokens [i0, i1) against source tokens [j0, j1).
Box = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Passage:
    """A candidate reused passage in token coordinates, before filtering."""

    i0: int
    i1: int
    j0: int
    j1: int
    #: Suspect and source tokens covered by at least one shared run.
    covered_suspect: int
    covered_source: int
    runs: int

    @property
    def density(self) -> float:
        """The lower of the two sides' share of words covered by shared runs."""
        return min(
            self.covered_suspect / max(1, self.i1 - self.i0),
            self.covered_source / max(1, self.j1 - self.j0),
        )


def diagonal_runs(i: np.ndarray, j: np.ndarray, n: int | np.ndarray) -> list[Box]:
    """Collapse seeds that continue each other on one diagonal into runs.

    ``n`` is the number of tokens each seed spans: one number, or one per seed.
    """
    if len(i) == 0:
        return []
    extent = np.broadcast_to(np.asarray(n, dtype=np.int64), i.shape)
    d = j - i
    order = np.lexsort((i, d))
    i, j, d, extent = i[order], j[order], d[order], extent[order]
    end = i + extent
    new = np.ones(len(i), dtype=bool)
    # A seed continues the run before it on the same diagonal when it starts inside it.
    new[1:] = (d[1:] != d[:-1]) | (i[1:] > end[:-1])
    first = np.nonzero(new)[0]
    # A run's seeds are consecutive here, so its end is a reduction over its slice.
    run_end = np.maximum.reduceat(end, first)
    return list(
        zip(
            i[first].tolist(),
            run_end.tolist(),
            j[first].tolist(),
            (run_end + d[first]).tolist(),
            strict=True,
        )
    )


def _split(group: list[Box], axis: int, gap: int) -> list[list[Box]]:
    lo, hi = (0, 1) if axis == 0 else (2, 3)
    group = sorted(group, key=itemgetter(lo))
    parts: list[list[Box]] = [[group[0]]]
    end = group[0][hi]
    for box in group[1:]:
        if box[lo] > end + gap:
            parts.append([box])
        else:
            parts[-1].append(box)
        end = max(end, box[hi]) if box[lo] <= end + gap else box[hi]
    return parts


def cluster(boxes: list[Box], gap: int) -> list[list[Box]]:
    """Split runs into groups connected within ``gap`` words on both sides at once."""
    if not boxes:
        return []
    done: list[list[Box]] = []
    pending = [boxes]
    while pending:
        group = pending.pop()
        if len(group) == 1:  # most groups end as one run: nothing to split
            done.append(group)
            continue
        parts = _split(group, 0, gap)
        if len(parts) == 1:
            parts = _split(group, 1, gap)
            if len(parts) == 1:
                done.append(group)
                continue
        pending.extend(parts)
    return done


def to_passage(group: list[Box]) -> Passage:
    if len(group) == 1:  # the common case: one run covers its own words
        i0, i1, j0, j1 = group[0]
        return Passage(i0, i1, j0, j1, i1 - i0, j1 - j0, 1)  # a run is never empty
    i0s, i1s, j0s, j1s = zip(*group, strict=True)
    return Passage(
        i0=min(i0s),
        i1=max(i1s),
        j0=min(j0s),
        j1=max(j1s),
        covered_suspect=union_length(zip(i0s, i1s, strict=True)),
        covered_source=union_length(zip(j0s, j1s, strict=True)),
        runs=len(group),
    )


def best_chain(group: list[Box], gap: int, slack: int) -> list[Box]:
    """The heaviest subset of runs in the same order on both sides (runs weigh their length).

    A source that repeats itself lets one suspect passage seed against every repetition; the
    chain keeps the one consistent alignment. ``slack`` words of overlap are tolerated. Of
    chains as heavy, the one with the fewest words skipped between its runs wins: a copy of
    a heading and the paragraph under it is aligned with the heading right above that
    paragraph, not with an earlier occurrence of the heading.
    """
    runs = sorted(group)
    weight = [b[1] - b[0] for b in runs]
    # Skipped words cost a little (under one word in all, so weight still decides first).
    cost = 1.0 / (4 * (sum(b[1] - b[0] + b[3] - b[2] for b in runs) + 2 * gap * len(runs) + 1))
    best = [float(w) for w in weight]
    back = [-1] * len(runs)
    for k, (i0, _i1, j0, _j1) in enumerate(runs):
        for m in range(k):
            pi0, pi1, pj0, pj1 = runs[m]
            if pi1 - slack <= i0 and pj1 - slack <= j0 and i0 - pi1 <= gap and j0 - pj1 <= gap:
                score = best[m] + weight[k] - cost * (max(0, i0 - pi1) + max(0, j0 - pj1))
                if score > best[k]:
                    best[k] = score
                    back[k] = m
    k = max(range(len(runs)), key=best.__getitem__)
    chain = []
    while k != -1:
        chain.append(runs[k])
        k = back[k]
    return chain[::-1]


def _clear_of(box: Box, chain: list[Box], slack: int) -> bool:
    """Whether ``box`` shares at most ``slack`` words with the runs of ``chain`` on each side."""
    return all(
        min(box[1], k[1]) - max(box[0], k[0]) <= slack
        and min(box[3], k[3]) - max(box[2], k[2]) <= slack
        for k in chain
    )


def _aligned_twice(group: list[Box], slack: int) -> bool:
    """Whether runs overlap by more than ``slack`` words on either side: some words are
    aligned with two places of the other text (a repeated heading, a passage reused twice)."""
    for lo, hi in ((0, 1), (2, 3)):
        end = -1
        for box in sorted(group, key=lambda b: b[lo]):
            if box[lo] < end - slack:
                return True
            end = max(end, box[hi])
    return False


#: Above this many runs a cluster is not chained (quadratic cost); such clusters are rare.
MAX_CHAIN_RUNS = 400


def extend(
    boxes: list[Box],
    gaps: tuple[int, ...] = (24, 10, 6),
    min_density: float = 0.5,
    slack: int = 3,
    repeats: bool = False,
) -> list[Passage]:
    """Cluster runs with the widest gap first; re-cluster sparse clusters with narrower gaps.

    A cluster whose sides differ much in length is cut down to its best ordered chain of
    runs (``best_chain``); with ``repeats``, so is one where some words are aligned twice
    (a repeated heading in the source: the match must not run on to its other occurrence).
    """
    out: list[Passage] = []
    pending: list[tuple[list[Box], int]] = [(boxes, 0)] if boxes else []
    while pending:
        group, level = pending.pop()
        for part in cluster(group, gaps[level]):
            passage = to_passage(part)
            span_s, span_t = passage.i1 - passage.i0, passage.j1 - passage.j0
            twice = repeats and 1 < len(part) <= MAX_CHAIN_RUNS and _aligned_twice(part, slack)
            if 1 < len(part) <= MAX_CHAIN_RUNS and (twice or not 0.75 <= span_s / span_t <= 1.33):
                chain = best_chain(part, gaps[level], slack)
                if repeats:
                    # Runs off the chain that align words it does not (a phrase the writer
                    # moved, two passages quoted in the other order than the source's) are
                    # passages of their own; those aligning its words again (the other
                    # occurrence of a repeated heading) are dropped.
                    rest = [b for b in part if b not in chain and _clear_of(b, chain, slack)]
                    if rest:
                        pending.append((rest, level))
                part = chain
                passage = to_passage(part)
            if passage.density >= min_density or level + 1 == len(gaps) or len(part) == 1:
                out.append(passage)
            else:
                pending.append((part, level + 1))
    return out


_SENTENCE_END = re.compile(r"[.!?]|\n\s*\n")

#: Character confusions of OCR (and of careless retyping), folded before comparing two words
#: that may be one word misread: "Leam"/"Learn", "modem"/"modern", "1aw"/"law", "0ne"/"one".
_OCR_FOLD = (("rn", "m"), ("cl", "d"), ("vv", "w"), ("1", "l"), ("|", "l"), ("0", "o"), ("5", "s"))
#: Normalised edit similarity, after folding, of two words taken for one word misread.
SLIP_SIMILARITY = 0.75
#: Shortest word (characters) that may be taken for a misread one.
SLIP_MIN_CHARS = 4


def _ocr_fold(word: str) -> str:
    word = word.lower().replace("i", "l")
    for a, b in _OCR_FOLD:
        word = word.replace(a, b)
    return word


def slip(a: str, b: str) -> bool:
    """Whether words ``a`` and ``b`` are one word with an OCR-like slip or a typo in one of
    them (not two words: short words and different stems are not)."""
    if a == b or max(len(a), len(b)) < SLIP_MIN_CHARS:
        return False
    fa, fb = _ocr_fold(a), _ocr_fold(b)
    if fa == fb:
        return True
    return Levenshtein.normalized_similarity(fa, fb) >= SLIP_SIMILARITY


def widen(p: Passage, s: Tokens, t: Tokens, s_text: str, t_text: str) -> Passage:
    """Grow a passage word by word while the words just outside it agree on both sides.

    Seeds skip n-grams made only of function words, so a copy that begins "There are more"
    or ends "does not have it" would otherwise lose those words at its edges. Growth stops at
    a sentence end on either side, so a shared "The" after a full stop is not taken along.
    A word pair that differs by an OCR-like slip ("Leam"/"Learn", see ``slip``) is stepped
    over when the words beyond it agree again: the copy goes on past the misread word.
    """

    def joined(tokens: Tokens, text: str, left: int) -> bool:
        gap = text[tokens.ends[left] : tokens.starts[left + 1]]
        return not _SENTENCE_END.search(gap)

    def slipped(i: int, j: int, i2: int, j2: int, inner_i: int, inner_j: int) -> bool:
        """Words (i, j) differ by a slip and no sentence ends between them and the words
        (i2, j2) beyond, which agree (``inner``: the left word of each gap, going out)."""
        return (
            slip(
                s_text[s.starts[i] : s.ends[i]],
                t_text[t.starts[j] : t.ends[j]],
            )
            and joined(s, s_text, inner_i)
            and joined(t, t_text, inner_j)
            and joined(s, s_text, inner_i + (i2 - i))
            and joined(t, t_text, inner_j + (j2 - j))
        )

    # Lengths once: this runs for every candidate passage of every pair.
    n_s, n_t = len(s.ids), len(t.ids)
    i0, i1, j0, j1 = p.i0, min(p.i1, n_s), p.j0, min(p.j1, n_t)
    slips = 0
    while i0 > 0 and j0 > 0:
        if s.ids[i0 - 1] == t.ids[j0 - 1]:
            if not (joined(s, s_text, i0 - 1) and joined(t, t_text, j0 - 1)):
                break
            i0, j0 = i0 - 1, j0 - 1
        elif (
            i0 > 1
            and j0 > 1
            and s.ids[i0 - 2] == t.ids[j0 - 2]
            and slipped(i0 - 1, j0 - 1, i0 - 2, j0 - 2, i0 - 1, j0 - 1)
        ):
            i0, j0, slips = i0 - 2, j0 - 2, slips + 1
        else:
            break
    while i1 < n_s and j1 < n_t:
        if s.ids[i1] == t.ids[j1]:
            if not (joined(s, s_text, i1 - 1) and joined(t, t_text, j1 - 1)):
                break
            i1, j1 = i1 + 1, j1 + 1
        elif (
            i1 + 1 < n_s
            and j1 + 1 < n_t
            and s.ids[i1 + 1] == t.ids[j1 + 1]
            and slipped(i1, j1, i1 + 1, j1 + 1, i1 - 1, j1 - 1)
        ):
            i1, j1, slips = i1 + 2, j1 + 2, slips + 1
        else:
            break
    moved = (p.i0 - i0) + (i1 - min(p.i1, n_s))
    if not moved:
        return p
    grown = moved - slips
    return Passage(i0, i1, j0, j1, p.covered_suspect + grown, p.covered_source + grown, p.runs)

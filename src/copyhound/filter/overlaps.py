"""Filtering: drop passages too small to mean anything and resolve overlapping ones; across
sources, drop the matches a longer match with another source explains."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from copyhound.extend.passages import Passage
from copyhound.model import Match


@dataclass(frozen=True, slots=True)
class FilterSettings:
    #: A passage needs at least this many suspect words covered by shared runs...
    min_words: int = 8
    #: ...and at least this many characters on the suspect side.
    min_chars: int = 40
    #: Passages sharing more than this share of the smaller one's suspect words compete.
    max_overlap: float = 0.5


def keep_large(passages: list[Passage], settings: FilterSettings, char_lengths) -> list[Passage]:
    """Passages with enough shared words and characters on both sides.

    ``char_lengths(p)`` gives the passage's ``(suspect, source)`` lengths in characters. Both
    sides count: a repetitive suspect can otherwise pile many words onto one short source line.
    """
    kept = []
    for p in passages:
        if min(p.covered_suspect, p.covered_source) < settings.min_words:
            continue
        if min(char_lengths(p)) >= settings.min_chars:
            kept.append(p)
    return kept


def resolve_overlaps(passages: list[Passage], settings: FilterSettings) -> list[Passage]:
    """Keep the strongest of passages that claim the same suspect words.

    Two passages may share source words (the suspect reused one passage twice), but one
    suspect word is reused from one place: of two passages overlapping on the suspect side by
    more than ``max_overlap`` of the smaller, the one with more shared words wins.
    """
    ranked = sorted(
        passages, key=lambda p: (p.covered_suspect + p.covered_source, -p.i0), reverse=True
    )
    kept: list[Passage] = []
    for p in ranked:
        size = p.i1 - p.i0
        clash = False
        for q in kept:
            shared = min(p.i1, q.i1) - max(p.i0, q.i0)
            if shared > 0 and shared > settings.max_overlap * min(size, q.i1 - q.i0):
                clash = True
                break
        if not clash:
            kept.append(p)
    return sorted(kept, key=lambda p: (p.i0, p.j0))


@dataclass(frozen=True, slots=True)
class ShadowSettings:
    """When a match with one source is explained by a longer match with another."""

    #: The longer match covers at least this share of the shorter one's suspect span...
    cover: float = 0.9
    #: ...is at least this many times as long on the suspect side...
    longer: float = 2.0
    #: ...and at most this much less similar (so a verbatim sentence inside a loose
    #: paraphrase of another source is kept: it is the better evidence for those words).
    slack: float = 0.05
    #: Or: at least as long and this much more similar (a loose match inside a closer one
    #: with another source: the closer one is the better evidence for those words).
    better: float = 0.2


def drop_shadowed(matches: list[Match], settings: ShadowSettings = ShadowSettings()) -> list[Match]:
    """Matches not explained by a longer, as close match with another source (or by an as
    long, much closer one).

    Across a collection, a phrase of a copied passage turns up in other documents too (one
    that quotes the source, a near-duplicate page): those short matches lie inside the
    passage's match with the source it came from, which is the one a reader needs. Equal
    copies (a wire story reprinted) have equal spans and are all kept.
    """
    if len(matches) < 2:
        return list(matches)
    starts = np.array([m.suspect.start for m in matches])
    ends = np.array([m.suspect.end for m in matches])
    scores = np.array([m.score for m in matches])
    sources = np.array([m.source for m in matches], dtype=object)
    lengths = ends - starts
    kept = []
    for k, m in enumerate(matches):
        overlap = np.minimum(ends, ends[k]) - np.maximum(starts, starts[k])
        longer = (lengths >= settings.longer * lengths[k]) & (scores >= scores[k] - settings.slack)
        closer = (lengths >= lengths[k]) & (scores >= scores[k] + settings.better)
        explained = (
            (sources != m.source) & (overlap >= settings.cover * lengths[k]) & (longer | closer)
        )
        if not explained.any():
            kept.append(m)
    return kept

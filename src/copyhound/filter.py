"""Filtering: drop passages too small to mean anything and resolve overlapping ones."""

from __future__ import annotations

from dataclasses import dataclass

from .extend import Passage


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

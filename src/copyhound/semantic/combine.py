"""Combining one pair's lexical and semantic matches: lexical evidence keeps priority."""

from __future__ import annotations

from dataclasses import replace

from copyhound.model import Match, Span

#: Lexical word similarity from which a match counts as a (near-)verbatim copy.
VERBATIM_SCORE = 0.9


def _union(spans: list[Span]) -> int:
    total, end = 0, -1
    for sp in sorted(spans, key=lambda x: x.start):
        if sp.end > end:
            total += sp.end - max(sp.start, end)
            end = sp.end
    return total


def combine(
    lexical: list[Match],
    semantic: list[Match],
    explained: float = 0.5,
    verbatim: float = VERBATIM_SCORE,
    fragment_chars: int = 0,
) -> list[Match]:
    """Merge one pair's semantic matches into its lexical ones; lexical keeps priority.

    A semantic match whose suspect side is at least ``explained`` covered by lexical
    matches, or that overlaps a (near-)verbatim copy (word similarity >= ``verbatim``), adds
    nothing: it is dropped and those matches note the semantic evidence. One that reaches
    well beyond looser lexical matches (a paraphrase around a few copied phrases) absorbs them:
    its spans grow to cover theirs and its evidence says both. One whose source side is
    mostly a passage that a lexical match aligns with another part of the suspect is dropped.
    Lexical matches shorter than ``fragment_chars`` on the suspect side (fragments too short
    to be reported: the words a paraphrase kept) explain nothing and are absorbed.
    """
    out = list(lexical)
    for m in semantic:
        hits = [lm for lm in out if lm.source == m.source and lm.suspect.overlap(m.suspect)]
        fragments = [h for h in hits if h.suspect.length < fragment_chars]
        if hits and len(fragments) == len(hits) and m.suspect.length >= fragment_chars:
            out = [lm for lm in out if not any(lm is h for h in hits)]
            out.append(_absorb(m, hits))
            continue
        if not hits:
            claimed = _union(
                [
                    Span(
                        max(lm.source_span.start, m.source_span.start),
                        min(lm.source_span.end, m.source_span.end),
                    )
                    for lm in lexical
                    if lm.source == m.source and lm.source_span.overlap(m.source_span)
                ]
            )
            # A source passage a lexical match already aligns elsewhere is not reused again
            # in other words: such a semantic match is topic, not reuse.
            if claimed < explained * m.source_span.length:
                out.append(m)
            continue
        inside = _union(
            [
                Span(max(h.suspect.start, m.suspect.start), min(h.suspect.end, m.suspect.end))
                for h in hits
            ]
        )
        if inside >= explained * m.suspect.length or max(h.score for h in hits) >= verbatim:
            out = [
                replace(lm, evidence=(*lm.evidence, "semantic"))
                if lm in hits and "semantic" not in lm.evidence
                else lm
                for lm in out
            ]
            continue
        out = [lm for lm in out if not any(lm is h for h in hits)]
        out.append(_absorb(m, hits))
    out.sort(key=lambda m: (m.suspect.start, m.source))
    return out


def _absorb(m: Match, hits: list[Match]) -> Match:
    """The semantic match ``m`` grown over the lexical matches ``hits`` it absorbs."""
    group = [m, *hits]
    return replace(
        m,
        suspect=Span(min(g.suspect.start for g in group), max(g.suspect.end for g in group)),
        source_span=Span(
            min(g.source_span.start for g in group), max(g.source_span.end for g in group)
        ),
        evidence=("semantic", "lexical"),
    )

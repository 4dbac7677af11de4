"""Verdicts of matches and the reuse index a script can gate on (``--fail-above``).

Issue 3 adds ``Match.judgement`` (an object whose ``to_dict()`` has ``quoted``, ``attributed``
and ``verdict``) and ``Report.similarity`` (whose ``unattributed`` is the share of the suspect's
words reused without attribution). This module reads them when they are there and works
without them: an unjudged report's index is its plain reused share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from copyhound.model import Match, Report


def judgement_dict(match: Match) -> dict[str, Any]:
    """The judgement's fields, or an empty dict when the match carries none."""
    j = match.judgement
    if j is None:
        return {}
    if hasattr(j, "to_dict"):
        return dict(j.to_dict())
    return dict(j) if isinstance(j, dict) else {}


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a reader needs to see of one judged passage."""

    quoted: bool
    attributed: bool
    #: The judge's own word ("quoted-attributed", "unattributed"...).
    label: str
    #: Why the index leaves the passage out ("quoted", "small-match"...), if it does.
    excluded: tuple[str, ...] = ()

    @property
    def letters(self) -> str:
        """Q, A, Q+A or U: the verdict at a glance, without relying on colour."""
        marks = [c for c, on in (("Q", self.quoted), ("A", self.attributed)) if on]
        return "+".join(marks) or "U"


def verdict_of(match: Match) -> Verdict | None:
    """The passage's verdict, or None when it was not judged."""
    j = judgement_dict(match)
    if not j:
        return None
    quoted, attributed = bool(j.get("quoted")), bool(j.get("attributed"))
    label = j.get("verdict")
    if not isinstance(label, str) or not label:
        label = "quoted" if quoted else "attributed" if attributed else "unattributed"
    return Verdict(quoted, attributed, label, tuple(j.get("excluded") or ()))


def misquote_notes(match: Match) -> list[str]:
    """One line per change the writer made inside the quotation marks, for a reader:
    ``"gold" where the source has "salt"``, ``"exact" added``, ``"paid" left out``."""
    notes = []
    for d in judgement_dict(match).get("quote_differences") or []:
        said, source = " ".join(d["suspect_text"].split()), " ".join(d["source_text"].split())
        if d["change"] == "changed":
            notes.append(f"“{said}” where the source has “{source}”")
        elif d["change"] == "added":
            notes.append(f"“{said}” added")
        else:
            notes.append(f"“{source}” left out")
    return notes


@dataclass(frozen=True, slots=True)
class ReuseIndex:
    """The headline measure: shares of the suspect's words, the one unit every output uses.

    ``words`` is the suspect's words (the tokenizer's; template words taken out when judged),
    ``reused_words`` those inside counted passages (the judge's exclusions applied),
    ``unattributed_words`` those inside counted passages no attribution governs (None when
    the report carries no verdicts). ``share`` is what ``--fail-above`` compares: the
    unattributed share when judged, else the reused share; ``basis`` says which.
    """

    share: float
    basis: str
    words: int = 0
    reused_words: int = 0
    unattributed_words: int | None = None

    @property
    def percent(self) -> float:
        return 100.0 * self.share

    @property
    def similarity(self) -> float:
        """Share of the suspect's words inside counted reused passages, 0..1."""
        return self.reused_words / self.words if self.words else 0.0

    @property
    def unattributed(self) -> float | None:
        if self.unattributed_words is None:
            return None
        return self.unattributed_words / self.words if self.words else 0.0


def _counted(m: Match) -> bool:
    return not (verdict_of(m) or Verdict(False, False, "")).excluded


def word_ranges(report: Report) -> dict[int, tuple[int, int]]:
    """Each match's suspect words as token indices ``[lo, hi)``, keyed by ``id(match)``."""
    from copyhound.judge.misquote import token_range
    from copyhound.normalise.tokens import tokenize

    tokens = tokenize(report.suspect.match_text)
    return {id(m): token_range(tokens, m.suspect) for m in report.matches}


def suspect_words(report: Report) -> int:
    from copyhound.normalise.tokens import tokenize

    return len(tokenize(report.suspect.match_text))


def _union(ranges) -> int:
    from copyhound.model import union_length

    return union_length(ranges)


def reuse_index(report: Report) -> ReuseIndex:
    """The headline measure of ``report``, in words.

    A judged report's own figures (``report.similarity``: words, template words taken out,
    exclusions applied) are used as they are; an unjudged report counts the suspect's words
    inside any passage (and, when its matches carry verdicts, those not attributed).
    """
    similarity = getattr(report, "similarity", None)
    if isinstance(getattr(similarity, "unattributed", None), int | float):
        words = getattr(similarity, "words", 0)
        reused = getattr(similarity, "reused_words", None)
        unattributed = getattr(similarity, "unattributed_words", None)
        if words and reused is not None and unattributed is not None:
            return ReuseIndex(unattributed / words, "unattributed", words, reused, unattributed)
        return ReuseIndex(float(similarity.unattributed), "unattributed")
    ranges = word_ranges(report)
    words = suspect_words(report)
    counted = [m for m in report.matches if _counted(m)]
    reused = _union(ranges[id(m)] for m in counted)
    verdicts = [verdict_of(m) for m in counted]
    if not any(v is not None for v in verdicts):
        return ReuseIndex(reused / words if words else 0.0, "reused", words, reused)
    unattributed = _union(
        ranges[id(m)]
        for m, v in zip(counted, verdicts, strict=True)
        if v is None or not v.attributed
    )
    share = unattributed / words if words else 0.0
    return ReuseIndex(share, "unattributed", words, reused, unattributed)


def source_shares(report: Report) -> dict[str, float]:
    """Each source's share of the suspect's words, in the headline's unit (counted passages)."""
    similarity = getattr(report, "similarity", None)
    own = getattr(similarity, "sources", None)
    if own and all(hasattr(s, "similarity") for s in own):
        return {s.name: float(s.similarity) for s in own}
    ranges = word_ranges(report)
    words = suspect_words(report)
    out = {}
    for doc in report.sources:
        n = _union(ranges[id(m)] for m in report.matches if m.source == doc.name and _counted(m))
        out[doc.name] = n / words if words else 0.0
    return out


def source_words(report: Report) -> dict[str, int]:
    """Each source's counted suspect words (the numerator of ``source_shares``)."""
    similarity = getattr(report, "similarity", None)
    own = getattr(similarity, "sources", None)
    if own and all(hasattr(s, "reused_words") for s in own):
        return {s.name: int(s.reused_words) for s in own}
    ranges = word_ranges(report)
    return {
        doc.name: _union(
            ranges[id(m)] for m in report.matches if m.source == doc.name and _counted(m)
        )
        for doc in report.sources
    }

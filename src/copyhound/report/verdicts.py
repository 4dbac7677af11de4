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
    """A share of the suspect (0..1) and what it measures."""

    share: float
    #: "unattributed" when the report carries verdicts, else "reused".
    basis: str

    @property
    def percent(self) -> float:
        return 100.0 * self.share


def reuse_index(report: Report) -> ReuseIndex:
    """The unattributed-reuse index when the report is judged, else the plain reused share.

    A judged report's own figure (``report.similarity.unattributed``, words reused without
    attribution, exclusions applied) wins; judged matches without it count characters of
    passages that are not attributed.
    """
    similarity = getattr(report, "similarity", None)
    own = getattr(similarity, "unattributed", None)
    if isinstance(own, int | float):
        return ReuseIndex(float(own), "unattributed")
    verdicts = [(m, verdict_of(m)) for m in report.matches]
    if not any(v is not None for _, v in verdicts):
        return ReuseIndex(report.reused_share(), "reused")
    unattributed = [m for m, v in verdicts if v is None or not v.attributed]
    only = Report(report.suspect, report.sources, unattributed, report.considered)
    return ReuseIndex(only.reused_share(), "unattributed")

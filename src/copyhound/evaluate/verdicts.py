"""Score the judgement stage on a verdict corpus: per-verdict precision and recall.

A corpus is a folder with source documents and a ``cases.toml`` of short suspects, each
listing the passages it reuses as ``[text inside the passage, expected verdict]``. Every
suspect is compared with every source. An expected passage is found as the judged match
overlapping its text most (``none`` when nothing does); a judged match that overlaps no
expected passage counts against the precision of its verdict.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from copyhound.api import compare
from copyhound.judge.verdict import VERDICTS, JudgeOptions
from copyhound.model import Document, Span
from copyhound.read.documents import read_document


@dataclass(frozen=True, slots=True)
class Outcome:
    case: str
    passage: str
    expected: str
    got: str


@dataclass(slots=True)
class VerdictScores:
    outcomes: list[Outcome] = field(default_factory=list)

    def precision(self, verdict: str) -> float:
        predicted = [o for o in self.outcomes if o.got == verdict]
        return sum(o.expected == verdict for o in predicted) / len(predicted) if predicted else 1.0

    def recall(self, verdict: str) -> float:
        expected = [o for o in self.outcomes if o.expected == verdict]
        return sum(o.got == verdict for o in expected) / len(expected) if expected else 1.0

    def support(self, verdict: str) -> int:
        return sum(o.expected == verdict for o in self.outcomes)

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.expected != o.got]

    def confusion(self) -> Counter[tuple[str, str]]:
        return Counter((o.expected, o.got) for o in self.outcomes)


def load_cases(folder: Path, file: str = "cases.toml") -> list[dict]:
    with open(folder / file, "rb") as fh:
        return tomllib.load(fh)["case"]


def load_sources(folder: Path) -> list[Document]:
    return [
        read_document(p, name=p.name)
        for p in sorted(folder.iterdir())
        if p.suffix in (".md", ".txt") and p.is_file()
    ]


def judge_case(case: dict, sources: list[Document], options: JudgeOptions | None = None):
    """The judged report of one case's suspect against every source."""
    suspect = Document(text=case["text"], name=case["id"], format="markdown")
    return compare(suspect, sources, judge=options or True)


def score_case(case: dict, sources: list[Document]) -> list[Outcome]:
    report = judge_case(case, sources)
    text = case["text"]
    outcomes = []
    claimed = set()
    for passage, expected in case["expect"]:
        at = text.find(passage)
        if at < 0:
            raise ValueError(f"case {case['id']}: {passage!r} is not in its text")
        span = Span(at, at + len(passage))
        best = max(report.matches, key=lambda m: m.suspect.overlap(span), default=None)
        if best is None or best.suspect.overlap(span) == 0:
            outcomes.append(Outcome(case["id"], passage, expected, "none"))
            continue
        claimed.add(id(best))
        outcomes.append(Outcome(case["id"], passage, expected, best.judgement.verdict))
    for m in report.matches:
        if id(m) not in claimed:
            got = m.judgement.verdict
            outcomes.append(Outcome(case["id"], text[m.suspect.start : m.suspect.end], "none", got))
    return outcomes


def score_corpus(folder: Path, file: str = "cases.toml") -> VerdictScores:
    """Scores of every case in ``folder/file`` against every source in ``folder``."""
    sources = load_sources(folder)
    scores = VerdictScores()
    for case in load_cases(folder, file):
        scores.outcomes.extend(score_case(case, sources))
    return scores


__all__ = ["VERDICTS", "Outcome", "VerdictScores", "load_cases", "score_corpus"]

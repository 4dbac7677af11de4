"""Check the format of a verdict corpus folder; print its cases per verdict.

Usage: python benchmarks/verdict_corpus_format.py FOLDER [FOLDER ...]
(no folder: every ``tests/data/attribution*/`` folder)

This checks how a corpus is written, never copyhound's verdicts (it runs no judgement, so a
held-out corpus can be checked without being scored). For every ``*.toml`` case file in the
folder: the file parses; every case has a unique string ``id``, a non-empty ``text`` and an
``expect`` list of ``[text inside the passage, verdict]`` pairs with a known verdict; every
expected text occurs in its suspect (where ``benchmarks/attribution.py`` looks for it) and,
after typographic normalisation (quotes, dashes, spaces, case), in a source document of the
folder: the one a case names in an optional ``source = "file"`` key, else at least one. A
case may declare an expected text that is deliberately not the source's wording (a
misquotation) in ``not_verbatim = ["text", ...]``; such a text is only required to be in the
suspect. A folder split into ``tune.toml`` and ``check.toml`` must have both, with disjoint
ids and no suspect text in both.

Per file it prints the cases, negatives (``expect = []``), passages per verdict, and how many
expected passages sit in a bibliography, reference list or note entry of the suspect (the
attribution benchmark counts passages the judge excludes as bibliography as unexpected, so
figures can be given with and without those). Exit status 1 when any error is found.
"""

from __future__ import annotations

import re
import sys
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The judge's verdict names (copyhound.judge.verdict.VERDICTS); spelled out so a format check
# needs no copyhound import and cannot be bent by a change to the judge.
VERDICTS = ("unattributed", "quoted-unattributed", "attributed-unquoted", "quoted-attributed")

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)

# A line that opens a bibliography: entries after it are listed works, not reuse.
_BIB_HEADING = re.compile(
    r"^\s*(?:#+\s*|\*\*)?(works? cited|works consulted|references?|reference list|bibliography"
    r"|sources|notes|endnotes)\s*(?:\*\*)?:?\s*$",
    re.IGNORECASE,
)
# A footnote or numbered reference entry on its own line: `[^1]: ...`, `1. ...`, `[3] ...`.
_NOTE_ENTRY = re.compile(r"^\s*(?:\[\^\w+\]:|\^\d+\s|\[\d+\]\s|\d+\.\s)")


def normalise(text: str) -> str:
    """Compare texts as a reader does: typographic quotes, dashes and spacing don't matter."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = text.replace("--", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(slots=True)
class FileCounts:
    cases: int = 0
    negatives: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    in_bibliography: int = 0


@dataclass(slots=True)
class FolderReport:
    folder: Path
    files: dict[str, FileCounts] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def in_bibliography(text: str, at: int) -> bool:
    """Whether offset ``at`` of a suspect lies in a reference list or a note entry."""
    before = text[:at]
    line_start = before.rfind("\n") + 1
    if _NOTE_ENTRY.match(text[line_start:]) and line_start > 0:
        # A numbered line counts only below the first paragraph: `1. ` opening the essay is prose.
        return True
    return any(_BIB_HEADING.match(line) for line in before.split("\n")[:-1])


def load_sources(folder: Path) -> dict[str, str]:
    """Source texts as ``benchmarks/attribution.py`` reads them: every .md/.txt in the folder."""
    return {
        p.name: normalise(p.read_text(encoding="utf-8"))
        for p in sorted(folder.iterdir())
        if p.suffix in (".md", ".txt") and p.is_file()
    }


def check_case(case: object, where: str, sources: dict[str, str], counts: FileCounts) -> list[str]:
    """Errors in one case (and its passages added to ``counts``)."""
    if not isinstance(case, dict):
        return [f"{where}: a case is not a table"]
    errors = []
    text = case.get("text")
    if not isinstance(text, str) or not text.strip():
        errors.append(f"{where}: no text")
        text = ""
    expect = case.get("expect")
    if not isinstance(expect, list):
        return [*errors, f"{where}: no expect list"]
    source = case.get("source")
    if source is not None and source not in sources:
        errors.append(f"{where}: source {source!r} is not a document of the folder")
        source = None
    not_verbatim = case.get("not_verbatim", [])
    counts.cases += 1
    counts.negatives += not expect
    for item in expect:
        pair = isinstance(item, list) and len(item) == 2
        if not (pair and all(isinstance(x, str) for x in item)):
            errors.append(f"{where}: expect item {item!r} is not [text, verdict]")
            continue
        passage, verdict = item
        if verdict not in VERDICTS:
            errors.append(f"{where}: unknown verdict {verdict!r}")
        else:
            counts.verdicts[verdict] += 1
        at = text.find(passage)
        if at < 0:
            errors.append(f"{where}: {passage!r} is not in the suspect text")
            continue
        counts.in_bibliography += in_bibliography(text, at)
        if passage in not_verbatim:
            continue
        wanted = normalise(passage)
        names = [source] if source else list(sources)
        if not any(wanted in sources[n] for n in names):
            named = f"source {source}" if source else "any source"
            errors.append(f"{where}: {passage!r} is not in {named}")
    return errors


def check_folder(folder: Path) -> FolderReport:
    """Format errors and per-verdict counts of every case file in ``folder``."""
    report = FolderReport(folder)
    files = sorted(p.name for p in folder.glob("*.toml"))
    if not files:
        report.errors.append(f"{folder}: no .toml case file")
        return report
    sources = load_sources(folder)
    if not any(name.lower() != "readme.md" for name in sources):
        report.errors.append(f"{folder}: no source document (.md/.txt)")
    if "tune.toml" in files and "check.toml" not in files:
        report.errors.append(f"{folder}: tune.toml without check.toml")
    ids: dict[str, str] = {}
    texts: dict[str, dict[str, str]] = {}
    for name in files:
        counts = report.files[name] = FileCounts()
        try:
            with open(folder / name, "rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            report.errors.append(f"{folder.name}/{name}: does not parse: {exc}")
            continue
        cases = data.get("case")
        if not isinstance(cases, list) or not cases:
            report.errors.append(f"{folder.name}/{name}: no [[case]] tables")
            continue
        texts[name] = {}
        for i, case in enumerate(cases):
            cid = case.get("id") if isinstance(case, dict) else None
            where = f"{folder.name}/{name}: case {cid or f'#{i + 1}'}"
            if not isinstance(cid, str) or not cid:
                report.errors.append(f"{where}: no id")
            elif cid in ids:
                report.errors.append(f"{where}: id also used in {ids[cid]}")
            else:
                ids[cid] = name
            report.errors.extend(check_case(case, where, sources, counts))
            if isinstance(case, dict) and isinstance(case.get("text"), str):
                texts[name][normalise(case["text"])] = str(cid)
    if "tune.toml" in texts and "check.toml" in texts:
        for text, cid in texts["check.toml"].items():
            if text in texts["tune.toml"]:
                report.errors.append(f"{folder.name}: check case {cid} repeats a tune suspect")
    return report


def print_report(report: FolderReport) -> None:
    print(f"{report.folder.name}:")
    header = "".join(f"{v:>21}" for v in VERDICTS)
    print(f"  {'file':<16}{'cases':>6}{'neg':>5}{header}{'passages':>9}{'in-bib':>7}")
    total = FileCounts()
    for name, c in report.files.items():
        row = "".join(f"{c.verdicts[v]:>21}" for v in VERDICTS)
        passages = sum(c.verdicts.values())
        print(f"  {name:<16}{c.cases:>6}{c.negatives:>5}{row}{passages:>9}{c.in_bibliography:>7}")
        total.cases += c.cases
        total.negatives += c.negatives
        total.verdicts.update(c.verdicts)
        total.in_bibliography += c.in_bibliography
    if len(report.files) > 1:
        row = "".join(f"{total.verdicts[v]:>21}" for v in VERDICTS)
        passages = sum(total.verdicts.values())
        print(
            f"  {'all':<16}{total.cases:>6}{total.negatives:>5}{row}{passages:>9}"
            f"{total.in_bibliography:>7}"
        )
    for error in report.errors:
        print(f"  ERROR {error}")


def corpus_folders() -> list[Path]:
    """Every verdict corpus folder of the repository."""
    return sorted(p for p in (ROOT / "tests" / "data").glob("attribution*") if p.is_dir())


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or corpus_folders()
    bad = False
    for folder in folders:
        if not folder.is_dir():
            print(f"error: {folder} is not a folder", file=sys.stderr)
            return 2
        report = check_folder(folder)
        print_report(report)
        bad = bad or bool(report.errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Run the engine over a corpus in the PAN text-alignment layout and score it.

Layout: ``susp/``, ``src/`` and folders ``NN-name/`` each holding a ``pairs`` file ("susp src"
per line) and, where the truth is known, one XML per pair.
"""

from __future__ import annotations

import difflib
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import quoteattr

from copyhound.api import PairAligner
from copyhound.engine.pipeline import Prepared, Settings
from copyhound.errors import InputError
from copyhound.evaluate.measures import Annotation, Scores, detects, score
from copyhound.evaluate.split import in_part
from copyhound.model import Match
from copyhound.read.documents import read_document

if TYPE_CHECKING:
    from copyhound.semantic.align import SemanticSettings


@dataclass(slots=True)
class FolderResult:
    name: str
    pairs: int
    pairs_detected: int
    has_truth: bool
    #: The part of the development split (``tune``, ``check``) or ``all``.
    part: str = "all"
    cases: list[Annotation] = field(default_factory=list)
    sound_cases: list[Annotation] = field(default_factory=list)
    detections: list[Annotation] = field(default_factory=list)
    #: Seconds spent reading, tokenising and aligning (truth scoring excluded).
    align_seconds: float = 0.0

    @property
    def detected_share(self) -> float:
        return self.pairs_detected / self.pairs if self.pairs else 0.0


def corpus_folders(corpus: Path) -> list[Path]:
    folders = sorted(p for p in corpus.iterdir() if p.is_dir() and (p / "pairs").is_file())
    if not folders:
        raise InputError(f"{corpus}: no NN-*/pairs files (not a PAN text-alignment corpus)")
    return folders


def read_pairs(folder: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in (folder / "pairs").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:
            pairs.append((parts[0], parts[1]))
    return pairs


def read_truth(path: Path) -> list[Annotation]:
    """The plagiarism cases of one truth XML (detections files read the same way)."""
    root = ET.parse(path).getroot()
    suspect = root.get("reference", "")
    out = []
    for feat in root.iter("feature"):
        if feat.get("name") not in {"plagiarism", "detected-plagiarism"}:
            continue
        out.append(
            Annotation(
                suspect,
                int(feat.get("this_offset", 0)),
                int(feat.get("this_length", 0)),
                feat.get("source_reference", ""),
                int(feat.get("source_offset", 0)),
                int(feat.get("source_length", 0)),
            )
        )
    return out


def pan_xml(suspect_name: str, matches: list[Match]) -> str:
    """One PAN detection file for a suspect/source pair."""
    lines = [f"<document reference={quoteattr(suspect_name)}>"]
    for m in matches:
        lines.append(
            '<feature name="detected-plagiarism"'
            f' this_offset="{m.suspect.start}" this_length="{m.suspect.length}"'
            f" source_reference={quoteattr(m.source)}"
            f' source_offset="{m.source_span.start}" source_length="{m.source_span.length}" />'
        )
    lines.append("</document>")
    return "\n".join(lines) + "\n"


def is_sound(case: Annotation, susp_text: str, src_text: str) -> bool:
    """A truth case whose two spans are at least 50% alike (the data README's definition)."""
    a = susp_text[case.suspect_offset : case.suspect_offset + case.suspect_length]
    b = src_text[case.source_offset : case.source_offset + case.source_length]
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.5


class DocumentCache:
    """Prepared documents of a corpus, each read and tokenised once."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus
        self._docs: dict[tuple[str, str], Prepared] = {}

    def get(self, sub: str, name: str) -> Prepared:
        key = (sub, name)
        doc = self._docs.get(key)
        if doc is None:
            doc = Prepared.of(read_document(self.corpus / sub / name, name=name))
            self._docs[key] = doc
        return doc


def run_corpus(
    corpus: Path,
    out_dir: Path | None = None,
    settings: Settings | None = None,
    folders: list[str] | None = None,
    on_pair: Callable[[], None] | None = None,
    semantic: SemanticSettings | None = None,
    parts: tuple[str, ...] = ("all",),
) -> Iterator[FolderResult]:
    """Align every pair of every folder; yield one result per folder and part, in order.

    With ``semantic`` (enabled), semantic matches are added to the lexical ones. ``parts``
    are parts of the development split (``copyhound.evaluate.split``: ``tune``, ``check``,
    ``all``); each folder's pairs are scored once per part their suspect is in.
    """
    settings = settings or Settings()
    cache = DocumentCache(corpus)
    align_pair = PairAligner(settings, semantic)
    for folder in corpus_folders(corpus):
        if folders and not any(folder.name.startswith(f) for f in folders):
            continue
        truth_files = {p.name for p in folder.glob("*.xml")}
        for part in parts:
            pairs = [pair for pair in read_pairs(folder) if in_part(pair[0], part)]
            result = FolderResult(folder.name, len(pairs), 0, bool(truth_files), part)
            _run_folder(folder, pairs, truth_files, result, cache, align_pair, out_dir, on_pair)
            yield result


def _run_folder(folder, pairs, truth_files, result, cache, align_pair, out_dir, on_pair) -> None:
    """Align a folder's pairs into ``result``; one detection XML per pair in ``out_dir``."""
    for susp_name, src_name in pairs:
        started = time.perf_counter()
        susp = cache.get("susp", susp_name)
        src = cache.get("src", src_name)
        matches = align_pair(susp, src)
        result.align_seconds += time.perf_counter() - started
        if matches:
            result.pairs_detected += 1
        stem = f"{Path(susp_name).stem}-{Path(src_name).stem}.xml"
        if out_dir is not None:
            (out_dir / stem).write_text(pan_xml(susp_name, matches), encoding="utf-8")
        result.detections.extend(
            Annotation(
                susp_name,
                m.suspect.start,
                m.suspect.length,
                src_name,
                m.source_span.start,
                m.source_span.length,
            )
            for m in matches
        )
        if stem in truth_files:
            for case in read_truth(folder / stem):
                result.cases.append(case)
                if is_sound(case, susp.document.text, src.document.text):
                    result.sound_cases.append(case)
        if on_pair:
            on_pair()


def count_pairs(
    corpus: Path, folders: list[str] | None = None, parts: tuple[str, ...] = ("all",)
) -> int:
    return sum(
        sum(1 for pair in read_pairs(f) if in_part(pair[0], part))
        for f in corpus_folders(corpus)
        if not folders or any(f.name.startswith(x) for x in folders)
        for part in parts
    )


def scores(results: list[FolderResult], sound: bool = False) -> Scores:
    """Pooled measures over folders with truth; with ``sound``, unsound cases are left out.

    Leaving out an unsound case also leaves out the detections that overlap only that case.
    """
    cases: list[Annotation] = []
    detections: list[Annotation] = []
    for r in results:
        if not r.has_truth:
            continue
        kept = r.sound_cases if sound else r.cases
        cases.extend(kept)
        if sound:
            unsound = [c for c in r.cases if c not in set(r.sound_cases)]
            for d in r.detections:
                if any(detects(c, d) for c in unsound) and not any(detects(c, d) for c in kept):
                    continue
                detections.append(d)
        else:
            detections.extend(r.detections)
    return score(cases, detections)

"""The library's front door: the same calls the CLI makes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from copyhound.engine.pipeline import Prepared, Settings, align
from copyhound.errors import InputError
from copyhound.judge.verdict import JudgeOptions, judge_report
from copyhound.model import Document, Match, Report
from copyhound.read.documents import expand_paths, read_document

if TYPE_CHECKING:
    from copyhound.semantic.align import SemanticSettings

DocumentLike = Document | str | os.PathLike[str]
#: What ``compare`` takes as its sources: one document or path (a file or a folder), or any
#: iterable of them.
SourcesLike = DocumentLike | Iterable[DocumentLike]


def load(doc: DocumentLike) -> Document:
    """A Document as given, or read from a path."""
    return doc if isinstance(doc, Document) else read_document(doc)


def source_documents(sources: SourcesLike, skipped: list[str] | None = None):
    """Each source as a ``Document``, read when it is used.

    One path (``str`` or ``Path``) is one source, never a string's characters; a folder
    gives every supported file inside it. A file named directly must read; a file found
    inside a folder that does not is left out and noted in ``skipped`` as "path: reason",
    as the command line does.
    """
    items = [sources] if isinstance(sources, Document | str | os.PathLike) else sources
    for item in items:
        if isinstance(item, Document):
            yield item
            continue
        if not isinstance(item, str | os.PathLike):
            raise TypeError(f"a source is a Document, a path or a folder, not {type(item)}")
        if not os.path.isdir(item):
            yield read_document(item)
            continue
        for path in expand_paths([item]):
            try:
                doc = read_document(path)
            except InputError as exc:
                if skipped is None:
                    raise
                skipped.append(str(exc))
                continue
            yield doc


class PairAligner:
    """Aligns one suspect/source pair: the lexical engine, plus semantic detection when it is
    enabled (its model and each document's sentence vectors are made once, then reused)."""

    def __init__(self, settings: Settings, semantic: SemanticSettings | None = None) -> None:
        self.settings = settings
        self.semantic = semantic
        self._cache = None
        if semantic is not None and semantic.enabled:
            from copyhound.semantic.align import SemanticCache

            self._cache = SemanticCache(semantic.threads)

    def __call__(self, suspect: Prepared, source: Prepared) -> list[Match]:
        found = align(suspect, source, self.settings)
        if self._cache is None:
            return found
        from copyhound.semantic.align import combine, semantic_align

        extra = semantic_align(
            self._cache.get(suspect), self._cache.get(source), self.semantic, found
        )
        smallest = self.settings.filter.min_chars
        least = self.settings.min_semantic_confidence
        fragments = self.semantic.filter.min_chars if self.semantic.search_fragments else 0
        merged = combine(found, extra, fragment_chars=fragments)
        return [
            m
            for m in merged
            if _long_enough(m, merged, smallest)
            and (m.chance is not None or (m.confidence or 0.0) >= least)
        ]


def _long_enough(m: Match, matches: list[Match], smallest: int) -> bool:
    """Whether ``m`` is long enough to report: on both sides, or, for a sentence that
    continues a match in other words (semantic/continuation.py), together with the matches
    it continues (a quotation and the paraphrase of its next sentence are one passage)."""
    if min(m.suspect.length, m.source_span.length) >= smallest:
        return True
    if m.semantic is None or m.semantic.method != "continuation":
        return False
    from copyhound.semantic.continuation import MAX_GAP

    joined = m.suspect.length + sum(
        o.suspect.length
        for o in matches
        if o is not m
        and o.source == m.source
        and (
            0 <= m.suspect.start - o.suspect.end <= MAX_GAP
            or 0 <= o.suspect.start - m.suspect.end <= MAX_GAP
        )
    )
    return joined >= smallest


def compare(
    suspect: DocumentLike,
    sources: SourcesLike,
    settings: Settings | None = None,
    progress: Callable[[Document], None] | None = None,
    judge: JudgeOptions | bool = True,
    semantic: SemanticSettings | None = None,
) -> Report:
    """Find every passage of ``suspect`` reused from ``sources``.

    Documents may be given as ``Document`` objects or paths; ``sources`` is one of them, a
    folder, or a list of any of these (``source_documents``). ``progress`` is called once per
    source after it has been compared. ``judge`` runs the judgement stage (quoted, attributed,
    similarity index; see ``verdict.py``) with the given options; ``False`` returns the raw
    alignment. With ``semantic`` (enabled), paraphrases, summaries and translations are
    searched too (needs the ``semantic`` extra).
    """
    settings = settings or Settings()
    suspect_doc = load(suspect)
    prepared_suspect = Prepared.of(suspect_doc)
    align_pair = PairAligner(settings, semantic)
    source_docs: list[Document] = []
    skipped: list[str] = []
    matches = []
    for doc in source_documents(sources, skipped):
        source_docs.append(doc)
        matches.extend(align_pair(prepared_suspect, Prepared.of(doc)))
        if progress:
            progress(doc)
    matches.sort(key=lambda m: (m.suspect.start, m.source))
    report = Report(
        suspect=suspect_doc,
        sources=source_docs,
        matches=matches,
        considered=[d.name for d in source_docs],
        skipped=skipped,
    )
    if judge is False:
        return report
    judged = judge_report(report, None if judge is True else judge)
    judged.skipped = skipped
    return judged

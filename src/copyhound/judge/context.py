"""What the judgement stage's modules share: the verdict names, the options, and the suspect
as judging sees it (its quotations, layout, references and attribution signals), worked out once.
"""

from __future__ import annotations

from dataclasses import dataclass

from copyhound.judge.attribution import Signal, find_signals, name_runs
from copyhound.judge.quotes import Outermost, Quotation, QuoteMap, find_quotations
from copyhound.judge.references import References, find_references
from copyhound.judge.structure import Layout, layout
from copyhound.model import Document, Span
from copyhound.normalise.tokens import Tokens, tokenize

VERDICTS = ("unattributed", "quoted-unattributed", "attributed-unquoted", "quoted-attributed")


@dataclass(frozen=True, slots=True)
class JudgeOptions:
    """How passages are judged and which ones the similarity index leaves out."""

    #: Parts of a split match with fewer aligned words than this are not reported alone.
    min_part_words: int = 3
    #: Leave quoted passages out of the index (they are still reported and judged).
    exclude_quotes: bool = False
    #: Leave passages in the suspect's references section out of the index.
    exclude_bibliography: bool = True
    #: Leave passages of fewer suspect words than this out of the index.
    min_match_words: int = 0
    #: Leave sources whose share of the suspect is under this percentage out of the index.
    min_source_percent: float = 0.0
    #: Text the writer was given (an assignment prompt): never counted as reuse.
    template: Document | None = None


@dataclass(slots=True)
class SuspectContext:
    """What judging needs to know about the suspect, worked out once."""

    document: Document
    tokens: Tokens
    quotations: list[Quotation]
    quote_map: QuoteMap
    layout: Layout
    references: References
    signals: list[Signal]
    #: The quotations no longer one holds, for looking up those a passage touches.
    outermost: Outermost
    #: Where each of ``signals`` starts (they are sorted by it).
    signal_starts: list[int]
    #: Capitalised runs (``attribution.name_runs``) and their starts, found on first use:
    #: evidence against a source only, so not looked for when one source is compared.
    _runs: tuple[list[Signal], list[int]] | None = None

    def name_runs(self) -> tuple[list[Signal], list[int]]:
        if self._runs is None:
            text = self.document.text
            runs = name_runs(text, self.quote_map, self.references, self.signals)
            self._runs = (runs, [s.span.start for s in runs])
        return self._runs

    @classmethod
    def of(cls, doc: Document) -> SuspectContext:
        quotations = find_quotations(doc.text)
        quote_map = QuoteMap(quotations)
        references = find_references(doc.text)
        signals = find_signals(doc.text, quote_map, references)
        return cls(
            doc,
            tokenize(doc.match_text),
            quotations,
            quote_map,
            layout(doc.text),
            references,
            signals,
            Outermost(quotations),
            [s.span.start for s in signals],
        )

    def introduced_quotation(self, sentence: Span) -> Quotation | None:
        """The quotation that ``sentence`` introduces with a colon (MLA 1.37, APA 8.27,
        CMOS 13.10: ``As Abubakar explains:`` before a block or run-in quotation, in the same
        paragraph or its own), or None."""
        text = self.document.text
        if not text[sentence.start : sentence.end].rstrip().endswith(":"):
            return None
        after = sentence.end
        while after < len(text) and text[after] in " \t\r\n>":
            after += 1
        for q in self.quotations:
            if q.outer.start <= after < q.inner.end and q.outer.start >= sentence.start:
                return q
        return None

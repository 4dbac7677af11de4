"""Attribution signals in a suspect: citations, signal phrases and mentions of a source.

A signal is found once per suspect (``find_signals``) and resolved against each source
(``resolve``): it names *this* source (its title, author, publication or address, directly or
through the references entry a citation points to), names *another* compared source, or
names something copyhound cannot tie to any compared source (``People's Dispatch`` when the
article calls itself Globetrotter; a bare ``[3]`` with no reference list). The first and last
count as attribution; a signal naming another compared source does not.

Signal phrases inside quotations are the quoted writer's words and are ignored; so is
everything inside the references section, whose entries only count through citations.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from copyhound.judge.naming import BAR, best_named
from copyhound.judge.quotes import QuoteMap
from copyhound.judge.references import References, names_source
from copyhound.judge.source_names import SourceNames, is_organisation, name_key
from copyhound.judge.textindex import (
    TextIndex,
    author_places,
    finditer_at,
    name_places,
    url_places,
)
from copyhound.model import Span

#: A capital letter, Latin scripts with diacritics included (Łukasz, Šimon, Đặng).
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſḀ-ỿ"
#: A capital letter, Latin with diacritics too: a name cited as (Ōta 2021) or (Łęcki 41) is a
#: name as much as (Ota 2021) is.
_CAPITAL = re.compile(f"[{_UPPER}]")
#: A capitalised word; a dot after it only for an initial or a short abbreviation (``J.
#: Smith``, ``St. Clair``), not a sentence's full stop (``according to al-Haddad. It was``).
_CAP = rf"[{_UPPER}](?:[a-z]{{0,2}}\.(?=[ \t][A-Z])|[\w'’\-]*)"
#: Family-name particles written in lower case before the name (``de la Cruz``, ``van der
#: Berg``, ``bin Abdullah``: MLA and APA keep them as the author writes them).
_PARTICLE = r"(?:de|da|del|della|der|den|di|du|dos|das|van|von|ter|ten|la|le|bin|ibn|al|el|ap|ab)"
#: A particle joined to the family name (``al-Farsi``, ``d'Almeida``, ``el-Amin``).
_JOINED_WORDS = r"(?:al|el|ad|ar|as|at|az|an|bin|ibn|d|l|di|da|de)"
_JOINED = rf"(?:(?=[abdeilz]){_JOINED_WORDS}[-'’])?"
_NAME = (
    rf"(?:{_PARTICLE}[ \t]+){{0,3}}{_JOINED}{_CAP}"
    rf"(?:[ \t]+(?:(?:de|da|del|della|der|den|di|du|dos|das|van|von|ter|ten|la|le|y|of|the|"
    rf"and|for|a|an|&)[ \t]+){{0,2}}{_JOINED}{_CAP}){{0,5}}"
)
#: Reporting verbs as the style guides list them for signal phrases; each in the forms a
#: singular, a plural and a past-tense subject take (``notes``, ``note``, ``noted``).
_VERB_BASES = (
    "say write note report argue explain state claim observe recount suggest remark describe "
    "contend assert insist conclude announce declare stress emphasize emphasise comment add "
    "maintain warn acknowledge admit recall reveal document summarize summarise quote cite "
    "detail show find record estimate calculate concede caution demonstrate highlight "
    "identify propose predict confirm question reason respond agree disagree believe "
    "recommend observe reflect point conclude mention explain list outline urge estimate "
    "measure count describe compare remind advise complain counter deny discuss dispute "
    "illustrate imply refute reject lament criticise criticize affirm posit underline "
    "underscore clarify attest testify recognise recognize speculate hypothesize hypothesise "
    "defend justify characterise characterize term dub label caution worry sum ask urge "
    "blame attribute trace credit link remember analyze analyse answer concur consider define "
    "endorse interpret object reply contrast surmise theorize theorise examine explore verify"
)
_IRREGULAR = "said wrote told tells tell found showed shown put puts thought thinks think"
_CALLED = ("it", "them", "this", "that", "him", "her")


def _verb_forms() -> str:
    forms = set(_IRREGULAR.split())
    for base in _VERB_BASES.split():
        stem = base[:-1] if base.endswith("e") else base
        third = base + ("es" if base.endswith(("s", "sh", "ch", "x", "z")) else "s")
        if re.search(r"[^aeiou]y$", base):  # reply: replies, replied
            stem, third = base[:-1] + "i", base[:-1] + "ies"
        forms.update([base, third, stem + "ed"])
    forms.update(["points out", "pointed out", "point out", "puts it", "put it", "points to"])
    # "Okonkwo-Reid calls it "roasted insects ..."": naming a thing in the quoted words, as
    # "terms" and "dubs" do; "called" alone ("called the council") reports no words
    forms.update(f"{verb} {what}" for verb in ("call", "calls", "called") for what in _CALLED)
    return _trie_pattern(forms)


def _trie_pattern(words: set[str]) -> str:
    """One regex alternation for ``words`` factored by shared prefixes (``not(?:e[ds]?)``):
    the same matches as ``a|b|...`` longest first, tried letter by letter, not word by word."""
    trie: dict = {}
    for w in words:
        node = trie
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


_VERBS = _verb_forms()
#: The locator before a number in an author's citation: a page, or where a work has no pages
#: a paragraph, section, chapter or line (MLA 9 6.x ``par.``, ``sec.``, ``ch.``, ``l.``;
#: APA 7 8.13 ``para.``): (Housing Tribunal, par. 2), (Nguyen, para. 4).
_LOCATOR = r"(?:(?:pp?|pars?|paras?|secs?|ch|chap|ll?)\.[ \t]?)?"
#: A year in parentheses, with the place a quotation needs: ``(2021)``, ``(2019, p. 4)``.
#: The locator may be any of APA 7 §8.13/§8.28's (``para. 4``, ``Chapter 3``, ``Table 1``,
#: ``slide 4``, ``1:23``): after the year, up to the closing parenthesis.
_YEAR = r"(?:1[5-9]|20)\d\d[a-z]?(?:/(?:1[5-9]|20)\d\d)?"  # 2019a; 1859/2003 (APA reprints)
#: A work with no date: APA 7 8.10's ``n.d.``, Harvard's (Cite Them Right) ``no date``.
_NO_DATE = r"(?:n\.[ \t]?d\.?|no date|undated)"
_YEAR_PAREN = rf"\((?:{_YEAR}|{_NO_DATE})(?:[,:][ \t]*[^()\n]{{1,60}})?\)"
#: What follows the first author's name when there are more (APA's ``et al.``).
_MORE_AUTHORS = (
    r"(?:[ \t]+(?:et al\.?|and (?:(?:her|his|their)[ \t]+)?(?:colleagues|co-?workers|"
    r"co-?authors|team)|and others))?"
)
#: Who the name is, set off by commas before the verb (``Siobhán McAllister, the Courier's
#: transport correspondent, found``): a few words, no quotation, no clause of their own.
#: A relative clause does the same (``Wren, who spent decades in a lost property office,
#: puts it``; MLA 9 6.x's signal phrases with a description of the author).
_APPOSITIVE = (
    r"(?:,(?:[ \t]+(?:the|a|an|[A-Z][\w'’]*)[ \t][^,.;:!?\n\"“”()]{1,60},"
    r"|[ \t]+(?:who|whose)[ \t][^,.;:!?\n\"“”()]{1,80},)?)?"
)
#: Words between the subject and its reporting verb: an adverb, an auxiliary (``does insist``),
#: a sequence word (``also notes``, ``goes on to argue``).
_AUXILIARY = (
    r"(?:[ \t]+(?:[a-z]+ly|does|did|do|also|further|then|later|even|again|rightly|"
    r"(?:goes|went|go) on to)){0,2}"
)
#: Head words of organisations' names: ``the Society`` names the source by its publisher's
#: head word when the source is the Bryophyte Gardening Society's (resolved in ``resolve``).
_ORG_HEADS = (
    "society|institute|institution|council|committee|agency|department|ministry|foundation|"
    "association|organisation|organization|university|centre|center|trust|commission|office|"
    "board|bureau|authority|company|corporation|court|government|service|network|group"
)
_ORG_SIGNAL = re.compile(rf"[Tt]he ({_ORG_HEADS})", re.I)
#: What a writer's source is called in a signal phrase (``Zhou's chapter``, ``her team``).
_WORKS = (
    r"(?:account|report|article|analysis|piece|book|essay|story|study|research|findings|chapter|"
    r"post|blog|column|history|survey|review|paper|team|data|brief|guide|work|memoir|speech|"
    r"address|letter|lecture|interview|thesis|dissertation|monograph|evidence|figures|"
    # a broadcast's, and who speaks on it ("Dos Santos's guest explains"), a release's
    r"podcast|episode|show|programme|program|broadcast|guest|release|statement|transcript)"
)
_GENERIC = (
    r"[Tt]he (?:(?:1[5-9]|20)\d\d )?(?:article|author|authors|writer|writers|report|study|book|"
    r"essay|piece|website|"
    r"source|journalist|reporter|historian|researchers?|paper)"
)
_SIGNAL_PHRASES = [
    re.compile(
        rf"\b[Aa]ccording to (?:the[ \t]+)?(?P<name>{_GENERIC}|[“\"][^”\"\n]{{3,150}}[”\"]|{_NAME})"
    ),
    re.compile(
        rf"\b(?:[Bb]ased on|[Dd]rawing on|[Cc]iting|[Ii]n|[Ff]rom|[Pp]er) (?:the )?"
        rf"(?P<name>{_NAME})['’]?s? (?:own )?(?:{_WORKS}|reporting|words|coverage|"
        r"investigation|telling)\b"
    ),
    re.compile(
        rf"\b(?=[BbDdCcAaRrQqWwIi])(?:[Bb]ased on|[Dd]rawing on|[Cc]iting|"
        rf"[Aa]s reported (?:by|in)|[Aa]s described "
        rf"(?:by|in)|[Aa]s (?:explained|noted|stated|argued|written|documented|put) (?:by|in)|"
        rf"[Rr]eported (?:by|in)|[Qq]uoted in|[Cc]ited in|[Ww]riting (?:in|for)|"
        rf"[Ii]n the words of|[Aa]s (?:told|recounted) (?:by|in|to)) (?:the[ \t]+)?"
        rf"(?P<name>{_GENERIC}|[“\"][^”\"\n]{{3,150}}[”\"]|{_NAME})"
    ),
    re.compile(
        rf"\b(?=[{_UPPER}Tt]|{_PARTICLE}[ \t]|{_JOINED_WORDS}[-'’])"
        rf"(?P<name>{_GENERIC}|{_NAME}){_MORE_AUTHORS}"
        rf"(?:[ \t]+{_YEAR_PAREN})?{_APPOSITIVE}{_AUXILIARY}"
        rf"[ \t]+(?:{_VERBS})\b"
    ),
    re.compile(
        rf"\b(?:[Aa]s|[Ii]n) (?P<name>{_NAME})['’]?s? (?:words|phrase|terms|view|telling)\b"
    ),
    # "The Society warns": an organisation by its head word
    re.compile(
        rf"\b(?=[Tt]he )(?P<name>[Tt]he (?:{_ORG_HEADS}))(?:['’]s(?:[ \t]+[a-z]+)?[ \t]+{_WORKS})?"
        rf"(?:[ \t]+[a-z]+ly)?[ \t]+(?:{_VERBS})\b"
    ),
    # "She writes:" crediting whoever the paragraph is about; names nobody itself.
    re.compile(
        rf"\b(?=[SsHhTtIi])(?P<pronoun>[Ss]he|[Hh]e|[Tt]hey|[Ii]t){_AUXILIARY}[ \t]+(?:{_VERBS})\b"
    ),
    # The verb before the name, between or after quoted parts: '," writes Aisha al-Farsi, "';
    # the name may follow its description, as a news lede or a review writes it: '," writes
    # the historian Kovács Erzsébet.', '," says food writer Amara Okonkwo-Reid.'
    re.compile(
        rf"(?<=[,”\"’])[ \t]*(?:{_VERBS})[ \t]+(?:(?:the|a|an)[ \t]+)?"
        rf"(?:[\w'’\-]+,?[ \t]+){{0,3}}?(?P<name>{_NAME})(?=[ \t]*[,.;:!?]|[ \t]*$)",
        re.M,
    ),
]
_CITATIONS = [
    # Prashad (2022), Okonkwo et al. (2021), Zhang (2019, p. 4)
    (
        "author-year",
        re.compile(
            rf"\b(?=[{_UPPER}]|{_PARTICLE}[ \t]|{_JOINED_WORDS}[-'’])"
            rf"(?P<name>{_NAME}){_MORE_AUTHORS}[ \t]+{_YEAR_PAREN}"
        ),
    ),
    # MLA: (Prashad 12)
    (
        "author-page",
        re.compile(
            rf"\((?P<name>(?:{_PARTICLE}[-'’ ])?[{_UPPER}][\w'’\-]+"
            rf"(?:,? (?:and|&) [{_UPPER}][\w'’\-]+)?"
            # MLA 9 for two works by one author: (Zhou, Sixty Moves 73), (Zhou, "Clocks" 4)
            r"(?: et al\.)?(?:, [“\"*_]?[A-Z][\w'’\-]*(?: [\w'’\-]+){0,5}[”\"*_]?)?),? "
            rf"{_LOCATOR}\d{{1,4}}(?:[-–]\d+)?\)"
        ),
    ),
    # IEEE: [1], [1, 3], [1-3], [1]-[3], [2, p. 118], [2, Fig. 3], [2, Sec. IV]; not a
    # Markdown link ``[1](url)``
    (
        "numeric",
        re.compile(
            r"\[(?P<labels>\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)"
            r"(?:,\s*(?i:pp?|paras?|ch|chap|sec|secs|fig|figs|tab|table|eq|app|art|col|l|ll|"
            r"vol|no|slide|t)\.?\s*[\w.:–-]{1,12})?\]"
            r"(?:\s*[–-]\s*\[(?P<to>\d{1,3})\])?(?!\()"
        ),
    ),
    # MLA with the author alone (a work without pages) or through an indirect source:
    # (Nguyen), (qtd. in Nguyễn), (Tanaka and Raman). Credits only a source it names.
    (
        "author-only",
        re.compile(
            # the speaker may come first: (Quintero Zárate, qtd. in von Hagen) credits von Hagen
            rf"\((?:(?:{_NAME},?[ \t]+)?(?:qtd\.? in|quoted in|cited in|as cited in))?[ \t]*"
            rf"(?P<name>{_NAME}"
            rf"(?:,? (?:and|&) {_NAME})?(?: et al\.)?)(?:,? {_LOCATOR}\d{{1,4}}(?:[-–]\d+)?)?\)"
            r"(?=[ \t]*[.,;:!?]|[ \t]*$)"
        ),
    ),
    # MLA and Chicago: a page alone, the author named in the prose before it: (119), (p. 44)
    (
        "page-only",
        re.compile(
            r"(?<=[”\"’'\w.,] )\((?!(?:1[5-9]|20)\d\d\))(?:pp?\.|para\.)?[ \t]*"
            r"\d{1,4}(?:[-–]\d{1,4})?\)"
        ),
    ),
    ("footnote", re.compile(r"\[\^(?P<label>\w+)\](?!:)")),
    ("footnote", re.compile(r"(?<=[\w.,;:!?”\"’)])(?P<sup>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)")),
    ("footnote", re.compile(r"(?<=[\w.,;:!?”\"’)])\^(?P<label>\d+)")),
    ("footnote", re.compile(r"(?<=[\w.,;:!?”\"’)])<sup>(?P<label>\d+)</sup>")),
    # (People's Dispatch) straight after a quotation or sentence; (Source: X); (via X)
    (
        "parenthetical",
        re.compile(
            rf"(?:(?<=[”\"’'.!?])|(?<=[”\"’'.!?] ))\((?P<name>{_NAME}|[\w.-]+\.[a-z]{{2,}})\)"
        ),
    ),
    (
        "parenthetical",
        re.compile(
            rf"\((?:[Ss]ource|[Vv]ia|[Ff]rom|[Ss]ee):? (?P<name>{_NAME}|[\w.-]+\.[a-z]{{2,}})\)"
        ),
    ),
    # A document cited by the reference number it bears, a case or a report: (HT/NF/2022/0418,
    # para. 3), (Report HPR/2023/14, p. 4); Cite Them Right and OSCOLA cite a tribunal
    # decision by its case number
    (
        "identifier",
        re.compile(
            r"\((?:(?:[Cc]ase|[Rr]eport|[Rr]ef\.?|[Nn]o\.)[ \t]+)?"
            r"(?P<name>[A-Z][A-Z0-9]{0,7}(?:/[A-Z0-9]{1,8}){2,6})(?:,[ \t]*[^()\n]{1,40})?\)"
        ),
    ),
    ("source-line", re.compile(rf"(?m)^[ \t>*_]*[Ss]ources?:[ \t]+(?P<name>{_NAME}|\S+)")),
    # A dash attribution line under a block quotation: "— Vijay Prashad"
    ("dash", re.compile(rf"(?m)^[ \t>]*(?:—|–|--)[ \t]*(?P<name>{_NAME})")),
]
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


@dataclass(frozen=True, slots=True)
class Signal:
    """One attribution signal in the suspect."""

    span: Span
    #: ``signal-phrase``, ``citation`` or ``source-name``.
    kind: str
    #: The citation style (``author-year``, ``numeric``...) or the phrase's form.
    style: str
    text: str
    #: What it names, when it names something (``People's Dispatch``, ``Prashad``).
    name: str | None = None
    #: The reference number or footnote label it points to.
    label: str | None = None
    #: Every reference number an IEEE list or range points to (``[1]-[3]``: 1, 2, 3).
    labels: tuple[str, ...] = ()
    #: For a pronoun (``She describes``): the name it stands for, the last one written
    #: before it in its paragraph (``Addams`` of ``Addams would have admired ...``).
    antecedent: str | None = None


@dataclass(frozen=True, slots=True)
class Resolved:
    """A signal judged against one source: ``names`` is ``this``, ``other``, ``subject`` or
    ``unknown`` (see ``resolve``)."""

    signal: Signal
    names: str

    def to_dict(self) -> dict:
        s = self.signal
        return {
            "kind": s.kind,
            "style": s.style,
            "text": s.text,
            "offset": s.span.start,
            "length": s.span.length,
            "name": s.name,
            "names_source": self.names == "this",
        }


def find_signals(text: str, quotes: QuoteMap, references: References) -> list[Signal]:
    """Every citation and signal phrase of ``text`` outside the references section."""
    found: list[Signal] = []
    bib = references.span

    def outside_bib(start: int) -> bool:
        return bib is None or not (bib.start <= start < bib.end)

    for span, name in _author_year_works(text):  # listed first: wins over (Abubakar 2016) as a page
        if outside_bib(span.start):
            found.append(Signal(span, "citation", "author-year", text[span.start : span.end], name))
    for style, pattern in _CITATIONS:
        for m in pattern.finditer(text):
            if not outside_bib(m.start()):
                continue
            groups = m.groupdict()
            label = groups.get("label")
            labels: tuple[str, ...] = ()
            if groups.get("sup"):
                label = groups["sup"].translate(_SUPERSCRIPT)
            if groups.get("labels"):
                if _is_definition(text, m):
                    continue  # "[2]: ..." opening a line defines a reference, it cites nothing
                labels = _numbers(groups["labels"], groups.get("to"))
                label = labels[0]
            name = _clean_name(groups.get("name"))
            if style == "author-year" and name and not _CAPITAL.search(name):
                continue
            if name and name.split()[0].lower().rstrip(".") in _NOT_AUTHORS:
                continue  # (Table 2), (Figure 3a), (Chapter 4): pointers, not credits
            found.append(
                Signal(Span(m.start(), m.end()), "citation", style, m.group(), name, label, labels)
            )
    for pattern in _SIGNAL_PHRASES:
        for m in pattern.finditer(text):
            if not outside_bib(m.start()) or quotes.covers(m.start()):
                continue
            name = _clean_name(m.groupdict().get("name"))
            if name and re.fullmatch(_GENERIC, name):
                name = None
            elif name and name_key(name) in _NOT_NAMES:
                continue
            if _possessive_noun(m):
                continue  # "Lincoln's reply is often read as cold": a noun, not "Lincoln replies"
            # a body's initials with a document number after them (``According to NRSB
            # 406``): the name is of that document, number and all
            if (
                name
                and re.fullmatch(r"[A-Z]{2,10}", name)
                and (number := _DOC_NUMBER.match(text, m.end("name")))
            ):
                name = f"{name} {number.group(1)}"
            pronoun = m.groupdict().get("pronoun")
            antecedent = _antecedent(text, m.start(), quotes) if pronoun else None
            found.append(
                Signal(
                    Span(m.start(), m.end()),
                    "signal-phrase",
                    "phrase",
                    m.group(),
                    name,
                    antecedent=antecedent,
                )
            )
    found.extend(_et_al_signals(text, quotes, outside_bib))
    found.extend(_possessive_signals(text, quotes, outside_bib))
    found.extend(_plain_note_numbers(text, references, outside_bib))
    return _drop_overlaps(found)


#: A note number typed on the line, not raised: glued to the punctuation or the closing
#: quotation mark it follows (Chicago 17 14.26 puts it after both), then a space or the end.
_PLAIN_NOTE_NUMBER = re.compile(
    # after a letter's punctuation, not a number's: "section 3.1 The" is no note
    r"(?:(?<=[.,;:!?][”\"’])|(?<=[^\W\d_][.,;:!?])|(?<=[”\"’)][.,;:!?])|(?<=[a-z][”\"’]))"
    # not a locator's number: "p.12", "no.3", "fig.2"
    r"(?<![\s(][Pp]\.)(?<![\s(][Pp]p\.)(?<![\s(][Nn]o\.)(?<![Ff]ig\.)(?<![Ss]ec\.)(?<![Cc]h\.)"
    r"(?P<label>\d{1,3})(?=[.,;:]?(?:[ \t]+[\w“\"‘(]|[ \t]*$))",
    re.M,
)


def _plain_note_numbers(text: str, references: References, outside_bib) -> list[Signal]:
    """``stand in."1`` when the notes list an entry ``1.``: a note marker a writer typed
    without superscript. Only a number the notes define counts (``in 2019.3`` is no note)."""
    found = []
    for m in _PLAIN_NOTE_NUMBER.finditer(text):
        label = m.group("label")
        if outside_bib(m.start()) and references.entry(label) is not None:
            span = Span(m.start(), m.end())
            found.append(Signal(span, "citation", "footnote", m.group(), None, label))
    return found


def name_runs(
    text: str, quotes: QuoteMap, references: References, kept: list[Signal]
) -> list[Signal]:
    """Every other run of capitalised words outside quotations (``readers of the New York
    Packet were told``, ``Gwenllian ap Dafydd's label``): a possible name of a source, which
    credits one only when its naming evidence says so (``naming.score``; style ``name-run``
    is weak, see ``WEAK_STYLES``). A single word opening a sentence is left out: its capital
    is the sentence's, not a name's."""
    bib = references.span

    def outside_bib(start: int) -> bool:
        return bib is None or not (bib.start <= start < bib.end)

    taken = sorted((s.span.start, s.span.end) for s in kept)
    out = []
    for m in _CAPITAL_RUN.finditer(text):
        if not outside_bib(m.start()) or quotes.covers(m.start()):
            continue
        name = _clean_name(m.group())
        if not name or name_key(name) in _NOT_NAMES:
            continue
        lead = text[max(0, m.start() - 3) : m.start()]
        if " " not in name and (m.start() == 0 or re.search(r"(?:[.!?:]\s+|\n\s*)$", lead)):
            continue
        k = bisect.bisect_left(taken, (m.end(), -1))
        if any(a < m.end() and b > m.start() for a, b in taken[max(0, k - 3) : k]):
            continue
        span = Span(m.start(), m.end())
        out.append(Signal(span, "signal-phrase", "name-run", m.group(), name))
    return out


_CAPITAL_RUN = re.compile(
    rf"[{_UPPER}][\w'’\-]*(?:[ \t]+(?:(?:{_PARTICLE}|of|the|No\.)[ \t]+)*[{_UPPER}\d][\w'’\-]*)*"
)


def _antecedent(text: str, at: int, quotes: QuoteMap) -> str | None:
    """The name a pronoun at ``at`` stands for: the last run of capitalised words before it
    in its paragraph, outside quotations, less a sentence's leading word (``In Federalist
    No. 10 he wrote``: ``Federalist No. 10``)."""
    start = max(text.rfind("\n\n", 0, at), at - 600, 0)
    last = None
    for m in _CAPITAL_RUN.finditer(text, start, at):
        if quotes.covers(m.start()):
            continue
        name = _clean_name(m.group())
        lead = name.split()[0].lower() if name else ""
        if name and name_key(name) not in _NOT_NAMES and lead not in _LEADING_WORDS:
            last = name
    return last


def _possessive_noun(m: re.Match) -> bool:
    """A possessive name before the 'verb' (``Lincoln's reply``, ``Mill's claims``): the word
    is a noun, the name's work; only ``'s`` as ``has`` (``Mill's argued``) takes a verb."""
    name = m.groupdict().get("name") or ""
    if not re.search(r"['’]s$", name):
        return False
    verb = re.search(r"(\w+)$", m.group())
    return verb is not None and not verb.group(1).endswith(("ed", "en", "wn"))


_ET_AL = re.compile(r"[ \t]et al\b\.?(?![ \t]*\()")
_NAME_BEFORE = re.compile(rf"(?:^|(?<=[\s(“\"]))(?P<name>{_NAME})$")


def _et_al_signals(text: str, quotes: QuoteMap, outside_bib) -> list[Signal]:
    """``Solberg et al.``: a short form only citations use, whatever verb follows. Found
    from each ``et al`` back to the name before it (a name pattern tried at every word of a
    long text would cost more than all the other signals)."""
    return _signals_named_before(_ET_AL, 0, text, quotes, outside_bib)


def _signals_named_before(
    pattern: re.Pattern, reach: int, text: str, quotes: QuoteMap, outside_bib
) -> list[Signal]:
    """A signal phrase for each match of ``pattern`` whose name comes right before it (or
    up to ``reach`` characters into it), outside quotations and the bibliography."""
    out = []
    for m in pattern.finditer(text):
        name = _NAME_BEFORE.search(text, max(0, m.start() - 80), m.start() + reach)
        if name is None or not outside_bib(name.start()) or quotes.covers(name.start()):
            continue
        cleaned = _clean_name(name.group("name"))
        if not cleaned or name_key(cleaned) in _NOT_NAMES:
            continue
        span = Span(name.start(), m.end())
        out.append(Signal(span, "signal-phrase", "phrase", text[span.start : span.end], cleaned))
    return out


#: A work or team of someone's, then a reporting verb: "Zhou's chapter describes", "Van der
#: Berg's team reports", "Al-Farsi's 2024 post argues".
_POSSESSIVE_WORK = re.compile(
    rf"(?<=\w)['’]s(?:[ \t]+(?:[a-z\-]+|\d{{4}})){{0,2}}?[ \t]+{_WORKS}{_AUXILIARY}"
    rf"[ \t]+(?:{_VERBS})\b"
)


def _possessive_signals(text: str, quotes: QuoteMap, outside_bib) -> list[Signal]:
    """``Zhou's chapter describes``: found from the possessive back to the name before it,
    as ``_et_al_signals`` is (cheaper than a name pattern tried at every capital); the name
    may end in the possessive's apostrophe, so the search reaches two characters into it."""
    return _signals_named_before(_POSSESSIVE_WORK, 2, text, quotes, outside_bib)


def _is_definition(text: str, m: re.Match) -> bool:
    line_start = text.rfind("\n", 0, m.start()) + 1
    return text[m.end() : m.end() + 1] == ":" and not text[line_start : m.start()].strip(" \t>")


def _numbers(labels: str, to: str | None) -> tuple[str, ...]:
    """``1, 3`` -> 1, 3; ``2-4`` or ``[2]-[4]`` -> 2, 3, 4 (ranges of at most 50)."""
    out: list[int] = []
    for piece in re.split(r"\s*,\s*", labels):
        ends = [int(x) for x in re.split(r"\s*[–-]\s*", piece) if x]
        lo, hi = ends[0], ends[-1]
        out.extend(range(lo, hi + 1) if 0 <= hi - lo <= 50 else (lo, hi))
    if to is not None and 0 <= int(to) - out[-1] <= 50:
        out.extend(range(out[-1] + 1, int(to) + 1))
    return tuple(dict.fromkeys(str(n) for n in out))


#: One work in an author-date parenthesis (APA 7 §8.12, Chicago 15.2x, Harvard): an optional
#: lead word, the author (or title), the year, then any locator (APA §8.13/§8.28:
#: ``p. 4``, ``para. 4``, ``Chapter 3``, ``Table 1``, ``slide 4``, ``1:23``).
_WORK = re.compile(
    r"(?:(?:e\.g\.|i\.e\.|see also|see|cf\.|compare|also)(?:,|\s)\s*)*"
    # Chicago 15.40 gives a reprint's first year in brackets: (Lincoln [1862] 1953, 388)
    rf"(?P<name>[^()\d\n;]{{2,120}}?)[, ]+(?:\[{_YEAR}\][ \t]*)?(?:{_YEAR}|{_NO_DATE}|in press)"
    r"(?:[,:]\s*[^;()\n]{1,80})?"
)
#: An indirect source: the work the writer read is the one after ``as cited in``.
#: The person an indirect citation quotes: ``Kovács`` of ``(Kovács, as cited in Lindqvist)``.
_ORIGINAL = re.compile(r"\(([^(),;\d]{2,60}?),?\s+(?:as\s+)?(?:cited|qtd\.?|quoted)\s+in\b", re.I)
_CITED_IN = re.compile(r"^.*?\b(?:as cited in|cited in|qtd\.? in|quoted in)\s+", re.I)


def _author_year_works(text: str) -> list[tuple[Span, str]]:
    """Each work cited in an author-date parenthesis, as (its span, the name it cites):
    ``(Halvorsen, 2023; Zhang, 2019)`` is two citations, each crediting its own source."""
    out = []
    for paren in re.finditer(r"\(([^()\n]{4,400})\)", text):
        pos = paren.start(1)
        pieces = paren.group(1).split(";")
        for piece in pieces:
            lead = len(piece) - len(piece.lstrip())
            body = piece.strip()
            m = _WORK.fullmatch(body)
            if m is None and len(pieces) > 1:
                # MLA 9 6.x: several works in one parenthesis, each an author and page or an
                # author alone: (Huxley 4; Bacon 2), (Huxley 3; Restrepo Vallejo)
                m = _MLA_WORK.fullmatch(body)
            if m and _CAPITAL.search(m.group("name")):
                name = _clean_name(_CITED_IN.sub("", m.group("name")))
                if name and name.split()[0].lower().rstrip(".") not in _NOT_AUTHORS:
                    # the first work keeps the opening parenthesis, the last the closing one
                    start = paren.start() if pos == paren.start(1) else pos + lead
                    end = pos + lead + len(body)
                    end = paren.end() if end >= paren.end(1) - 1 else end
                    out.append((Span(start, end), name))
            pos += len(piece) + 1
    return out


_MLA_WORK = re.compile(
    rf"(?:qtd\.? in[ \t]+)?(?P<name>{_NAME}(?:,? (?:and|&) {_NAME})?(?: et al\.)?)"
    rf"(?:,? {_LOCATOR}\d{{1,4}}(?:[-–]\d+)?)?"
)


def _drop_overlaps(found: list[Signal]) -> list[Signal]:
    """One signal per stretch of text: the earliest wins, then the pattern listed first."""
    order = sorted(range(len(found)), key=lambda k: (found[k].span.start, k))
    kept: list[Signal] = []
    reach = -1
    for k in order:
        s = found[k]
        if s.span.start >= reach:
            kept.append(s)
            reach = s.span.end
    return kept


_NOT_AUTHORS = frozenset(
    [
        "table",
        "tables",
        "figure",
        "figures",
        "fig",
        "figs",
        "chapter",
        "chapters",
        "appendix",
        "section",
        "sections",
        "part",
        "page",
        "pages",
        "box",
        "exhibit",
        "chart",
        "map",
        "plate",
        "eq",
        "equation",
        "vol",
        "volume",
        "no",
        "item",
        "step",
        "line",
        "lines",
        "note",
        "notes",
        "see",
    ]
)

_LEADING_WORDS = frozenset(
    [
        "as",
        "and",
        "but",
        "so",
        "then",
        "also",
        "yet",
        "while",
        "when",
        "here",
        "there",
        "however",
        "moreover",
        "indeed",
        "thus",
        "still",
        "now",
        "later",
        "today",
        "yesterday",
        "finally",
        "in",
    ]
)

#: Capitalised words that start sentences but name nobody ("It said", "This shows").
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "there",
        "here",
        "what",
        "which",
        "who",
        "one",
        "some",
        "many",
        "most",
        "others",
        "everyone",
        "nobody",
        "someone",
    ]
)


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("“”\"'").strip()
    name = re.sub(r"^(?:[Ss]ee|[Cc]f\.)\s+", "", name)
    # "Nigeria. Nwosu (2024)": the name starts after the previous sentence's full stop
    name = re.split(r"(?<=[a-z]{2})\.\s+(?=[A-ZÀ-Þ])", name)[-1]
    words = name.split()
    while len(words) > 1 and words[0].lower() in _LEADING_WORDS:
        words.pop(0)  # "As Okafor", "But Prashad": a sentence's first word, not the name
    name = " ".join(words)
    name = re.sub(r"\s+et al\.?$", "", name).rstrip(",;: ")
    return name or None


def source_mentions(text: str, names: SourceNames, quotes: QuoteMap) -> list[Signal]:
    """Places where ``text`` names the source by title, publication or web address.

    A title or a publication is a credit wherever it appears; an author's bare name is not
    (``Prashad is a historian`` credits nobody), only an author named as the writer of
    something (``an article by Vijay Prashad``) or in a signal phrase or citation.
    """
    found: list[Signal] = []
    candidates = [(t, "title") for t in names.titles] + [
        (p, "publication") for p in names.publications
    ]
    index = _mention_index(text, len(candidates) + len(names.urls) + len(names.authors))
    for name, style in candidates:
        raw = re.findall(r"\w+", name)
        words = [re.escape(w) for w in raw]
        if not words or (style == "title" and len(words) < 2):
            continue
        pattern = re.compile(r"\b" + r"[\W_]+".join(words) + r"\b", re.I)
        topic = style == "title" and _topic_title(raw, names)
        for m in _finditer(pattern, text, index and name_places(index, raw)):
            if topic and not (_title_cased(m.group()) or _marked(text, m.start(), m.end())):
                continue  # "the bowline's strength": the thing The Bowline is about
            found.append(Signal(Span(m.start(), m.end()), "source-name", style, m.group(), name))
    found.extend(_short_name_mentions(text, names))
    for url in names.urls:
        pattern = re.compile(re.escape(url), re.I)
        for m in _finditer(pattern, text, index and url_places(index, url)):
            found.append(Signal(Span(m.start(), m.end()), "source-name", "url", m.group(), url))
    for org in names.publications + [a for a in names.authors if is_organisation(a)]:
        found.extend(_body_mentions(text, org, quotes))
        found.extend(_proper_short_mentions(text, org, quotes))
    found.extend(_office_mentions(text, names, quotes))
    for author in names.authors:
        raw = re.findall(r"\w+", author)
        words = [re.escape(w) for w in raw]
        if not words:
            continue
        either = r"(?:" + r"\s+".join(words) + "|" + words[-1] + r")"
        pattern = re.compile(r"\b(?:by|from|of)\s+" + either + r"\b")
        # a work of theirs: "In Niamh Ní Bhriain's English version", "Huxley's essay"
        work = re.compile(
            rf"\b{either}['’]s\s+(?:[a-z\-]+\s+|[A-Z][a-z]+\s+){{0,2}}?"
            rf"(?:{_WORKS}|version|translation|edition|rendering|words|text|lines)\b"
        )
        for m in work.finditer(text):
            if not quotes.covers(m.start()):
                found.append(
                    Signal(Span(m.start(), m.end()), "source-name", "author", m.group(), author)
                )
        for m in _finditer(pattern, text, index and author_places(index, raw)):
            if not quotes.covers(m.start()):
                found.append(
                    Signal(Span(m.start(), m.end()), "source-name", "author", m.group(), author)
                )
    return found


def _topic_title(words: list[str], names: SourceNames) -> bool:
    """Every content word of a title is one the source writes in lower case (``The Bowline``
    of a page on the bowline): written in lower case, the words name the topic, not the work;
    only set as a title (capitalised or marked) do they name it (MLA 9 1.2x, CMOS 8.159)."""
    content = [w.lower() for w in words if w.lower() not in _FUNCTION_WORDS]
    return bool(content) and all(w in names.lower_words for w in content)


def _title_cased(found: str) -> bool:
    """Every content word of ``found`` capitalised, as a title is written."""
    return all(
        w[:1].isupper() or w[:1].isdigit()
        for w in re.findall(r"\w+", found)
        if w.lower() not in _FUNCTION_WORDS
    )


def _org_parts(org: str, written: bool = False) -> tuple[str, list[str]]:
    """An organisation's head noun and the words that qualify it: ``museum`` and
    ``ostermoor`` of the Ostermoor Museum of Textiles; ``office`` and ``regional``,
    ``statistics`` of the Office for Regional Statistics (the words after ``of`` or ``for``
    qualify the head when none come before it: ``the statistics office``)."""
    words = re.findall(r"[\w'’]+", org.lower()) if written else name_key(org).split()
    for link in ("of", "for"):
        if link in words[1:]:
            at = words.index(link, 1)
            head, rest = words[at - 1], words[: at - 1]
            if not rest:  # the head comes first: the words after the link qualify it
                rest = [w for w in words[at + 1 :] if w not in _FUNCTION_WORDS]
            return head, rest
    return (words[-1], words[:-1]) if words else ("", [])


def _short_org(org: str) -> str | None:
    """A pattern for ``org`` written short, its head noun after one to three of its own
    qualifying words (``the Ostermoor museum``, ``the Akureyri library``)."""
    head, rest = _org_parts(org, written=True)  # as written: ``café``, not ``cafe``
    mods = [re.escape(w) for w in rest if len(w) > 2]
    if len(head) < 4 or not mods:
        return None
    return rf"(?:(?:{'|'.join(mods)})[ \t]+){{1,3}}{re.escape(head)}\b"


def _office_mentions(text: str, names: SourceNames, quotes: QuoteMap) -> list[Signal]:
    """The source's author or speaker named by the office the byline or signature gives them:
    ``The chair of the Akureyri library said`` for ``Address by Þórunn Magnúsdóttir, chair of
    the Akureyri Tool Library``; ``the coordinator of the Ferncliff Seed Library``. Another
    office of the organisation (its treasurer) is another person: no credit."""
    found = []
    for role, org in names.roles:
        short = _short_org(org)
        orgs = re.escape(org).replace(r"\ ", r"[ \t]+") + (f"|{short}" if short else "")
        office = re.escape(role).replace(r"\ ", r"[ \t]+")
        pattern = re.compile(
            rf"\b(?i:the|its|their)[ \t]+(?i:{office})[ \t]+"
            rf"(?:of|at|for)[ \t]+(?:the[ \t]+)?(?i:{orgs})",
        )
        for m in pattern.finditer(text):
            if not quotes.covers(m.start()):
                span = Span(m.start(), m.end())
                found.append(Signal(span, "source-name", "publication", m.group(), org))
    return found


def _proper_short_mentions(text: str, org: str, quotes: QuoteMap) -> list[Signal]:
    """An organisation named short by a proper word of its own before its head noun (``at
    the Ostermoor museum`` for the Ostermoor Museum of Textiles): a name, wherever it is
    written, as the full name is; a common qualifier alone (``the statistics office``) names
    it only as a signal phrase's subject (``_body_mentions``)."""
    short = _short_org(org)
    if short is None:
        return []
    found = []
    for m in re.finditer(rf"\b[Tt]he[ \t]+(?i:{short})", text):
        if quotes.covers(m.start()):
            continue
        words = m.group().split()[1:-1]
        if any(w[:1].isupper() for w in words):
            span = Span(m.start(), m.end())
            found.append(Signal(span, "source-name", "publication", m.group(), org))
    return found


def _body_mentions(text: str, org: str, quotes: QuoteMap) -> list[Signal]:
    """An organisation named by its head noun and some of its own words as the subject of a
    signal phrase: ``The water council's pilot report recommends``, ``The council found``
    for the Northern Rivers Water Quality Council (APA 7 8.21: a group author's short name)."""
    head, rest = _org_parts(org)
    if len(head) < 4 or not rest:
        return []
    mods = "|".join(re.escape(w) for w in rest if len(w) > 2)
    pattern = re.compile(
        rf"\b[Tt]he[ \t]+(?:(?:{mods})[ \t]+){{0,3}}{re.escape(head)}"
        rf"(?:['’]s(?:[ \t]+[a-z\-]+){{0,2}}?[ \t]+{_WORKS})?\b",
        re.I,
    )
    found = []
    for m in pattern.finditer(text):
        verb = _VERB_AFTER.match(text, m.end())  # the verb pattern compiled once, not per body
        if verb is not None and not quotes.covers(m.start()):
            span = Span(m.start(), verb.end())
            found.append(
                Signal(span, "source-name", "publication", text[span.start : span.end], org)
            )
    return found


_VERB_AFTER = re.compile(rf"{_AUXILIARY}[ \t]+(?:{_VERBS})\b")


_OPEN_MARKS = "\"“‘'*_«"
_CLOSE_MARKS = "\"”’'*_»"


def _marked(text: str, start: int, end: int) -> bool:
    """The words at ``[start, end)`` are set off as a title: in quotation marks or italics
    (MLA and Chicago put short works' titles in quotes and long works' in italics)."""
    before = text[start - 1] if start > 0 else ""
    tail = text[end : end + 2]
    return before in _OPEN_MARKS and bool(before) and any(c in _CLOSE_MARKS for c in tail)


def _short_name_mentions(text: str, names: SourceNames) -> list[Signal]:
    """Short forms of the source's names: an organisation's initials where written in capitals,
    a short title where marked as a title or capitalised as one, and any stretch of a title
    from its start (after an article) that the writer marks as a title (``"Coffeehouse"``,
    ``*Salt Roads*``: the shortened title MLA prescribes)."""
    found: list[Signal] = []
    for acronym in names.acronyms:
        # the numbers of the body's documents this source bears (``IAAR 214:2023``)
        numbers = _own_numbers(names, acronym)
        for m in re.finditer(rf"\b{re.escape(acronym)}\b(?:[ \t]+(\d[\w.:/-]*\w))?", text):
            if numbers and m.group(1) and m.group(1).split(":")[0] not in numbers:
                continue  # IAAR 213: another document of the same body (ISO 9001 is not ISO 14001)
            found.append(
                Signal(Span(m.start(), m.end()), "source-name", "acronym", m.group(), acronym)
            )
    for short in names.short_titles:
        words = [re.escape(w) for w in re.findall(r"\w+", short)]
        if not words:
            continue
        for m in re.finditer(r"\b" + r"[\W_]+".join(words) + r"\b", text, re.I):
            exact = (
                len(words) >= 2
                and all(  # capitalised as a title: Salt Roads, Technical Brief No. 12
                    w[:1].isupper() or w.isdigit()
                    for w in re.findall(r"\w+", m.group())
                    if w.lower() not in _FUNCTION_WORDS
                )
            )
            # a one-word title capitalised after "the" (``The Essays``, ``the Prince``): a
            # book's short title whose italics plain text lost
            exact = exact or (
                len(words) == 1
                and m.group()[:1].isupper()
                and re.search(r"\b[Tt]he\s+$", text[max(0, m.start() - 5) : m.start()]) is not None
            )
            if exact or _marked(text, m.start(), m.end()):
                found.append(
                    Signal(Span(m.start(), m.end()), "source-name", "title", m.group(), short)
                )
    title_keys = [name_key(t).split() for t in names.titles]
    for m in re.finditer(r"[\"“‘*_«]([^\"“”‘’*_«»\n]{2,120}?)[,.]?[\"”’*_»]", text):
        words = name_key(m.group(1)).split()
        if not words or not any(w not in _FUNCTION_WORDS for w in words):
            continue
        for key in title_keys:
            body = key[1:] if key and key[0] in ("the", "a", "an") else key
            prefix = key[: len(words)] == words or body[: len(words)] == words
            # the title without its leading words, to its head noun: "A Piece of Chalk" or
            # "Chalk" for On a Piece of Chalk (MLA 9 6.x shortens a title to its noun phrase)
            suffix = len(words) < len(key) and key[-len(words) :] == words
            if (prefix and (len(words) >= 2 or len(key) == 1)) or (
                suffix and words[-1] not in _FUNCTION_WORDS and len(key) >= 2
            ):
                span = Span(m.start(1), m.end(1))
                found.append(Signal(span, "source-name", "title", m.group(1), m.group(1)))
                break
    return found


_FUNCTION_WORDS = frozenset(
    ["a", "an", "the", "of", "and", "in", "on", "for", "to", "at", "by", "v", "vs"]
)


#: Citation styles that name no source or too little to credit one copyhound does not know:
#: they count only when they name this source.
WEAK_STYLES = frozenset(["author-only", "page-only", "name-run"])


#: Above this many characters times names, names are looked up in a word index of the text
#: rather than each scanned for over the whole text (same matches, see ``textindex``).
_INDEX_NAMES_BY_CHARS = 20_000_000


def _mention_index(text: str, n_names: int) -> TextIndex | None:
    if len(text) * n_names <= _INDEX_NAMES_BY_CHARS:
        return None
    return _cached_index(text)


@functools.lru_cache(maxsize=1)
def _cached_index(text: str) -> TextIndex:
    return TextIndex(text)


def _finditer(pattern: re.Pattern[str], text: str, places) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, looked for only at ``places`` when they are known."""
    if places is None:
        return pattern.finditer(text)
    return finditer_at(pattern, text, places)


def resolve(
    signal: Signal,
    names: SourceNames,
    others: list[SourceNames],
    references: References,
    source_name_text: str | None = None,
    source_proper_names: frozenset[str] = frozenset(),
) -> Resolved:
    """Which source ``signal`` credits: ``this``, ``other`` (another compared source),
    ``subject`` (someone the source writes about: ``source_name_text`` is the source's text
    as ``name_key`` writes it, padded with spaces; ``source_proper_names`` the words it
    capitalises inside a sentence, so ``Councillor Balakrishnan`` is the source's
    ``Councillor Rajesh Balakrishnan``) or ``unknown``."""
    if signal.kind == "source-name":
        here, there = best_named([signal.name or signal.text], names, others)
        return Resolved(signal, "other" if there > here and there >= BAR else "this")
    if signal.name and (doc := _DOC_NAME.fullmatch(signal.name)):
        # ``NRSB 406``: a document of the body by its number; the body's other documents are
        # other works (ISO 9001 is not ISO 14001)
        own = _own_numbers(names, doc.group(1))
        if own:
            return Resolved(signal, "this" if doc.group(2).split(":")[0] in own else "other")
    if signal.style == "identifier":
        # a reference number credits the source whose front matter bears it, and no other
        bears = [n for n in [names, *others] if _bears(n, signal.name or "")]
        return Resolved(signal, "this" if bears[:1] == [names] else "other")
    if signal.antecedent is not None and not signal.name:
        # a pronoun: it credits whichever compared source its antecedent names
        here, there = best_named([signal.antecedent], names, others, 1)
        if there > here and there >= BAR:
            return Resolved(signal, "other")
        if here >= BAR:
            return Resolved(signal, "this")
        return Resolved(signal, "subject")  # "The organisers ... they said": no source
    if signal.kind == "citation" and (said := _ORIGINAL.match(signal.text)):
        # (Kovács, as cited in Lindqvist, 2026): the words are Kovács's, read in Lindqvist;
        # naming this source's author as the one quoted credits it (APA 7 8.6, MLA 9 6.x)
        here, there = best_named([said.group(1)], names, others, 1)
        if here >= BAR and here >= there:
            return Resolved(signal, "this")
    texts = []
    for label in signal.labels or ((signal.label,) if signal.label is not None else ()):
        entry = references.entry(label)
        if entry is not None:
            texts.append(entry.text)
    listed = bool(texts)
    if signal.name:
        key = name_key(signal.name)
        if key:
            entries = [e.text for e in references.entries if _lists(e.text, key)]
            texts.extend(entries)
            listed = listed or bool(entries)
        texts.append(signal.name)  # last: a name, scored as one (naming.score)
    # The naming evidence decides first: another compared source named better than this
    # one is not credited here however the forms below read; this one named well enough is.
    here, there = best_named(texts, names, others, 1 if signal.name else 0)
    if there > here and there >= BAR:
        return Resolved(signal, "other")
    if signal.style == "name-run" and _written_about(signal.name or "", names, source_name_text):
        return Resolved(signal, "subject")  # Fresnel of the Fresnel lens: what it is about
    if here >= BAR:
        return Resolved(signal, "this")
    if signal.style == "name-run":
        return Resolved(signal, "unknown")  # a capitalised run is a name only by its evidence
    for text in texts:
        if names_source(text, names):
            return Resolved(signal, "this")
    if signal.style == "numeric" and texts:
        return Resolved(signal, "other")  # [2] points to an entry describing another work
    for text in texts:
        if any(names_source(text, other) for other in others):
            return Resolved(signal, "other")
    if listed and signal.style in _AUTHOR_STYLES and signal.kind == "citation":
        # (Nwosu) whose Works Cited entry is a work that is not this source: the reference
        # list says which work the citation points to (MLA 9 2.x, APA 7 8.x)
        return Resolved(signal, "other")
    if signal.name and (head := _ORG_SIGNAL.fullmatch(signal.name)):
        word = head.group(1).lower()
        if _org_head(names, word):
            return Resolved(signal, "this")
        # another compared source's organisation, or one copyhound knows nothing of: the
        # writer credits another body than this source's (the source may write about it)
        key = name_key(signal.name)
        if source_name_text and f" {key} " in source_name_text:
            return Resolved(signal, "subject")
        return Resolved(signal, "other")
    key = name_key(signal.name) if signal.name else ""
    if key and source_name_text and f" {key} " in source_name_text:
        return Resolved(signal, "subject")
    written = signal.name.split()[-1] if signal.name else ""
    if (
        written[:1].isupper()
        and key.split()[-1] in source_proper_names
        and not is_organisation(signal.name)
    ):
        return Resolved(signal, "subject")  # a person the source names, by surname
    if _cites_a_person(signal):
        return Resolved(signal, "other")  # (Hendry 2011): a work by someone else
    return Resolved(signal, "unknown")


_DOC_NUMBER = re.compile(r"[ \t]+(\d[\w.:/-]*\w|\d)\b")
_DOC_NAME = re.compile(r"([A-Z]{2,10}) (\d\S*)")


def _own_numbers(names: SourceNames, acronym: str) -> set[str]:
    """The numbers of the documents of the body ``acronym`` that this source bears."""
    if acronym not in names.acronyms:
        return set()
    own = " ".join(names.titles + names.masthead_words + names.publications + names.doc_numbers)
    return {n.split(":")[0] for n in re.findall(rf"\b{re.escape(acronym)}[ \t]+(\d[\w.:/-]*)", own)}


def _bears(names: SourceNames, identifier: str) -> bool:
    """Whether a source's front matter carries ``identifier`` (``Case reference: X``)."""
    return bool(identifier) and any(
        identifier in line for line in names.titles + names.masthead_words + names.publications
    )


def _written_about(name: str, names: SourceNames, source_name_text: str | None) -> bool:
    """The source's text names ``name`` below its masthead: a person, place or thing it
    writes about, which a bare mention of does not credit it."""
    key = f" {name_key(name)} "
    if not source_name_text or key == "  ":
        return False
    head = f" {name_key(' '.join(names.masthead_words))} "
    return source_name_text.count(key) > head.count(key)


def _lists(entry: str, key: str) -> bool:
    """The reference entry ``entry`` is by ``key``: the name leads it (``Nwosu, A.``)."""
    return f" {key} " in f" {name_key(entry[:60])} "


def _org_head(names: SourceNames, word: str) -> bool:
    """One of the organisations the source is by or published by has ``word`` as its head
    (``Society`` of ``Bryophyte Gardening Society``, ``Institute`` of ``Institute of X``)."""
    for org in names.publications + names.authors:
        words = name_key(org).split()
        head = words[words.index("of") - 1] if "of" in words[1:] else words[-1] if words else ""
        if head == word or (words and words[-1] == word):
            return True
    return False


#: Styles whose name is a work's author: naming someone the source neither is by nor
#: writes about, they cite another work.
_AUTHOR_STYLES = frozenset(["author-year", "author-page", "author-only", "phrase"])


def _cites_a_person(signal: Signal) -> bool:
    """``signal`` names a person as the author of what it credits (``(Hendry 2011, 88)``,
    ``Hollis and Varga argue``): not an outlet or an organisation, which may be a name of
    the source that copyhound does not know (a syndicated article's other publisher)."""
    if signal.style not in _AUTHOR_STYLES or not signal.name or signal.kind == "source-name":
        return False
    name = _CITED_IN.sub("", signal.name)
    first = re.split(r"\s*(?:,|&|\band\b)\s*", name)[0].strip()
    words = first.split()
    return (
        1 <= len(words) <= 3
        and all(w[:1].isupper() or w.lower() in _PARTICLE_WORDS for w in words)
        and not is_organisation(first)
        and not any(w.lower() in ("the", "of") for w in words)
    )


_PARTICLE_WORDS = frozenset(_PARTICLE[3:-1].split("|"))


def proper_names(text: str) -> frozenset[str]:
    """Words ``text`` capitalises after a lower-case letter or a comma and a space (inside a
    sentence, or a name's later words): the people and places it writes about, as
    ``name_key`` writes them."""
    return frozenset(name_key(w) for w in re.findall(rf"(?<=[a-z,;:] )([{_UPPER}][\w'’\-]+)", text))

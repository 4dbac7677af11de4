"""The references section of a suspect: where it is and which source each entry names.

A references section starts at a heading line (``References``, ``Bibliography``, ``Works
Cited``, ``Sources``, ``Notes``...) and runs to the next heading or the end of the text. Its
entries are its lines or paragraphs; a leading ``1.``, ``[1]`` or ``[^1]:`` gives an entry's
number, which numeric citations and footnote markers refer to. Footnote definitions
(``[^1]: ...``) anywhere in the text are entries too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copyhound.judge.source_names import SourceNames, name_key
from copyhound.model import Span

_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?[*_]{0,2}(references|reference list|bibliography|works cited|"
    r"works consulted|sources|sources cited|literature cited|notes|endnotes|footnotes)"
    r"[*_]{0,2}[ \t]*:?[ \t]*$",
    re.M | re.I,
)
_NEXT_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+\S", re.M)
_ENTRY_NUMBER = re.compile(r"^[ \t]*(?:\[\^?(\w+)\]:?|(\d+)[.)]|\^(\d+))[ \t]*")
_FOOTNOTE_DEF = re.compile(r"^[ \t]*\[\^(\w+)\]:[ \t]*(.+)$", re.M)


@dataclass(frozen=True, slots=True)
class Entry:
    span: Span
    #: The entry's number or footnote label, when it has one.
    label: str | None
    text: str


@dataclass(frozen=True, slots=True)
class References:
    """The references section (``span`` is None when the text has none) and every entry."""

    span: Span | None
    entries: list[Entry]

    def entry(self, label: str) -> Entry | None:
        return next((e for e in self.entries if e.label == label), None)


def find_references(text: str) -> References:
    """The last references section of ``text`` and its entries, plus footnote definitions."""
    headings = list(_HEADING.finditer(text))
    entries: list[Entry] = []
    span = None
    if headings:
        head = headings[-1]
        nxt = _NEXT_HEADING.search(text, head.end())
        end = nxt.start() if nxt else len(text)
        span = Span(head.start(), len(text[:end].rstrip()))
        entries.extend(_entries(text, head.end(), span.end))
    elif (start := _headless_list(text)) is not None:
        # an IEEE list with no heading, closing the text (``[1] G. Pryce, "..."``)
        span = Span(start, len(text.rstrip()))
        entries.extend(_entries(text, start, span.end))
    for m in _FOOTNOTE_DEF.finditer(text):
        if span is None or not (span.start <= m.start() < span.end):
            entries.append(Entry(Span(m.start(), m.end()), m.group(1), m.group(2)))
    entries.sort(key=lambda e: e.span.start)
    return References(span, _resolve_ibid(entries))


_IEEE_ENTRY = re.compile(r"[ \t]*\[\d{1,3}\][ \t]+\S")


def _headless_list(text: str) -> int | None:
    """Where a numbered list of ``[n]`` entries that ends the text begins, set off by a blank
    line, when no heading introduces it (IEEE 2.x lists references by bracketed number): the
    last lines that are entries, blank, or an entry's indented continuation."""
    tail = text[-20_000:]
    base = len(text) - len(tail)
    lines = tail.splitlines(keepends=True)
    pos = len(tail)
    start = None
    for line in reversed(lines):
        pos -= len(line)
        body = line.rstrip("\r\n")
        if _IEEE_ENTRY.match(body):
            start = pos
        elif body.strip() and not (body[:1] in " \t" and start is not None):
            # the line before the list must be blank: a paragraph's own "[2] ..." is no list
            if start is not None and pos + len(line) < start:
                return base + start
            return None
    return base + start if start is not None else None


def _entries(text: str, start: int, end: int) -> list[Entry]:
    """Each non-blank line is an entry; indented lines continue the one above."""
    out: list[Entry] = []
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        body = line.rstrip("\r\n")
        line_start, pos = pos, pos + len(line)
        if not body.strip():
            continue
        if out and body[:1] in " \t" and not _ENTRY_NUMBER.match(body):
            prev = out[-1]
            out[-1] = Entry(
                Span(prev.span.start, line_start + len(body)), prev.label, prev.text + " " + body
            )
            continue
        m = _ENTRY_NUMBER.match(body)
        label = next((g for g in m.groups() if g), None) if m else None
        out.append(Entry(Span(line_start, line_start + len(body)), label, body.strip()))
    return out


#: ``Ibid.`` (Chicago 14.34) and ``Id.`` (legal citation): the note before's source.
_IBID = re.compile(r"^(?:\[\^?\w+\]:?|\^?\d+[.)]?)?\s*(?:ibid\b\.?|id\.)", re.I)


def _resolve_ibid(entries: list[Entry]) -> list[Entry]:
    """``Ibid.`` is the source of the note before it (in the order the notes are written,
    whether in a Notes section or as footnote definitions): the entry takes its text."""
    out: list[Entry] = []
    for e in entries:
        if out and _IBID.match(e.text):
            e = Entry(e.span, e.label, out[-1].text + " " + e.text)
        out.append(e)
    return out


def names_source(text: str, names: SourceNames) -> bool:
    """True when ``text`` (an entry, a citation) names the source by title, URL or author."""
    key = " " + name_key(text) + " "
    for title in names.titles:
        words = name_key(title).split()
        if len(words) >= 2 and _covers_in_order(key.split(), words, 0.8):
            return True
    if _short_title(key.split(), names):
        return True
    if any(name_key(u) and name_key(u) in key for u in names.urls):
        return True
    if any(f" {_bare(p)} " in key for p in names.publications + names.acronyms):
        return True  # "(Listening Post 2023)" for The Listening Post: the article dropped
    whole, written = _bare(text), re.sub(r"^[Tt]he\s+", "", text.strip())
    # "the Ledger" for The Harbour Ledger, "the Times": an outlet by its last word
    if (
        len(whole) > 3
        and " " not in whole
        and written[:1].isupper()
        and any(
            " of " not in f" {_bare(p)} " and _bare(p).split()[-1:] == [whole]
            for p in names.publications
        )
    ):
        return True
    return any(f" {name_key(a)} " in key for a in names.authors) or any(
        f" {s} " in key for s in names.surnames()
    )


def _short_title(words: list[str], names: SourceNames) -> bool:
    """``words`` (a whole citation's name) are the opening words of a title, two or more past
    a leading article: the shortened title MLA 9 (6.x) and Chicago 17 (14.30) cite a work by
    (``Sixty Moves`` for *Sixty Moves in Two Hours*); the title's first word alone is not."""
    if len(words) < 2:
        return False
    content = [w for w in words if w not in _MINOR]
    for title in names.titles:
        key = name_key(title).split()
        for body in (key, key[1:] if key[:1] in (["the"], ["a"], ["an"]) else []):
            if len(body) > len(words) and body[: len(words)] == words:
                return True
        # a run of three or more of the title's words, two of them content words, that a
        # writer names the work by (the Medical Officer of Health of "Annual Report of the
        # Medical Officer of Health for the Year 1899")
        n = len(words)
        if (
            n >= 3
            and len(content) >= 2
            and len(key) > n
            and any(key[k : k + n] == words for k in range(len(key) - n + 1))
        ):
            return True
    return False


_MINOR = frozenset(["a", "an", "the", "of", "and", "in", "on", "for", "to", "at", "by", "with"])


def _bare(name: str) -> str:
    return re.sub(r"^(?:the|a|an) (?=\w)", "", name_key(name))


def _covers_in_order(haystack: list[str], needle: list[str], share: float) -> bool:
    """At least ``share`` of ``needle``'s words appear in ``haystack`` in order."""
    k = 0
    found = 0
    for w in needle:
        try:
            k = haystack.index(w, k) + 1
            found += 1
        except ValueError:
            continue
    return found >= share * len(needle)

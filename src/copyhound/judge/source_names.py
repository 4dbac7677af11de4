"""The names a source goes by: its title, authors, publication and web address.

A writer credits a source by naming it, so these are what attribution looks for near a
reused passage. They are read from the source document itself: YAML front matter, reader
metadata, the title line (a ``#`` heading or a short first line), bylines (``By ...``,
``Author: ...``), "Source:" / "Published by" / "produced by" lines, an author-bio section
(``*Name* is ...``) and URLs. Names of people the source merely writes about are not names
of the source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from copyhound.model import Document

_WORD = r"[A-ZÀ-Þ][\w'’.\-]*"
_NAME = rf"{_WORD}(?:[ \t]+(?:(?:de|da|del|van|von|la|le|y|of|the|and|for|&)[ \t]+)?{_WORD}){{0,5}}"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_FM_LINE = re.compile(r"^([A-Za-z_-]+)[ \t]*:[ \t]*(.+?)[ \t]*$", re.M)
_BYLINE = re.compile(
    r"^[ \t>*_]*(?:by|written by|author|authors|words by)[ \t]*:?[ \t]+("
    + _NAME
    + r"(?:(?:,|,? and| &)[ \t]+"
    + _NAME
    + r")*)",
    re.M | re.I,
)
_SOURCE_LINE = re.compile(
    r"^[ \t>*_]*(?:source|publisher|published by|publication|originally published (?:in|by|at|on)|"
    r"first published (?:in|by|at|on)|this (?:article|story|piece) was (?:produced|published) by|"
    r"reprinted from|via)[ \t]*:?[ \t]+\[?(" + _NAME + r")",
    re.M | re.I,
)
_BIO_NAME = re.compile(r"^[ \t]*[*_]{1,2}(" + _NAME + r")[*_]{1,2}[ \t]+(?:is|was)\b", re.M)
_URL = re.compile(
    r"https?://([^\s/)\]>\"']+)[^\s)\]>\"']*|\b((?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|info|news|co\.uk|org\.uk|io))\b",
    re.I,
)
_HEADING = re.compile(r"^[ \t]*#{1,2}[ \t]+(.+?)[ \t#]*$", re.M)

_FM_TITLE = {"title"}
_FM_AUTHOR = {"author", "authors", "by", "creator"}
_FM_PUBLICATION = {"publication", "publisher", "source", "site", "site_name", "journal", "outlet"}
_FM_URL = {"url", "link", "canonical", "source_url"}


@dataclass(slots=True)
class SourceNames:
    """What a source is called. Every name is kept as written; ``keys`` are for matching."""

    titles: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    publications: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return self.titles + self.authors + self.publications + self.urls

    def surnames(self) -> set[str]:
        return {name_key(a.split()[-1]) for a in self.authors if a.split()}


def name_key(name: str) -> str:
    """Lower case, no accents, no possessive, words joined by single spaces."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"['’]s\b", "", name)
    return " ".join(re.findall(r"[a-z0-9]+", name))


def _clean(value: str) -> str:
    value = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", value)  # [text](link) -> text
    value = value.strip().strip("*_\"'“”‘’#").strip()
    return value.rstrip(".,;:")


def _split_names(value: str) -> list[str]:
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*|;\s*", value)
    return [_clean(p) for p in parts if _clean(p)]


def _title_line(text: str) -> str | None:
    m = _HEADING.search(text[:2000])
    if m and not text[: m.start()].strip("- \n\r\t"):
        return _clean(m.group(1))
    first = next((ln.strip() for ln in text[:2000].splitlines() if ln.strip()), "")
    words = first.split()
    if first and len(words) <= 15 and not first.endswith((".", ":", ",")):
        return _clean(first)
    return None


def _domain(url: str) -> str:
    return url.lower().removeprefix("www.")


def source_names(doc: Document) -> SourceNames:
    """Every name of ``doc`` found in its metadata, front matter and text."""
    names = SourceNames()
    text = doc.text
    meta = {k.lower(): v for k, v in (doc.metadata or {}).items() if isinstance(v, str)}
    fm = _FRONT_MATTER.match(text)
    if fm:
        for m in _FM_LINE.finditer(fm.group(1)):
            meta.setdefault(m.group(1).lower(), m.group(2))
        body = text[fm.end() :]
    else:
        body = text
    for key, value in meta.items():
        if key in _FM_TITLE:
            names.titles.append(_clean(value))
        elif key in _FM_AUTHOR:
            names.authors.extend(_split_names(value))
        elif key in _FM_PUBLICATION:
            names.publications.append(_clean(value))
        elif key in _FM_URL:
            names.urls.append(
                _domain(_URL.search(value).group(1) or "") if _URL.search(value) else value
            )
    if not names.titles and (title := _title_line(body)):
        names.titles.append(title)
    for m in _BYLINE.finditer(body):
        names.authors.extend(_split_names(m.group(1)))
    for m in _BIO_NAME.finditer(body):
        names.authors.append(_clean(m.group(1)))
    for m in _SOURCE_LINE.finditer(body):
        names.publications.append(_clean(m.group(1)))
    for m in _URL.finditer(body):
        names.urls.append(_domain(m.group(1) or m.group(2)))
    for attr in ("titles", "authors", "publications", "urls"):
        seen, unique = set(), []
        for n in getattr(names, attr):
            k = name_key(n)
            if k and k not in seen and len(k) > 2:
                seen.add(k)
                unique.append(n)
        setattr(names, attr, unique)
    return names

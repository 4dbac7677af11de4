"""The names a source goes by: its title, authors, publication and web address.

A writer credits a source by naming it, so these are what attribution looks for near a
reused passage. They are read from the source document itself: YAML front matter, reader
metadata, the title line (a ``#`` heading or a short first line), bylines (``By ...``,
``Author: ...``), "Source:" / "Published by" / "produced by" lines, an author-bio section
(``*Name* is ...``) and URLs. Names of people the source merely writes about are not names
of the source.

The masthead (the short lines above the first paragraph of prose) is read line by line as a
reader reads it: headings and title-like lines are titles, ``Chapter 3 of *Book*`` names the
book, and every other line is a list of names (split at ``,`` ``;`` ``·`` ``—`` ``|``) from
which dates, roles (``Staff Writer``) and volume and page numbers are dropped: a part shaped
like a person's name is an author, a part ending in an organisation word (``Harbour Press``,
``Mekong Weekly``) a publication. ``OKONKWO, Adaeze`` lines are family name first. An
organisation's initials (``NIOH``, which APA and MLA let a writer cite) and a title's main
part before its subtitle (``Salt Roads``, the short title MLA and Chicago use) are names too.
"""

from __future__ import annotations

import functools
import html
import re
import sys
import unicodedata
from dataclasses import dataclass, field

from copyhound.model import Document

_WORD = r"[A-ZÀ-Þ][\w'’.\-]*"
_NAME = rf"{_WORD}(?:[ \t]+(?:(?:de|da|del|van|von|la|le|y|of|the|and|for|&)[ \t]+)?{_WORD}){{0,5}}"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
#: Hugo's TOML front matter: ``+++`` lines around ``key = "value"`` and ``key = ["a", "b"]``.
_TOML_MATTER = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)\r?\n\+\+\+[ \t]*(?:\r?\n|\Z)", re.S)
_TOML_LINE = re.compile(r"^([A-Za-z_-]+)[ \t]*=[ \t]*(.+?)[ \t]*$", re.M)
#: Pandoc's title block: ``% Title``, ``% Author One; Author Two``, ``% Date`` opening a file.
_PANDOC_BLOCK = re.compile(r"\A%[ \t]*(.*)\r?\n%[ \t]*(.*)(?:\r?\n%[ \t]*.*)?(?:\r?\n|\Z)")
#: Org-mode ``#+TITLE:`` / ``#+AUTHOR:`` and reStructuredText ``:Author:`` field lines.
_FIELD_LINE = re.compile(
    r"^(?:#\+|:)(title|author|authors|publisher)(?::)?[ \t]*:?[ \t]+(\S.*?)[ \t]*$", re.I | re.M
)
_FM_LINE = re.compile(r"^([A-Za-z_-]+)[ \t]*:[ \t]*(.+?)[ \t]*$", re.M)
#: An e-mail's (or a newsletter's) header block (RFC 5322: ``From:``, ``To:``, ``Date:``,
#: ``Subject:`` lines opening the message): its sender is its author (a person) or its
#: publisher (a list or an organisation), its subject line its title (APA 7 10.x and MLA 9
#: 5.x cite an e-mail by its sender and its subject line).
_EMAIL_HEADER = re.compile(
    r"\A(?:[ \t]*(?:From|To|Cc|Bcc|Date|Sent|Subject|Reply-To)[ \t]*:[^\n]*(?:\r?\n|\Z)){2,}",
    re.I,
)
#: A preprint's server, on the line that says it is a preprint (``Preprint, not peer
#: reviewed. Posted 3 March 2025 to EcoArchive``; ``Posted on SSRN``; ``This article is a
#: preprint ... deposited in bioRxiv``), or an arXiv-family server's stamp (``arXiv:2101.00001v2
#: [cs.CL]``, ``bioRxiv preprint doi: ...``): APA 7 10.8 and MLA 9 cite a preprint with its
#: server as the publisher or container.
_PREPRINT_SERVER = re.compile(
    r"(?im)^(?=[^\n]*\bpre-?print)[^\n]*?\b(?:posted|deposited|submitted|uploaded|published|"
    r"available|archived)\b[^\n]{0,40}?\b(?:to|on|in|at|from)\s+(?:the\s+)?"
    r"(?P<server>[A-Z][\w\-]*(?:[ \t]+[A-Z][\w\-]*){0,2})"
)
_RXIV = re.compile(r"\b(?P<server>(?:[A-Za-z]{2,8})?[Rr][Xx]iv|arXiv|SSRN)(?=[\s:.,;)]|$)")
_EMAIL_FIELD = re.compile(r"^[ \t]*(From|Subject)[ \t]*:[ \t]*(\S.*?)[ \t]*$", re.I | re.M)
#: A YAML key whose value is the block list on the lines below it (``authors:`` then
#: ``  - Maaike van der Berg``), as Jekyll, Hugo, Pandoc and Quarto front matter write it.
_FM_LIST = re.compile(
    r"^([A-Za-z_-]+)[ \t]*:[ \t]*\r?\n((?:[ \t]*-[ \t]+.+(?:\r?\n|\Z)|[ \t]+\S.*(?:\r?\n|\Z))+)",
    re.M,
)
_FM_ITEM = re.compile(r"^([ \t]*)-[ \t]+(?:name[ \t]*:[ \t]*)?(.+?)[ \t]*$", re.M)
_FM_NAME = re.compile(r"^[ \t]+name[ \t]*:[ \t]*(.+?)[ \t]*$", re.M)
_BYLINE = re.compile(
    r"^[ \t>*_]*(?:by|written by|author|authors|words by)[ \t]*:?[ \t]+("
    + _NAME
    + r"(?:(?:,|,? and| &)[ \t]+"
    + _NAME
    + r")*)",
    re.M | re.I,
)
#: A translator's credit in a byline (``translated from the Spanish by X``, ``Trans. X``,
#: ``tr. X``): MLA 9 and CMOS 14.103 credit a translated work to its translator too, so a
#: writer who names the translator credits the source.
_TRANSLATOR = re.compile(
    r"\b(?:[Tt]ranslated(?:[ \t]+from[ \t]+(?:the[ \t]+)?[A-Z]\w+)?[ \t]+by|[Tt]rans\.|[Tt]r\.)"
    r"[ \t]+(" + _NAME + r")"
)
_SOURCE_LINE = re.compile(
    r"^[ \t>*_]*(?:source|publisher|published by|publication|originally published (?:in|by|at|on)|"
    r"first published (?:in|by|at|on)|this (?:article|story|piece) was (?:produced|published) by|"
    r"reprinted from|via)[ \t]*:?[ \t]+\[?(" + _NAME + r")",
    re.M | re.I,
)
#: A transcript's people (``Host: Beatriz dos Santos. Guest: Dmitri Volkov, piano technician.``):
#: an interview or podcast is cited by its host (APA 7, MLA 9 "hosted by") or its guest.
_PERSON = (
    r"(?:[A-ZÀ-Þ]\.|[A-ZÀ-Þ][\w'’\-]*)(?:[ \t]+(?:(?:de|da|das|do|dos|del|della|di|du|van|von|"
    r"der|den|la|le|y|bin|ibn|al|el)[ \t]+)*(?:[A-ZÀ-Þ]\.|[A-ZÀ-Þ][\w'’\-]*)){0,5}"
)
_TRANSCRIPT_ROLE = re.compile(
    r"(?:^|(?<=[.;|(])[ \t]*)[ \t*_]*(?:co-?)?(?:hosts?|guests?|interviewer|interviewee|"
    r"presenters?|moderator|panell?ists?)[*_]*[ \t]*:[*_]*[ \t]+("
    + _PERSON
    + r"(?:(?:,? and| &)[ \t]+"
    + _PERSON
    + r")*)",
    re.M | re.I,
)
#: A wire story's closing credit (Reuters: ``Reporting by Adaeze Nwosu; Additional reporting
#: by Musa Abdullahi in Abuja; Editing by Helen Carstairs``): the reporters wrote the story,
#: the editors did not.
_REPORTING_BY = re.compile(
    r"(?:^|(?<=;)|(?<=\())[ \t]*(?:additional\s+)?(?:reporting|writing|reported|written)\s+by\s+("
    + _PERSON
    + r"(?:(?:,|,? and| &)[ \t]+"
    + _PERSON
    + r")*)",
    re.M | re.I,
)
#: A speaker label opening a turn of a transcript (``**Dmitri Volkov:**``, ``DOS SANTOS:``).
_SPEAKER_LABEL = re.compile(
    r"^[ \t]*[*_]{0,2}(" + _PERSON + r")[ \t]*(?::[*_]{0,2}|[*_]{1,2}:)[ \t]+\S", re.M
)
#: A wire story's dateline (``LAGOS (Reuters) -``, ``NAIROBI, May 3 (AP) —``): AP and
#: Reuters style name the agency, which a writer may cite as the source.
_DATELINE = re.compile(
    r"^[ \t]*[A-ZÀ-Þ][A-ZÀ-Þ .'’-]+(?:,[^()\n]{0,30})?[ \t]+"
    r"\(([A-Z][\w&.]*(?:[ \t]+[A-Z][\w&.]*){0,3})\)[ \t]*[-—–]",
    re.M,
)
_BIO_NAME = re.compile(r"^[ \t]*[*_]{1,2}(" + _NAME + r")[*_]{1,2}[ \t]+(?:is|was)\b", re.M)
_URL = re.compile(
    r"https?://([^\s/)\]>\"']+)[^\s)\]>\"']*|\b((?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|info|news|co\.uk|org\.uk|io))\b",
    re.I,
)
_HEADING = re.compile(r"^[ \t]*#{1,2}[ \t]+(.+?)[ \t#]*$", re.M)
#: An HTML head kept in a text file (a saved page): ``<title>``, ``<meta name=... content=...>``
#: and the tags around them, one per line, before the text.
_HTML_HEAD = re.compile(
    r"\A(?:[ \t]*(?:<!doctype[^>\n]*>|</?(?:html|head)\b[^>\n]*>|<title>[^<\n]*</title>|"
    r"<meta\b[^>\n]*>|<link\b[^>\n]*>)[ \t]*(?:\r?\n|\Z))+",
    re.I,
)
_HTML_TITLE = re.compile(r"<title>([^<\n]*)</title>", re.I)
_HTML_META = re.compile(
    r"<meta\b[^>\n]*?\b(?:name|property)\s*=\s*[\"']([^\"']+)[\"'][^>\n]*?"
    r"\bcontent\s*=\s*[\"']([^\"']*)[\"']",
    re.I,
)
#: Open Graph, Dublin Core and Highwire spellings of the same keys (``og:site_name``).
_META_PREFIX = re.compile(r"^(?:(?:og|article|dc|dcterms|twitter)[:.]|citation_)", re.I)

_FM_TITLE = {"title"}
_FM_AUTHOR = {"author", "authors", "by", "creator", "creators", "writer", "byline", "contributors"}
_FM_PUBLICATION = {
    "publication",
    "publisher",
    "source",
    "site",
    "site_name",
    "journal",
    "journal_title",
    "outlet",
    "container-title",
    "container_title",
    "blog",
    "newspaper",
    "magazine",
    # a podcast's or programme's front matter: the show is cited as the outlet (APA 7 10.13,
    # MLA 9 5.x: an episode's container is its show)
    "show",
    "podcast",
    "programme",
    "program",
}
_FM_URL = {"url", "link", "canonical", "source_url"}
#: Keys naming where a talk or a paper was given and who hosted it (``event: Thursday Evening
#: Lectures, Riverside Institute of Design``; CSL's ``event``/``event-place``-style keys):
#: a lecture is cited by its series and its host institution as a web page by its site (APA
#: 7 10.5 and MLA 9 5.x give the event and the institution). Each named part is an outlet.
_FM_EVENT = {
    # a museum's or gallery's audio guide, exhibition label or tour script: the institution
    # publishes it (MLA 9 5.x: the museum is the container; APA 7 cites the institution as
    # the author of an audio guide or a label)
    "museum",
    "gallery",
    "exhibition",
    "tour",
    "event",
    "event-title",
    "event_title",
    "conference",
    "venue",
    "series",
    "host",
    "institution",
    "organization",
    "organisation",
    "organizer",
    "organiser",
    "sponsor",
}


@dataclass(slots=True)
class SourceNames:
    """What a source is called. Every name is kept as written; ``keys`` are for matching."""

    titles: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    publications: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    #: Short forms a writer may cite instead: a title before its subtitle, an organisation's
    #: initials. Matched only where marked as a title or written as capitalised.
    short_titles: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    #: Where the source's front matter and masthead end: text before it names the source.
    masthead_end: int = 0
    #: The front matter's and masthead's lines, as naming evidence (``judge.naming``).
    masthead_words: list[str] = field(default_factory=list)
    #: Their naming words, worked out once by ``judge.naming.evidence``.
    evidence: frozenset[str] | None = None
    #: Words the source's text writes in lower case: its topic's words (``chalk`` of *On a
    #: Piece of Chalk*), which name the source only weakly.
    lower_words: frozenset[str] = frozenset()
    #: Words the text capitalises inside its sentences: the people and places it writes
    #: about (``Castillo``), which a masthead line (a caption) names as its subject.
    body_proper: frozenset[str] = frozenset()
    #: The offices its author or speaker holds, as the byline or signature gives them, each
    #: with the organisation (``("chair", "Akureyri Tool Library")`` of ``Address by Þórunn
    #: Magnúsdóttir, chair of the Akureyri Tool Library``): a writer may name the person by
    #: the office (``the chair of the Akureyri library said``; APA 7 8.x, MLA 9 6.x signal
    #: phrases describe a speaker by role).
    roles: list[tuple[str, str]] = field(default_factory=list)
    #: The document numbers its opening lines give it (``IAAR 214:2023``, ``BS EN 1176-1``):
    #: a body's other number names another document (``IAAR 213``).
    doc_numbers: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return self.titles + self.authors + self.publications + self.urls

    def surnames(self) -> set[str]:
        """Each author's family name, as citations give it: the last word (``Okafor``), the
        last two (``García Márquez``) and, for names that may be written family name first
        (``Zhang Wei``, ``Nguyễn Thị Minh``), the first word."""
        out: set[str] = set()
        for author in self.authors:
            written = name_key(author).split()
            words = [w for w in written if w not in _PARTICLES]
            if not words or is_organisation(author):
                continue
            # the family name with its particles, as MLA and APA cite it (van der Berg,
            # De La Croix, al-Farsi) and without the first (La Croix)
            first = next((k for k, w in enumerate(written) if k and w in _PARTICLES), None)
            if first is not None and first < len(written) - 1:
                out.add(" ".join(written[first:]))
                out.add(" ".join(written[first + 1 :]))
            out.add(words[-1])
            if len(words) >= 2:
                out.add(" ".join(words[-2:]))
                out.add(words[0])
            if len(words) >= 3 and first is None and len(words[-2]) > 1:
                # a given name and two family names (Spanish and Portuguese usage, CMOS 8.11):
                # the first family name alone (Restrepo of Camila Restrepo Vallejo)
                out.add(words[-2])
        return {s for s in out if len(s) > 1}


#: Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
    }
)


def name_key(name: str) -> str:
    """Lower case, no accents, no possessive, words joined by single spaces."""
    if len(name) <= 200:  # a name: the same few are keyed again for every signal
        return _short_name_key(name)
    return _name_key(name)


@functools.lru_cache(maxsize=65536)
def _short_name_key(name: str) -> str:
    return _name_key(name)


def _name_key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSED))
    if not name.isascii():  # ASCII has no combining marks
        name = _combining_marks().sub("", name)
    name = name.lower()
    name = re.sub(r"['’]s\b", "", name)
    return " ".join(re.findall(r"[a-z0-9]+", name))


@functools.cache
def _combining_marks() -> re.Pattern[str]:
    """Every character with a combining class (what ``unicodedata.combining`` is true for)."""
    marks = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))]
    return re.compile("[" + "".join(re.escape(c) for c in marks) + "]")


def _clean(value: str) -> str:
    value = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", value)  # [text](link) -> text
    value = value.strip().strip("*_\"'“”‘’#").strip()
    return value.rstrip(".,;:")


def _split_names(value: str) -> list[str]:
    parts = re.split(r"(?i),\s*(?:and\s+)?|\s+and\s+|\s*&\s*|;\s*", value)
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


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_MONTHS = _wordset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december spring summer autumn fall winter"
)
#: Words that make a name an organisation's (a publisher, an outlet, an institution).
_ORGANISATION_WORDS = _wordset(
    "press books publishing publishers publications review journal weekly daily monthly "
    "quarterly times news magazine post herald tribune gazette bulletin letters courier "
    "chronicle observer ledger dispatch sentinel examiner inquirer advertiser supplement "
    "proceedings today institute institution university college school society "
    "association foundation network group department agency council office centre "
    "center ministry bank organization organisation commission committee company inc court "
    "congress senate parliament "
    "ltd llc plc llp gmbh corporation trust fund library museum observatory laboratory lab "
    "service services board bureau authority wikipedia blog radio television tv media "
    "broadcasting report reports world international national federal notes"
)
#: Words of a role after a name (``Nguyễn Thị Minh, Staff Writer``).
_ROLE_WORDS = _wordset(
    "staff writer writers editor editors correspondent correspondents reporter reporters "
    "columnist contributor contributing senior chief deputy associate assistant managing "
    "science political foreign special guest freelance professor lecturer researcher "
    "student phd dr director fellow author authors photographer photos illustrations "
    "by and with translated translator host producer analyst curator keeper conservator "
    "archivist historian critic"
)
#: Offices a person holds in an organisation, named in a byline or a signature (``chair of
#: the X``, ``Coordinator, X``).
OFFICES = (
    r"(?:(?:vice|deputy|co|executive|managing|general|honorary|acting)[ \t-]+)?"
    r"(?:chair|chairman|chairwoman|chairperson|president|director|coordinator|co-ordinator|"
    r"secretary|treasurer|manager|head|chief executive|founder|convenor|convener|organiser|"
    r"organizer|curator|librarian|leader|spokesperson|spokesman|spokeswoman|mayor|governor|"
    r"principal|dean|trustee|warden|clerk)"
)
_ORG_NAME = r"[A-ZÀ-Þ][\w'’\-]*(?:[ \t]+(?:(?:of|for|and|on|the|&)[ \t]+)*[A-ZÀ-Þ][\w'’\-]*){0,6}"
_OFFICE_OF = re.compile(
    rf"(?:^|,[ \t]*|\b(?:as|is|was)[ \t]+)(?:the[ \t]+)?(?P<role>(?i:{OFFICES}))[ \t]+"
    rf"(?:of|at|for)[ \t]+(?:the[ \t]+)?(?P<org>{_ORG_NAME})",
    re.M,
)
#: A signature's office line: ``Coordinator, Ferncliff Seed Library``.
_OFFICE_LINE = re.compile(
    rf"^[ \t*_]*(?P<role>(?i:{OFFICES}))[ \t]*,[ \t]*(?:the[ \t]+)?(?P<org>{_ORG_NAME})[ \t*_.]*$",
    re.M,
)
#: Roles that end a beat's title (``Transport Correspondent``, ``Science Editor``).
_ROLE_NOUNS = _wordset(
    "correspondent correspondents editor editors writer reporter columnist contributor critic "
    "photographer"
)
#: Letters after a name: degrees, honours, ``Jr.``; dotted initials alone (``M.D.``, ``D.P.H.``).
_POSTNOMINAL = re.compile(
    r"(?:[A-Za-z]{1,3}\.){1,4}[A-Za-z]{0,3}|(?i:phd|dphil|md|mba|msc|bsc|ba|ma|frs|frcp|obe|mbe|cbe|kbe|"
    r"jr\.?|sr\.?|esq\.?|rn|llb|llm|mph|dph)"
)
_DATE_WORDS = _wordset("on updated published posted last modified first issued revised date")
_PARTICLES = _wordset("de da del della der di du la le van von y bin ibn al el dos das ap ab")
#: A surname joined to its lowercase particle: ``al-Rashid``, ``d'Almeida``, ``el-Amin``.
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|bin|ibn|d|l|di|da|de)[-'’][A-ZÀ-Þ]")
_FUNCTION = _wordset("of the for and on in at to a an &")
_SEPARATORS = re.compile(r"\s*(?:[,;·|•]|\s[—–-]\s|—|–)\s*")
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:posted|published|filed|updated)\s+(?:on\s+)?(?=[^|•·]*\d)[^|•·]{3,40}?\s+by\b:?\s*)"
    r"|^(?:(?:posted|written|reported|reporting|additional reporting|words|text|story|edited|"
    r"compiled|interview|entry|essay|"
    r"article|review|notes?|catalogue entry|commentary|hosted|presented|narrated)\s+)?by\b:?\s*"
    r"|^(?:hosts?|presenters?|hosted by|presented by)\b:?\s*"
    r"|^(?:authors?|byline|writer)\s*:\s*"
    # "A report by the Council for ...", "A policy brief from ...": a work and its author
    r"|^(?:an?\s+|the\s+)?(?:[a-z]+\s+)?(?:report|study|brief|briefing|paper|review|survey|"
    r"guide|guidance|factsheet|fact sheet|statement|analysis|publication|essay|article)"
    r"\s+(?:by|from|of)\s+"
    # "A column by Wren", "A weekly column by X", "An editorial by", "A sermon by": a work's
    # kind and its writer (only "by": "a letter to" names the addressee, "a lecture of" no one)
    r"|^(?:an?\s+|the\s+)?(?:[a-z]+\s+)?(?:column|editorial|commentary|opinion|feature|"
    r"memoir|sermon|lecture|talk|speech|address|letter|poem|story|piece|post|blog post|"
    r"newsletter|dispatch|diary|journal|chapter|interview|profile)\s+by\s+",
    re.I,
)
#: Credits for other work on the page than the text (``Photos by X``, ``Illustration: Y``).
_OTHER_CREDIT = re.compile(
    r"^(?:photos?|photographs?|photography|images?|pictures?|illustrations?|illustrated|"
    r"artwork|graphics?|maps?|video|design|cover|editing)\b"
    r"(?:\s+by\b|\s*:)",
    re.I,
)
#: Label lines of a blog or catalogue page, not names: ``Tags: cities, pollinators``.
_LABEL_LINE = re.compile(
    r"^(?:tags?|tagged|categor(?:y|ies)|filed under|topics?|keywords?|subjects?|share|"
    r"reading time|read time|corresponding author|correspondence|e-?mail|orcid|doi|received|"
    r"accepted|keywords)\b\s*:?",
    re.I,
)
#: The header of an e-text (Project Gutenberg, Wikisource, archive transcriptions): one
#: ``Field: value`` a line, read wherever it sits in the opening of the file.
_ETEXT_FIELD = re.compile(
    r"^[ \t]*(title|author|authors|editor|editors|translator|translated by)[ \t]*:"
    r"[ \t]+(\S.*?)[ \t]*$",
    re.I | re.M,
)
_HEADER_LINE = re.compile(
    r"^(?:title|authors?|editors?|translators?|translated by|release date|posting date|"
    r"last updated|most recently updated|language|character set encoding|credits|"
    r"produced by|transcribed by|e-?text prepared by|original publication)\s*:"
    r"|^\*{3}\s*(?:start|end) of\b",
    re.I,
)
#: ``The Project Gutenberg eBook of Walden, by Henry David Thoreau``: a title, an author.
_ETEXT_OF = re.compile(
    r"^[ \t]*The Project Gutenberg e-?(?:book|text) of[ \t]+(.+?)(?:,[ \t]+by[ \t]+(.+?))?[ \t]*$",
    re.I | re.M,
)
_HONORIFIC = re.compile(
    r"^(?:dr|prof|professor|mr|mrs|ms|mx|sir|dame|rev|revd)\.?\s+(?=[A-Z])", re.I
)
#: ``From: *Book Title* (Publisher, 2021), pp. 45-67``: the chapter's book.
_FROM_BOOK = re.compile(
    r"^(?:from|excerpted from|extracted from|adapted from|reprinted from|in)\s*:\s*(.+)$"
    r"|^(?:excerpted|extracted|adapted|reprinted)\s+from\s+(.+)$"
    # a masthead's "From Essays, or Counsels Civil and Moral (1625)" or "From Letters from
    # the Sierra, by X": the book it is part of, with its year or its author (a site's
    # tagline "From Wikipedia, the free encyclopedia" has neither)
    r"|^from\s+(?=(?-i:[A-Z]))(.+?(?:\([^()]*\d{4}\)|,?\s+by\s+.+))\s*$"
    # a chapter's book as Chicago 14.107 and APA 10.3 give it under the chapter: "In *Cities
    # of Water*, edited by X and Y (Leiden: Press, 2019), pp. 112-131", "In X (Ed.), *Book*"
    r"|^in\s+(?=[*_“\"]|(?-i:[A-Z]))(.+?(?:,?\s+(?:edited|ed\.|eds\.|compiled)\s+by\s+.+"
    r"|\((?:eds?|editors?)\.?\),?\s+.+))\s*$",
    re.I,
)
_PUBLISHED_BY = re.compile(
    # "Report prepared by the Northern Rivers Water Quality Council": a group author (APA 9.11)
    r"^(?:(?:an?\s+|this\s+)?(?:report|paper|brief|study|guide|document|briefing|review)\s+)?"
    r"(?:published|produced|issued|prepared|compiled|commissioned|maintained|curated)\s+by\s+"
    r"|^(?:publisher|published in)\s*:?\s+",
    re.I,
)
#: ``Chapter 3 of *Book*``, ``Chapter 3: Title, in *Book*``: the book after the chapter's
#: place, or after its title and a comma or dash; not an ``of`` inside the chapter's own
#: title (``Chapter 6. Water Below the Street: The Stepwells of Gujarat``).
_CHAPTER_OF = re.compile(
    r"^(?:chapter|ch\.|part|section)\s+[\w.]+\s*(?:[:.,—–-]\s*.*?(?:,|\s[—–-]|[—–])\s*)?"
    r"(?:of|from|in)\s+(.+)$",
    re.I,
)
_FAMILY_FIRST = re.compile(
    r"^\s*([A-ZÀ-ÞĀ-Ỹ][A-ZÀ-ÞĀ-Ỹ'’\-]+(?:\s[A-ZÀ-ÞĀ-Ỹ][A-ZÀ-ÞĀ-Ỹ'’\-]+)*),\s*"
    r"([A-ZÀ-ÞĀ-Ỹ][\w'’.\-]*(?:\s+[A-ZÀ-ÞĀ-Ỹ][\w'’.\-]*)*)\s*$"
)
_EPISODE_OF = re.compile(
    r"^(?:episode|ep\.|show|programme|program)\s+[\w.]+\s+(?:of|from)\s+(.+)$", re.I
)
#: A podcast or programme heading: the show, its episode number, the episode's title.
_SHOW_EPISODE = re.compile(r"^(.+?),?\s+(?:episode|ep\.?)\s*#?\d+\s*[:.—–-]\s+(\S.*)$", re.I)
_CASE_NAME = re.compile(r"^[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)*\s+v\.?\s+[A-Z]")
#: A law report citation: volume, reporter, first page (``347 U.S. 483``, ``[1932] AC 562``).
_REPORTER = re.compile(r"^(?:\d{1,4}|\[\d{4}\])\s+[A-Z][\w.]*(?:\s+[\w.]+)?\s+\d{1,5}\b")
#: ``MR. CHIEF JUSTICE WARREN delivered the opinion of the Court.``; ``KAGAN, J., delivered``.
_OPINION_BY = re.compile(
    r"^(?:(?:mr|mrs|ms)\.?\s+)?(?:(?:chief\s+)?justice\s+|judge\s+)?([A-ZÀ-Þ][\w'’.\- ]*?)"
    r"(?:,\s*(?:c\.\s*)?j\.,?)?\s+delivered the (?:opinion|judgment)\b",
    re.I,
)
#: The line of a tribunal's or court's decision that names the judge who decided it
#: (``Tribunal Judge Yusuf ibn Tariq, sitting with ...``, ``Before: District Judge A. Moss``,
#: ``Employment Judge Sarah Okafor``): the decision's author, as OSCOLA and the Bluebook cite
#: a judgment by its judge as well as its case name.
_JUDGE_LINE = re.compile(
    r"^[ \t]*(?:before:?\s+)?(?:(?:tribunal|district|circuit|employment|immigration|deputy|"
    r"county\s+court|senior|principal|upper\s+tribunal|first-tier\s+tribunal|his\s+honour|"
    r"her\s+honour)\s+)*judge\s+((?-i:[A-ZÀ-Þ])[\w'’.\-]*(?:\s+[\w'’.\-]+){1,4}?)"
    r"(?=\s*(?:,|\(|$|\s+(?:sitting|presiding|and|with)\b))",
    re.I | re.M,
)
_ACRONYM = re.compile(r"\(([A-Z][A-Z&]{1,9})\)")
#: A pen name and the real name behind it, as a byline or author's note gives them (MLA 9
#: 5.8, APA 7 9.8, CMOS 14.80 cite by either): ``Wren is the pen name of Hilary Osei-Bamford``,
#: ``Publius (pseudonym of James Madison)``, ``George Eliot, the pen name of Mary Ann Evans``,
#: ``Mary Ann Evans, writing as George Eliot``, ``real name: Eric Blair``.
_PEN_NAME = re.compile(
    r"\b(?:(?:is|was)\s+)?(?:the|a)\s+(?:pen[- ]?name|pseudonym|nom de plume|nom de guerre)\s+"
    r"(?:of|for|used by|adopted by)\s+((?-i:" + _NAME + r"))"
    r"|\b(?:pen[- ]?name|pseudonym)\s+(?:of|for)\s+((?-i:" + _NAME + r"))"
    r"|\breal name:?\s+(?:is\s+|was\s+)?((?-i:" + _NAME + r"))"
    # the real name first: "Eric Blair, writing as George Orwell"
    r"|((?-i:" + _NAME + r")),?\s+(?:writing|who wrote|publishing)\s+"
    r"(?:under the (?:pen[- ]?)?name\s+|as\s+)(?-i:(?=[A-ZÀ-Þ]))"
    r"|\b(?:(?:pen[- ]?name|pseudonym|nom de plume)s?:?)\s+((?-i:" + _NAME + r"))",
    re.I,
)


#: A line that opens with a front-matter cue is a credit, however long or full-stopped.
_CREDIT_CUE = re.compile(
    r"^(?:[—–-]+\s*)?(?:(?:excerpted|extracted|adapted|reprinted)\s+from\b|transcript\s*:|"
    r"(?:entry|essay|text|notes?|article|story|review)\s+by\b|(?:reported|written)\s+by\b|"
    r"by\s+(?:the\s+)?(?-i:[A-Z])|"
    r"(?:title|author|editor|translator|release date|language)\s*:|"
    # a chapter's book line: "In *Book*, edited by ...", "In M. Berg (Ed.), *Book*"
    r"in\s+[^\n]{2,160}?(?:,?\s+(?:edited|ed\.|eds\.|compiled)\s+by\s|\((?:eds?|editors?)\.?\)))",
    re.I,
)


def _is_prose(line: str) -> bool:
    """A line of running text: the masthead ends before it."""
    words = line.split()
    if (_CREDIT_CUE.match(line) or _OPINION_BY.match(line)) and len(words) < 30:
        return False
    dates = sum(name_key(w) in _MONTHS or name_key(w).isdigit() for w in words)
    if dates * 5 >= len(words) * 2 and len(words) < 30:
        return False  # "Argued December 9, 1952. Decided May 17, 1954.": a line of dates
    ends_sentence = line.rstrip("*_ ").endswith((".", "!", "?", ".”", '."'))
    return len(words) >= 25 or (len(words) >= 10 and ends_sentence)


def _markup_free(line: str) -> str:
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"^[ \t]*(?:#{1,6}|>|[-*+][ \t]|[—–]+)[ \t]*", "", line)
    return line.replace("**", "").replace("*", "").replace("__", "").strip().strip("_").strip()


def _is_date_or_number(part: str) -> bool:
    words = name_key(part).split()
    if not words:
        return True
    if re.match(r"(?i)^(?:vol|no|pp?|issue|ed|edn|doi|isbn|issn)\b\.?", part.strip()):
        return True
    label = r"(?i)\b(?:no|nos|nr|vol|number|episode|ep)\.?\s*[\d.\-]+$"
    if re.fullmatch(
        r"(?i)(?:chapter|ch|part|section|book|canto|act|scene|letter)\.?\s+[\w.]+"
        r"(?:\s*\([^()]*\))?",  # "Chapter II (excerpt)"
        part,
    ):
        return True  # "Chapter 1": a place in the work, not its name
    if len(words) <= 4 and re.search(label, part):
        return True  # "Catalogue no. 47": a label and its number
    return all(w.isdigit() or w in _MONTHS or w in _DATE_WORDS for w in words)


def is_organisation(name: str) -> bool:
    """Named like an organisation: its head word (``Harbour Press``, ``Journal of X``,
    ``National Institute for ...``) is an organisation word."""
    words = name_key(name).split()
    if words[:1] == ["the"]:
        words = words[1:]
    head = words[words.index("of") - 1] if "of" in words[1:] else ""
    return bool(words) and (
        words[-1] in _ORGANISATION_WORDS
        or words[0] in _ORGANISATION_WORDS
        or head in _ORGANISATION_WORDS  # Supreme Court of the United States
    )


def _is_person(name: str) -> bool:
    """Shaped like a person's name: two to five capitalised words, particles allowed."""
    words = name.split()
    if not 2 <= len(words) <= 5 or is_organisation(name):
        return False
    if words[0].lower() in _FUNCTION or _is_role(name):
        return False
    if all(len(w) > 1 and w.isupper() for w in words):
        return False  # KEY FINDINGS: a heading in capitals
    return all(
        w[:1].isupper()
        or w.lower() in _PARTICLES
        or re.fullmatch(r"[A-Z]\.", w)
        or _PARTICLE_PREFIX.match(w)
        for w in words
    ) and not any(w in _FUNCTION for w in words)  # "An" of Nguyễn Văn An is a name


def _caps_name(name: str) -> str:
    """``HORACE T. WEEKS`` -> ``Horace T. Weeks``: a byline set in capitals."""
    if not name.isupper():
        return name
    return " ".join(w if re.fullmatch(r"[A-Z]\.", w) else w.capitalize() for w in name.split())


#: A single capitalised word that a byline gives as the whole name (a pen name, a mononym).
_ONE_NAME = re.compile(r"[A-ZÀ-Þ][\w'’\-]{2,}")
_COMPANY_SUFFIXES = _wordset("plc llc ltd inc llp gmbh co")


#: A page's or a document's closing copyright line (``© 2024 Skyline Kite Notes. All rights
#: reserved.``): its holder is the site or body that publishes the text, as a web page with no
#: author is cited by its site (APA 7 9.7, MLA 9 5.x).
_COPYRIGHT_LINE = re.compile(
    r"^[ \t]*(?:©|\(c\)|copyright\b\s*©?)[ \t]*(?:\d{4}(?:\s*[-–]\s*\d{2,4})?,?[ \t]+)?"
    r"([^\n]{3,60}?)[ \t]*(?:[.,]\s*all rights reserved\.?)?[ \t.]*$",
    re.M | re.I,
)


def _name_shaped(part: str) -> bool:
    """Every content word capitalised (``Harbour City Museum of Decorative Arts``): a name,
    not a description (``Lacquer on wood``, ``Edo period``)."""
    words = re.findall(r"[^\s()]+", part)
    return bool(words) and all(
        w[:1].isupper()
        or w[:1].isdigit()
        or w.lower() in _FUNCTION
        or w.lower() in _PARTICLES
        or w.lower().rstrip(".") in _COMPANY_SUFFIXES  # Vertica Lift Systems plc
        for w in words
    )


def _is_role(part: str) -> bool:
    """``Staff Writer``; a role with its place (``Professor of Entomology at Lowmoor
    University``, ``Editor at Large``) is the writer's affiliation, not the source's name;
    a beat and its role (``Transport Correspondent``) and degrees after a name (``M.D.``,
    ``PhD``) are too."""
    words = name_key(part).split()
    if not words:
        return False
    if _POSTNOMINAL.fullmatch(part.strip()):
        return True
    if part[:1].islower() or all(w in _ROLE_WORDS for w in words):
        return True
    if len(words) <= 3 and words[-1] in _ROLE_NOUNS:
        return True
    return words[0] in _ROLE_WORDS and any(w in ("of", "at", "in", "for") for w in words[1:4])


def _strip_date_tail(part: str) -> str:
    """``Ingrid Halvorsen on 2 July 2023`` -> ``Ingrid Halvorsen``."""
    return re.split(r"\s+(?:on|in|at|updated|published)\s+(?=\S*\d|\w+\s+\d)", part, maxsplit=1)[0]


def _add_name(
    part: str, names: SourceNames, *, author_first: bool = False, italic: bool = False
) -> None:
    """Add one part of a masthead line: a person's name is an author, anything longer an
    outlet; a part the source sets in italics is a work's title (``*The Fenland Courier*``)
    and never a person."""
    part = _clean(_strip_date_tail(_clean(part)))
    if _OTHER_CREDIT.match(part) or _LABEL_LINE.match(part):
        return  # "Photos by Lena Marquardt": a credit for the pictures, not the text
    if m := _BYLINE_PREFIX.match(part):
        part, author_first = part[m.end() :], True
        people = re.split(r"(?i)\s+(?:and|&)\s+", part)
        if len(people) > 1:
            for person in people:
                _add_name(person, names, author_first=True)
            return
    pair = re.split(r"(?i)\s+(?:and|&)\s+", part)
    if len(pair) > 1 and all(_is_person(_caps_name(p)) for p in pair):
        for person in pair:  # "Jane Doe and John Roe | Reuters": two writers
            _add_name(person, names, author_first=True)
        return
    # "Amara Ngũgĩ for The Lakeshore Ledger": a writer and the outlet they wrote for
    if (m := re.match(r"(.+?)\s+(?:for|at|of)\s+((?:the\s+)?[A-Z].+)$", part)) and _is_person(
        _HONORIFIC.sub("", m.group(1))
    ):
        _add_name(m.group(1), names, author_first=True)
        _add_name(m.group(2), names)
        return
    part = re.sub(r"\s*\([^)]*\)\s*$", "", _HONORIFIC.sub("", part)).strip()
    if not author_first or re.match(r"(?i)the\s+[A-Z]", part) and is_organisation(part):
        part = re.sub(r"^(?:the|a)\s+(?=[A-Z])", "", part, flags=re.I)
    if author_first:
        part = _caps_name(part)
    if press := _PRESS_ROLE.match(part):
        part = press.group(1)  # "Special Correspondent of The Tidewater Herald": the outlet
    part = re.sub(r"^from\s+(?=[A-Z])", "", part, flags=re.I)  # From Wikipedia, ...
    if not part or _is_date_or_number(part) or _is_role(part):
        return
    if italic and len(part.split()) >= 1:
        names.publications.append(part)
    elif _is_person(part):
        names.authors.append(part)
    elif (len(part.split()) >= 2 or is_organisation(part)) and _name_shaped(part):
        names.publications.append(part)


#: A press role and the outlet it is held at: the outlet is the source's publication.
_PRESS_ROLE = re.compile(
    r"^(?:(?:special|staff|foreign|chief|senior|political|science|our|own)\s+)*"
    r"(?:correspondent|reporter|writer|columnist|editor|contributor|critic)\s+"
    r"(?:of|for|at|to)\s+(?:the\s+)?([A-Z].+)$",
    re.I,
)


def _family_first(line: str) -> list[str] | None:
    """``OKONKWO, Adaeze; PETERSEN, Lars`` -> ``["Adaeze Okonkwo", "Lars Petersen"]``."""
    out = []
    for part in re.split(r"\s*;\s*|\s+(?:and|&)\s+", line):
        m = _FAMILY_FIRST.match(part)
        if not m:
            return None
        out.append(f"{m.group(2)} {m.group(1).title()}")
    return out


def _book_credit(book: str, names: SourceNames) -> str:
    """The book of a ``Chapter 4 of <Book>, by <Author> (<Publisher>, <year>)`` or ``From:
    <Book> (<Publisher>), pp. 45-67`` line: its title, returned; its authors and publisher,
    added to ``names`` (a book's title, then ``by`` and its authors, then where and when)."""
    book = re.split(
        r"\.\s+(?=(?:copyright|all rights|used with|reprinted|©))|\s*©",
        book,
        maxsplit=1,
        flags=re.I,
    )[0]
    # APA 10.3's "M. Berg & T. Ruiz (Eds.), *Book*": the editors before the book
    if edited := re.match(r"^.{2,160}?\((?:eds?|editors?)\.?\),?\s+", book, flags=re.I):
        # then "Title (pp. 45–67). Publisher." (the title up to its pages)
        book = book[edited.end() :]
        if pages := re.search(r"\s*\((?:pp?\.|vol\.)[^()]*\)\.?\s*", book):
            for part in _SEPARATORS.split(book[pages.end() :].strip(" .")):
                if part:
                    _add_name(part, names)
            book = book[: pages.start()]
    # a book set in italics is its title; what follows is where and when (APA 10.3's
    # "*Book* (pp. 45–67). Northfield Press.")
    if marked := re.match(r"[*_]{1,2}([^*_\n]{2,200}?)[*_]{1,2}(.*)$", book.strip()):
        for part in _SEPARATORS.split(re.sub(r"\([^()]*\)", "", marked.group(2))):
            part = part.strip(" .")
            if part and not re.match(r"(?i)(?:edited|ed\.|eds\.|compiled)\s+by\b", part):
                _add_name(re.sub(r"^[^:]{2,30}:\s+", "", part), names)
        inside = re.findall(r"\(([^()]*)\)", marked.group(2))
        for part in (p for paren in inside for p in _SEPARATORS.split(paren)):
            _add_name(re.sub(r"^[^:]{2,30}:\s+", "", part), names)
        return _clean(marked.group(1))
    inside = re.findall(r"\(([^()]*)\)", book)
    book = re.sub(r"\s*\([^()]*\)", "", book)
    # the book's editors (Chicago 14.107 "edited by"): they name the book, not the chapter's
    # author; their names stay in the masthead's words (naming evidence) only
    book = re.split(r",?\s+(?:edited|ed\.|eds\.|compiled)\s+by\s+", book, maxsplit=1, flags=re.I)[0]
    if by := re.search(r",?\s+by\s+(?=[A-ZÀ-Þ])", book):
        for person in re.split(r"\s*[,;]\s*(?:and\s+)?|\s+(?:and|&)\s+", book[by.end() :]):
            _add_name(person, names, author_first=True)
        book = book[: by.start()]
    for part in (p for paren in inside for p in _SEPARATORS.split(paren)):
        _add_name(re.sub(r"^[^:]{2,30}:\s+", "", part), names)  # Leiden: Harbour Press
    return _clean(re.split(r",\s*pp?\.", book, maxsplit=1)[0])


#: A report's series and number, which cites it as a title does (``Technical Brief No. 12``,
#: ``Working Paper 2021/3``, ``Policy Brief 14``): a kind of document, then its number.
_SERIES_NUMBER = re.compile(
    r"(?:[A-Z][\w-]*\s+){0,3}(?:[Bb]rief|[Rr]eport|[Pp]aper|[Bb]ulletin|[Cc]ircular|[Nn]ote|"
    r"[Ll]eaflet|[Ff]actsheet|[Mm]emorandum|[Pp]amphlet|[Gg]uidance|[Ss]tandard|[Ss]eries)\s+"
    r"(?:[Nn]o\.?|[Nn]umber|#)?\s*(?:[A-Z]{1,4}-?)?(?:[A-Z]{1,4}-)*\d[\w./-]*"
)


#: Affiliation and correspondence marks on an author line (``Ana Ruiz¹,²``, ``Bo Lind2*``,
#: ``† Lund University``): a paper's way of pointing names to affiliations, not part of them.
_AFFILIATION_MARK = re.compile(
    r"(?<=[^\W\d_])(?:[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§]+|\d{1,2}(?:,\d{1,2})*\*?)(?=[\s,;&]|$)"
    r"|(?<![^\s,;])[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§]+[ \t]*"
)


#: The closing of a letter or a report addressed to someone (``Yours faithfully,``, ``Your
#: obedient Servant,``, ``Sincerely,``): the lines after it are the writer's signature.
_VALEDICTION = re.compile(
    r"^[ \t]*(?:(?:yours|your)\b[^\n]{0,30}|(?:very\s+)?(?:sincerely|respectfully|faithfully|"
    r"truly|cordially)(?:\s+yours)?|(?:with\s+)?(?:kind(?:est)?\s+|best\s+)?regards|"
    r"with\s+(?:best|warm)\s+wishes|(?:with\s+|many\s+)?thanks|best\s+wishes|all\s+the\s+best|"
    r"warmly|cheers)[,.!]?[ \t]*\r?\n",
    re.I | re.M,
)


def _signature(tail: str) -> list[str]:
    """The person who signs the end of ``tail`` after a valediction (``Your obedient
    Servant,`` / ``HENRY J. ALDERTON.``; ``Sincerely,`` / ``Dr. Amina Diallo`` / ``Director``)."""
    found = list(_VALEDICTION.finditer(tail))
    if not found:
        return []
    lines = [ln.strip() for ln in tail[found[-1].end() :].splitlines() if ln.strip()]
    if not lines or len(lines) > 4:
        return []
    first = re.split(r",\s*", _markup_free(lines[0]).rstrip("."))[0]
    name = _caps_name(_HONORIFIC.sub("", first.strip()))
    return [name] if _is_person(name) else []


def _speakers(body: str) -> list[str]:
    """The people whose turns a transcript labels (``**Name:** text``): a name that opens
    at least two lines is a speaker, and a transcript is cited by its speakers."""
    counts: dict[str, int] = {}
    for m in _SPEAKER_LABEL.finditer(body):
        name = _caps_name(m.group(1).strip())
        if _is_person(name):
            counts[name] = counts.get(name, 0) + 1
    return [name for name, n in counts.items() if n >= 2]


#: A question of a Q&A interview on a line of its own: set in bold (``**How did you
#: start?**``) or labelled (``Q: ...``, ``Question: ...``).
_QA_QUESTION = re.compile(
    r"^[ \t]*(?:(?:\*\*|__)[^*_\n]{3,300}\?[ \t]*(?:\*\*|__)|(?:Q|Question)[ \t]*[:.][ \t]+\S)",
    re.M,
)
_OPENERS = _FUNCTION | _wordset("she he they it this")
_INTRO_PERSON = re.compile(r"(?<![\w'’])(" + _PERSON + r")(?![\w'’])")


def _interviewees(body: str, masthead_end: int, authors: list[str]) -> list[str]:
    """The person a Q&A interview answers through (APA 7 10.x and MLA 9 cite a published
    interview by the interviewee too): in a text of two or more question lines, the
    first person the text before the first question names, other than its writers
    (``Marisol Quintero Zárate has interpreted ... She spoke to Jonas von Hagen``)."""
    questions = list(_QA_QUESTION.finditer(body, masthead_end))
    if len(questions) < 2:
        return []
    intro = body[masthead_end : questions[0].start()]
    writers = {name_key(a) for a in authors}
    for m in _INTRO_PERSON.finditer(intro):
        name = _clean(m.group(1))
        words = name.split()
        # a sentence's first word is not part of the name after it ("She spoke to ...")
        while words and (
            name_key(words[0]) in _OPENERS
            or name_key(words[0]) in _ROLE_WORDS  # "Professor Tomasz Wierzbicki"
        ):
            words.pop(0)
        name = " ".join(words)
        if _is_person(name) and name_key(name) not in writers:
            return [name]  # the first named: a standfirst introduces its interviewee first
    return []


#: A part of an institution that issues its releases (not ``Press``: a university's press is
#: a publisher in its own right).
_OFFICES = _wordset("office department division school faculty unit bureau")


def _parent_body(name: str) -> str | None:
    """The institution of one of its offices (``Northshore University Office of
    Communications`` -> ``Northshore University``): a release is credited to either."""
    words = name.split()
    for k in range(1, len(words) - 1):
        if name_key(words[k]) in _ORGANISATION_WORDS and name_key(words[k + 1]) in _OFFICES:
            parent = " ".join(words[: k + 1])
            return parent if _name_shaped(parent) else None
    return None


def _read_masthead(body: str, names: SourceNames) -> tuple[list[str], int]:
    """Names from the short lines above the first paragraph: the titles found, and where in
    ``body`` the masthead ends."""
    titles: list[str] = []
    lines: list[tuple[str, bool, str]] = []
    pos = end = 0
    for raw in body[:4000].splitlines(keepends=True):
        pos += len(raw)
        if not raw.strip():
            continue
        if _FIELD_LINE.match(raw.strip()) or re.fullmatch(r"[=\-~^*+#]{3,}", raw.strip()):
            end = pos  # #+AUTHOR: / :Author: fields (read with the metadata), an underline
            continue
        plain = _AFFILIATION_MARK.sub("", _markup_free(raw)).strip()
        if _PUBLISHED_BY.match(plain) and _is_prose(plain):
            # "Maintained by the X Lab. Released under CC BY 4.0.": the body's sentence, and
            # the masthead ends with it
            lines.append((re.split(r"(?<=\w{3})\.\s+(?=[A-Z])", plain)[0], False, raw))
            end = pos
            break
        if _is_prose(plain) or len(lines) >= 12:
            break
        if (
            plain.isupper()
            and re.search(r"[A-Z]{3}", plain)  # not "347 U.S. 483": a citation, no heading
            and not _FAMILY_FIRST.match(plain.split(";")[0])
        ):
            if re.match(r"(?i)(?:(?:written|edited|compiled)\s+)?by\s", plain) and lines:
                lines.append((plain, False, raw))  # BY HENRY J. ALDERTON, M.D.
                end = pos
                continue
            # a short capitals line opens the body (ABSTRACT), unless it is the first line
            # and a title of two words or more (THANKSGIVING PROCLAMATION, OF STUDIES)
            if any(not line.isupper() for line, _, _ in lines) or len(plain.split()) < (
                2 if not lines else 4
            ):
                break  # ABSTRACT, KEY FINDINGS: the body has begun
            lines.append((plain, True, raw))  # a title set in capitals: the opening lines
            end = pos
            continue
        lines.append((plain, raw.lstrip().startswith("#"), raw))
        end = pos
    # A title line, then a lone name line under it (the byline): the first line is the title
    # even when a comma joins its parts ("On Liberty, Chapter II: Of the Liberty of ...",
    # "Narrative of the Life of Frederick Douglass, an American Slave").
    first_title = (
        len(lines) > 1
        and not lines[0][1]
        and _SEPARATORS.search(lines[0][0]) is not None
        and not _is_person(lines[0][0])
        and not _BYLINE_PREFIX.match(lines[0][0])
        and not _is_date_or_number(lines[0][0])
        and not (_CHAPTER_OF.match(lines[0][0]) or _FROM_BOOK.match(lines[0][0]))
        # "Mekong Weekly — 3 August 2020": an outlet and a date, not a title
        and not any(
            _is_date_or_number(p) or is_organisation(p) for p in _SEPARATORS.split(lines[0][0])
        )
        and any(_is_person(_clean(re.sub(r"\s*\([^()]*\)", "", ln))) for ln, _, _ in lines[1:4])
    )
    bylined = False
    for line, heading, raw in lines:
        for acronym in _ACRONYM.findall(line):
            names.acronyms.append(acronym)
        if not line or _LABEL_LINE.match(line) or _HEADER_LINE.match(line) or _ETEXT_OF.match(line):
            continue
        if first_title and raw is lines[0][2]:
            titles.append(_clean(line))
            continue
        line = re.sub(r"(?i)^(?:transcript|podcast|episode|programme|program)\s*:\s*", "", line)
        if m := _EPISODE_OF.match(line):
            # "Episode 14 of Stops and Bellows, hosts A and B": the show, then its hosts
            parts = _SEPARATORS.split(m.group(1))
            titles.append(_clean(parts[0]))
            for part in parts[1:]:
                _add_name(part, names)
            continue
        if m := _CHAPTER_OF.match(line) or _FROM_BOOK.match(line):
            titles.append(_book_credit(next(g for g in m.groups() if g), names))
            continue
        if _SERIES_NUMBER.fullmatch(line):
            names.short_titles.append(line)  # Technical Brief No. 12: cited as a title
            continue
        if _is_date_or_number(line):
            continue
        if heading and lines[0][2] is raw and line.isupper() and is_organisation(line):
            _add_name(line.title(), names)  # SUPREME COURT OF THE UNITED STATES: the issuer
            continue
        if _CASE_NAME.match(line):
            titles.append(_clean(line))  # Brown v. Board of Education of Topeka
            continue
        if _REPORTER.match(line):
            names.publications.append(re.sub(r"\s*\(.*$", "", line))  # 347 U.S. 483 (1954)
            continue
        if m := _OPINION_BY.match(line):
            names.authors.append(_caps_name(m.group(1)))  # the judge who wrote the opinion
            continue
        if m := _SHOW_EPISODE.match(line):
            # "The Workbench, Episode 41: "Listening for the Beats"": the show and the episode
            names.publications.append(_clean(m.group(1)))
            titles.append(_clean(m.group(2).strip("\"“”'‘’ ")))
            continue
        if heading:
            line = re.sub(r"^(?:chapter|part|section)\s+[\w.]+\s*[:.—–-]\s+", "", line, flags=re.I)
            titles.append(_clean(re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", line)))
            continue
        italic = {name_key(t) for t in re.findall(r"(?<![*_\w])[*_]{1,2}([^*_\n]+?)[*_]{1,2}", raw)}
        if m := _BYLINE_PREFIX.match(line):
            rest = _clean(line[m.end() :])
            if _ONE_NAME.fullmatch(rest) and not is_organisation(rest):
                names.authors.append(rest)  # "A column by Wren", "By Banksy": one-word pen name
                continue
            for part in _SEPARATORS.split(line[m.end() :]):
                for name in re.split(r"(?i)\s+(?:and|&)\s+", part):
                    _add_name(name, names, author_first=True)
            continue
        if _RECIPIENT_LINE.match(line):
            continue  # "Prepared for the Northgate Housing Association": the client
        if m := _PUBLISHED_BY.match(line):
            _add_name(_SEPARATORS.split(line[m.end() :])[0], names)
            continue
        if (family := _family_first(line)) is not None:
            names.authors.extend(family)
            continue
        people = [
            p
            # "Ana Ruiz (University of Ghana) and Bo Lind (Lund University)": affiliations
            for p in re.split(
                r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", re.sub(r"\s*\([^()]*\)", "", line)
            )
            if p and not _POSTNOMINAL.fullmatch(p.strip().rstrip(".") + ".")
        ]  # "Henry J. Alderton, M.D.": a name and a degree
        could_be_title = not titles and not names.titles and len(people) == 1
        if people and all(_is_person(p) for p in people) and not could_be_title:
            # A bare name line is a byline unless the text is about that person (a photo
            # caption naming the article's subject above the first paragraph).
            # (a signature at the end, "Go: Washington", names the author, not a subject)
            subjects = f" {name_key(body[: max(len(body) - 300, end)])} "
            # a title naming its own author (an autobiography's) is not the text's subject;
            # only the first name line under it is the byline (a letter's addressee follows)
            in_titles = "" if bylined else " ".join(f" {name_key(t)} " for t in titles)
            bylined = True
            names.authors.extend(
                _clean(p)
                for p in people
                if subjects.count(w := f" {name_key(p).split()[-1]} ") - in_titles.count(w) <= 1
            )
            continue
        if line.endswith(".") or _is_date_or_number(line):
            continue  # a sentence or a date line ("Published March 2023"), not a name
        bare = re.sub(r"\s*\([A-Z&]+\)\s*$", "", line)  # Highland Farming Institute (HFRI)
        if not _SEPARATORS.search(line) and len(line.split()) >= 2 and not is_organisation(bare):
            titles.append(_clean(re.sub(r"\s*\([A-Z&]+\)\s*$", "", line)))
            continue
        for part in _SEPARATORS.split(line):
            _add_name(part, names, italic=name_key(part) in italic)
    return titles, end


#: A masthead line naming who the work is for, not who wrote it (see ``naming.recipient_free``).
_RECIPIENT_LINE = re.compile(
    r"^(?:(?:prepared|written|produced|commissioned)\s+for|(?:dedicated|submitted|presented|"
    r"addressed)\s+to)\s+|^(?:to|dear)\s+.*[:,]$",
    re.I,
)

_MASTHEAD_CHARS = 1500
_NOTE_LINE = re.compile(r"(?m)^[ \t]*[*_](?![*_ \t])[^*_\n]{3,300}[*_][ \t]*$")
_KEY_PREFIX = re.compile(r"^[ \t-]*[A-Za-z_][\w -]{0,20}:[ \t]+")


def _masthead_lines(text: str, end: int) -> list[str]:
    """The lines of the front matter and masthead (up to ``end``, at most 1,500 characters)
    with capitals in them, less a ``key:`` label: what the byline calls the source even where
    its form was not read (``PUBLIUS (James Madison)``, ``Label text: X, Curator``)."""
    head = text[: min(max(end, 0), _MASTHEAD_CHARS)].splitlines()
    # a line set wholly in italics near either end is an author's note, not the text
    # (``*Kovács Eszter is a professor of urban acoustics at ...*``)
    for edge in (text[:_MASTHEAD_CHARS], text[-800:]):
        head.extend(m.group() for m in _NOTE_LINE.finditer(edge))
    out = []
    for line in head:
        line = _KEY_PREFIX.sub("", line)
        if re.search(r"[A-ZÀ-Þ]", line):
            out.append(line)
    return out


def _short_titles(title: str) -> list[str]:
    """The shortened forms MLA and Chicago cite a title by: the main title before a subtitle
    (``Salt Roads``; ``Walden`` of ``Walden, and On the Duty of Civil Disobedience``), a run of
    the title's capitalised words from its start or after a leading article or preposition
    (``Origin of Species``), and a law case's first party (``Brown`` of ``Brown v. Board``)."""
    out = []
    # "On Liberty, Chapter II: Of the ...": the work before the place in it
    title = re.split(
        r",\s+(?=(?:chapter|part|book|letter|section|canto|act)\s+[\dIVXLC])",
        title,
        maxsplit=1,
        flags=re.I,
    )[0]
    main = re.split(r"\s*[:?!;]\s+|\s+[—–]\s+|,\s+(?:or|and)\s+", title, maxsplit=1)[0]
    if main != title and (len(main.split()) >= 2 or main[:1].isupper()):
        out.append(main)
    elif len(title.split()) <= 2:
        out.append(title)
    if case := re.match(r"^([A-Z][\w'’\-]+)\s+v\.?\s+(.+)$", main):
        out.append(case.group(1))
        out.append(main.rsplit(" of ", 1)[0] if " of " in case.group(2) else main)
    words = main.split()
    minor = _FUNCTION | _wordset("by with from into upon or")
    if len(words) >= 4 and all(w[:1].isupper() or w.lower() in minor for w in words):
        for start in {0, next((k for k, w in enumerate(words) if w.lower() not in minor), 0)}:
            if start > 2:
                continue
            content = 0
            for end in range(start, len(words) - 1):
                if words[end].lower() in minor:
                    continue
                content += 1
                if content >= 2 and end - start >= 2:
                    out.append(" ".join(words[start : end + 1]))
    return out


def _acronym_of(name: str) -> str | None:
    """``National Institute for Occupational Health`` -> ``NIOH``."""
    words = [w for w in re.findall(r"[\w'’\-]+", name) if w.lower() not in _FUNCTION]
    if len(words) < 3 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def _html_title(value: str, meta: dict[str, str]) -> None:
    """``Fog collection - Terrapedia, the open encyclopedia`` -> the page's title and its
    site's name (a page title is the work's title, then the site's after a dash or bar)."""
    parts = re.split(r"\s+[|·•—–-]\s+", html.unescape(value).strip(), maxsplit=1)
    meta.setdefault("title", parts[0])
    if len(parts) == 2:
        meta.setdefault("site_name", re.split(r",\s+|\s+[|·•—–-]\s+", parts[1])[0])


def _front_matter(block: str) -> list[tuple[str, str]]:
    """``key: value`` pairs of a YAML front matter block; a list value (a block list of
    ``- item`` lines or a flow list ``[a, b]``) is joined with ``;`` (names hold commas)."""
    out = []
    for m in _FM_LIST.finditer(block):
        # the list's own items, not a list nested in one (Quarto's ``affiliations:``)
        found = _FM_ITEM.findall(m.group(2))
        top = min((len(indent) for indent, _ in found), default=0)
        items = [i.strip("\"'") for indent, i in found if len(indent) == top]
        if not items and (name := _FM_NAME.search(m.group(2))):
            items = [name.group(1).strip("\"'")]  # author:\n  name: X\n  email: ...
        if any(items):
            out.append((m.group(1).lower(), "; ".join(i for i in items if i)))
    for m in _FM_LINE.finditer(block):
        value = m.group(2)
        if value.startswith("[") and value.endswith("]"):
            value = "; ".join(v.strip().strip("\"'") for v in value[1:-1].split(","))
        out.append((m.group(1).lower(), value))
    return out


def source_names(doc: Document) -> SourceNames:
    """Every name of ``doc`` found in its metadata, front matter and text."""
    names = SourceNames()
    text = doc.text
    meta = {k.lower(): v for k, v in (doc.metadata or {}).items() if isinstance(v, str)}
    if doc.format == "html" and "title" in meta:
        site = meta.get("site_name", "")
        if not site:
            _html_title(meta.pop("title"), meta)  # <title>Page - Site</title>: two names
        elif tail := re.search(rf"\s+[|·•—–-]\s+{re.escape(site)}$", meta["title"]):
            meta["title"] = meta["title"][: tail.start()]
    body = text
    if fm := _EMAIL_HEADER.match(text):
        for m in _EMAIL_FIELD.finditer(fm.group()):
            value = m.group(2)
            if m.group(1).lower() == "subject":
                meta.setdefault(
                    "title", re.sub(r"^(?:(?:re|fwd?|aw)[ \t]*:[ \t]*)+", "", value, flags=re.I)
                )
                continue
            sender = re.sub(r"<[^>]*>|\S+@\S+", "", value).strip(" \t\"'")
            if sender:
                meta.setdefault("author" if _is_person(sender) else "publisher", sender)
        body = text[fm.end() :]
    elif fm := _FRONT_MATTER.match(text):
        for key, value in _front_matter(fm.group(1)):
            meta.setdefault(key, value)
        body = text[fm.end() :]
    elif fm := _TOML_MATTER.match(text):
        for m in _TOML_LINE.finditer(fm.group(1)):
            value = m.group(2)
            items = re.findall(r"\"([^\"]*)\"|'([^']*)'", value)
            if value.startswith("["):
                value = "; ".join(a or b for a, b in items)
            elif items:
                value = items[0][0] or items[0][1]
            meta.setdefault(m.group(1).lower(), value)
        body = text[fm.end() :]
    elif fm := _PANDOC_BLOCK.match(text):
        meta.setdefault("title", fm.group(1))
        meta.setdefault("author", fm.group(2))
        body = text[fm.end() :]
    for m in _FIELD_LINE.finditer(body[:3000]):
        key = m.group(1).lower()
        meta.setdefault("author" if key.startswith("author") else key, m.group(2))
    if head := _HTML_HEAD.match(body):
        people: list[str] = []
        for key, value in _HTML_META.findall(head.group()):
            key, value = _META_PREFIX.sub("", key.lower()), html.unescape(value).strip()
            if key in _FM_AUTHOR and value:
                # one <meta name="citation_author"> a person (Highwire), "Family, Given" too
                if re.fullmatch(r"[^,;]+,\s*[^,;]+", value):
                    family, given = (v.strip() for v in value.split(",", 1))
                    value = f"{given} {family}"
                people.append(value)
            meta.setdefault(key, value)
        if people:
            meta["author"] = "; ".join(dict.fromkeys(people))
        if title := _HTML_TITLE.search(head.group()):
            _html_title(title.group(1), meta)
        body = body[head.end() :]
    opening = body[:6000]
    for m in _ETEXT_FIELD.finditer(opening):
        key = m.group(1).lower()
        meta.setdefault("title" if key == "title" else "author", _clean(m.group(2)))
    if m := _ETEXT_OF.search(opening[:3000]):
        meta.setdefault("title", m.group(1))
        if m.group(2):
            meta.setdefault("author", m.group(2))
        meta.setdefault("publisher", "Project Gutenberg")
    for key, value in meta.items():
        if key in _FM_TITLE:
            names.titles.append(_clean(value))
        elif key in _FM_AUTHOR:
            names.authors.extend(_split_names(value))
        elif key in _FM_PUBLICATION:
            names.publications.append(_clean(value))
        elif key in _FM_EVENT:
            for part in _SEPARATORS.split(_clean(value)):
                # an event or an institution is never a person; a host or organiser may be
                person = key in ("host", "organizer", "organiser", "sponsor") and _is_person(part)
                if _name_shaped(part) and not _is_date_or_number(part) and not person:
                    names.publications.append(re.sub(r"^(?:the)\s+", "", part, flags=re.I))
        elif key in _FM_URL:
            names.urls.append(
                _domain(_URL.search(value).group(1) or "") if _URL.search(value) else value
            )
    masthead_titles, masthead_end = _read_masthead(body, names)
    names.masthead_end = len(text) - len(body) + masthead_end
    names.masthead_words = _masthead_lines(text, names.masthead_end)
    names.lower_words = frozenset(re.findall(r"(?<![\w'’\-])[a-z][a-z\-]*[a-z]\b", body))
    prose = _NOTE_LINE.sub("", text[names.masthead_end :])  # the text, not its notes
    names.body_proper = frozenset(
        name_key(w) for w in re.findall(r"(?<=[a-z,;:] )([A-ZÀ-Þ][\w'’\-]+)", prose)
    )
    if not names.titles and masthead_titles:
        names.titles.append(masthead_titles[0])
    if not names.titles and (title := _title_line(body)):
        names.titles.append(title)
    names.titles.extend(masthead_titles)
    for m in _BYLINE.finditer(body):
        for name in _split_names(m.group(1)):
            name = _caps_name(_HONORIFIC.sub("", name))
            if _is_role(name) and not name[:1].islower():
                continue  # "BY HENRY J. ALDERTON, M.D., D.P.H.": degrees, not authors
            if _is_person(name) or len(name.split()) == 1:
                names.authors.append(name)
            else:
                _add_name(name, names)
    masthead = body[: max(masthead_end, 1500)]
    for m in _JUDGE_LINE.finditer(body[:2000]):
        if _is_person(name := _clean(m.group(1))):
            names.authors.append(name)
    for m in _TRANSLATOR.finditer(masthead):
        names.authors.extend(_split_names(_clean(m.group(1))))
    for name in _signature(text[-800:]):
        names.authors.append(name)
    for m in _BIO_NAME.finditer(body):
        names.authors.append(_clean(m.group(1)))
    for m in _PEN_NAME.finditer(masthead):
        name = _clean(next(g for g in m.groups() if g))
        if _is_person(name) or re.fullmatch(r"[A-ZÀ-Þ][\w'’\-]{2,}", name):
            names.authors.append(name)
    for m in _TRANSCRIPT_ROLE.finditer(body[:3000]):
        for name in _split_names(m.group(1)):
            name = _caps_name(_HONORIFIC.sub("", name))
            if _is_person(name):
                names.authors.append(name)
    names.authors.extend(_speakers(body))
    names.authors.extend(_interviewees(body, masthead_end, names.authors))
    if names.authors:
        # the offices of the author or speaker: on a masthead line that names them, or on the
        # signature's lines after its closing
        people = [name_key(a) for a in names.authors]
        lines = [
            ln
            for ln in body[: max(masthead_end, 600)].splitlines()
            if any(p and p in name_key(ln) for p in people)
        ]
        tail = text[-800:]
        if found := list(_VALEDICTION.finditer(tail)):
            lines.extend(tail[found[-1].end() :].splitlines()[:5])
        for line in lines:
            for m in [*_OFFICE_OF.finditer(line), *_OFFICE_LINE.finditer(line)]:
                role = m.group("role").lower()
                names.roles.append((role, _clean(m.group("org"))))
    for m in _REPORTING_BY.finditer(text[-800:]):
        for name in _split_names(m.group(1)):
            if _is_person(name):
                names.authors.append(name)
    names.doc_numbers = re.findall(
        r"(?m)^[ \t*_#]*([A-Z]{2,10}(?:[ \t/-][A-Z]{1,6}){0,2}[ \t]+\d[\w.:/-]*)[ \t*_]*$",
        body[:1500],
    )
    for m in _PREPRINT_SERVER.finditer(body[:3000]):
        names.publications.append(m.group("server"))
    if re.search(r"(?i)pre-?print|arXiv:\d", body[:3000]):
        for m in _RXIV.finditer(body[:3000]):
            names.publications.append(m.group("server"))
    if m := _DATELINE.search(body[:3000]):
        names.publications.append(m.group(1))
    for m in _SOURCE_LINE.finditer(body):
        names.publications.append(_clean(m.group(1)))
    if (m := _COPYRIGHT_LINE.search(body[-600:])) and _name_shaped(name := _clean(m.group(1))):
        names.publications.append(name)  # "© Skyline Kite Notes": the site that owns the page
    for m in _URL.finditer(body):
        names.urls.append(_domain(m.group(1) or m.group(2)))
    for title in names.titles:
        names.short_titles.extend(_short_titles(title))
    for name in list(names.publications):
        if (parent := _parent_body(name)) is not None:
            names.publications.append(parent)
    for name in names.publications + [a for a in names.authors if is_organisation(a)]:
        if (acronym := _acronym_of(name)) is not None:
            names.acronyms.append(acronym)
    for attr in ("titles", "authors", "publications", "urls", "short_titles"):
        seen, unique = set(), []
        for n in getattr(names, attr):
            k = name_key(n)
            if k and k not in seen and len(k) > 2:
                seen.add(k)
                unique.append(n)
        setattr(names, attr, unique)
    names.acronyms = sorted(set(a for a in names.acronyms if len(a) >= 3))
    return names

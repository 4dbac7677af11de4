"""How well a piece of text names a source: a score of naming evidence, not a list of forms.

A source is named by the words of its byline and front matter: its authors (pen names and
the real names bracketed after them too), organisations, outlets, sites, titles, subtitles,
series and report numbers, acronyms. ``evidence`` gathers those words once per source,
normalised as ``name_key`` writes them (no case, no accents, hyphenated names split) with
family-name particles (``ap``, ``van``, ``al``, ``de``) left out: they are shared by
thousands of names and name nobody. Who a work is addressed to (``A letter to Madame
Brillon``, ``Prepared for the Northgate Housing Association``) is not evidence: the
recipient did not write it (``recipient_free``).

A signal (a citation's name, a signal phrase's subject, the reference entry a number points
to) scores against a source by the words of it the source's evidence holds, each weighted by
how specific it is: how rare the word is in general English (``wordfreq``, the background
model the chance filter uses too) and how few of the compared sources it names. A rare
proper word (``Publius``, ``Dafydd``) is strong evidence; a common word that happens to be in
a title (``history``, ``new``) is next to none; a word every compared source shares names
none of them. The signal credits the source that scores best, when that score clears
``BAR``; a signal that names another compared source better does not credit this one, which
is what keeps a quotation credited to the wrong work from counting as attributed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

from copyhound.judge.source_names import SourceNames, name_key

#: Specificity of a word is its information in bits of general English past this many
#: (``-log10`` of its frequency): words at least as common as one in a thousand (``new``,
#: ``state``, ``history``) carry no weight as names.
_COMMON = 3.0
#: A word the background list lacks is as rare as this (``-log10``; the list stops near 1e-8).
_UNLISTED = 8.0
#: The least score that credits a source: fitted on the tuning corpora (attribution-blind2..6,
#: attribution/cases.toml, the styleguides and realbylines tune parts), see docs/judgement.md.
BAR = 1.5

#: Words that name no one in a byline: particles, articles, roles, citation words.
_NON_NAMING = frozenset(
    str.split(
        "a an the of and for on in at to by with from or & "
        "ap ab ferch verch van von der den de da del della di du dos das la le y bin ibn al el "
        "ter ten st mc "
        "et al ed eds vol no nos pp p n d trans tr "
        "chapter lecture part section volume book letter number report series"
    )
)


#: Who a work is addressed or delivered to, not who wrote it: ``A letter to Madame Brillon``,
#: ``To the People of the State of New York:``, ``Dear Sir,``, ``Prepared for the Northgate
#: Housing Association``, ``Dedicated to ...``. Its words name the recipient, so a writer who
#: credits the recipient with the work's words has not named its author (the letter's
#: addressee did not write the letter; a report's client did not write the report).
_RECIPIENT = re.compile(
    r"\b(?:letters?|epistles?|notes?|memo(?:randum)?|message|reply|answer|petition|"
    r"address|open letter|dispatch|postcard|telegram)\s+(?:addressed\s+)?to\s+.*$"
    # a salutation line, closed by its colon or comma (``To the People of the State of New
    # York:``, ``Dear Sir,``); not a title that begins with the word (``To the Lighthouse``)
    r"|^(?:to|dear)\s+.*[:,]$"
    r"|\b(?:prepared|written|produced|commissioned)\s+for\s+.*$"
    r"|\b(?:dedicated|submitted|presented|addressed|delivered)\s+to\s+.*$"
    # a review's line naming the reviewed work and its author (``Hollis Marr reviews <book>
    # by <author>``, ``A review of <book> by <author>``): the book's author did not write
    # the review (APA 7 10.7 and MLA 9 cite a review by its reviewer)
    r"|\b(?:reviews|review\s+of|review\s*:|reviewing)(?=.*\bby\b).*$",
    re.I,
)


def recipient_free(line: str) -> str:
    """``line`` less the recipient it names (``A letter to Madame Brillon`` -> ``A``)."""
    return _RECIPIENT.sub("", line.strip(" \t#*_>"))


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from copyhound.filter.chance import _frequency_dict

    out: dict[str, float] = {}
    for word, freq in _frequency_dict().items():
        key = name_key(word)
        if key and " " not in key:
            out[key] = out.get(key, 0.0) + freq
    return out


@lru_cache(maxsize=65536)
def specificity(word: str) -> float:
    """How much ``word`` alone says about who is named: 0 for common words, up to 5."""
    if word.isdigit():
        return 0.0
    freq = _frequencies().get(word)
    info = -math.log10(freq) if freq else _UNLISTED
    return max(0.0, min(info, _UNLISTED) - _COMMON)


def tokens(text: str) -> list[str]:
    """The naming words of ``text``: ``name_key`` words less particles and function words."""
    return [w for w in name_key(text).split() if w not in _NON_NAMING and len(w) > 1]


def evidence(names: SourceNames) -> frozenset[str]:
    """Every naming word of the source: its names as read, and each word of its masthead."""
    cached = names.evidence
    if cached is not None:
        return cached
    found: set[str] = set()
    for name in names.all() + names.short_titles + names.acronyms:
        found.update(tokens(recipient_free(name)))
    # a masthead line the reader did not parse names the source unless the text writes
    # about its words (a caption, ``*Pedro Castillo*``, names the article's subject)
    for line in names.masthead_words:
        found.update(w for w in tokens(recipient_free(line)) if w not in names.body_proper)
    names.evidence = frozenset(found)
    return names.evidence


def score(
    text: str, names: SourceNames, compared: Iterable[SourceNames], *, name: bool = False
) -> float:
    """How well ``text`` names the source of ``names`` among ``compared`` (which includes it):
    the summed specificity of the words of ``text`` the source's evidence holds, each shared
    by ``k`` compared sources counting ``1/k``, and a word the source's own text writes in
    lower case (its topic, ``chalk``) half. When ``text`` is a ``name`` (a citation's or a
    signal phrase's, not a reference entry with its dates and publisher), each of its words
    the source's evidence lacks counts against it: ``Lâm Thị Sen`` is not ``Nguyễn Thị Thu
    Hà`` though both have ``Thị``."""
    own = evidence(names)
    pool = [evidence(n) for n in compared]
    total = 0.0
    for word in set(tokens(text)):
        weight = specificity(word)
        if word in own:
            shared = sum(word in e for e in pool) or 1
            total += weight / shared / (2 if word in names.lower_words else 1)
        elif name:
            total -= weight
    return total


def best_named(
    texts: list[str], names: SourceNames, others: list[SourceNames], n_names: int = 0
) -> tuple[float, float]:
    """The best score of any of ``texts`` for this source, and the best for any other; the
    last ``n_names`` of ``texts`` are names (see ``score``)."""
    compared = [names, *others]
    first_name = len(texts) - n_names

    def best(of: SourceNames) -> float:
        return max(
            (score(t, of, compared, name=k >= first_name) for k, t in enumerate(texts)),
            default=0.0,
        )

    return best(names), max((best(o) for o in others), default=0.0)

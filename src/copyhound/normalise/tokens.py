"""Normalise a document into a stream of word tokens that survives small edits.

The text is never rewritten in a way that moves offsets: a one-to-one character table folds
quotes, dashes, odd spaces, zero-width characters and homoglyphs, then a regular expression
finds the words with their original ``(start, end)`` offsets. Each word is reduced to a
normal form (case, diacritics, apostrophes, ``U.S.`` -> ``us``, line-break hyphenation,
stemming) and identified by a stable 64-bit hash, so fingerprints mean the same thing in every
process and in a stored index.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import Stemmer
import xxhash

from copyhound.normalise.stopwords import STOPWORDS

# A private-use code point standing in for characters that hide inside words (zero-width
# space, joiners, soft hyphen). It keeps offsets and is dropped from the word's normal form.
_HIDDEN = "\ue000"

_FOLD: dict[int, str] = {}


def _fold(chars: str, to: str) -> None:
    for ch in chars:
        _FOLD[ord(ch)] = to


_fold("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4\u02bc\u02b9", "'")
_fold("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a", '"')
_fold("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-")
_fold("\u00a0\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))), " ")
_fold("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e", _HIDDEN)
# Homoglyphs: Cyrillic and Greek letters that look like Latin ones.
for _src, _dst in zip(
    "аеорсухіјѕԁԛԝАВЕКМНОРСТХУІЈЅѴοαειϲνρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwABEKMHOPCTXYIJSVoaeicvptuxABEZHIKMNOPTYX",
    strict=True,
):
    _FOLD[ord(_src)] = _dst
# Full-width ASCII forms.
for _cp in range(0xFF01, 0xFF5F):
    _FOLD[_cp] = chr(_cp - 0xFEE0)

# Words: runs of word characters joined by apostrophes, by a hyphen at a line break
# (hyphenation), or by the dots of an abbreviation such as U.S. or e.g. (``\.(?=\w\.)``).
_WORD = re.compile(r"[\w\ue000]+(?:(?:'|-[ \t]*\r?\n[ \t]*|\.(?=\w\.))[\w\ue000]+)*")
_WORD_SPLIT = re.compile("(" + _WORD.pattern + ")")
_JOINERS = re.compile(r"[-'._\s\ue000]")

# No cache of PyStemmer's own: every word reaches the stemmer once (``_ID_CACHE`` keeps its
# id), which is the case where, as PyStemmer warns, its cache only costs (four times the
# stemming time of a document's new words on pan13-dev).
_stemmer = Stemmer.Stemmer("english", 0)
_stem = _stemmer.stemWord


def fold(text: str) -> str:
    """Fold look-alike characters one-to-one: ``len(fold(t)) == len(t)`` always."""
    return text.translate(_FOLD)


def normal_form(word: str) -> str:
    """The form two spellings of one word share: lower case, no diacritics, no joiners, stemmed."""
    w = _JOINERS.sub("", word.lower())
    if not w.isascii():
        w = "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
    return _stem(w) if w else w


def _hash_word(form: str) -> int:
    return xxhash.xxh3_64_intdigest(form.encode("utf-8"))


_STOP_FORMS = frozenset(normal_form(w) for w in STOPWORDS)


def _form_id(form: str) -> int:
    """A word's id: its hash, with the lowest bit set for function words and clear otherwise,
    so ``ids & 1`` tells content words apart without a look-up."""
    h = _hash_word(form)
    return h | 1 if form in _STOP_FORMS else (h & ~1) or 2


# Cache from a word as written (after folding) to its id; words repeat a lot across documents.
_ID_CACHE: dict[str, int] = {}
_ID_CACHE_LIMIT = 2_000_000


def word_id(word: str) -> int:
    cached = _ID_CACHE.get(word)
    if cached is not None:
        return cached
    form = normal_form(word)
    wid = _form_id(form) if form else 0
    if len(_ID_CACHE) >= _ID_CACHE_LIMIT:
        _ID_CACHE.clear()
    _ID_CACHE[word] = wid
    return wid


def _new_word_ids(words: list[str]) -> dict[str, int]:
    """``word_id`` of many words not cached yet, in one pass (a document's new vocabulary):
    the same ids, with the stemmer called once for all of them and the joiner pattern only
    on words that have a joiner."""
    forms = []
    for word in words:
        w = word.lower()
        if not w.isalnum():
            w = _JOINERS.sub("", w)
        if not w.isascii():
            w = "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
        forms.append(w)
    stems = _stemmer.stemWords(forms)
    ids = {w: (_form_id(f) if f else 0) for w, f in zip(words, stems, strict=True)}
    if len(_ID_CACHE) + len(ids) > _ID_CACHE_LIMIT:
        _ID_CACHE.clear()
    _ID_CACHE.update(ids)
    return ids


def word_ids(words: list[str]) -> list[int]:
    """``word_id`` of each word, the ones not cached yet made in one pass (a word list)."""
    ids = list(map(_ID_CACHE.get, words))
    if None in ids:
        unknown = dict.fromkeys(w for w, i in zip(words, ids, strict=True) if i is None)
        new = _new_word_ids(list(unknown))
        ids = [new[w] if i is None else i for w, i in zip(words, ids, strict=True)]
    return ids


@dataclass(frozen=True, slots=True)
class Tokens:
    """Words of one document: ``text[starts[k]:ends[k]]`` is word ``k``, ``ids[k]`` its identity."""

    starts: np.ndarray  # int64
    ends: np.ndarray  # int64
    ids: np.ndarray  # uint64
    content: np.ndarray  # bool: not a stopword

    def __len__(self) -> int:
        return len(self.ids)

    def content_view(self) -> Tokens:
        """Only the content words, offsets unchanged: function words inserted or dropped by an
        editor then no longer break a run of shared words."""
        keep = self.content
        return Tokens(self.starts[keep], self.ends[keep], self.ids[keep], self.content[keep])


def tokenize(match_text: str) -> Tokens:
    """Find the words of ``match_text`` (a document's text with markup blanked out)."""
    # One C-level split gives alternating gaps and words; their running lengths are offsets.
    parts = _WORD_SPLIT.split(match_text.translate(_FOLD))
    words = parts[1::2]
    bounds = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))
    ends = bounds[1::2]
    starts = bounds[0::2][: len(words)]
    ids = word_ids(words)
    id_arr = np.array(ids, dtype=np.uint64)
    keep = id_arr != 0
    if not keep.all():
        starts, ends, id_arr = starts[keep], ends[keep], id_arr[keep]
    content = (id_arr & np.uint64(1)) == 0
    return Tokens(starts, ends, id_arr, content)

"""Where a text's words start and end, to find many names in it without one scan per name.

``source_mentions`` looks for every title, publication, author and web address of a source
in the suspect; a long source has hundreds of names (each URL it cites), and a regular
expression scan per name costs the names times the text. This index narrows each name to the
few places where its first word is, and the name's own pattern decides there, so the matches
are exactly ``pattern.finditer(text)``'s.

Places are found on a copy of the text with one byte per character in which every character
that case-insensitive matching could equate with another maps to the same byte: ASCII letters
lower-cased, ``i``, ``k`` and ``s`` (which match the dotless i, the Kelvin sign and the long s)
and every non-ASCII character to ``?``. Two characters that ``re.I`` matches thus always get
the same byte, so no place a pattern matches is missed; the pattern itself rules out the rest.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import numpy as np

_FOLD = bytes.maketrans(b"iks", b"???")
_ASCII_WORD = np.array([chr(c).isalnum() or c == 95 for c in range(128)])
#: Bytes of the folded text a place is keyed on.
_KEY = 3


def folded(text: str) -> bytes:
    """One byte per character of ``text`` (see the module docstring)."""
    return text.encode("ascii", "replace").lower().translate(_FOLD)


def _word_mask(text: str) -> np.ndarray:
    """Which characters ``\\w`` matches (alphanumerics and ``_``), as re's str patterns do."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    mask = np.zeros(len(codes), dtype=bool)
    ascii_ = codes < 128
    mask[ascii_] = _ASCII_WORD[codes[ascii_]]
    other = np.flatnonzero(~ascii_)
    if len(other):
        distinct, inverse = np.unique(codes[other], return_inverse=True)
        mask[other] = np.array([chr(c).isalnum() for c in distinct.tolist()])[inverse]
    return mask


class TextIndex:
    """Word starts and ends of one text, keyed by their first (last) folded bytes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._fold = np.frombuffer(folded(text) + b"\0" * _KEY, dtype=np.uint8)
        mask = _word_mask(text)
        self._word = np.r_[mask, False]
        edge = np.diff(np.r_[0, mask.astype(np.int8), 0])
        self.starts = np.flatnonzero(edge == 1)
        self.ends = np.flatnonzero(edge == -1)
        self._start_keys, self._start_order = self._keyed(self.starts)
        self._end_keys, self._end_order = self._keyed(np.maximum(self.ends - _KEY, 0))

    def _key_at(self, at: np.ndarray) -> np.ndarray:
        key = np.zeros(len(at), dtype=np.uint32)
        for k in range(_KEY):
            key = (key << 8) | self._fold[at + k]
        return key

    def _keyed(self, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        keys = self._key_at(at)
        order = np.argsort(keys, kind="stable")
        return keys[order], order

    @staticmethod
    def _key_of(word: bytes) -> int:
        return int.from_bytes(word[:_KEY], "big")

    def _same(self, at: np.ndarray, word: bytes) -> np.ndarray:
        """Which of the places ``at`` have ``word``'s folded bytes there."""
        ok = np.ones(len(at), dtype=bool)
        limit = len(self._fold) - _KEY
        for k, byte in enumerate(word):
            inside = at + k < limit
            ok &= inside & (self._fold[np.minimum(at + k, limit - 1)] == byte)
        return ok

    def prefix_places(self, word: str) -> np.ndarray:
        """Word starts where a word beginning with ``word`` (at least ``_KEY`` characters)
        may be, case ignored."""
        key = folded(word)
        lo = np.searchsorted(self._start_keys, self._key_of(key), "left")
        hi = np.searchsorted(self._start_keys, self._key_of(key), "right")
        at = self.starts[self._start_order[lo:hi]]
        return at[self._same(at, key)]

    def word_places(self, word: str) -> np.ndarray:
        """Word starts where ``word`` (at least ``_KEY`` characters) may be, followed by a
        character that is not alphanumeric: every place ``\\bword`` matches, case ignored, and
        a few more."""
        at = self.prefix_places(word)
        after = at + len(word)
        word_after = self._word[after] & (self._fold[after] != ord("_"))
        return np.sort(at[~word_after])

    def literal_places(self, literal: str, first_word: int) -> np.ndarray:
        """Places where the folded ``literal`` is, for a literal whose first ``first_word``
        characters (at least ``_KEY``) are word characters and whose next one is not."""
        key = folded(literal)
        head = key[first_word - _KEY : first_word]
        lo = np.searchsorted(self._end_keys, self._key_of(head), "left")
        hi = np.searchsorted(self._end_keys, self._key_of(head), "right")
        at = self.ends[self._end_order[lo:hi]] - first_word
        at = at[at >= 0]
        return np.sort(at[self._same(at, key)])

    def next_word(self, after: np.ndarray) -> np.ndarray:
        """The first word start at or after each of ``after`` (``len(text)`` when none)."""
        k = np.searchsorted(self.starts, after, "left")
        return np.r_[self.starts, len(self.text)][k]

    def previous_word(self, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start and end of the word before each word start ``at`` (-1, -1 when none)."""
        k = np.searchsorted(self.starts, at, "left") - 1
        has = k >= 0
        k = np.maximum(k, 0)
        return np.where(has, self.starts[k], -1), np.where(has, self.ends[k], -1)


def finditer_at(pattern: re.Pattern[str], text: str, places: np.ndarray) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` when every match starts at one of ``places``."""
    reach = 0
    for at in np.unique(places).tolist():
        if at < reach:
            continue
        m = pattern.match(text, at)
        if m is not None:
            yield m
            reach = m.end() if m.end() > m.start() else m.end() + 1


def _plain_word(word: str) -> bool:
    return len(word) >= _KEY and "_" not in word


def name_places(index: TextIndex, words: list[str]) -> np.ndarray | None:
    """Places ``\\bw1[\\W_]+w2...\\b`` (case ignored) may match, or None if the index cannot
    say (a first word shorter than three characters or with ``_``)."""
    if not _plain_word(words[0]):
        return None
    at = index.word_places(words[0])
    if len(words) < 2 or not _plain_word(words[1]) or len(at) == 0:
        return at
    after = at + len(words[0])
    nxt = index.next_word(after)
    key = folded(words[1])
    joined = index._fold[after] == ord("_")  # the first word's run goes on: cannot tell
    starts_under = index._fold[np.minimum(nxt, len(index._fold) - 1)] == ord("_")
    return at[joined | starts_under | index._same(nxt, key)]


def url_places(index: TextIndex, url: str) -> np.ndarray | None:
    """Places an ASCII ``url`` (case ignored) may be, or None if the index cannot say.

    A match ends its text word where the URL's first word ends (a dot or slash follows), and
    each later word of the URL starts a text word; the longest such word is looked up."""
    if not url.isascii():
        return None
    runs = list(re.finditer(r"\w+", url))
    if not runs:
        return None
    head = runs[0]
    if head.start() == 0 and head.end() >= _KEY and head.end() < len(url):
        return index.literal_places(url, head.end())
    later = [r for r in runs if r.start() > 0 and len(r.group()) >= _KEY]
    if not later:
        return None
    word = max(later, key=lambda r: len(r.group()))
    at = index.prefix_places(word.group()) - word.start()
    at = at[at >= 0]
    return np.sort(at[index._same(at, folded(url))])


_AUTHOR_LEAD = re.compile(r"\b(?:by|from|of)(?=\s+(\w+))")


@functools.lru_cache(maxsize=1)
def _author_leads(text: str) -> dict[str, list[int]]:
    """Where each word follows ``by``, ``from`` or ``of`` and spaces: word -> places of the
    ``by``. One scan for every author (the lookahead lets ``by of Smith`` count twice)."""
    leads: dict[str, list[int]] = {}
    for m in _AUTHOR_LEAD.finditer(text):
        leads.setdefault(m.group(1), []).append(m.start())
    return leads


def author_places(index: TextIndex, words: list[str]) -> np.ndarray:
    """Places ``\\b(?:by|from|of)\\s+(?:w1\\s+...|wlast)\\b`` may match: after each of
    those lead words the next word is a whole word, ``w1`` or ``wlast``."""
    leads = _author_leads(index.text)
    return np.array(leads.get(words[0], []) + leads.get(words[-1], []), dtype=np.int64)
